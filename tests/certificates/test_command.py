import io

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command

from certificates import keys

pytestmark = pytest.mark.django_db


def test_the_command_prints_a_new_key_and_lists_the_published_ones():
    out = io.StringIO()
    call_command("badge_signing_key", "--new", stdout=out)
    key = serialization.load_pem_private_key(out.getvalue().encode(), password=None)
    assert key.public_key()
    _private, jwk = keys.signing_key()
    out = io.StringIO()
    call_command("badge_signing_key", stdout=out)
    assert jwk["kid"] in out.getvalue()
