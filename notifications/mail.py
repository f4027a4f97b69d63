"""The centre's e-mails: one notification at once, or a day's digest. They carry links and
the kind of each notification, never a title or any content.

Each e-mail first writes its ``NotificationMail`` row (unique per user and key) in the same
transaction as the sending: when the key is taken, someone sent it already and nothing goes
out; when sending fails, the row is rolled back and the next run tries again.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from leergang.links import absolute_url

from . import kinds
from .kinds import Channel
from .models import Notification, NotificationMail

# Unsent "at once" e-mails older than this are left alone (the notification is in the site).
RETRY_FOR = datetime.timedelta(days=2)


def _claim(user, key, now):
    """Take the ledger's key for this e-mail; False when it was taken already."""
    try:
        with transaction.atomic():
            return NotificationMail.objects.create(user=user, key=key, sent_at=now)
    except IntegrityError:
        return None


def _links(user):
    return {
        "recipient": user,
        "centre_url": absolute_url(reverse("notifications:list")),
        "settings_url": absolute_url(reverse("notifications:preferences")),
    }


def _send(user, subject, template, context):
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, {**_links(user), **context})
        send_mail(str(subject), body, None, [user.email])


def send_immediate(notification_id, now=None):
    """E-mail one notification now, once. Returns whether an e-mail went out."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True, read_at__isnull=True)
            .first()
        )
        if notification is None or not notification.user.is_active:
            return False
        if not _claim(notification.user, f"notification:{notification.pk}", now):
            return False
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("New notification: %(kind)s") % {"kind": notification.kind_label}
        _send(
            notification.user,
            subject,
            "notifications/email/immediate.txt",
            {
                "kind": notification.kind_label,
                "url": absolute_url(notification.get_absolute_url()),
            },
        )
        Notification.objects.filter(pk=notification.pk).update(emailed_at=now)
    return True


def send_pending_immediate(now=None):
    """What ``notify()`` could not send at once (the mail server was down): send it now."""
    now = now or timezone.now()
    mailed_elsewhere = [k.key for k in kinds.KINDS.values() if k.mailed_by]
    pending = (
        Notification.objects.filter(
            channel=Channel.IMMEDIATE,
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__gte=now - RETRY_FOR,
        )
        .exclude(kind__in=mailed_elsewhere)
        .values_list("pk", flat=True)
    )
    return sum(1 for pk in list(pending) if send_immediate(pk, now))


def send_digests(now=None):
    """One e-mail per user per day with every unread digest notification not sent before."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    waiting = Notification.objects.filter(
        channel=Channel.DIGEST, digest__isnull=True, read_at__isnull=True, user__is_active=True
    )
    sent = 0
    for user_id in list(waiting.values_list("user_id", flat=True).distinct().order_by()):
        if _send_digest(user_id, day, now):
            sent += 1
    return sent


def _send_digest(user_id, day, now):
    with transaction.atomic():
        items = list(
            Notification.objects.select_related("user")
            .filter(
                user_id=user_id, channel=Channel.DIGEST, digest__isnull=True, read_at__isnull=True
            )
            .order_by("created_at", "pk")
        )
        if not items:
            return False
        user = items[0].user
        delivery = _claim(user, f"digest:{day.isoformat()}", now)
        if not delivery:
            return False  # today's digest went out already; these wait for tomorrow's
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Your notifications of %(date)s") % {
                "date": formats.date_format(day, "DATE_FORMAT")
            }
        _send(
            user,
            subject,
            "notifications/email/digest.txt",
            {
                "items": [
                    {
                        "kind": n.kind_label,
                        "at": timezone.localtime(n.created_at),
                        "url": absolute_url(n.get_absolute_url()),
                    }
                    for n in items
                ],
            },
        )
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(digest=delivery)
    return True
