"""Demo peer feedback in the 2017 cohort: Fenna (deelnemer@) shares her portfolio with Jelle
(deelnemer2@), who left two comments: one on the portfolio as a whole and one on an entry,
which Fenna put in her PDF and lets her trainers see. Fenna's notifications of them count as
e-mailed in the day's digest, so the scheduled job mails nobody about the demo's past.
Idempotent.

Called by seed_demo (demo/management/commands/seed_demo.py) after the portfolios."""

import datetime

from django.utils import timezone

from leergang.models import User
from notifications.models import Notification
from peerfeedback import services
from peerfeedback.models import PeerComment
from portfolio.models import Portfolio, PortfolioShare

from .discussions import _in_the_past

ON_PORTFOLIO = (
    "Wat een rijk portfolio. Je laat steeds zien wat de bewoners zelf wilden; bij mij "
    "sluipt er snel mijn eigen plan in. Ik leer daar van."
)
ON_ENTRY = (
    "Sterk dat je bij het eerste gesprek vooral vragen stelde. Wat zou je de volgende keer "
    "anders doen als niemand reageert?"
)


def seed(stdout, **context):
    fenna = User.objects.filter(email="deelnemer@example.org").first()
    jelle = User.objects.filter(email="deelnemer2@example.org").first()
    portfolio = (
        Portfolio.objects.filter(enrolment__user=fenna, enrolment__cohort__name="Voorjaar 2017")
        .select_related("enrolment__user")
        .first()
    )
    if fenna is None or jelle is None or portfolio is None:
        stdout("  no demo portfolio of deelnemer; skipped")
        return None
    PortfolioShare.objects.get_or_create(portfolio=portfolio, user=jelle, ended_at=None)
    if PeerComment.objects.filter(portfolio=portfolio, author=jelle).exists():
        stdout("  peer feedback of deelnemer2 on deelnemer's portfolio already there")
        return None
    entry = portfolio.entries.filter(is_draft=False).order_by("date", "pk").first()
    # In the cohort's spring, like the rest of its demo (long past the 15 minutes of editing).
    at = timezone.make_aware(datetime.datetime(2017, 3, 28, 20, 15))
    whole = services.post(jelle, portfolio, ON_PORTFOLIO)
    made = [whole]
    if entry is not None:
        on_entry = services.post(jelle, portfolio, ON_ENTRY, entry=entry)
        services.set_owner_choices(on_entry, in_pdf=True, visible_to_trainers=True, hidden=False)
        made.append(on_entry)
    for n, comment in enumerate(made):
        when = at + datetime.timedelta(hours=n)
        PeerComment.objects.filter(pk=comment.pk).update(created_at=when)
        for notification in Notification.objects.filter(
            user=fenna, kind="peer_comment", target_url=comment.get_absolute_url()
        ):
            _in_the_past(notification, when)
    stdout(f"  deelnemer shares with deelnemer2, who left {len(made)} peer comments")
    return None
