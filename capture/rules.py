"""The privacy check's rules as data, for the phone.

The server's check (``portfolio.privacy``) stays the one source: this module reads its compiled
patterns and ships their *source* to the browser, with their flags, the name of the extra check
a match must pass (the elfproef for BSNs, mod 97 for IBANs, a house number for postcodes) and
the participant's own real names. ``capture/static/capture/privacy.js`` applies the set the way
``portfolio.privacy.scan_text`` does; ``tests/capture/test_rules.py`` runs both on a table of
samples (in node and in Chromium) and requires the same findings.

Python's ``\\w``, ``\\d``, ``\\s`` and ``\\b`` are Unicode-aware and JavaScript's are not, so the
set also carries the exact characters Python's ``re`` counts as word characters, digits and
white space (computed from ``re`` itself), and the engine expands the escapes with them.
"""

import array
import functools
import re
import sys

from django.utils.translation import gettext as _

from portfolio import privacy
from portfolio.models import PrivacyFinding

VERSION = 1
Kind = PrivacyFinding.Kind

# In the order portfolio.privacy.scan_text applies them (ties between equal matches go to the
# first): the order is part of the rules.
RULES = (
    (Kind.EMAIL, privacy.EMAIL_RE, None),
    (Kind.IBAN, privacy.IBAN_RE, "iban"),
    (Kind.PHONE, privacy.PHONE_RE, None),
    (Kind.BSN, privacy.BSN_RE, "elfproef"),
    (Kind.POSTCODE, privacy.POSTCODE_RE, "postcode_house_number"),
    (Kind.ADDRESS, privacy.ADDRESS_RE, None),
)
# scan_text's test that a postcode match carries a house number (written inline there).
POSTCODE_HOUSE_NUMBER = r"\d\s*[a-zA-Z]?$"

_SUPPORTED_FLAGS = re.UNICODE | re.IGNORECASE


def _flags(pattern):
    extra = pattern.flags & ~_SUPPORTED_FLAGS
    if extra:
        raise ValueError(f"flags {extra!r} of {pattern.pattern!r} have no JavaScript equivalent")
    return "i" if pattern.flags & re.IGNORECASE else ""


def name_pattern(name):
    """The pattern scan_text builds for one real name."""
    return rf"(?<!\w){re.escape(name)}(?!\w)"


@functools.cache
def _every_character():
    """All code points but the surrogates, as one string (built in C: a fraction of a second)."""
    codes = array.array("I", range(0xD800))
    codes.extend(range(0xE000, sys.maxunicode + 1))
    return codes.tobytes().decode(f"utf-32-{'le' if sys.byteorder == 'little' else 'be'}")


def _ranges(pattern):
    text = _every_character()
    ranges = []
    for match in re.finditer(pattern, text):
        start, end = ord(match.group()[0]), ord(match.group()[-1])
        # A run of matching characters may span the surrogate gap, which is not in ``text``.
        if start < 0xD800 < end:
            ranges.extend([[start, 0xD7FF], [0xE000, end]])
        else:
            ranges.append([start, end])
    return ranges


@functools.cache
def unicode_classes():
    """What Python's ``re`` counts as ``\\w``, ``\\d`` and ``\\s``: [[first, last], ...]."""
    return {"w": _ranges(r"\w+"), "d": _ranges(r"\d+"), "s": _ranges(r"\s+")}


def rule_set(names=()):
    """The whole rule set for one participant (their real names included): JSON-ready."""
    labels = dict(Kind.choices)
    rules = [
        {
            "kind": kind.value,
            "label": str(labels[kind]),
            "hint": privacy.PSEUDONYM_HINTS[kind],
            "pattern": pattern.pattern,
            "flags": _flags(pattern),
            "check": check,
        }
        for kind, pattern, check in RULES
    ]
    for name in names:
        name = name.strip()
        if len(name) < 2:
            continue
        rules.append(
            {
                "kind": Kind.NAME.value,
                "label": str(labels[Kind.NAME]),
                "hint": privacy.PSEUDONYM_HINTS[Kind.NAME],
                "pattern": name_pattern(name),
                "flags": "i",
                "check": None,
            }
        )
    return {
        "version": VERSION,
        "rules": rules,
        "checks": {"postcode_house_number": POSTCODE_HOUSE_NUMBER},
        "classes": unicode_classes(),
        "message": _("This looks like personal data of a resident."),
    }


def rule_set_for(portfolio):
    return rule_set(privacy.real_names(portfolio))
