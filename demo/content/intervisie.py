"""Demo intervisie in the 2017 cohort ("Voorjaar 2017"): a group of Fenna (deelnemer@), Jelle
(deelnemer2@) and a third participant, Sjoukje (deelnemer3@, created here and enrolled), with
a case Jelle brought in and responses in each phase; it stands in the advice phase, so Fenna
has unread notifications of it. Idempotent.

Called by seed_demo (demo/management/commands/seed_demo.py) after the portfolios."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from intervisie import services
from intervisie.models import Case, IntervisieGroup, Phase, Response
from leergang import roles
from leergang.models import Cohort, Enrolment, User
from notifications.models import Notification, NotificationMail

GROUP = "Intervisiegroep Wergea"
THIRD = ("deelnemer3@example.org", "Sjoukje", "Dijkstra")
RESPONSES = [
    (
        "deelnemer@example.org",
        Phase.QUESTIONS,
        "Wie had het idee voor het buurtfeest het eerst: jij of de bewoners?",
        "De bewoners: bewoner A vroeg het op de markt. Ik heb het alleen opgeschreven.",
    ),
    (
        "deelnemer3@example.org",
        Phase.QUESTIONS,
        "Hoeveel mensen van de straat kwamen er naar het eerste overleg?",
        "Vijf, van wie drie nieuwe gezichten.",
    ),
    (
        "deelnemer@example.org",
        Phase.RECOGNITION,
        "Ik herken dat je het zelf wilt regelen als het spannend wordt; dat deed ik bij de "
        "moestuin ook.",
        "",
    ),
    (
        "deelnemer3@example.org",
        Phase.RECOGNITION,
        "Herkenbaar: de mensen die het hardst roepen, komen het minst.",
        "",
    ),
    (
        "deelnemer3@example.org",
        Phase.ADVICE,
        "Vraag bewoner A of zij het volgende overleg voorzit; jij schuift aan als gast.",
        "",
    ),
]


def _third(cohort):
    email, first, last = THIRD
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password("leergang-demo")
        user.save()
    user.groups.add(Group.objects.get(name=roles.PARTICIPANTS))
    Enrolment.objects.get_or_create(cohort=cohort, user=user)
    return user


def seed(stdout, **context):
    cohort = Cohort.objects.filter(name="Voorjaar 2017").first()
    users = {u.email: u for u in User.objects.filter(email__in=[e for e, *_ in RESPONSES])}
    fenna = User.objects.filter(email="deelnemer@example.org").first()
    jelle = User.objects.filter(email="deelnemer2@example.org").first()
    if cohort is None or fenna is None or jelle is None:
        stdout("  no demo cohort; skipped")
        return None
    sjoukje = _third(cohort)
    users[sjoukje.email], users[fenna.email] = sjoukje, fenna
    group = IntervisieGroup.objects.filter(cohort=cohort, name=GROUP).first()
    if group is None:
        group = services.create_group(cohort, GROUP, [fenna, jelle, sjoukje])
    entry = jelle.enrolments.get(cohort=cohort).portfolio.entries.order_by("date", "pk").first()
    case = Case.objects.filter(group=group, holder=jelle).first()
    if case is None and entry is not None:
        case = services.bring_in(
            group,
            jelle,
            entry,
            "Ik merk dat ik steeds zelf de kar trek. Hoe geef ik het initiatief terug aan de "
            "bewoners zonder dat het stilvalt?",
        )
        start = timezone.make_aware(datetime.datetime(2017, 4, 12, 19, 30))
        for i, (email, phase, text, answer) in enumerate(RESPONSES):
            while case.phase != phase:
                services.advance(case)
            response = services.respond(case, users[email], text)
            at = start + datetime.timedelta(minutes=10 * i)
            Response.objects.filter(pk=response.pk).update(created_at=at)
            if answer:
                services.answer(response, answer)
        Case.objects.filter(pk=case.pk).update(created_at=start - datetime.timedelta(days=1))
        # The demo's past: dated, and counted as e-mailed already (no e-mail goes out now).
        made = Notification.objects.filter(target_url__startswith=case.get_absolute_url())
        made.update(created_at=start, emailed_at=start)
        for notification in made.filter(channel="digest"):
            delivery, _ = NotificationMail.objects.get_or_create(
                user=notification.user,
                key=f"digest:{start.date().isoformat()}",
                defaults={"sent_at": start},
            )
            Notification.objects.filter(pk=notification.pk).update(digest=delivery)
    unread = Notification.objects.filter(user=fenna, kind__startswith="intervisie", read_at=None)
    stdout(
        f"  {GROUP}: {group.current_members().count()} members, "
        f"{Response.objects.filter(case__group=group).count()} responses, "
        f"{unread.count()} unread intervisie notifications for {fenna.email}"
    )
    return None
