/* Live preview for Markdown fields in the admin: the server renders the text with the
   site's own pipeline (staff-only endpoint) and the pane shows it with the site's CSS. */
(function () {
  "use strict";
  var DELAY_MS = 300;

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function attach(textarea) {
    if (textarea.dataset.previewAttached || textarea.name.indexOf("__prefix__") !== -1) {
      return;
    }
    textarea.dataset.previewAttached = "1";
    var editor = document.createElement("div");
    editor.className = "markdown-editor";
    textarea.parentNode.insertBefore(editor, textarea);
    editor.appendChild(textarea);

    var pane = document.createElement("section");
    pane.className = "markdown-preview";
    pane.setAttribute("aria-label", "Preview");
    var label = document.createElement("p");
    label.className = "markdown-preview__label";
    label.textContent = "Preview";
    var body = document.createElement("div");
    body.className = "markdown-preview__body prose";
    pane.appendChild(label);
    pane.appendChild(body);
    editor.appendChild(pane);

    var timer = null;
    var controller = null;

    function refresh() {
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      pane.dataset.state = "loading";
      fetch(textarea.dataset.markdownPreview, {
        method: "POST",
        // The field's name gives an answer's footnotes ids of their own on this form.
        body: new URLSearchParams({ text: textarea.value, field: textarea.name }),
        headers: { "X-CSRFToken": csrfToken(textarea.form) },
        credentials: "same-origin",
        signal: controller.signal
      })
        .then(function (response) {
          if (response.status === 403) {
            // The admin answers 403 once the session has ended (or the page is stale).
            var signedOut = new Error("signed out");
            signedOut.name = "SignedOut";
            throw signedOut;
          }
          if (response.status === 413) {
            // More than the site reads in one go: the save will be refused too.
            var tooLong = new Error(
              "This text is too long to preview or to save: it is more than the site " +
              "reads in one go. Shorten it, or split it in two."
            );
            tooLong.name = "Refused";
            throw tooLong;
          }
          var type = response.headers.get("Content-Type") || "";
          if (response.status === 400 && type.indexOf("text/html") === 0) {
            // Text a save would refuse: shown as it would be, under the reason.
            return response.text().then(function (html) {
              return { html: html, state: "refused" };
            });
          }
          if (response.status === 400) {
            // Text the site cannot show; the server says why.
            return response.text().then(function (reason) {
              var refused = new Error(reason);
              refused.name = "Refused";
              throw refused;
            });
          }
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.text().then(function (html) {
            return { html: html, state: "ready" };
          });
        })
        .then(function (shown) {
          // Sanitized by the server's pipeline, exactly as it will be stored (the reason
          // above it escaped there too).
          body.innerHTML = shown.html;
          pane.dataset.state = shown.state;
        })
        .catch(function (error) {
          if (error.name === "AbortError") {
            return;
          }
          pane.dataset.state = "error";
          if (error.name === "Refused") {
            body.textContent = error.message;
            return;
          }
          body.textContent = error.name === "SignedOut"
            ? "You have been signed out, so this page can no longer be saved. Copy your text, sign in again in a new tab, open this page there and paste it."
            : "The preview is unavailable just now. Your text is safe and saves as usual.";
        });
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY_MS);
    });
    refresh();
  }

  function attachAll(root) {
    root.querySelectorAll("textarea[data-markdown-preview]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () {
    attachAll(document);
  });
  // A question added to a post's inline formset gets its own preview.
  document.addEventListener("formset:added", function (event) {
    attachAll(event.target);
  });
})();
