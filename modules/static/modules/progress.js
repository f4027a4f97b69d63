// Progressive enhancement: mark a section as done without leaving the page.
// Without JavaScript the form posts and the server redirects back to the section.
(function () {
  "use strict";
  document.querySelectorAll("form[data-section-toggle]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !event.submitter) return;
      event.preventDefault();
      var submitter = event.submitter;
      var data = new FormData(form, submitter);
      fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (result) {
          var done = result.done;
          form.querySelector("[data-state]").hidden = !done;
          var buttons = form.querySelectorAll("button[name=done]");
          buttons.forEach(function (b) { b.hidden = (b.value === "1") === done; });
          var visible = form.querySelector("button[name=done]:not([hidden])");
          if (visible) visible.focus();
          var section = form.closest(".module-section");
          if (section) section.classList.toggle("module-section--done", done);
          var bar = document.querySelector("[data-progress-bar]");
          if (bar) {
            bar.querySelector("span").style.width = result.percent + "%";
            bar.setAttribute("aria-label", bar.getAttribute("aria-label").replace(/\d+%/, result.percent + "%"));
          }
          var text = document.querySelector("[data-progress-text]");
          if (text) text.textContent = result.message;
          var badge = document.querySelector('[data-toc-done="' + form.dataset.section + '"]');
          if (badge) badge.hidden = !done;
        })
        .catch(function () {
          // Fall back to an ordinary post, carrying the pressed button's value.
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = "done";
          input.value = submitter.value;
          form.appendChild(input);
          HTMLFormElement.prototype.submit.call(form);
        });
    });
  });
})();
