"""Certificate numbers: short enough to type from paper, random enough not to be guessed.

A number reads ``CC-2017-7K3MQ-9QXAB``: the course, the year of issue and ten characters of
Crockford's base32 (no I, L, O or U), 50 random bits. Nobody finds a certificate by counting
or guessing; typing mistakes between look-alike characters are forgiven on input.
"""

import re
import secrets

PREFIX = "CC"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_CHARS = 10
# What people type for the characters Crockford's alphabet leaves out.
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_SHAPE = re.compile(rf"^{PREFIX}(\d{{4}})([{ALPHABET}]{{{RANDOM_CHARS}}})$")
MAX_INPUT = 64


def generate(year):
    random_part = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    half = RANDOM_CHARS // 2
    return f"{PREFIX}-{int(year):04d}-{random_part[:half]}-{random_part[half:]}"


def normalise(value):
    """The canonical form of what someone typed, or "" when it cannot be a number.

    Spaces, dashes and case do not matter, nor O for 0 or I/L for 1."""
    raw = re.sub(r"[\s\-–—_.]", "", str(value or "")[:MAX_INPUT]).upper()
    if not raw.startswith(PREFIX):
        return ""
    match = _SHAPE.match(PREFIX + raw[len(PREFIX) :].translate(_LOOK_ALIKES))
    if not match:
        return ""
    year, random_part = match.groups()
    half = RANDOM_CHARS // 2
    return f"{PREFIX}-{year}-{random_part[:half]}-{random_part[half:]}"
