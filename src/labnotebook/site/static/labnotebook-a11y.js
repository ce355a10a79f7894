/* labnotebook: make the visible sidebar toggles work.
 *
 * pydata-sphinx-theme binds its sidebar drawers to the first .primary-toggle and
 * .secondary-toggle of the page only (pydata-sphinx-theme issue 2451). With
 * sphinx-book-theme those are the top navbar's buttons, which it hides; the buttons a
 * reader sees in the article header then do nothing, and on a phone the navigation
 * cannot be opened at all. Clicks on the other toggles are passed to the bound one.
 */
(function () {
  "use strict";

  function forward(selector) {
    var toggles = document.querySelectorAll(selector);
    if (toggles.length < 2) {
      return;
    }
    var bound = toggles[0];
    for (var i = 1; i < toggles.length; i++) {
      toggles[i].addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        bound.click();
      });
    }
  }

  function init() {
    forward(".primary-toggle");
    forward(".secondary-toggle");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
