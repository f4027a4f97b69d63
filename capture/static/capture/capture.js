// The quick capture page: the form keeps what is typed on the device (IndexedDB), "Opslaan"
// turns it into a draft that is sent when there is a connection (sync.js), and the privacy rules
// of the server (privacy.js) are applied while typing. Without JavaScript the form posts itself.
(function () {
  "use strict";

  var Store = window.CaptureStore;
  var configNode = document.getElementById("capture-config");
  var form = document.getElementById("nieuw");
  if (!configNode || !form || !Store || !window.indexedDB) {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var user = config.user;
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
  var lang = document.documentElement.lang || "nl";
  var checker = window.CapturePrivacy ? window.CapturePrivacy.compile(config.rules) : null;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var el = {
    status: $("capture-status"),
    device: $("capture-device"),
    list: $("capture-drafts"),
    send: $("capture-send"),
    editing: $("capture-editing"),
    findings: $("capture-findings"),
    thumbs: $("capture-thumbs"),
    problems: $("capture-problems"),
    counter: $("capture-counter"),
    install: $("capture-install-button"),
  };
  var fields = ["title", "date", "setting", "involved", "note", "note_field", "assignment"];
  var newId = null; // the draft record of the empty form
  var currentId = null; // what the form shows (newId, or a draft being changed)
  var sending = {};
  var channel = window.BroadcastChannel ? new BroadcastChannel("capture-" + user) : null;
  var UI = window.CaptureUI;

  function uuid() {
    return crypto.randomUUID();
  }

  function today() {
    var d = new Date();
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }

  function input(name) {
    return form.elements[name];
  }

  function readForm() {
    var values = {};
    fields.forEach(function (name) {
      var field = input(name);
      values[name] = field ? (field.value !== undefined ? field.value : "") : "";
    });
    var checked = form.querySelector("input[name=setting]:checked");
    values.setting = checked ? checked.value : "street";
    return values;
  }

  function fillForm(values) {
    values = values || {};
    fields.forEach(function (name) {
      var field = input(name);
      if (!field || name === "setting") {
        return;
      }
      field.value = values[name] !== undefined ? values[name] : name === "date" ? today() : field.defaultValue;
    });
    var setting = values.setting || "street";
    Array.prototype.forEach.call(form.querySelectorAll("input[name=setting]"), function (radio) {
      radio.checked = radio.value === setting;
    });
    if (!values.note_field && input("note_field")) {
      input("note_field").value = "actions";
    }
    checkPrivacy();
  }

  function blankDraft() {
    var now = new Date().toISOString();
    return { id: uuid(), owner: user, state: "new", working: { date: today() }, createdAt: now, updatedAt: now };
  }

  // --- keeping what is typed ---------------------------------------------------------------
  var saveTimer = null;

  function keepTyping() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () {
      Store.getDraft(currentId).then(function (draft) {
        if (draft) {
          draft.working = readForm();
          return Store.putDraft(draft);
        }
      });
    }, 300);
  }

  // --- the privacy check while typing --------------------------------------------------------
  function checkPrivacy() {
    if (!checker) {
      return;
    }
    var found = [];
    ["title", "involved", "note"].forEach(function (name) {
      checker.scan(input(name).value).forEach(function (f) {
        f.field = name;
        found.push(f);
      });
    });
    UI.renderFindings(el.findings, found, function (finding) {
      var field = input(finding.field);
      field.value = field.value.split(finding.text).join(finding.hint);
      checkPrivacy();
      keepTyping();
      field.focus();
    });
    var length = input("note").value.length;
    el.counter.textContent = length > config.maxNote * 0.9
      ? interpolate(gettext("%(count)s of %(max)s characters"), { count: length, max: config.maxNote }, true)
      : "";
  }

  // --- photos ------------------------------------------------------------------------------
  // Downscaled on the phone (longest side config.maxSide) and re-encoded, which also drops the
  // photo's EXIF data (GPS position) before it is stored or sent.
  function addPhoto(file) {
    return window.CapturePhotos.downscale(file, config.maxSide)
      .then(function (out) {
        return Store.photosOf(currentId).then(function (existing) {
          if (existing.length >= config.maxPhotos) {
            throw new Error("limit");
          }
          return Store.putPhoto({
            id: uuid(),
            owner: user,
            draft: currentId,
            blob: out[0].blob,
            thumb: out[1].blob,
            width: out[0].width,
            height: out[0].height,
            noPeople: false,
            sent: false,
          });
        });
      })
      .catch(function (error) {
        var message = error && error.message === "limit"
          ? interpolate(gettext("Add at most %(count)s photos to one quick entry."), { count: config.maxPhotos }, true)
          : interpolate(gettext("The photo “%(name)s” cannot be read (damaged, or not a photo). Choose another one."), { name: file.name }, true);
        UI.problems(el.problems, [message]);
      });
  }

  function showThumbs() {
    return Store.photosOf(currentId).then(function (photos) {
      UI.renderThumbs(el.thumbs, photos, {
        remove: function (photo) {
          Store.deletePhoto(photo.id).then(showThumbs);
        },
        toggle: function (photo, value) {
          photo.noPeople = value;
          Store.putPhoto(photo);
        },
      });
      return Store.getDraft(currentId).then(function (draft) {
        if (draft && draft.state === "new" && Boolean(draft.hasPhotos) !== photos.length > 0) {
          draft.hasPhotos = photos.length > 0;
          return Store.putDraft(draft);
        }
      });
    });
  }

  // --- saving ------------------------------------------------------------------------------
  function problemsOf(values) {
    var problems = [];
    if (!values.date) {
      problems.push(gettext("Fill in the date."));
    } else if (values.date > today() && new Date(values.date) - new Date(today()) > 86400000) {
      problems.push(gettext("The date cannot be in the future."));
    }
    if (values.note.length > config.maxNote) {
      problems.push(interpolate(gettext("A note can have at most %(max)s characters (this one has %(count)s). Shorten it, or split it over two entries."), { max: config.maxNote, count: values.note.length }, true));
    }
    return problems;
  }

  function titleFor(values) {
    if (values.title.trim()) {
      return values.title.trim();
    }
    var date = new Date(values.date + "T12:00:00");
    return config.settings[values.setting] + " " + date.toLocaleDateString(lang, { day: "numeric", month: "long" });
  }

  function save(event) {
    if (!form.dataset.ready) {
      return; // the device store is not open (or failed): the form posts itself
    }
    event.preventDefault();
    performance.mark("capture-save-start");
    var values = readForm();
    var problems = problemsOf(values);
    UI.problems(el.problems, problems);
    if (problems.length) {
      return;
    }
    clearTimeout(saveTimer);
    Store.getDraft(currentId)
      .then(function (draft) {
        var wasSent = draft.state !== "new" && draft.entry;
        draft.fields = {
          title: titleFor(values),
          date: values.date,
          setting: values.setting,
          involved: values.involved,
          note: values.note,
        };
        if (draft.state === "new") {
          draft.noteField = values.note_field || "actions";
          draft.assignment = values.assignment || "";
        }
        draft.working = null;
        draft.state = "pending";
        draft.error = null;
        draft.changeId = uuid();
        draft.updatedAt = new Date().toISOString();
        draft.hasPhotos = undefined;
        return Store.putDraft(draft).then(function () {
          return wasSent;
        });
      })
      .then(function () {
        performance.mark("capture-save-done");
        performance.measure("capture-save", "capture-save-start", "capture-save-done");
        UI.announce(el.status, gettext("Saved on this device."));
        if (navigator.storage && navigator.storage.persist) {
          navigator.storage.persist();
        }
        return startNew();
      })
      .then(function () {
        form.dispatchEvent(new CustomEvent("capture:stored"));
        changed();
        sender.run();
        input("title").focus();
      })
      .catch(function () {
        // This device cannot keep it (storage full or blocked): send the form as it is.
        delete form.dataset.ready;
        form.submit();
      });
  }

  function startNew() {
    var draft = blankDraft();
    newId = currentId = draft.id;
    return Store.putDraft(draft).then(function () {
      el.editing.hidden = true;
      lockChoices(false);
      fillForm(draft.working);
      return showThumbs();
    });
  }

  // Where the note goes and the assignment are chosen once, when the draft is first saved.
  function lockChoices(locked) {
    ["note_field", "assignment"].forEach(function (name) {
      if (input(name)) {
        input(name).disabled = locked;
      }
    });
  }

  // The form is filled at once, in the tap itself: what is typed right after "Change" is never
  // overwritten by a fill that waited for the device store. The store then keeps what the form
  // holds, on the draft as it is stored now (a send may have finished since the list was drawn).
  function edit(draft) {
    clearTimeout(saveTimer);
    currentId = draft.id;
    lockChoices(true);
    fillForm(Object.assign({ note_field: draft.noteField, assignment: draft.assignment }, draft.fields));
    UI.editing(el.editing, draft, stopEditing);
    form.scrollIntoView();
    input("title").focus();
    Store.getDraft(draft.id).then(function (fresh) {
      if (fresh && currentId === fresh.id) {
        fresh.working = readForm();
        return Store.putDraft(fresh);
      }
    });
    showThumbs();
  }

  function stopEditing() {
    Store.getDraft(currentId).then(function (draft) {
      if (draft && draft.state !== "new") {
        draft.working = null;
        return Store.putDraft(draft);
      }
    }).then(function () {
      currentId = newId;
      return Store.getDraft(newId);
    }).then(function (draft) {
      el.editing.hidden = true;
      lockChoices(false);
      fillForm(draft ? draft.working : {});
      showThumbs();
    });
  }

  function remove(draft) {
    if (!window.confirm(gettext("Delete this entry from this device? It has not been sent, so it is gone for good."))) {
      return;
    }
    Store.deleteDraft(draft.id).then(changed);
  }

  // Sent to an entry that was deleted elsewhere: send the text as a new entry.
  function resend(draft) {
    var copy = Object.assign({}, draft, { id: uuid(), entry: null, state: "pending", changeId: uuid(), error: null, conflict: null });
    Store.photosOf(draft.id)
      .then(function (photos) {
        return Promise.all(photos.filter(function (p) { return p.blob; }).map(function (p) {
          p.draft = copy.id;
          return Store.putPhoto(p);
        }));
      })
      .then(function () { return Store.putDraft(copy); })
      .then(function () { return Store.deleteDraft(draft.id); })
      .then(function () { changed(); sender.run(); });
  }

  // --- the list and the status line ----------------------------------------------------------
  function render() {
    return Store.drafts(user).then(function (list) {
      var shown = list.filter(function (d) {
        return d.state !== "new";
      });
      shown.sort(function (a, b) {
        return a.createdAt < b.createdAt ? 1 : -1;
      });
      el.device.hidden = shown.length === 0;
      UI.renderDrafts(el.list, shown, { config: config, sending: sending, edit: edit, remove: remove, resend: resend });
      var pending = shown.filter(function (d) {
        return d.state === "pending";
      }).length;
      el.send.hidden = !(pending && navigator.onLine);
      UI.status(el.status, { online: navigator.onLine, pending: pending, login: sender.needsLogin && config.loginUrl, busy: sender.busy });
    });
  }

  function changed() {
    render();
    if (channel) {
      channel.postMessage("changed");
    }
  }

  var sender = new window.CaptureSync.Sender(config, {
    onChange: render,
    onState: function (id, state) {
      if (state) {
        sending[id] = state;
      } else {
        delete sending[id];
      }
      render();
    },
    onLogin: function () {
      render();
    },
  });

  // The first visit is not yet seen by the service worker: ask it to keep this page now.
  function keepForOffline() {
    var sw = navigator.serviceWorker;
    var navigation = performance.getEntriesByType("navigation")[0];
    if (!sw || (navigation && navigation.workerStart > 0)) {
      return; // the service worker saw this page come in and kept it
    }
    sw.ready.then(function (registration) {
      (sw.controller || registration.active).postMessage({ type: "refresh" });
    });
  }

  // --- start --------------------------------------------------------------------------------
  // Everything the page listens to.
  function listen() {
    try {
      window.localStorage.setItem("leergang-capture", "1"); // read by boot.js on every page
    } catch (e) {
      // without localStorage boot.js checks on this page only
    }
    form.classList.add("capture-form--js");
    Array.prototype.forEach.call(document.querySelectorAll("[data-js-only]"), function (node) {
      node.hidden = false;
    });
    form.addEventListener("input", function (event) {
      if (event.target.type !== "file") {
        checkPrivacy();
        keepTyping();
      }
    });
    form.addEventListener("change", function (event) {
      if (event.target.type === "file") {
        var files = Array.prototype.slice.call(event.target.files);
        event.target.value = "";
        files.reduce(function (chain, file) {
          return chain.then(function () { return addPhoto(file); });
        }, Promise.resolve()).then(showThumbs);
      } else {
        keepTyping();
      }
    });
    form.addEventListener("submit", save);
    form.addEventListener("click", function (event) {
      var role = event.target.closest("[data-role]");
      if (role) {
        var field = input("involved");
        field.value = field.value.trim() ? field.value.replace(/[,\s]*$/, "") + ", " + role.dataset.role : role.dataset.role;
        keepTyping();
        field.focus();
      }
    });
    el.send.addEventListener("click", function () {
      sender.delay = 2000;
      sender.run();
    });
    window.addEventListener("online", function () {
      sender.delay = 2000;
      sender.run();
      render();
    });
    window.addEventListener("offline", render);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") {
        sender.run();
      }
    });
    if (channel) {
      channel.onmessage = render;
    }
    UI.installButton(el.install);
  }

  function start() {
    listen();
    var month = Date.now() - 30 * 86400000;
    return Store.switchUser(user)
      .then(function () {
        return Store.drafts(user);
      })
      .then(function (list) {
        // Sent long ago: the entry is in the log, the device need not keep it.
        var old = list.filter(function (d) {
          return d.state === "sent" && !d.working && Date.parse(d.sentAt) < month;
        });
        return Promise.all(old.map(function (d) {
          return Store.deleteDraft(d.id);
        })).then(function () {
          return list.filter(function (d) {
            return old.indexOf(d) < 0;
          });
        });
      })
      .then(function (list) {
        var blank = list.filter(function (d) {
          return d.state === "new";
        })[0];
        var editing = list.filter(function (d) {
          return d.state !== "new" && d.working;
        })[0];
        if (!blank) {
          return startNew().then(function () {
            return editing;
          });
        }
        newId = currentId = blank.id;
        fillForm(blank.working);
        return showThumbs().then(function () {
          return editing;
        });
      })
      .then(function (editing) {
        if (editing) {
          edit(editing);
        }
        return render();
      })
      .then(function () {
        form.dataset.ready = "true";
        sender.run();
        keepForOffline();
      });
  }

  start();
})();
