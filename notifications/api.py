"""The public API of the notification centre. Other apps call::

    from notifications.api import notify
    notify(user, "peer_response", case.get_absolute_url(), title=case.title, actor=request.user)

``notify`` stores the notification (shown in the header at once) and, when the user chose
"e-mail at once" for the kind, e-mails a link after the transaction commits. The daily digest
and the reminders are sent by the scheduled job (``manage.py send_notifications``).
"""

import logging

from django.db import IntegrityError, transaction
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.users.models import UserProfile

from . import kinds, mail
from .kinds import Channel
from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


def is_local_path(url):
    """Only paths on this site: a notification must never send anyone elsewhere."""
    return (
        isinstance(url, str)
        and url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def notify(user, kind, target_url, *, title="", actor=None, key=""):
    """Tell ``user`` that something of ``kind`` happened at ``target_url`` (a path).

    ``title`` names the thing (a milestone, a story), never its content; ``actor`` is who did
    it (nobody is notified of their own action); ``key`` makes it happen once per user (a
    second call with the same key does nothing). Returns the notification, or None.
    """
    spec = kinds.get(kind)
    if not is_local_path(target_url):
        raise ValueError(f"notify() takes a path on this site, not {target_url!r}")
    if user is None or not user.is_active:
        return None
    if actor is not None and actor.pk == user.pk:
        return None
    channel = channel_for(user, kind)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                title=(title or "")[:200],
                target_url=target_url[:500],
                actor=actor,
                key=(key or "")[:200],
                channel=channel,
            )
    except IntegrityError:
        return None  # this key was notified already
    if channel == Channel.IMMEDIATE and not spec.mailed_by:
        transaction.on_commit(lambda: _send_now(notification.pk))
    return notification


def _send_now(notification_id):
    try:
        mail.send_immediate(notification_id)
    except Exception:
        # The scheduled job sends what is still unsent; a failing SMTP server must not
        # break the request that caused the notification.
        logger.exception(
            "Sending notification %s failed; the scheduled job retries", notification_id
        )


def channel_for(user, kind):
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    return chosen or kinds.get(kind).default


def preferences(user):
    """{kind key: channel} for every kind, the defaults filled in."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {key: chosen.get(key, spec.default) for key, spec in kinds.KINDS.items()}


@transaction.atomic
def set_preferences(user, channels):
    """Store {kind key: channel}. Wagtail sends its own moderation e-mails: its account
    settings follow the choice for stories, so "in the site only" means no e-mail."""
    for key, channel in channels.items():
        kinds.get(key)
        if channel not in Channel.values:
            raise ValueError(f"Unknown channel {channel!r}")
        NotificationPreference.objects.update_or_create(
            user=user, kind=key, defaults={"channel": channel}
        )
    if "story_moderated" in channels:
        profile = UserProfile.get_for_user(user)
        wanted = channels["story_moderated"] == Channel.IMMEDIATE
        if (profile.approved_notifications, profile.rejected_notifications) != (wanted, wanted):
            profile.approved_notifications = profile.rejected_notifications = wanted
            profile.save(update_fields=["approved_notifications", "rejected_notifications"])
