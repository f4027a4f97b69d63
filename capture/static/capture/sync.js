// Sending drafts to the server: one request per draft, with its id as the idempotency key, so a
// retry after a timeout or a lost answer never makes a second entry. Used by capture.js.
(function (root) {
  "use strict";

  var Store = root.CaptureStore;
  var gettext = root.gettext || function (s) {
    return s;
  };
  var MAX_DELAY = 60000;

  function csrfToken(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function withTimeout(url, options, ms) {
    var controller = new AbortController();
    var timer = setTimeout(function () {
      controller.abort();
    }, ms);
    options.signal = controller.signal;
    return fetch(url, options).finally(function () {
      clearTimeout(timer);
    });
  }

  function payload(draft, photos) {
    var body = new FormData();
    body.append(
      "draft",
      JSON.stringify({
        client_id: draft.id,
        change_id: draft.changeId,
        entry_id: draft.entry ? draft.entry.id : "",
        base_version: draft.entry ? draft.entry.version : "",
        edited_at: draft.updatedAt,
        note_field: draft.noteField,
        assignment: draft.assignment || "",
        fields: draft.fields,
        photos: photos.map(function (p) {
          return { id: p.id, no_people: Boolean(p.noPeople) };
        }),
      }),
    );
    var bytes = 0;
    photos.forEach(function (p) {
      if (!p.sent && p.blob) {
        body.append("photo-" + p.id, p.blob, "foto-" + p.id.slice(0, 8) + ".jpg");
        bytes += p.blob.size;
      }
    });
    return { body: body, bytes: bytes };
  }

  // Creates the sender for one user. ``events``: onChange(), onLogin(url), onState(text).
  function Sender(config, events) {
    this.config = config;
    this.events = events;
    this.busy = false;
    this.again = false;
    this.delay = 2000;
    this.timer = null;
    this.needsLogin = false;
  }

  Sender.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () {
      self.run();
    }, this.delay);
    this.delay = Math.min(this.delay * 2, MAX_DELAY);
  };

  Sender.prototype.run = function () {
    var self = this;
    if (this.busy) {
      this.again = true;
      return Promise.resolve();
    }
    if (!navigator.onLine) {
      return Promise.resolve();
    }
    this.busy = true;
    this.needsLogin = false;
    var work = function () {
      return self.sendAll();
    };
    var locked = navigator.locks
      ? navigator.locks.request("capture-sync-" + this.config.user, work)
      : work();
    return locked
      .catch(function () {
        self.schedule();
      })
      .then(function () {
        self.busy = false;
        self.events.onChange();
        if (self.again) {
          self.again = false;
          return self.run();
        }
      });
  };

  Sender.prototype.sendAll = function () {
    var self = this;
    return Store.drafts(this.config.user).then(function (list) {
      var queue = list
        .filter(function (d) {
          return d.state === "pending";
        })
        .sort(function (a, b) {
          return a.createdAt < b.createdAt ? -1 : 1;
        });
      var chain = Promise.resolve("next");
      queue.forEach(function (draft) {
        chain = chain.then(function (outcome) {
          return outcome === "stop" ? "stop" : self.sendOne(draft, false);
        });
      });
      return chain;
    });
  };

  Sender.prototype.sendOne = function (draft, retried) {
    var self = this;
    return Store.photosOf(draft.id).then(function (photos) {
      var data = payload(draft, photos);
      self.events.onState(draft.id, "sending");
      var options = {
        method: "POST",
        body: data.body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(self.config.csrfCookie), Accept: "application/json" },
      };
      return withTimeout(self.config.syncUrl, options, 30000 + data.bytes / 50)
        .then(function (response) {
          return response.json().then(
            function (json) {
              return { http: response.status, json: json };
            },
            function () {
              return { http: response.status, json: null };
            },
          );
        })
        .then(
          function (answer) {
            if (answer.http === 403 && !answer.json && !retried) {
              // The CSRF cookie was missing or old: fetch a fresh one and try once more.
              return fetch(self.config.statusUrl, { credentials: "same-origin", cache: "no-store" }).then(
                function () {
                  return self.sendOne(draft, true);
                },
              );
            }
            return self.handle(draft, photos, answer);
          },
          function () {
            return self.failed(draft, gettext("Sending failed; it is tried again soon."));
          },
        );
    });
  };

  Sender.prototype.failed = function (draft, message) {
    var self = this;
    return Store.getDraft(draft.id).then(function (fresh) {
      if (fresh) {
        fresh.error = message;
        return Store.putDraft(fresh);
      }
    }).then(function () {
      self.events.onState(draft.id, null);
      self.schedule();
      return "stop";
    });
  };

  Sender.prototype.handle = function (draft, photos, answer) {
    var json = answer.json;
    var self = this;
    if (!json) {
      return this.failed(draft, gettext("The server did not answer as expected; it is tried again soon."));
    }
    this.events.onState(draft.id, null);
    if (json.status === "login") {
      this.needsLogin = true;
      this.events.onLogin(json.login_url, json.message);
      return Promise.resolve("stop");
    }
    if (json.status === "storage" || answer.http >= 500) {
      return this.failed(draft, json.message);
    }
    return Store.getDraft(draft.id).then(function (fresh) {
      if (!fresh) {
        return "next"; // deleted on the device meanwhile
      }
      if (json.entry) {
        return self.accepted(fresh, draft, photos, json);
      }
      fresh.state = json.status === "gone" || json.status === "not_found" ? "gone" : "error";
      fresh.error = json.message;
      fresh.errors = json.errors || {};
      return Store.putDraft(fresh).then(function () {
        return "next";
      });
    });
  };

  Sender.prototype.accepted = function (fresh, sent, photos, json) {
    this.delay = 2000;
    fresh.entry = json.entry;
    fresh.findings = json.findings || [];
    if (json.conflict) {
      fresh.conflict = json.conflict;
    } else if (json.status !== "unchanged") {
      fresh.conflict = null;
    }
    fresh.error = null;
    fresh.errors = {};
    if (fresh.changeId === sent.changeId) {
      // Nothing typed since this was sent: the device shows what the server now has.
      fresh.state = "sent";
      fresh.sentAt = new Date().toISOString();
      fresh.fields = json.entry.fields;
    }
    var updates = photos
      .filter(function (p) {
        return json.photos && json.photos[p.id];
      })
      .map(function (p) {
        p.sent = true;
        p.attachment = json.photos[p.id];
        delete p.blob; // the small copy is kept for the list, the photo is on the server
        return Store.putPhoto(p);
      });
    return Promise.all(updates)
      .then(function () {
        return Store.putDraft(fresh);
      })
      .then(function () {
        if (navigator.serviceWorker && navigator.serviceWorker.controller) {
          navigator.serviceWorker.controller.postMessage({ type: "refresh" });
        }
        return "next";
      });
  };

  root.CaptureSync = { Sender: Sender };
})(typeof self !== "undefined" ? self : this);
