"""Settings that make several app servers behave as one: Argon2id passwords, Redis cache and sessions."""

import os
import socket

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from demo.factories.leergang import ParticipantFactory
from leergang.settings import base

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("LEERGANG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available():
    host, port = REDIS_URL.split("//", 1)[1].split("/", 1)[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=0.5).close()
    except OSError:
        return False
    return True


needs_redis = pytest.mark.skipif(
    not redis_available() and not os.environ.get("LEERGANG_REQUIRE_REDIS"),
    reason=f"no Redis at {REDIS_URL} (CI sets LEERGANG_REQUIRE_REDIS and has one)",
)


def login(client, email):
    return client.post(reverse("login"), {"username": email, "password": "leergang-demo"})


def test_passwords_are_hashed_with_argon2id_first():
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        encoded = make_password("leergang-demo")
    # Argon2id at OWASP's parameters: 19 MiB, 2 iterations, 1 lane.
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_old_pbkdf2_hash_is_upgraded_at_the_next_login(client):
    user = ParticipantFactory(email="oud@example.org")
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        user.password = make_password(
            "leergang-demo", hasher="pbkdf2_sha256"
        )  # as stored before Argon2
        user.save()
        assert login(client, user.email).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@needs_redis
def test_with_redis_a_login_on_one_server_holds_on_the_other():
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"leergang-test-{os.getpid()}",
        }
    }
    user = ParticipantFactory(email="twee-servers@example.org")
    with override_settings(
        CACHES=redis, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        first, second = Client(), Client()
        assert login(first, user.email).status_code == 302
        key = first.cookies[settings.SESSION_COOKIE_NAME].value
        # The session is in Redis (and written through to the database).
        assert caches["default"].get(f"django.contrib.sessions.cached_db{key}")
        second.cookies[settings.SESSION_COOKIE_NAME] = key
        page = second.get("/mijn-leergang/")
        assert page.status_code == 200
        assert user.get_full_name() in page.content.decode()
        # Redis restarted (emptied of this session; a flush would also empty what another
        # test process keeps there): the database copy keeps the participant logged in.
        caches["default"].delete(f"django.contrib.sessions.cached_db{key}")
        assert second.get("/mijn-leergang/").status_code == 200
