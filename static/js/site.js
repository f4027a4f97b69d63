// Site-wide behaviour that must not depend on inline scripts (the CSP allows only 'self').
(function () {
  "use strict";

  // A form that came back with errors: move focus to the summary so screen readers read it
  // (it also has role=alert) and keyboard users start from the list of what to fix.
  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }

  // A link in the summary focuses its field (a plain #id jump only scrolls) and brings the
  // field's label into view as well.
  function linkSummaryToFields(event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']") || field.closest("fieldset");
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  }

  document.addEventListener("click", linkSummaryToFields);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
