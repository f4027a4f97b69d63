"""One login path, and a lock-out that stops guessing without locking owners out (issue 13.3).

The policy (leergang/lockout.py): per 15 minutes, 5 failures for one account from one address,
20 failures from one address over all accounts, 50 failures for one account from everywhere;
attempts refused during a lock-out are not counted again.
"""

import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import RequestFactory

from demo.factories.leergang import ParticipantFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
RIGHT = "leergang-demo"
LOCKED = "Te veel pogingen"


def page_text(response):
    """The page without its CSRF tokens, which differ on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def attempt(client, email, password="fout", ip="198.51.100.1", **extra):  # noqa: S107
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip, **extra)


def logs_in(client, email, ip, **extra):
    response = attempt(client, email, RIGHT, ip, **extra)
    ok = response.status_code == 302 and "_auth_user_id" in client.session
    client.logout()
    return ok


def test_admin_login_redirects_to_the_site_form_and_keeps_next(client, participant):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"
    # The admin sends anonymous visitors to the site's form too, and they come back.
    assert client.get("/admin/")["Location"] == "/accounts/login/?next=/admin/"
    # Posting credentials to the old admin form logs nobody in and counts nothing.
    posted = client.post("/admin/login/", {"username": participant.email, "password": RIGHT})
    assert posted.status_code == 302 and "_auth_user_id" not in client.session
    assert client.get("/admin/password_reset/")["Location"] == "/accounts/password/reset/"
    # Wagtail's login for private pages, too.
    assert client.get("/_util/login/?next=/geheim/")["Location"] == "/accounts/login/?next=/geheim/"


def test_trainer_logs_in_on_the_site_form_and_lands_in_the_admin(client, trainer):
    response = client.post(
        "/accounts/login/?next=/admin/", {"username": "Trainer@Example.org", "password": RIGHT}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_logged_in_participant_sent_from_the_admin_sees_the_form_not_a_loop(client, participant):
    client.force_login(participant)
    response = client.get("/accounts/login/?next=/admin/")
    assert response.status_code == 200
    assert "geen toegang" in response.content.decode()


def test_five_failures_in_any_spelling_lock_the_account(client, participant):
    """Every path that authenticates counts the normalised address, not only our form."""
    factory = RequestFactory()
    for variant in ["Deelnemer@example.org", "DEELNEMER@EXAMPLE.ORG", " deelnemer@Example.org"]:
        request = factory.post(LOGIN, REMOTE_ADDR="198.51.100.1")
        assert authenticate(request, username=variant, password="fout") is None
    attempt(client, "deelnemer@example.ORG")
    attempt(client, "dEelnemer@example.org")
    response = attempt(client, "Deelnemer@Example.Org", RIGHT)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_and_known_address_get_the_same_answer(client, participant):
    known = attempt(client, "deelnemer@example.org", ip="198.51.100.1")
    unknown = attempt(client, "niemand@example.org", ip="198.51.100.2")
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors
    for _ in range(4):
        attempt(client, "deelnemer@example.org", ip="198.51.100.1")
        attempt(client, "niemand@example.org", ip="198.51.100.2")
    known = attempt(client, "deelnemer@example.org", ip="198.51.100.1")
    unknown = attempt(client, "niemand@example.org", ip="198.51.100.2")
    assert known.status_code == unknown.status_code == 429
    assert page_text(known) == page_text(unknown)


def test_an_attacker_does_not_lock_the_owner_out_at_home(client, participant):
    attacker, owner = "203.0.113.9", "198.51.100.20"
    for _ in range(5):
        attempt(client, participant.email, ip=attacker)
    assert attempt(client, participant.email, RIGHT, attacker).status_code == 429
    # Hammering on while locked neither counts nor spills over to the owner's address.
    for _ in range(60):
        attempt(client, participant.email, ip=attacker)
    assert logs_in(client, participant.email, owner)


def test_a_guess_spread_over_many_addresses_locks_the_account_until_a_new_password(
    client, participant
):
    for n in range(10):  # 10 addresses x 5 failures = the account-wide limit of 50
        for _ in range(5):
            attempt(client, participant.email, ip=f"192.0.2.{n + 1}")
    assert not logs_in(client, participant.email, "198.51.100.20")
    # "Forgot your password?" lifts it: the guesses were at the old password.
    client.post("/accounts/password/reset/", {"email": participant.email})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/reset/" in line)
    path = "/" + link.split("/", 3)[3]
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Wijk-42-Buurt", "new_password2": "Wijk-42-Buurt"})
    response = attempt(client, participant.email, "Wijk-42-Buurt", "198.51.100.20")
    assert response.status_code == 302


def test_password_spraying_from_one_address_is_stopped(client):
    accounts = [ParticipantFactory(email=f"spray{n}@example.org") for n in range(25)]
    answers = [attempt(client, a.email, ip="203.0.113.50").status_code for a in accounts]
    assert answers[:19] == [200] * 19
    assert set(answers[19:]) == {429}  # the 20th failure locks the address
    assert not logs_in(client, accounts[-1].email, "203.0.113.50")
    assert logs_in(client, accounts[-1].email, "198.51.100.77")


def test_a_successful_login_forgets_that_accounts_failures_from_there(client, participant):
    for _ in range(2):
        for _ in range(4):
            attempt(client, participant.email, ip="198.51.100.40")
        assert logs_in(client, participant.email, "198.51.100.40")


def test_logging_in_to_ones_own_account_does_not_reset_spraying(client, participant):
    others = [ParticipantFactory(email=f"spray{n}@example.org") for n in range(21)]
    for account in others[:19]:
        attempt(client, account.email, ip="203.0.113.50")
    assert logs_in(client, participant.email, "203.0.113.50")
    assert attempt(client, others[19].email, ip="203.0.113.50").status_code == 429


def test_proxy_header_is_ignored_without_trusted_proxies(client, participant, settings):
    settings.LEERGANG_TRUSTED_PROXIES = 0
    for n in range(5):  # a forged header per attempt does not make a new client
        attempt(client, participant.email, ip="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = attempt(
        client, participant.email, RIGHT, "10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_visitor_has_their_own_count(client, participant, settings):
    settings.LEERGANG_TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"  # every request arrives from the proxy
    for n in range(5):
        # What the attacker puts in the header themselves is left of what the proxy appends.
        forged = f"192.0.2.{n}, 203.0.113.9"
        attempt(client, participant.email, ip=proxy, HTTP_X_FORWARDED_FOR=forged)
    locked = attempt(
        client, participant.email, RIGHT, proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert locked.status_code == 429
    assert logs_in(client, participant.email, proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")


def test_login_posts_are_rate_limited_per_address(client, participant, settings):
    settings.LEERGANG_RATE_LIMITS = {**settings.LEERGANG_RATE_LIMITS, "login-ip": (3, 900)}
    for _ in range(3):
        assert logs_in(client, participant.email, "198.51.100.30")
    response = attempt(client, participant.email, RIGHT, "198.51.100.30")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert logs_in(client, participant.email, "198.51.100.31")
