// Autosave: every few seconds after a change, the form is posted to the server, which keeps
// it as a draft. A closed tab loses at most a few seconds of typing.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector("[data-autosave-status]");
  var dirty = false, busy = false, DELAY = 3000;

  function save() {
    if (!dirty || busy) return;
    dirty = false;
    busy = true;
    var data = new FormData(form);
    fetch(form.getAttribute("data-autosave"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (json) {
      if (status) status.textContent = json.message;
      if (json.autosave_url) {
        // The first autosave of a new entry created a draft: keep editing that draft.
        form.setAttribute("data-autosave", json.autosave_url);
        form.setAttribute("action", json.edit_url);
        if (window.history && history.replaceState) history.replaceState(null, "", json.edit_url);
      }
    }).catch(function () {
      dirty = true;
      if (status) status.textContent = status.getAttribute("data-error-text");
    }).then(function () { busy = false; });
  }

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.setInterval(save, DELAY);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save();
  });
})();
