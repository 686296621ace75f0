/* A link to one question (a search result's title, a link shared in a message) opens its
   answer: the reader came for it. Without JavaScript the question is still scrolled to
   and outlined, its answer one tap away. */
(function () {
  "use strict";

  function openLinkedAnswer() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var linked = id && document.getElementById(id);
    if (linked && linked.matches("details.faq-item")) {
      linked.open = true;
    }
  }

  document.addEventListener("DOMContentLoaded", openLinkedAnswer);
  window.addEventListener("hashchange", openLinkedAnswer);
})();
