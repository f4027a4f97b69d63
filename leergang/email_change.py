"""Changing one's login e-mail address: only through a link sent to the new address.

Nothing changes until the link is followed. The link is signed, expires after
``LEERGANG_EMAIL_CHANGE_TIMEOUT`` and works once: it carries a fingerprint of the account's
current address and password, so it stops working as soon as either changes (also after it
was used, because then the address is the new one). The old address gets a notice at once.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from .links import absolute_url
from .models import normalize_email

log = logging.getLogger(__name__)

SALT = "leergang.email-change"


def address_taken(email, user=None):
    """Whether another account has this address, in any spelling of upper and lower case."""
    others = get_user_model().objects.filter(email__iexact=normalize_email(email))
    if user is not None:
        others = others.exclude(pk=user.pk)
    return others.exists()


def _fingerprint(user):
    return salted_hmac(SALT, f"{user.pk}|{user.email}|{user.password}").hexdigest()[:32]


def make_token(user, new_email):
    payload = {"u": user.pk, "e": normalize_email(new_email), "f": _fingerprint(user)}
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token):
    """(user, new address) for a valid link, or None when it is forged, expired or used."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.LEERGANG_EMAIL_CHANGE_TIMEOUT)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(payload, dict):
        return None
    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(str(payload.get("f")), _fingerprint(user)):
        return None
    return user, payload.get("e", "")


def request_change(user, new_email):
    """Send the confirmation link to ``new_email`` and a notice to the current address."""
    new_email = normalize_email(new_email)
    context = {
        "user": user,
        "new_email": new_email,
        "old_email": user.email,
        "url": absolute_url(reverse("email_change_confirm", args=[make_token(user, new_email)])),
        "password_reset_url": absolute_url(reverse("password_reset")),
        "hours": settings.LEERGANG_EMAIL_CHANGE_TIMEOUT // 3600,
    }
    with translation.override("nl"):
        confirm = (
            _("Confirm your new e-mail address for the Creative Communities course"),
            render_to_string("registration/email_change_confirm_email.txt", context),
        )
        notice = (
            _("Your e-mail address for the Creative Communities course is being changed"),
            render_to_string("registration/email_change_notice_email.txt", context),
        )
    old_email = user.email

    def send():
        send_mail(*confirm, None, [new_email])
        send_mail(*notice, None, [old_email])

    transaction.on_commit(send)


def confirm_change(user, new_email):
    """Make ``new_email`` the login address; ValidationError when another account took it."""
    taken = ValidationError(
        _("This e-mail address is already in use by another account."), code="taken"
    )
    if address_taken(new_email, user):
        raise taken
    old_email = user.email
    user.email = normalize_email(new_email)
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError:
        user.email = old_email
        raise taken from None
    log.info("Login e-mail of user %s changed after confirmation", user.pk)
