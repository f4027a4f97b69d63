// Drafts and photos on the device (IndexedDB), keyed by the user they belong to, and the per-user
// caches of the service worker. Used by the capture page, by boot.js on every page (logout,
// another user) and by the service worker. No user-facing text here.
(function (root) {
  "use strict";

  var DB_NAME = "leergang-capture";
  var DB_VERSION = 1;
  var CACHE_PREFIX = "capture-u";
  var UNSENT = ["new", "pending", "sending", "error", "gone"];
  var dbPromise = null;

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () {
        resolve(req.result);
      };
      req.onerror = function () {
        reject(req.error);
      };
    });
  }

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = indexedDB.open(DB_NAME, DB_VERSION);
        req.onupgradeneeded = function () {
          var db = req.result;
          var drafts = db.createObjectStore("drafts", { keyPath: "id" });
          drafts.createIndex("owner", "owner");
          var photos = db.createObjectStore("photos", { keyPath: "id" });
          photos.createIndex("draft", "draft");
          photos.createIndex("owner", "owner");
          db.createObjectStore("meta", { keyPath: "key" });
        };
        req.onsuccess = function () {
          var db = req.result;
          // Another tab upgrading the schema: let it, and open again next time.
          db.onversionchange = function () {
            db.close();
            dbPromise = null;
          };
          resolve(db);
        };
        req.onerror = function () {
          dbPromise = null;
          reject(req.error);
        };
      });
    }
    return dbPromise;
  }

  // Does the database exist at all? (Opening it would create it on every page of the site.)
  function exists() {
    if (!root.indexedDB) {
      return Promise.resolve(false);
    }
    if (!indexedDB.databases) {
      return Promise.resolve(true);
    }
    return indexedDB.databases().then(function (list) {
      return list.some(function (d) {
        return d.name === DB_NAME;
      });
    });
  }

  function tx(stores, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(stores, mode);
        var result;
        Promise.resolve(work(t)).then(function (value) {
          result = value;
        }, reject);
        t.oncomplete = function () {
          resolve(result);
        };
        t.onerror = function () {
          reject(t.error);
        };
        t.onabort = function () {
          reject(t.error || new Error("transaction aborted"));
        };
      });
    });
  }

  function byIndex(store, index, value) {
    return tx([store], "readonly", function (t) {
      return request(t.objectStore(store).index(index).getAll(value));
    });
  }

  function getOwner() {
    return tx(["meta"], "readonly", function (t) {
      return request(t.objectStore("meta").get("owner"));
    }).then(function (row) {
      return row ? row.value : null;
    });
  }

  function setOwner(user) {
    return tx(["meta"], "readwrite", function (t) {
      t.objectStore("meta").put({ key: "owner", value: user || null });
    });
  }

  function drafts(owner) {
    return byIndex("drafts", "owner", String(owner));
  }

  function getDraft(id) {
    return tx(["drafts"], "readonly", function (t) {
      return request(t.objectStore("drafts").get(id));
    });
  }

  function putDraft(draft) {
    return tx(["drafts"], "readwrite", function (t) {
      t.objectStore("drafts").put(draft);
    }).then(function () {
      return draft;
    });
  }

  function photosOf(draftId) {
    return byIndex("photos", "draft", draftId);
  }

  function putPhoto(photo) {
    return tx(["photos"], "readwrite", function (t) {
      t.objectStore("photos").put(photo);
    });
  }

  function deletePhoto(id) {
    return tx(["photos"], "readwrite", function (t) {
      t.objectStore("photos").delete(id);
    });
  }

  // A draft and its photos, in one transaction.
  function deleteDraft(id) {
    return tx(["drafts", "photos"], "readwrite", function (t) {
      t.objectStore("drafts").delete(id);
      var index = t.objectStore("photos").index("draft");
      return request(index.getAllKeys(id)).then(function (keys) {
        keys.forEach(function (key) {
          t.objectStore("photos").delete(key);
        });
      });
    });
  }

  function isUnsent(draft) {
    if (draft.state === "new") {
      // The form being filled in counts once something was typed.
      var f = draft.working || {};
      return Boolean((f.title || "").trim() || (f.note || "").trim() || (f.involved || "").trim() || draft.hasPhotos);
    }
    return UNSENT.indexOf(draft.state) >= 0;
  }

  function wipeCaches(owner) {
    if (!root.caches) {
      return Promise.resolve();
    }
    return caches.keys().then(function (names) {
      return Promise.all(
        names
          .filter(function (name) {
            return owner === undefined
              ? name.indexOf(CACHE_PREFIX) === 0
              : name === CACHE_PREFIX + owner;
          })
          .map(function (name) {
            return caches.delete(name);
          }),
      );
    });
  }

  // What logging out or another user removes: the owner's sent drafts and photos, and the
  // pages kept for them; with {unsent: true} also what was never sent.
  function wipeUser(owner, options) {
    var all = Boolean(options && options.unsent);
    return drafts(owner)
      .then(function (list) {
        var gone = list.filter(function (d) {
          return all || !isUnsent(d);
        });
        return Promise.all(
          gone.map(function (d) {
            return deleteDraft(d.id);
          }),
        );
      })
      .then(function () {
        return wipeCaches(owner);
      });
  }

  // Someone else (or nobody) is logged in now: the previous owner's sent drafts and cached pages
  // go; their unsent drafts stay, invisible to others, until they log in here again.
  // (One at a time across the pages and the service worker: two switching at once could wipe
  // what the other just kept.)
  function switchUser(user) {
    user = user ? String(user) : null;
    var work = function () {
      return getOwner().then(function (owner) {
        if (owner === user) {
          return false;
        }
        var wipe = owner ? wipeUser(owner, { unsent: false }) : Promise.resolve();
        return wipe.then(function () {
          return setOwner(user).then(function () {
            return true;
          });
        });
      });
    };
    var locks = root.navigator && root.navigator.locks;
    return locks ? locks.request("capture-owner", work) : work();
  }

  function unsentCount(owner) {
    return drafts(owner).then(function (list) {
      return list.filter(isUnsent).length;
    });
  }

  root.CaptureStore = {
    CACHE_PREFIX: CACHE_PREFIX,
    exists: exists,
    open: open,
    getOwner: getOwner,
    setOwner: setOwner,
    drafts: drafts,
    getDraft: getDraft,
    putDraft: putDraft,
    deleteDraft: deleteDraft,
    photosOf: photosOf,
    putPhoto: putPhoto,
    deletePhoto: deletePhoto,
    isUnsent: isUnsent,
    unsentCount: unsentCount,
    wipeUser: wipeUser,
    wipeCaches: wipeCaches,
    switchUser: switchUser,
  };
})(typeof self !== "undefined" ? self : this);
