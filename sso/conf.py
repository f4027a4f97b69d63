"""The OpenID Connect provider as configured from the environment, and its discovery document.

Nothing here reaches the network unless LEERGANG_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET are
all set: without them the login page shows no button and every SSO URL answers 404.
"""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

DISCOVERY_PATH = "/.well-known/openid-configuration"
DISCOVERY_SECONDS = 3600
TIMEOUT = 10


class DiscoveryError(Exception):
    """The provider's discovery document could not be fetched or is not trustworthy."""


def issuer():
    return (getattr(settings, "LEERGANG_OIDC_ISSUER", "") or "").rstrip("/")


def client_id():
    return getattr(settings, "LEERGANG_OIDC_CLIENT_ID", "") or ""


def client_secret():
    return getattr(settings, "LEERGANG_OIDC_CLIENT_SECRET", "") or ""


def scopes():
    return getattr(settings, "LEERGANG_OIDC_SCOPES", "") or "openid profile email"


def label():
    return getattr(settings, "LEERGANG_OIDC_LABEL", "") or "Inloggen met SURFconext of eduID"


def enabled():
    return bool(issuer() and client_id() and client_secret())


def metadata():
    """The provider's discovery document, cached for an hour.

    Its ``issuer`` must equal the configured one exactly (OpenID Connect Discovery 1.0, 4.3):
    otherwise a document served elsewhere could point us at another provider's keys.
    """
    key = f"sso:discovery:{issuer()}"
    found = cache.get(key)
    if found:
        return found
    try:
        response = requests.get(issuer() + DISCOVERY_PATH, timeout=TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        logger.warning("OpenID discovery failed for %s: %s", issuer(), exc)
        raise DiscoveryError(str(exc)) from exc
    if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != issuer():
        raise DiscoveryError("issuer in the discovery document differs from the configured one")
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not document.get(name):
            raise DiscoveryError(f"discovery document lacks {name}")
    cache.set(key, document, DISCOVERY_SECONDS)
    return document


def library_settings():
    """The mozilla-django-oidc settings, derived from ours and the discovery document."""
    document = metadata()
    return {
        "OIDC_RP_CLIENT_ID": client_id(),
        "OIDC_RP_CLIENT_SECRET": client_secret(),
        "OIDC_RP_SCOPES": scopes(),
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": document["authorization_endpoint"],
        "OIDC_OP_TOKEN_ENDPOINT": document["token_endpoint"],
        "OIDC_OP_USER_ENDPOINT": document.get("userinfo_endpoint"),
        "OIDC_OP_JWKS_ENDPOINT": document["jwks_uri"],
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_USE_NONCE": True,
        "OIDC_TIMEOUT": TIMEOUT,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso:callback",
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_CREATE_USER": False,
    }


def end_session_url(post_logout_redirect_uri):
    """The provider's RP-initiated logout URL, or "" when it has none."""
    if not enabled():
        return ""
    try:
        endpoint = metadata().get("end_session_endpoint")
    except DiscoveryError:
        return ""
    if not endpoint:
        return ""
    query = urlencode(
        {"client_id": client_id(), "post_logout_redirect_uri": post_logout_redirect_uri}
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
