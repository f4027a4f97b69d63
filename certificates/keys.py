"""The Ed25519 key that signs Open Badges 3.0 credentials, and its published public half.

Production: put a PEM private key in ``LEERGANG_BADGE_SIGNING_KEY`` (setting or environment
variable; ``manage.py badge_signing_key --new`` prints one). Its private half never enters the
database. Without it, a key pair is generated once, on first use, and kept in the database
(``SigningKey``): fine for development and the demo, and it travels with the backups.

Every key ever used stays published (its ``kid`` is a JWK thumbprint, RFC 7638), so credentials
signed before a change of key keep verifying.
"""

import base64
import hashlib
import json
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import IntegrityError, transaction

from .models import SigningKey

SETTING = "LEERGANG_BADGE_SIGNING_KEY"


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def public_jwk(public_key):
    """The public key as a JWK (OKP, Ed25519) with its RFC 7638 thumbprint as ``kid``."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    jwk = {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}
    canonical = json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return {**jwk, "kid": _b64url(hashlib.sha256(canonical).digest()), "alg": "EdDSA", "use": "sig"}


def public_key_from_jwk(jwk):
    padded = jwk["x"] + "=" * (-len(jwk["x"]) % 4)
    return Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(padded))


def public_pem(jwk):
    return (
        public_key_from_jwk(jwk)
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def new_private_pem():
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode("ascii")
    )


def _load_private(pem):
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{SETTING} must hold an Ed25519 private key")
    return key


def _configured_pem():
    return (getattr(settings, SETTING, "") or os.environ.get(SETTING, "")).strip()


def signing_key():
    """(private key, published JWK) to sign with now."""
    configured = _configured_pem()
    if configured:
        private = _load_private(configured)
        jwk = public_jwk(private.public_key())
        # Publish it (public half only) so that it stays verifiable after a change of key.
        SigningKey.objects.get_or_create(kid=jwk["kid"], defaults={"public_jwk": jwk})
        return private, jwk
    row = SigningKey.objects.exclude(private_pem="").order_by("-created_at", "-pk").first()
    if row is None:
        row = _generate()
    return _load_private(row.private_pem), row.public_jwk


def _generate():
    pem = new_private_pem()
    jwk = public_jwk(_load_private(pem).public_key())
    try:
        with transaction.atomic():
            return SigningKey.objects.create(kid=jwk["kid"], public_jwk=jwk, private_pem=pem)
    except IntegrityError:  # pragma: no cover - a thumbprint collision cannot happen
        return SigningKey.objects.get(kid=jwk["kid"])


def published_jwk(kid):
    """The public JWK with this ``kid``, or None."""
    row = SigningKey.objects.filter(kid=kid).first()
    return row.public_jwk if row else None


def published_jwks():
    return [row.public_jwk for row in SigningKey.objects.order_by("created_at", "pk")]
