"""Authentication backends: the OpenID Connect login, and the rule that a role must use it.

mozilla-django-oidc does the code flow (state, nonce, PKCE, token exchange, key lookup). We
add what it leaves out or does differently: issuer, audience and expiry are required and
checked on the ID token, the userinfo answer must be about the same subject, and the account
is found by (issuer, subject) through :mod:`sso.linking`, never by e-mail.
"""

import jwt
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from . import conf, linking
from .models import ExternalIdentity, SSOSettings

LEEWAY_SECONDS = 30


class TokenRefused(Exception):
    """The provider's answer is not to be trusted; ``reason`` picks the Dutch message."""

    SIGNATURE = "signature"
    EXPIRED = "expired"
    ISSUER = "issuer"
    AUDIENCE = "audience"
    NONCE = "nonce"
    CODE = "code"
    PROVIDER = "provider"

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def oidc_setting(attr, *args):
    values = conf.library_settings()
    if attr in values:
        return values[attr]
    return import_from_settings(attr, *args)


def _text(value):
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


def claims_from(payload, userinfo):
    """Our claims from the ID token and the userinfo answer (SURFconext's claim names)."""
    merged = {**userinfo, **payload}
    affiliations = merged.get("eduperson_affiliation") or merged.get(
        "eduperson_scoped_affiliation", []
    )
    if isinstance(affiliations, str):
        affiliations = [affiliations]
    email = _text(merged.get("email")) if merged.get("email_verified") is True else ""
    return linking.ExternalClaims(
        source=ExternalIdentity.OIDC,
        issuer=payload["iss"],
        subject=payload["sub"],
        name=_text(merged.get("name")),
        given_name=_text(merged.get("given_name")),
        family_name=_text(merged.get("family_name")),
        email=email.strip().lower(),
        principal_name=_text(merged.get("eduperson_principal_name")),
        home_organization=_text(merged.get("schac_home_organization")),
        affiliations=tuple(a for a in affiliations if isinstance(a, str)),
    )


class OIDCBackend(OIDCAuthenticationBackend):
    """Logs in through SURFconext / eduID. Active only from our own callback view."""

    def __init__(self, *args, **kwargs):
        # The parent reads every endpoint here; we read them lazily, so that building the
        # backend for a password login never fetches the discovery document.
        self.UserModel = get_user_model()

    get_settings = staticmethod(oidc_setting)

    def _configure(self):
        values = conf.library_settings()
        self.OIDC_OP_TOKEN_ENDPOINT = values["OIDC_OP_TOKEN_ENDPOINT"]
        self.OIDC_OP_USER_ENDPOINT = values["OIDC_OP_USER_ENDPOINT"]
        self.OIDC_OP_JWKS_ENDPOINT = values["OIDC_OP_JWKS_ENDPOINT"]
        self.OIDC_RP_CLIENT_ID = values["OIDC_RP_CLIENT_ID"]
        self.OIDC_RP_CLIENT_SECRET = values["OIDC_RP_CLIENT_SECRET"]
        self.OIDC_RP_SIGN_ALGO = values["OIDC_RP_SIGN_ALGO"]
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, oidc_callback=False, nonce=None, code_verifier=None, **kw):
        if not oidc_callback or request is None or not conf.enabled():
            return None
        self._configure()
        return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)

    def get_token(self, payload):
        try:
            return super().get_token(payload)
        except Exception as exc:  # the provider refused the code (used, expired, not ours)
            raise TokenRefused(TokenRefused.CODE) from exc

    def _verify_jws(self, payload, key):
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.PyJWTError as exc:
            raise TokenRefused(TokenRefused.SIGNATURE) from exc
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise TokenRefused(TokenRefused.SIGNATURE)
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=conf.issuer(),
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenRefused(TokenRefused.EXPIRED) from exc
        except jwt.InvalidIssuerError as exc:
            raise TokenRefused(TokenRefused.ISSUER) from exc
        except jwt.InvalidAudienceError as exc:
            raise TokenRefused(TokenRefused.AUDIENCE) from exc
        except jwt.PyJWTError as exc:
            raise TokenRefused(TokenRefused.SIGNATURE) from exc
        audience = claims["aud"]
        several = isinstance(audience, list) and len(audience) > 1
        if several and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise TokenRefused(TokenRefused.AUDIENCE)
        return claims

    def retrieve_matching_jwk(self, token):
        """The provider's key for this token: by ``kid``, or its only RSA signing key when
        the token names none (allowed by OpenID Connect Core 10.1 when there is one key)."""
        try:
            header = jwt.get_unverified_header(token)
            response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=conf.TIMEOUT)
            response.raise_for_status()
            keys = [
                k
                for k in response.json().get("keys", [])
                if k.get("kty") == "RSA"
                and k.get("use", "sig") == "sig"
                and k.get("alg", header.get("alg")) == header.get("alg")
            ]
        except (jwt.PyJWTError, requests.RequestException, ValueError, AttributeError) as exc:
            raise TokenRefused(TokenRefused.SIGNATURE) from exc
        if "kid" in header:
            keys = [k for k in keys if k.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise TokenRefused(TokenRefused.SIGNATURE)
        return jwt.PyJWK(keys[0])

    def verify_token(self, token, **kwargs):
        if not token:
            raise TokenRefused(TokenRefused.PROVIDER)
        payload = self.get_payload_data(token, self.retrieve_matching_jwk(token))
        if payload.get("nonce") != kwargs.get("nonce"):
            raise TokenRefused(TokenRefused.NONCE)
        return payload

    def get_user(self, user_id):
        # Django's check (a closed account's session ends), not the library's plain lookup.
        return ModelBackend.get_user(self, user_id)

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = {}
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            try:
                userinfo = self.get_userinfo(access_token, id_token, payload)
            except Exception as exc:
                raise TokenRefused(TokenRefused.PROVIDER) from exc
            if userinfo.get("sub") != payload["sub"]:  # OpenID Connect Core 5.3.4
                raise TokenRefused(TokenRefused.PROVIDER)
        return linking.resolve(self.request, claims_from(payload, userinfo))


class SSORequiredBackend(ModelBackend):
    """Before the password backend: refuses a correct password when the role must use SSO.

    Raising PermissionDenied stops Django from asking the next backend. The login page reads
    ``request.sso_required`` to say why (only after a correct password: no account probing).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or username is None or password is None or not conf.enabled():
            return None
        user = get_user_model()._default_manager.filter(email__iexact=username).first()
        if user is None or not SSOSettings.load().requires_sso(user):
            return None
        if user.check_password(password):
            request.sso_required = True
            raise PermissionDenied
        return None
