/* Ask before leaving an admin form whose changes are not saved: a stray click on a menu link,
   Back, or closing the tab would otherwise drop the editor's text without a word. Saving
   leaves without asking. A form the server sent back (an error, a conflict) holds text that
   is not saved yet, so it asks from the start. */
(function () {
  "use strict";
  // What changes without the editor typing anything: tokens, formset counters, list actions.
  var NOT_TYPED = /^csrfmiddlewaretoken$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$|^_selected_action$|^action$|^select_across$|^index$/;

  function snapshot(form) {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (!NOT_TYPED.test(name)) {
        parts.push(name + "=" + (typeof value === "string" ? value : value.name + ":" + value.size));
      }
    });
    return parts.sort().join("&");
  }

  function guard(form) {
    var opened = snapshot(form);
    var sentBack = document.querySelector(".errornote, .errorlist") !== null;
    var submitting = false;
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || (!sentBack && snapshot(form) === opened)) {
        return;
      }
      event.preventDefault();
      event.returnValue = ""; // older browsers show the dialog only when this is set
    });
  }

  // After "load", when the admin's own scripts have set up their widgets.
  window.addEventListener("load", function () {
    var form = document.querySelector("#content-main form[method=post]");
    if (form) {
      guard(form);
    }
  });
})();
