// Polls the export's status and updates the progress bar; without JS the page refreshes itself.
(function () {
  var root = document.getElementById("pdf-job");
  if (!root || !window.fetch || root.dataset.finished === "1") return;
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) refresh.parentNode.removeChild(refresh);
  var bar = root.querySelector('[role="progressbar"]');
  var live = root.querySelector("[data-job-live]");
  var lastAnnounced = -1;
  function update(data) {
    bar.setAttribute("aria-valuenow", data.percent);
    bar.setAttribute("aria-valuetext", data.percent + " %");
    bar.firstElementChild.style.width = data.percent + "%";
    root.querySelector("[data-job-percent]").textContent = data.percent;
    root.querySelector("[data-job-status]").textContent = data.status_label;
    root.querySelector("[data-job-count]").textContent = data.total ? "(" + data.done + " " + (root.dataset.of || "/") + " " + data.total + ")" : "";
    var step = Math.floor(data.percent / 25);
    if (data.finished || step !== lastAnnounced) {
      live.textContent = data.status_label + ": " + data.percent + " %";
      lastAnnounced = step;
    }
    var message = root.querySelector("[data-job-message]");
    message.textContent = data.message || "";
    message.hidden = !data.message;
    if (data.download_url) {
      var box = root.querySelector("[data-job-download]");
      box.querySelector("a").href = data.download_url;
      box.hidden = false;
    }
    if (data.finished && data.status === "failed") { window.location.reload(); }
    return data.finished;
  }
  function poll() {
    fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (!update(data)) setTimeout(poll, 1000); })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
