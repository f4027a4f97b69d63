"""Who is asking (the client's address behind our proxies) and how often (rate limits).

The login lock-out itself is django-axes with the rules in ``leergang.lockout``; this module
adds plain request-rate limits in Django's cache for what axes does not count: every POST to
the login form, and the e-mails we send on request (password reset, invitation, e-mail change).

With more than one server process, use a shared cache (``REDIS_URL``): a local-memory cache
counts per process.
"""

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)


def client_ip(request):
    """The client's address, taken from ``X-Forwarded-For`` only behind trusted proxies.

    With ``LEERGANG_TRUSTED_PROXIES = n`` (the number of reverse proxies in front of Django,
    each appending the address it received the request from), the client is the n-th entry
    from the right; everything left of it was sent by the client and may be forged. With 0,
    or a header shorter than that, it is the connection's own address (REMOTE_ADDR).

    An IPv6 client is counted by its /64 network: one subscriber usually gets a whole /64 and
    could otherwise step to a fresh address for every attempt.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    candidate = remote
    proxies = int(getattr(settings, "LEERGANG_TRUSTED_PROXIES", 0) or 0)
    if proxies > 0:
        header = request.META.get(settings.LEERGANG_PROXY_HEADER, "")
        hops = [hop.strip() for hop in header.split(",") if hop.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        if candidate == remote:
            return remote or None
        log.warning("Unusable client address %r in the proxy header; using REMOTE_ADDR", candidate)
        return remote or None
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _limit(name):
    return settings.LEERGANG_RATE_LIMITS.get(name)


def _key(name, subject):
    digest = hashlib.sha256(f"{name}\0{subject}".encode()).hexdigest()
    return f"leergang-rate:{name}:{digest}"


def hit(name, subject):
    """Count one request of ``subject`` against limit ``name``; False once it is over the limit.

    Fixed windows: the first request opens a window of the configured length, and the count
    starts again after it. A limit set to None is off.
    """
    limit = _limit(name)
    if not limit or subject is None:
        return True
    allowed, window = limit
    key = _key(name, subject)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        count = 1
    if count > allowed:
        log.warning("Rate limit %s reached (%d requests in %d s)", name, count, window)
        return False
    return True


def exhausted(name, subject):
    """Whether the next request of ``subject`` would be refused, without counting it."""
    limit = _limit(name)
    if not limit or subject is None:
        return False
    allowed, _window = limit
    return (cache.get(_key(name, subject)) or 0) >= allowed


def window(name):
    """The length in seconds of limit ``name``'s window (for a ``Retry-After`` header)."""
    limit = _limit(name)
    return limit[1] if limit else 0
