"""A requests session that arrives as the production reverse proxy hands a visitor on.

Production runs behind a TLS-terminating proxy that sets ``X-Forwarded-Proto: https`` and appends
the visitor's address to ``X-Forwarded-For`` (LEERGANG_TRUSTED_PROXIES=1). bench/load.py plays
that proxy for its simulated users on 127.0.0.1: each gets its own client address, so the
per-address login limits count each user apart, as they would for real visitors; the cookie jar
sends ``Secure`` cookies to the loopback address (as browsers do for localhost) and forms are
posted with the https Referer a browser would send. No locust import here: bench/load.py uses it
from plain threads.
"""

import itertools
import os
import re
import threading

BEHIND_PROXY = os.environ.get("LOAD_BEHIND_PROXY") == "1"
_counter = itertools.count()
_lock = threading.Lock()


def next_address():
    """A fresh client address (10.77.0.0/16, never a real visitor's)."""
    with _lock:
        n = next(_counter)
    return f"10.77.{n // 250 % 250}.{n % 250 + 1}"


SECURE = re.compile(r";\s*secure\b", re.IGNORECASE)


def keep_secure_cookies(response, *args, **kwargs):
    """A response hook: a ``Secure`` cookie from 127.0.0.1 is kept and sent back over plain HTTP
    (browsers treat localhost as a secure origin; requests' cookie jar does not, and a fresh jar
    per request ignores any policy set on the session's). It runs before the jar reads them."""
    original = getattr(response.raw, "_original_response", None)
    message = getattr(original, "msg", None)
    values = message.get_all("Set-Cookie") if message is not None else None
    if values:
        del message["Set-Cookie"]
        for value in values:
            message["Set-Cookie"] = SECURE.sub("", value)
    return response


def behind_proxy(session, address=None):
    """Make a requests session arrive as through the production proxy."""
    session.hooks["response"].append(keep_secure_cookies)
    session.headers["X-Forwarded-Proto"] = "https"
    session.headers["X-Forwarded-For"] = address or next_address()
    return session


def referer(url):
    """The Referer a browser sends for a form at ``url`` (https behind the proxy)."""
    if BEHIND_PROXY and url.startswith("http://"):
        return "https://" + url[len("http://") :]
    return url
