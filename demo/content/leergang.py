"""Demo content of the site core: home page, cohorts, sessions and the demo accounts."""

import datetime

from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from demo.factories.leergang import DEMO_PASSWORD
from leergang import roles
from leergang.models import Cohort, CohortSession, Enrolment, HomePage, User

HOME_INTRO = """
<p>In veel wijken, buurten en dorpen liggen de beste ideeën voor de straat al klaar: bij de bewoners zelf.
Zij gebruiken hun omgeving elke dag en weten als geen ander wat er nodig is. Toch worden ze vaak niet
gehoord, of weten ze de weg niet om een idee werkelijkheid te laten worden.</p>
<p>De leergang <b>Creative Communities</b> leert professionals het ambacht van de community werker. Je
ontdekt wat jou drijft en welke waarden voor jou tellen. Je leert laagdrempelig contact te leggen met
bewoners, door te vragen naar hún ideeën, en hen te coachen om die zelf uit te voeren. Het motto van het
gilde waarmee we de leergang maken: <i>wij lossen niks op</i>. Wij versterken wat bewoners zelf kunnen.</p>
<p>Je leert in bijeenkomsten met een vaste groep, in de praktijk van je eigen wijk, en met een portfolio
waarin je je waardenreflectie en je veldwerk met bewoners bijhoudt.</p>
"""

HOME_AUDIENCE = """
<p>Voor professionals met ruime ervaring in gebiedsgericht werken: opbouwwerkers, wijkcoaches,
sociaal werkers, maar net zo goed woonconsulenten, wijkagenten of beleidsmedewerkers die dichter bij
bewoners willen werken.</p>
<ul><li>Niveau: post-hbo</li><li>Vijf modules, tien bijeenkomsten</li><li>Praktijkopdrachten in je eigen wijk</li></ul>
"""

ACCOUNTS = [
    ("deelnemer@example.org", "Fenna", "de Vries", roles.PARTICIPANTS),
    ("deelnemer2@example.org", "Jelle", "Hoekstra", roles.PARTICIPANTS),
    ("trainer@example.org", "Marieke", "Postma", roles.TRAINERS),
    ("gildelid@example.org", "Sjoerd", "Bakker", roles.GUILD_MEMBERS),
    ("beheerder@example.org", "Anke", "Visser", roles.ADMINISTRATORS),
]

SESSIONS = [
    (datetime.date(2017, 2, 16), "Aftrap: wat drijft jou?", "Leeuwarden, Campus"),
    (datetime.date(2017, 3, 2), "Laagdrempelig contact: de straat op", "Leeuwarden, Campus"),
    (
        datetime.date(2017, 3, 16),
        "Vragen naar ideeën van bewoners",
        "Buurthuis De Schakel, Leeuwarden",
    ),
    (datetime.date(2017, 3, 30), "Aansluiten bij ambities: intervisie", "Leeuwarden, Campus"),
    (datetime.date(2017, 4, 13), "Collectieve arrangementen in de buurt", "Dorpshuis Wergea"),
    (
        datetime.date(2017, 5, 11),
        "Wij lossen niks op: coachen zonder over te nemen",
        "Leeuwarden, Campus",
    ),
    (datetime.date(2017, 6, 1), "Presentaties en eindgesprekken", "Leeuwarden, Campus"),
]


def seed(stdout, **kwargs):
    users = {}
    for email, first, last, group in ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            if group == roles.ADMINISTRATORS:
                user.is_staff = user.is_superuser = True
            user.save()
        user.groups.add(Group.objects.get(name=group))
        users[email] = user
        stdout(f"  account {email} ({'created' if created else 'exists'})")
    cohort = _cohorts(users, stdout)
    if _create_home():
        stdout("  home page created")
    home = HomePage.objects.first()
    _site(home)
    return {"cohort": cohort, "users": users, "home": home}


def _cohorts(users, stdout):
    """The demo cohort of 2017 (in the past) and next year's, both trained by the demo trainer."""
    cohort, created = Cohort.objects.get_or_create(
        name="Voorjaar 2017",
        defaults={
            "start_date": datetime.date(2017, 2, 16),
            "end_date": datetime.date(2017, 6, 1),
            "location": "Leeuwarden",
            # The demo cohort lies in the past; a long retention keeps apply_retention off it.
            "retention_months": 600,
        },
    )
    cohort.trainers.add(users["trainer@example.org"])
    cohort.save()  # a ParentalManyToManyField is written on save()
    for date, topic, place in SESSIONS:
        CohortSession.objects.get_or_create(
            cohort=cohort,
            date=date,
            defaults={
                "topic": topic,
                "place": place,
                "start_time": datetime.time(13, 30),
                "end_time": datetime.time(17, 0),
            },
        )
    for email in ("deelnemer@example.org", "deelnemer2@example.org"):
        Enrolment.objects.get_or_create(cohort=cohort, user=users[email])
    stdout(f"  cohort {cohort.name}: {cohort.sessions.count()} sessions, 2 participants")

    upcoming, _ = Cohort.objects.get_or_create(
        name="Voorjaar 2027",
        defaults={
            "start_date": datetime.date(2027, 2, 18),
            "end_date": datetime.date(2027, 6, 3),
            "location": "Leeuwarden",
        },
    )
    upcoming.trainers.add(users["trainer@example.org"])
    upcoming.save()
    return cohort


def _create_home():
    """Create the home page when there is none; True when it did."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Leergang Creative Communities",
                slug="home-creative-communities",
                lead="Leer het ambacht van de community werker: aansluiten bij wat bewoners zelf "
                "willen en kunnen in hun wijk, buurt of dorp.",
                intro=HOME_INTRO.strip(),
                audience=HOME_AUDIENCE.strip(),
                call_to_action="Aanmelden voor de volgende groep",
                seo_title="Leergang Creative Communities: het ambacht van community werk",
                search_description="Post-hbo leergang voor professionals in de wijk: leer "
                "aansluiten bij de ideeën en ambities van bewoners.",
            )
        )
        home.save_revision().publish()
        # The placeholder page that Wagtail's migrations create is replaced.
        Page.objects.filter(depth=2).exclude(pk=home.pk).filter(content_type__model="page").delete()
        return True
    return False


def _site(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Leergang Creative Communities",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Leergang Creative Communities"
        site.save()
