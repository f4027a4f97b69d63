"""The calendar page, the personal feed, downloads and the address's renewal and revocation."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from leergang.models import CohortSession
from leergang.permissions import LoginRequired404Mixin

from . import feed, services
from .models import CalendarEntry

CALENDAR_NAME = "Leergang Creative Communities"


def calendar_response(body, filename, *, download):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # Personal data behind a secret or a login: never in a shared cache or a search engine.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class CalendarView(LoginRequired404Mixin, TemplateView):
    """/agenda/: what is coming, the personal subscription address and the downloads."""

    template_name = "agenda/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cohorts = list(services.cohorts_of(user).order_by("-start_date"))
        names = {c.pk: c.name for c in cohorts}
        now = timezone.now()
        rows = [
            {"item": i, "cohort": names.get(i.data.cohort_id, ""), "is_past": i.ends < now}
            for i in feed.items_for(names)
            if not i.cancelled
        ]
        token = services.active_token(user)
        context.update(
            cohorts=cohorts,
            upcoming=[r for r in rows if not r["is_past"]],
            past=[r for r in rows if r["is_past"]][::-1],
            token=token,
            feed_url=services.feed_url(token) if token else "",
            webcal_url=services.webcal_url(token) if token else "",
        )
        return context


class RenewTokenView(LoginRequired404Mixin, View):
    """POST: make a (new) personal address; an earlier one stops working."""

    def post(self, request):
        if not services.cohorts_of(request.user).exists():
            messages.error(request, _("You are not in a cohort, so there is no calendar yet."))
            return redirect("agenda:calendar")
        had_one = services.active_token(request.user) is not None
        services.renew(request.user)
        if had_one:
            messages.success(
                request,
                _(
                    "Your new calendar address is ready. The old one no longer works: "
                    "subscribe again in your calendar app with the new address."
                ),
            )
        else:
            messages.success(request, _("Your calendar address is ready."))
        return redirect("agenda:calendar")


class RevokeTokenView(LoginRequired404Mixin, View):
    """POST: the personal address stops working at once."""

    def post(self, request):
        if services.revoke(request.user):
            messages.success(
                request,
                _("Your calendar address no longer works. Calendars subscribed to it stay empty."),
            )
        return redirect("agenda:calendar")


class FeedView(View):
    """The subscription itself, by its secret address: no login (calendar apps have none).
    A revoked or unknown address is a 404, like any page that does not exist."""

    def get(self, request, key):
        user = services.token_user(key)
        if user is None:
            raise Http404
        items = feed.items_for(services.cohorts_of(user).values_list("pk", flat=True))
        return calendar_response(
            feed.render(items, name=CALENDAR_NAME), "leergang.ics", download=False
        )


class DownloadView(LoginRequired404Mixin, View):
    """The whole calendar as a file, for who does not want to subscribe."""

    def get(self, request):
        items = feed.items_for(services.cohorts_of(request.user).values_list("pk", flat=True))
        return calendar_response(
            feed.render(items, name=CALENDAR_NAME), "leergang.ics", download=True
        )


class SessionDownloadView(LoginRequired404Mixin, View):
    """One session as a file (for a calendar that does not subscribe)."""

    def get(self, request, pk):
        sessions = CohortSession.objects.filter(
            cohort__in=services.cohorts_of(request.user)
        ).select_related("cohort", "agenda_module__module")
        session = get_object_or_404(sessions, pk=pk)
        entries = {
            (e.kind, e.source_id, e.cohort_id): e
            for e in CalendarEntry.objects.filter(
                kind=CalendarEntry.Kind.SESSION, source_id=session.pk, cohort_id=session.cohort_id
            )
        }
        items = feed.session_items([session], entries)
        filename = f"bijeenkomst-{session.date:%Y-%m-%d}.ics"
        return calendar_response(feed.render(items, name=CALENDAR_NAME), filename, download=True)
