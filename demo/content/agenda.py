"""Demo calendar: a personal calendar address for each demo account in a cohort, and the
first sessions of the demo cohort linked to their modules. Idempotent.

Called by seed_demo (demo/management/commands/seed_demo.py) after the stories."""

from agenda import services
from agenda.models import CalendarToken, SessionModule
from leergang.models import Cohort, CohortSession, User
from modules.models import ModulePage

DEMO_EMAILS = [
    "deelnemer@example.org",
    "deelnemer2@example.org",
    "trainer@example.org",
    "beheerder@example.org",
]
# Demo session topic (start) -> module title (start).
SESSION_MODULES = [
    ("Aftrap", "Wat drijft jou"),
    ("Laagdrempelig contact", "Laagdrempelig contact"),
    ("Vragen naar ideeën", "Aansluiten bij motivatie"),
    ("Aansluiten bij ambities", "Aansluiten bij motivatie"),
    ("Collectieve arrangementen", "Collectieve arrangementen"),
    ("Wij lossen niks op", "Wij lossen niks op"),
]


def seed(stdout, **context):
    made = 0
    for user in User.objects.filter(email__in=DEMO_EMAILS):
        if not services.cohorts_of(user).exists():
            continue
        if not CalendarToken.objects.owned_by(user).active().exists():
            services.renew(user)
            made += 1
    stdout(f"  calendar addresses: {made} made")
    cohort = Cohort.objects.filter(name="Voorjaar 2017").first()
    if cohort is None:
        return None
    linked = 0
    for topic, module_title in SESSION_MODULES:
        session = CohortSession.objects.filter(cohort=cohort, topic__startswith=topic).first()
        module = ModulePage.objects.filter(title__istartswith=module_title).first()
        if session and module:
            SessionModule.objects.update_or_create(session=session, defaults={"module": module})
            linked += 1
    stdout(f"  sessions linked to a module: {linked}")
    return None
