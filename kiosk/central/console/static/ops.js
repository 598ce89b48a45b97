// The operations pages' small script (no inline handlers: the CSP forbids them).
// A form with class "confirm" asks its data-confirm question before it is sent.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList && form.classList.contains("confirm")) {
      if (!window.confirm(form.getAttribute("data-confirm") || "?")) event.preventDefault();
    }
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.id === "enrol-link") event.target.select();
  });
})();
