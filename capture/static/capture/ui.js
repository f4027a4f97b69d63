// What the capture page shows: the drafts on this device, the status line, findings of the
// privacy check, photos. Everything is built with textContent: typed text is never HTML.
(function (root) {
  "use strict";

  var gettext = root.gettext || function (s) {
    return s;
  };
  var ngettext = root.ngettext || function (s, p, n) {
    return n === 1 ? s : p;
  };
  var interpolate = root.interpolate || function (s, o) {
    return s.replace(/%\((\w+)\)s/g, function (_m, k) {
      return o[k];
    });
  };
  var lang = document.documentElement.lang || "nl";

  function node(tag, attrs, children) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") {
        n.textContent = attrs[key];
      } else if (key === "class") {
        n.className = attrs[key];
      } else {
        n.setAttribute(key, attrs[key]);
      }
    });
    (children || []).forEach(function (child) {
      if (child) {
        n.appendChild(child);
      }
    });
    return n;
  }

  function button(label, onClick, className) {
    var b = node("button", { type: "button", class: className || "link-button", text: label });
    b.addEventListener("click", onClick);
    return b;
  }

  function when(iso) {
    if (!iso) {
      return "";
    }
    var d = new Date(iso);
    var sameDay = d.toDateString() === new Date().toDateString();
    var options = sameDay
      ? { hour: "2-digit", minute: "2-digit" }
      : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
    return d.toLocaleString(lang, options);
  }

  function clear(n) {
    while (n.firstChild) {
      n.removeChild(n.firstChild);
    }
  }

  function renderFindings(box, found, replace) {
    clear(box);
    if (!found.length) {
      return;
    }
    var list = node("ul", {});
    found.forEach(function (f) {
      list.appendChild(
        node("li", {}, [
          node("span", { text: f.label + ": " }),
          node("mark", { text: f.text }),
          document.createTextNode(" "),
          button(interpolate(gettext("Replace with %(hint)s"), { hint: f.hint }, true), function () {
            replace(f);
          }),
        ]),
      );
    });
    box.appendChild(node("p", { class: "capture-findings__title", text: gettext("This looks like personal data of a resident:") }));
    box.appendChild(list);
  }

  function problems(box, messages) {
    clear(box);
    box.hidden = !messages.length;
    if (messages.length) {
      var list = node("ul", {});
      messages.forEach(function (m) {
        list.appendChild(node("li", { text: m }));
      });
      box.appendChild(list);
      box.focus();
    }
  }

  function thumbImage(photo) {
    var img = node("img", { alt: "", width: "96", height: "72" });
    var blob = photo.thumb || photo.blob;
    if (blob) {
      img.src = URL.createObjectURL(blob);
      img.onload = function () {
        URL.revokeObjectURL(img.src);
      };
    }
    return img;
  }

  function renderThumbs(box, photos, actions) {
    clear(box);
    photos.forEach(function (photo, index) {
      var label = interpolate(gettext("Photo %(number)s"), { number: index + 1 }, true);
      var check = node("input", { type: "checkbox" });
      check.checked = Boolean(photo.noPeople);
      check.disabled = Boolean(photo.sent);
      check.addEventListener("change", function () {
        actions.toggle(photo, check.checked);
      });
      var item = node("li", { class: "capture-thumb" }, [
        thumbImage(photo),
        node("label", { class: "check" }, [check, document.createTextNode(gettext("no recognisable people"))]),
      ]);
      if (!photo.sent) {
        var remove = button(gettext("Remove"), function () {
          actions.remove(photo);
        });
        remove.setAttribute("aria-label", interpolate(gettext("Remove %(photo)s"), { photo: label }, true));
        item.appendChild(remove);
      }
      box.appendChild(item);
    });
  }

  function editing(box, draft, stop) {
    clear(box);
    box.appendChild(node("strong", { text: interpolate(gettext("You are changing “%(title)s”."), { title: draft.fields.title }, true) + " " }));
    box.appendChild(button(gettext("Stop changing"), stop));
    box.hidden = false;
  }

  function badge(state) {
    switch (state) {
      case "sending":
        return ["badge--warn", gettext("Sending…")];
      case "sent":
        return ["badge--ok", gettext("Sent")];
      case "error":
        return ["badge--error", gettext("Not sent")];
      case "gone":
        return ["badge--error", gettext("Deleted on the server")];
      default:
        return ["badge--warn", gettext("Not sent yet")];
    }
  }

  function stateLine(draft, sending) {
    var state = sending[draft.id] || draft.state;
    var b = badge(state);
    var time = state === "sent"
      ? interpolate(gettext("sent at %(time)s"), { time: when(draft.sentAt) }, true)
      : interpolate(gettext("saved at %(time)s"), { time: when(draft.updatedAt) }, true);
    return node("p", { class: "capture-draft__state" }, [
      node("span", { class: "badge " + b[0], text: b[1] }),
      document.createTextNode(" " + time),
    ]);
  }

  function draftItem(draft, options) {
    var config = options.config;
    var f = draft.fields || {};
    var meta = [config.settings[f.setting] || "", f.date ? new Date(f.date + "T12:00:00").toLocaleDateString(lang, { day: "numeric", month: "short" }) : ""];
    var item = node("li", { class: "capture-draft capture-draft--" + draft.state, "data-draft": draft.id }, [
      node("p", { class: "capture-draft__title" }, [node("strong", { text: f.title || gettext("Untitled entry") }), node("span", { class: "meta", text: " " + meta.join(" · ") })]),
      stateLine(draft, options.sending),
    ]);
    if (draft.error) {
      item.appendChild(node("p", { class: "capture-draft__error", role: "alert", text: draft.error }));
    }
    if (draft.conflict) {
      item.appendChild(node("p", { class: "capture-draft__conflict" }, [
        node("span", { text: draft.conflict.message + " " }),
        node("a", { href: draft.conflict.history_url, text: gettext("History") }),
      ]));
    }
    if (draft.findings && draft.findings.length && draft.entry) {
      item.appendChild(node("p", { class: "capture-draft__findings" }, [
        node("span", { text: interpolate(ngettext("The privacy check found %(count)s thing to look at.", "The privacy check found %(count)s things to look at.", draft.findings.length), { count: draft.findings.length }, true) + " " }),
        node("a", { href: draft.entry.privacy_url, text: gettext("Have a look") }),
      ]));
    }
    var actions = node("p", { class: "capture-draft__actions" });
    if (!options.sending[draft.id] && draft.state !== "gone") {
      actions.appendChild(button(gettext("Change"), function () { options.edit(draft); }));
    }
    if (draft.entry && draft.state !== "gone") {
      actions.appendChild(node("a", { href: draft.entry.edit_url, text: gettext("Work out at your desk") }));
    }
    if (draft.state === "gone") {
      actions.appendChild(button(gettext("Send as a new entry"), function () { options.resend(draft); }));
    }
    if (draft.state !== "sent" && !options.sending[draft.id]) {
      actions.appendChild(button(gettext("Delete"), function () { options.remove(draft); }));
    }
    item.appendChild(actions);
    return item;
  }

  function renderDrafts(box, drafts, options) {
    clear(box);
    drafts.forEach(function (draft) {
      box.appendChild(draftItem(draft, options));
    });
  }

  function status(box, s) {
    // Rebuilt only when it says something else: it is a live region.
    var key = [s.online, s.login, s.pending].join("|");
    if (box.dataset.key === key) {
      return;
    }
    box.dataset.key = key;
    clear(box);
    var text;
    if (!s.online) {
      text = gettext("No connection. What you save stays on this device and is sent as soon as you are online again.");
    } else if (s.login) {
      box.appendChild(node("span", { text: gettext("You are no longer logged in. Your entries stay on this device.") + " " }));
      box.appendChild(node("a", { href: s.login, text: gettext("Log in again to send them") }));
      box.hidden = false;
      box.className = "capture-status capture-status--warn";
      return;
    } else if (s.pending) {
      text = interpolate(ngettext("%(count)s entry not sent yet.", "%(count)s entries not sent yet.", s.pending), { count: s.pending }, true);
    }
    box.className = "capture-status" + (s.online ? "" : " capture-status--offline");
    box.hidden = !text;
    if (text) {
      box.appendChild(node("span", { text: text }));
    }
  }

  function announce(box, text) {
    var live = document.getElementById("capture-announce");
    if (live) {
      live.textContent = "";
      setTimeout(function () {
        live.textContent = text;
      }, 50);
    }
  }

  function installButton(b) {
    var prompt = null;
    if (!b || window.matchMedia("(display-mode: standalone)").matches) {
      return;
    }
    window.addEventListener("beforeinstallprompt", function (event) {
      event.preventDefault();
      prompt = event;
      b.hidden = false;
    });
    b.addEventListener("click", function () {
      if (prompt) {
        prompt.prompt();
        prompt = null;
        b.hidden = true;
      }
    });
    window.addEventListener("appinstalled", function () {
      b.hidden = true;
    });
  }

  root.CaptureUI = {
    renderFindings: renderFindings,
    problems: problems,
    renderThumbs: renderThumbs,
    editing: editing,
    renderDrafts: renderDrafts,
    status: status,
    announce: announce,
    installButton: installButton,
  };
})(window);
