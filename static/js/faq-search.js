/* Live FAQ search: as the reader types, fetch the same GET page the form would load and
   swap in only its results region. The URL stays shareable; the count is announced.
   Results fetched while typing are marked live=1; the search the reader settles on (left
   on screen a moment, sent with Enter, or last shown when they leave) is asked for once
   more without it, so that only that one counts among the searches editors see unanswered
   (search.models.UnansweredSearch), never "wryn" on the way to "wryneck". */
(function () {
  "use strict";
  var DELAY_MS = 250;
  var SETTLED_MS = 2000;

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-live-search]");
    var input = form && form.querySelector("input[name=q]");
    var region = document.getElementById("faq-results");
    var live = document.getElementById("faq-live");
    if (!form || !input || !region || !window.fetch) {
      return;
    }
    var timer = null;
    var settledTimer = null;
    var controller = null;
    var shown = input.value.trim(); // a search the page was loaded with is counted already
    var counted = shown;

    function addressOf(query) {
      return form.action + (query ? "?q=" + encodeURIComponent(query) : "");
    }

    function settle() {
      window.clearTimeout(settledTimer);
      if (shown && shown !== counted) {
        counted = shown;
        fetch(addressOf(shown), { method: "HEAD", keepalive: true }).catch(function () {});
      }
    }

    function update(thenSettle) {
      var query = input.value.trim();
      var url = addressOf(query);
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      region.setAttribute("aria-busy", "true");
      var typing = query ? url + "&live=1" : url;
      fetch(typing, { headers: { Accept: "text/html" }, signal: controller.signal })
        .then(function (response) {
          if (!response.ok) {
            // An error page (a proxy's 502 during a deploy) holds no results: load the
            // search page itself, not leave results shown for words no longer typed.
            throw new Error("HTTP " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.getElementById("faq-results");
          if (!fresh) {
            throw new Error("no results in the page");
          }
          region.replaceChildren.apply(region, Array.from(fresh.childNodes));
          region.removeAttribute("aria-busy");
          window.history.replaceState(null, "", url);
          // The address printed at the page's foot is the search's too.
          var printed = document.querySelector(".site-footer__address");
          var freshPrinted = page.querySelector(".site-footer__address");
          if (printed && freshPrinted) {
            printed.textContent = freshPrinted.textContent;
          }
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
          shown = query;
          if (thenSettle) {
            settle();
          } else {
            settledTimer = window.setTimeout(settle, SETTLED_MS);
          }
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
      window.clearTimeout(settledTimer);
      timer = window.setTimeout(update, DELAY_MS);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      update(true);
    });
    window.addEventListener("pagehide", settle);
  });
})();
