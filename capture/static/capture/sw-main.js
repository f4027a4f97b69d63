// The quick-capture service worker (loaded by /sw.js, which sets self.CAPTURE_SW).
// Keeps: the shell (static files, the offline page; nobody's data) for everyone, and per user,
// network first, the capture page and the first page of the log, in "capture-u<user id>"; the
// user is read from the page itself (data-user on boot.js). Nothing else is stored. Logging out
// or another user wipes the per-user cache (store.js).
/* global CaptureStore */
(function () {
  "use strict";

  var config = self.CAPTURE_SW;
  var SHELL_CACHE = "capture-shell-" + config.version;
  var shell = new Set(config.shell);
  var pages = new Set(config.pages);
  var NETWORK_WAIT = 4000;

  self.addEventListener("install", function (event) {
    event.waitUntil(
      caches
        .open(SHELL_CACHE)
        .then(function (cache) {
          return cache.addAll(config.shell.concat([config.catalog]));
        })
        .then(function () {
          return self.skipWaiting();
        }),
    );
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(
      caches
        .keys()
        .then(function (names) {
          return Promise.all(
            names
              .filter(function (name) {
                return name.indexOf("capture-shell-") === 0 && name !== SHELL_CACHE;
              })
              .map(function (name) {
                return caches.delete(name);
              }),
          );
        })
        .then(function () {
          return self.clients.claim();
        })
        .then(refresh),
    );
  });

  function userOf(html) {
    var match = /<script[^>]+capture\/boot\.js[^>]*data-user="(\d*)"/.exec(html);
    return match ? match[1] : null;
  }

  // Keep a page for the user it was made for; a page for another user (or nobody) than the
  // device's owner switches the owner first, which wipes what the previous one had.
  function keep(path, response) {
    return response
      .clone()
      .text()
      .then(function (html) {
        var user = userOf(html);
        if (user === null) {
          return null;
        }
        return CaptureStore.switchUser(user).then(function () {
          if (!user) {
            return null;
          }
          return caches.open(CaptureStore.CACHE_PREFIX + user).then(function (cache) {
            return cache.put(path, response);
          });
        });
      });
  }

  function cachedPage(path) {
    return CaptureStore.getOwner().then(function (owner) {
      if (!owner) {
        return null;
      }
      return caches.open(CaptureStore.CACHE_PREFIX + owner).then(function (cache) {
        return cache.match(path, { ignoreSearch: true, ignoreVary: true });
      });
    });
  }

  function offlinePage() {
    return caches.match(config.offline, { ignoreVary: true }).then(function (page) {
      return page || Response.error();
    });
  }

  // Network first; after NETWORK_WAIT (a weak connection) or without a network, the kept copy.
  function page(event, path) {
    var network = fetch(event.request).then(function (response) {
      if (response.ok && response.type === "basic") {
        event.waitUntil(keep(path, response.clone()).catch(function () {}));
      }
      return response;
    });
    var fallback = function () {
      return cachedPage(path).then(function (kept) {
        return kept || network.catch(offlinePage);
      });
    };
    // The kept copy wins when the network answers too late or not at all.
    return new Promise(function (resolve) {
      var done = false;
      var timer = setTimeout(function () {
        if (!done) {
          done = true;
          resolve(fallback());
        }
      }, NETWORK_WAIT);
      network.then(
        function (response) {
          if (!done) {
            done = true;
            clearTimeout(timer);
            resolve(response);
          }
        },
        function () {
          if (!done) {
            done = true;
            clearTimeout(timer);
            resolve(fallback());
          }
        },
      );
    });
  }

  function fromShell(request) {
    return caches.match(request, { ignoreVary: true }).then(function (kept) {
      return kept || fetch(request);
    });
  }

  function catalog(request) {
    return fetch(request)
      .then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(SHELL_CACHE).then(function (cache) {
            cache.put(config.catalog, copy);
          });
        }
        return response;
      })
      .catch(function () {
        return caches.match(config.catalog, { ignoreVary: true }).then(function (kept) {
          return kept || Response.error();
        });
      });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET") {
      return;
    }
    var url = new URL(request.url);
    if (url.origin !== self.location.origin) {
      return;
    }
    if (shell.has(url.pathname) && url.pathname !== config.offline) {
      event.respondWith(fromShell(request));
    } else if (url.pathname === config.catalog) {
      event.respondWith(catalog(request));
    } else if (pages.has(url.pathname) && !url.search) {
      event.respondWith(page(event, url.pathname));
    } else if (request.mode === "navigate" && url.pathname.indexOf(config.scope) === 0) {
      // Another page of the portfolio: not kept, but offline it says so instead of failing.
      event.respondWith(fetch(request).catch(offlinePage));
    }
  });

  // Fetch the kept pages again (for whoever is logged in), so they are up to date offline too.
  function refresh() {
    return Promise.all(
      config.pages.map(function (path) {
        return fetch(path, { credentials: "same-origin", cache: "no-store" })
          .then(function (response) {
            return response.ok && !response.redirected ? keep(path, response) : null;
          })
          .catch(function () {});
      }),
    );
  }

  self.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "refresh") {
      // After sending, or a first visit the worker did not see.
      event.waitUntil(refresh());
    }
  });
})();
