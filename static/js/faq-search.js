/* Live FAQ search: as the reader types, fetch the same GET page the form would load and
   swap in only its results region. The URL stays shareable; the count is announced. */
(function () {
  "use strict";
  var DELAY_MS = 250;

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-live-search]");
    var input = form && form.querySelector("input[name=q]");
    var region = document.getElementById("faq-results");
    var live = document.getElementById("faq-live");
    if (!form || !input || !region || !window.fetch) {
      return;
    }
    var timer = null;
    var controller = null;

    function update() {
      var query = input.value.trim();
      var url = form.action + (query ? "?q=" + encodeURIComponent(query) : "");
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      region.setAttribute("aria-busy", "true");
      fetch(url, { headers: { Accept: "text/html" }, signal: controller.signal })
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.getElementById("faq-results");
          if (!fresh) {
            return;
          }
          region.replaceChildren.apply(region, Array.from(fresh.childNodes));
          region.removeAttribute("aria-busy");
          window.history.replaceState(null, "", url);
          // Where to get help now is said before how many questions match.
          var said = Array.from(
            region.querySelectorAll("[data-safety-notice] .admonition-title"),
            function (title) {
              return title.textContent.trim();
            }
          );
          var count = region.querySelector("[data-result-count]");
          said.push(count ? count.textContent : "Showing all questions.");
          live.textContent = said.join(" ");
        })
        .catch(function (error) {
          region.removeAttribute("aria-busy");
          if (error.name !== "AbortError") {
            form.submit();
          }
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, DELAY_MS);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      update();
    });
  });
})();
