"""Open Badges 2.0: the issuer profile, the badge class and the hosted assertion as JSON-LD.

Every id is a stable public URL on the site's address (``WAGTAILADMIN_BASE_URL``). The badge class
carries the course's study load, EQF level, language and learning outcomes the way SURF's
edubadges express them: extensions named ``extensions:StudyLoadExtension`` and so on, each with
a JSON-LD context and a JSON schema that this site publishes (as edubadges publishes its own, at
``/badges/extensions/<name>/``). The recipient is an e-mail address hashed with a salt
(``sha256$...``); a revoked certificate's assertion says ``revoked`` and the issuer's revocation
list names it.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from leergang.links import absolute_url

from . import services
from .keys import public_pem

CONTEXT = "https://w3id.org/openbadges/v2"
CONTENT_TYPE = "application/ld+json"
OB_NAMESPACE = "https://w3id.org/openbadges#"
EXTENSIONS_NAMESPACE = "https://w3id.org/openbadges/extensions#"
LANGUAGE = "nl_NL"

# name -> (property, JSON type, what it says), in the shape of edubadges' extensions.
EXTENSIONS = {
    "StudyLoadExtension": ("StudyLoad", "number", "The study load of the course in hours."),
    "EQFExtension": (
        "EQF",
        "number",
        "The level of the course in the European Qualifications Framework.",
    ),
    "LanguageExtension": ("Language", "string", "The language of the course."),
    "LearningOutcomeExtension": (
        "LearningOutcome",
        "string",
        "The learning outcomes of the course.",
    ),
}


def url(name, *args):
    return absolute_url(reverse(f"certificates:{name}", args=args))


def issuer_url(cohort_settings):
    return url("issuer", cohort_settings.public_id)


def badge_class_url(cohort_settings):
    return url("badge_class", cohort_settings.public_id)


def assertion_url(certificate):
    return url("assertion", certificate.public_id)


def verify_url(certificate):
    return url("verify", certificate.number)


def key_url(cohort_settings, kid):
    return url("key", cohort_settings.public_id, kid)


def iso(value):
    return timezone.localtime(value, datetime.UTC).isoformat().replace("+00:00", "Z")


# --- extensions --------------------------------------------------------------------------------


def extension_context(name):
    prop = EXTENSIONS[name][0]
    return {
        "@context": {
            "obi": OB_NAMESPACE,
            "extensions": EXTENSIONS_NAMESPACE,
            prop: f"extensions:{prop}",
        },
        "obi:validation": [
            {
                "obi:validatesType": f"extensions:{name}",
                "obi:validationSchema": url("extension_schema", name),
            }
        ],
    }


def extension_schema(name):
    prop, kind, description = EXTENSIONS[name]
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": name,
        "description": description,
        "type": "object",
        "properties": {prop: {"type": kind}},
        "required": [prop],
    }


def _extension(name, value):
    return {
        f"extensions:{name}": {
            "@context": url("extension_context", name),
            "type": ["Extension", f"extensions:{name}"],
            EXTENSIONS[name][0]: value,
        }
    }


# --- documents ---------------------------------------------------------------------------------


def issuer(cohort_settings, kids=()):
    data = {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": issuer_url(cohort_settings),
        "name": cohort_settings.issuer_name,
        "url": cohort_settings.issuer_url,
        "email": cohort_settings.issuer_email,
        "description": cohort_settings.description,
        "revocationList": url("revocations", cohort_settings.public_id),
    }
    if kids:
        data["publicKey"] = [key_url(cohort_settings, kid) for kid in kids]
    return data


def crypto_key(cohort_settings, jwk):
    """A published key, readable both as an Open Badges CryptographicKey and as a JWK."""
    return {
        "@context": CONTEXT,
        "type": "CryptographicKey",
        "id": key_url(cohort_settings, jwk["kid"]),
        "owner": issuer_url(cohort_settings),
        "publicKeyPem": public_pem(jwk),
        **{k: jwk[k] for k in ("kty", "crv", "x", "alg", "use")},
        "kid": jwk["kid"],
    }


def alignments(modules, fallback_url):
    found = []
    for module in modules:
        for number, outcome in enumerate(module.get("outcomes", []), 1):
            found.append(
                {
                    "targetName": outcome,
                    "targetUrl": module.get("url") or fallback_url,
                    "targetDescription": f"{module['title']}, leeruitkomst {number}",
                    "targetFramework": "Leergang Creative Communities",
                }
            )
    return found


def badge_class(cohort_settings, modules=None):
    modules = services.course_modules() if modules is None else modules
    outcomes = "\n".join(f"- {o}" for m in modules for o in m.get("outcomes", []))
    data = {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": badge_class_url(cohort_settings),
        "name": cohort_settings.course_title,
        "description": cohort_settings.description,
        "image": url("badge_image", cohort_settings.public_id),
        "criteria": {"narrative": cohort_settings.criteria},
        "issuer": issuer_url(cohort_settings),
        "alignment": alignments(modules, cohort_settings.issuer_url),
        "tags": ["Creative Communities", "post-hbo", "community work"],
    }
    data.update(_extension("StudyLoadExtension", sum(m.get("hours", 0) for m in modules)))
    data.update(_extension("EQFExtension", cohort_settings.eqf_level))
    data.update(_extension("LanguageExtension", LANGUAGE))
    if outcomes:
        data.update(_extension("LearningOutcomeExtension", outcomes))
    return data


def assertion(certificate):
    """The hosted assertion; a revoked one says so (and an erased one says only that)."""
    data = {"@context": CONTEXT, "type": "Assertion", "id": assertion_url(certificate)}
    if certificate.is_revoked and not certificate.recipient_hash:
        return {**data, "revoked": True, "revocationReason": certificate.revocation_reason}
    data.update(
        {
            "recipient": {
                "type": "email",
                "hashed": True,
                "salt": certificate.recipient_salt,
                "identity": certificate.recipient_hash,
            },
            "badge": badge_class_url(certificate.cohort_settings),
            "verification": {"type": "hosted"},
            "issuedOn": iso(certificate.issued_at),
            "evidence": [
                {
                    "id": verify_url(certificate),
                    "narrative": f"Certificaat {certificate.number}",
                }
            ],
        }
    )
    if certificate.is_revoked:
        data.update({"revoked": True, "revocationReason": certificate.revocation_reason})
    return data


def revocation_list(cohort_settings):
    revoked = cohort_settings.certificates.revoked().order_by("revoked_at", "pk")
    return {
        "@context": CONTEXT,
        "type": "RevocationList",
        "id": url("revocations", cohort_settings.public_id),
        "issuer": issuer_url(cohort_settings),
        "revokedAssertions": [
            {"id": assertion_url(c), "revocationReason": c.revocation_reason} for c in revoked
        ],
    }
