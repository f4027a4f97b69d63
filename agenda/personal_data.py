"""Privacy provider of the calendar: the personal calendar addresses.

The calendar's events themselves (``CalendarEntry``, ``SessionModule``) are the course's
schedule, the same for everyone in a cohort: no personal data."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from leergang.privacy import Category, NotPersonal, Provider, isoformat

from .models import CalendarToken


class AgendaProvider(Provider):
    name = "agenda"
    label = _("Calendar")
    order = 20

    def describe(self):
        return [
            Category(
                key="agenda.addresses",
                label=_("Calendar addresses"),
                models=("agenda.CalendarToken",),
                data=_(
                    "Your personal calendar addresses: when each was made, revoked and last "
                    "fetched by a calendar app."
                ),
                purpose=_(
                    "Showing the sessions and deadlines of your cohort in your own calendar."
                ),
                basis=_("Agreement (taking part in the course)."),
                recipients=_("Only you (and whoever you give the address)."),
                retention=_("Until you revoke it; revoked addresses until erasure on request."),
            ),
            NotPersonal(
                ("agenda.CalendarEntry", "agenda.SessionModule"),
                "The cohort's schedule: the same for everyone in it.",
            ),
        ]

    def export(self, user, writer):
        writer.add_json(
            "agenda.addresses",
            "agenda-adressen.json",
            [
                {
                    "created_at": isoformat(t.created_at),
                    "revoked_at": isoformat(t.revoked_at),
                    "last_fetched_at": isoformat(t.last_used_at),
                    "active": t.revoked_at is None,
                }
                for t in CalendarToken.objects.filter(user=user).order_by("created_at")
            ],
        )

    def erase(self, user, plan):
        plan.delete(CalendarToken.objects.filter(user=user), _("calendar addresses"))


@hooks.register("register_privacy_provider")
def provider():
    return AgendaProvider()
