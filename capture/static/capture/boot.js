// On every page of the site (templates/base.html): registers the quick-capture service worker
// for logged-in users, notices another user (or nobody) on this browser, and asks before a
// logout deletes drafts that were never sent. It only opens the device store when one exists.
(function () {
  "use strict";

  var script = document.currentScript;
  var user = script ? script.getAttribute("data-user") || "" : "";
  var base = script ? script.src.replace(/boot\.js(\?.*)?$/, "") : "/static/capture/";
  var LOGOUT = "/accounts/logout/";
  var CAPTURE = "/portfolio/veldwerk/snel/";
  var CATALOG = CAPTURE + "jsi18n/";
  var FLAG = "leergang-capture";

  function load(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function store() {
    if (window.CaptureStore) {
      return Promise.resolve(window.CaptureStore);
    }
    return load(base + "store.js").then(function () {
      return window.CaptureStore;
    });
  }

  function catalog() {
    return window.gettext ? Promise.resolve() : load(CATALOG).catch(function () {});
  }

  // Set by the capture page: this browser has (had) drafts. Without it nothing here runs, so a
  // logout is not held up and no other page loads anything for quick capture.
  var used = false;
  try {
    used = window.localStorage.getItem(FLAG) === "1";
  } catch (e) {
    used = false;
  }
  var onCapture = location.pathname.indexOf(CAPTURE) === 0;

  if (user && (used || onCapture) && "serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/portfolio/" }).catch(function () {});
  }

  // Another user, or nobody: the previous owner's sent drafts and cached pages go. (After the
  // page's own deferred scripts, so the capture page's store.js is not loaded twice.)
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.indexedDB || !(used || onCapture)) {
      return;
    }
    store()
      .then(function (s) {
        return s.exists().then(function (found) {
          return found ? s.switchUser(user) : null;
        });
      })
      .catch(function () {});
  });

  function dialog(count, onWipe) {
    var gettext = window.gettext || function (s) {
      return s;
    };
    var ngettext = window.ngettext || function (s, p, n) {
      return n === 1 ? s : p;
    };
    var interpolate = window.interpolate || function (s, o) {
      return s.replace(/%\((\w+)\)s/g, function (_m, k) {
        return o[k];
      });
    };
    var box = document.createElement("dialog");
    box.className = "card capture-logout";
    box.setAttribute("aria-labelledby", "capture-logout-title");
    var title = document.createElement("h2");
    title.id = "capture-logout-title";
    title.textContent = gettext("Entries that were not sent");
    var text = document.createElement("p");
    text.textContent = interpolate(
      ngettext(
        "%(count)s entry on this device has not been sent yet. Logging out deletes it from this device.",
        "%(count)s entries on this device have not been sent yet. Logging out deletes them from this device.",
        count,
      ),
      { count: count },
      true,
    );
    var actions = document.createElement("p");
    var send = document.createElement("a");
    send.className = "button";
    send.href = CAPTURE;
    send.textContent = gettext("Send them first");
    var wipe = document.createElement("button");
    wipe.type = "button";
    wipe.className = "button button--danger";
    wipe.textContent = gettext("Delete and log out");
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button--secondary";
    cancel.textContent = gettext("Cancel");
    [send, wipe, cancel].forEach(function (b) {
      actions.appendChild(b);
      actions.appendChild(document.createTextNode(" "));
    });
    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(actions);
    document.body.appendChild(box);
    wipe.addEventListener("click", function () {
      wipe.disabled = true;
      onWipe();
    });
    cancel.addEventListener("click", function () {
      box.close();
      box.remove();
    });
    box.showModal();
    send.focus();
  }

  // Logging out: sent drafts and cached pages always go; unsent ones only after asking.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var action = form.getAttribute("action") || "";
      if (!user || !(used || onCapture) || form.dataset.captureChecked || new URL(action, location.href).pathname !== LOGOUT) {
        return;
      }
      event.preventDefault();
      function logout() {
        form.dataset.captureChecked = "true";
        form.submit();
      }
      function wipeAll() {
        return window.CaptureStore.wipeUser(user, { unsent: true })
          .then(function () {
            return window.CaptureStore.setOwner(null);
          })
          .then(logout, logout);
      }
      store()
        .then(function (s) {
          return s.exists().then(function (found) {
            return found ? s.unsentCount(user) : -1;
          });
        })
        .then(function (count) {
          if (count < 0) {
            return logout();
          }
          if (count === 0) {
            return wipeAll();
          }
          return catalog().then(function () {
            dialog(count, wipeAll);
          });
        })
        .catch(logout);
    },
    true,
  );
})();
