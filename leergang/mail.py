"""An e-mail backend that records, per recipient, that a message was sent (``SentEmail``).

Every e-mail of the platform (ours and Wagtail's moderation notices) passes through Django's
mail backend, so this one place keeps the log the participant's export shows ("notifications
sent"). It wraps the real backend named in ``LEERGANG_EMAIL_BACKEND``."""

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from .models import SentEmail, User

DEFAULT_BACKEND = "django.core.mail.backends.console.EmailBackend"


class RecordingEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        backend = getattr(settings, "LEERGANG_EMAIL_BACKEND", DEFAULT_BACKEND)
        self.inner = get_connection(backend, fail_silently=fail_silently, **kwargs)

    def open(self):
        return self.inner.open()

    def close(self):
        return self.inner.close()

    def send_messages(self, email_messages):
        sent = self.inner.send_messages(email_messages)
        if sent:
            record(email_messages)
        return sent


def record(email_messages):
    rows = []
    now = timezone.now()
    for message in email_messages:
        addresses = [a for a in (*message.to, *message.cc, *message.bcc) if a]
        users = {
            u.email.lower(): u for u in User.objects.filter(email__in=[_bare(a) for a in addresses])
        }
        for address in addresses:
            bare = _bare(address)
            rows.append(
                SentEmail(
                    user=users.get(bare.lower()),
                    address=bare[:254],
                    subject=str(message.subject)[:255],
                    sent_at=now,
                )
            )
    if rows:
        SentEmail.objects.bulk_create(rows)


def _bare(address):
    """'Name <a@b>' -> 'a@b'."""
    address = str(address).strip()
    if "<" in address and address.endswith(">"):
        return address.rsplit("<", 1)[1][:-1].strip()
    return address
