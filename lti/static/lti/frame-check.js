// The LTI login initiation: continue in the LMS's frame when this browser keeps our cookies
// there, otherwise offer the course in a new window (lti/views.py, LoginView).
(function () {
  "use strict";
  var page = document.getElementById("lti-frame-check");
  if (!page) {
    return;
  }
  var next = page.getAttribute("data-continue");
  // Loopback counts as secure for cookies, as in lti/framing.py.
  var secure = location.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].indexOf(location.hostname) !== -1;
  var attributes = "; path=/" + (secure ? "; SameSite=None; Secure; Partitioned" : "");

  function cookiesKept() {
    document.cookie = "lti_cookie_check=1" + attributes;
    var kept = document.cookie.indexOf("lti_cookie_check=1") !== -1;
    document.cookie = "lti_cookie_check=; max-age=0" + attributes;
    return kept;
  }

  var framed;
  try {
    framed = window.self !== window.top;
  } catch (e) {
    framed = true;
  }
  if (!framed || cookiesKept()) {
    window.location.replace(next);
    return;
  }
  document.getElementById("lti-checking").hidden = true;
  document.getElementById("lti-new-window").hidden = false;
})();
