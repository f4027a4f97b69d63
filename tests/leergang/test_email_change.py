"""The login e-mail changes only through a link sent to the new address (issue 13.4)."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from leergang.models import User

pytestmark = pytest.mark.django_db

ACCOUNT = "/admin/account/"


def account_form(user, **changes):
    """What the Wagtail account page posts when only ``changes`` were edited."""
    data = {
        "name_email-first_name": user.first_name or "Voornaam",
        "name_email-last_name": user.last_name or "Achternaam",
        "login_email-email": user.email,
        "locale-preferred_language": "nl",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-contrast": "system",
        "theme-density": "default",
    }
    data.update(changes)
    return data


def confirmation_path(message):
    url = re.search(r"https?://\S+/accounts/email/confirm/\S+/", message.body).group(0)
    return "/" + url.split("/", 3)[3]


def test_a_new_address_is_used_only_after_its_link_is_followed_once(
    client, trainer, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ACCOUNT, account_form(trainer, **{"login_email-email": "Nieuw.Adres@Example.org"})
        )
    assert response.status_code == 302
    trainer.refresh_from_db()
    assert trainer.email == "trainer@example.org"  # nothing changed yet
    to_new, to_old = mail.outbox
    assert to_new.to == ["nieuw.adres@example.org"]
    assert to_old.to == ["trainer@example.org"]
    assert "nieuw.adres@example.org" in to_old.body and "/accounts/email/" not in to_old.body
    path = confirmation_path(to_new)
    page = client.get(path)
    assert "Bevestig je nieuwe e-mailadres" in page.content.decode()
    trainer.refresh_from_db()
    assert trainer.email == "trainer@example.org"  # opening the link changes nothing
    client.logout()
    done = client.post(path)
    assert "Je e-mailadres is gewijzigd" in done.content.decode()
    trainer.refresh_from_db()
    assert trainer.email == "nieuw.adres@example.org"
    again = client.post(path)
    assert "werkt niet meer" in again.content.decode()
    assert "werkt niet meer" in client.get(path).content.decode()


def test_wagtails_own_email_field_no_longer_changes_the_address(client, guild_member):
    client.force_login(guild_member)
    client.post(
        ACCOUNT, account_form(guild_member, **{"name_email-email": "aanvaller@example.org"})
    )
    guild_member.refresh_from_db()
    assert guild_member.email == "gildelid@example.org"


@pytest.mark.parametrize("taken", ["GILDELID@example.org", "gildelid@example.org"])
def test_an_address_of_another_account_is_a_form_error(client, trainer, guild_member, taken):
    client.force_login(trainer)
    # Both the old field name and the new one: before the fix the old one answered with a 500.
    response = client.post(
        ACCOUNT, account_form(trainer, **{"name_email-email": taken, "login_email-email": taken})
    )
    assert response.status_code == 200
    assert "al in gebruik" in response.content.decode()
    assert taken in response.content.decode()  # what was typed stays in the field
    trainer.refresh_from_db()
    assert trainer.email == "trainer@example.org"
    assert mail.outbox == []


def test_the_link_expires_and_cannot_be_forged(
    client, trainer, settings, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ACCOUNT, account_form(trainer, **{"login_email-email": "nieuw@example.org"}))
    path = confirmation_path(mail.outbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    payload, stamp, signature = token.split(":")
    forged = path.replace(token, f"{payload}x:{stamp}:{signature}")
    assert "werkt niet meer" in client.post(forged).content.decode()
    settings.LEERGANG_EMAIL_CHANGE_TIMEOUT = -1
    assert "werkt niet meer" in client.post(path).content.decode()
    trainer.refresh_from_db()
    assert trainer.email == "trainer@example.org"


def test_an_address_taken_meanwhile_is_refused_at_confirmation(
    client, trainer, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ACCOUNT, account_form(trainer, **{"login_email-email": "nieuw@example.org"}))
    User.objects.create_user("Nieuw@example.org")
    response = client.post(confirmation_path(mail.outbox[0]))
    assert response.status_code == 200 and "al in gebruik" in response.content.decode()
    trainer.refresh_from_db()
    assert trainer.email == "trainer@example.org"


def test_too_many_change_requests_are_refused(client, trainer, django_capture_on_commit_callbacks):
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            response = client.post(
                ACCOUNT, account_form(trainer, **{"login_email-email": f"nieuw{n}@example.org"})
            )
    assert response.status_code == 200 and "te vaak" in response.content.decode()
    assert len(mail.outbox) == 6  # three requests, two e-mails each


def test_a_case_variant_is_refused_by_the_model_and_the_database(trainer, guild_member):
    trainer.email = "GildeLid@Example.org"
    with pytest.raises(ValidationError) as error:
        trainer.full_clean()
    assert list(error.value.message_dict) == ["email"]
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=trainer.pk).update(email="GILDELID@EXAMPLE.ORG")


def test_an_administrator_editing_a_user_gets_a_form_error_for_a_case_variant(
    client, administrator, trainer, guild_member
):
    client.force_login(administrator)
    response = client.post(
        f"/admin/users/edit/{trainer.pk}/",
        {
            "email": "GildeLid@example.org",
            "first_name": "Marieke",
            "last_name": "Postma",
            "is_active": "on",
            "groups": list(trainer.groups.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 200
    assert "bestaat al" in response.content.decode()
    trainer.refresh_from_db()
    assert trainer.email == "trainer@example.org"
