"""Open Badges 3.0: the certificate as a W3C Verifiable Credential (OpenBadgeCredential),
secured as a VC-JWT signed with Ed25519 (EdDSA).

Following Open Badges 3.0 section 8.2 (VC-JWT): the JWT payload is the credential itself, with
the registered claims ``iss`` (issuer id), ``jti`` (credential id) and ``nbf`` (validFrom); the
JOSE header names the key with ``kid``, a URL that answers with the public JWK. Revocation is a
``credentialStatus`` of type ``1EdTechRevocationList`` pointing at the issuer's list. Ed25519
signatures are deterministic, so the same certificate always gives the same token.
"""

import jwt
from django.utils import timezone

from . import keys, openbadges

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ALGORITHM = "EdDSA"
MEDIA_TYPE = "application/jwt"


class InvalidCredential(Exception):
    """The token is not a credential of ours, or its signature does not hold."""


def credential_id(certificate):
    return f"urn:uuid:{certificate.public_id}"


def revocation_list_url(cohort_settings):
    return openbadges.url("revocations_v3", cohort_settings.public_id)


def profile(cohort_settings):
    return {
        "id": openbadges.issuer_url(cohort_settings),
        "type": ["Profile"],
        "name": cohort_settings.issuer_name,
        "url": cohort_settings.issuer_url,
        "email": cohort_settings.issuer_email,
    }


def achievement(certificate):
    cohort_settings = certificate.cohort_settings
    return {
        "id": openbadges.badge_class_url(cohort_settings),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.course_title,
        "description": cohort_settings.description,
        "criteria": {"narrative": cohort_settings.criteria},
        "image": {"id": openbadges.url("badge_image", cohort_settings.public_id), "type": "Image"},
        "inLanguage": "nl",
        "alignment": [
            {"type": ["Alignment"], **a}
            for a in openbadges.alignments(certificate.modules, cohort_settings.issuer_url)
        ],
        "tag": ["Creative Communities", "post-hbo"],
    }


def credential(certificate):
    """The OpenBadgeCredential of a certificate (unsigned)."""
    cohort_settings = certificate.cohort_settings
    return {
        "@context": [VC_CONTEXT, OB3_CONTEXT],
        "id": credential_id(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{certificate.course_title} ({certificate.number})",
        "issuer": profile(cohort_settings),
        "validFrom": openbadges.iso(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": certificate.recipient_hash,
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": certificate.recipient_salt,
                }
            ],
            "achievement": achievement(certificate),
        },
        "credentialStatus": {
            "id": revocation_list_url(cohort_settings),
            "type": "1EdTechRevocationList",
        },
    }


def sign(certificate):
    """The credential as a compact VC-JWT."""
    private_key, jwk = keys.signing_key()
    payload = credential(certificate)
    payload.update(
        {
            "iss": payload["issuer"]["id"],
            "jti": payload["id"],
            "nbf": int(certificate.issued_at.timestamp()),
        }
    )
    headers = {"kid": openbadges.key_url(certificate.cohort_settings, jwk["kid"]), "typ": "JWT"}
    return jwt.encode(payload, private_key, algorithm=ALGORITHM, headers=headers)


def verify(token, jwk):
    """The payload of ``token`` if ``jwk`` signed it, else InvalidCredential."""
    try:
        return jwt.decode(
            token,
            keys.public_key_from_jwk(jwk),
            algorithms=[ALGORITHM],
            options={"require": ["iss", "jti", "nbf"], "verify_aud": False},
            leeway=60,
        )
    except (jwt.PyJWTError, ValueError, KeyError) as exc:
        raise InvalidCredential(str(exc)) from exc


def revocation_list(cohort_settings):
    """The issuer's 1EdTech revocation list for credentialStatus."""
    revoked = cohort_settings.certificates.revoked().order_by("revoked_at", "pk")
    return {
        "id": revocation_list_url(cohort_settings),
        "issuer": openbadges.issuer_url(cohort_settings),
        "updated": openbadges.iso(timezone.now()),
        "revokedCredentials": [
            {
                "id": credential_id(c),
                "revocationReason": c.revocation_reason,
                "revocationDate": openbadges.iso(c.revoked_at),
            }
            for c in revoked
        ],
    }
