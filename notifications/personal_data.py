"""Privacy provider of the notification centre: notifications, the choices per kind, and the
ledger of e-mails sent (only its key and time: e-mails carry links, never content)."""

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from leergang.privacy import Category, Provider, isoformat

from .models import Notification, NotificationMail, NotificationPreference


def keep_days():
    return getattr(settings, "LEERGANG_NOTIFICATION_DAYS", 180)


class NotificationsProvider(Provider):
    name = "notifications"
    label = _("Notifications")
    order = 20

    def describe(self):
        retention = _("Read and unread notifications %(days)s days; the e-mail ledger as long.") % {
            "days": keep_days()
        }
        return [
            Category(
                key="notifications.notifications",
                label=_("Notifications"),
                models=("notifications.Notification",),
                data=_(
                    "What happened that concerns you (feedback, verdicts, moderated stories, "
                    "reminders), with a link, who did it, when, and whether you read it."
                ),
                purpose=_("Telling you about your course in the site and by e-mail."),
                basis=_("Agreement (taking part in the course)."),
                recipients=_("Only you."),
                retention=retention,
            ),
            Category(
                key="notifications.preferences",
                label=_("Notification settings"),
                models=("notifications.NotificationPreference", "notifications.NotificationMail"),
                data=_(
                    "Per kind of notification how it reaches you, and which notification "
                    "e-mails were sent to you when (not their text)."
                ),
                purpose=_("Sending you e-mail the way you chose, never twice."),
                basis=_("Agreement (taking part in the course)."),
                recipients=_("Only you."),
                retention=retention,
            ),
        ]

    def export(self, user, writer):
        writer.add_json(
            "notifications.notifications",
            "meldingen.json",
            [
                {
                    "kind": n.kind,
                    "title": n.title,
                    "link": n.target_url,
                    "by": n.actor.display_name if n.actor else None,
                    "created_at": isoformat(n.created_at),
                    "read_at": isoformat(n.read_at),
                    "emailed_at": isoformat(n.emailed_at),
                }
                for n in Notification.objects.filter(user=user)
                .select_related("actor")
                .order_by("created_at", "pk")
            ],
        )
        writer.add_json(
            "notifications.preferences",
            "meldingen-instellingen.json",
            {
                "choices": dict(
                    NotificationPreference.objects.filter(user=user).values_list("kind", "channel")
                ),
                "emails": [
                    {"key": m.key, "sent_at": isoformat(m.sent_at)}
                    for m in NotificationMail.objects.filter(user=user).order_by("sent_at")
                ],
            },
        )

    def erase(self, user, plan):
        plan.delete(Notification.objects.filter(user=user), _("notifications"))
        plan.update(
            Notification.objects.filter(actor=user),
            _("notifications of others naming them as the one who acted"),
            actor=None,
        )
        plan.delete(NotificationPreference.objects.filter(user=user), _("notification settings"))
        plan.delete(NotificationMail.objects.filter(user=user), _("notification e-mail ledger"))

    def expire(self, plan, now):
        before = now - datetime.timedelta(days=keep_days())
        plan.delete(Notification.objects.filter(created_at__lt=before), _("old notifications"))
        plan.delete(
            NotificationMail.objects.filter(sent_at__lt=before),
            _("old notification e-mail records"),
        )


@hooks.register("register_privacy_provider")
def provider():
    return NotificationsProvider()
