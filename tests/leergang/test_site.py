import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from leergang import roles
from leergang.models import Cohort, CohortSession, Enrolment, User

pytestmark = pytest.mark.django_db


def test_groups_exist_with_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ALL_GROUPS) <= names
    admins = Group.objects.get(name=roles.ADMINISTRATORS)
    assert admins.permissions.filter(codename="add_enrolment").exists()
    assert (
        not Group.objects.get(name=roles.PARTICIPANTS)
        .permissions.filter(codename="access_admin")
        .exists()
    )
    assert (
        Group.objects.get(name=roles.TRAINERS).permissions.filter(codename="access_admin").exists()
    )


def test_home_page_is_dutch_and_shows_next_cohort(client, home_page, trainer):
    import datetime

    Cohort.objects.create(
        name="Voorjaar 2099",
        start_date=datetime.date(2099, 2, 1),
        end_date=datetime.date(2099, 6, 1),
    )
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in content
    assert "Voorjaar 2099" in content
    assert "Naar de inhoud" in content


def test_language_switch_to_english(client, home_page):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Skip to content" in content


def test_anonymous_dashboard_redirects_to_login(client):
    response = client.get("/mijn-leergang/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_participant_cannot_use_admin_but_trainer_can(client, participant, trainer):
    client.force_login(participant)
    assert client.get("/admin/").status_code in (302, 403)
    client.force_login(trainer)
    assert client.get("/admin/").status_code == 200


def test_cohort_visibility_queryset(cohort, other_cohort, participant, trainer, administrator):
    assert list(Cohort.objects.visible_to(participant)) == [cohort]
    assert list(Cohort.objects.visible_to(trainer)) == [cohort]
    assert set(Cohort.objects.visible_to(administrator)) == {cohort, other_cohort}


def test_unknown_url_is_a_friendly_404(client, home_page):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (
        User.objects.count(),
        Cohort.objects.count(),
        CohortSession.objects.count(),
        Enrolment.objects.count(),
    )
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (
        User.objects.count(),
        Cohort.objects.count(),
        CohortSession.objects.count(),
        Enrolment.objects.count(),
    )
    demo = User.objects.get(email="deelnemer@example.org")
    assert demo.check_password("leergang-demo")
    assert User.objects.get(email="beheerder@example.org").is_administrator
    assert Cohort.objects.get(name="Voorjaar 2017").start_date.isoformat() == "2017-02-16"


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.filter(email="deelnemer@example.org").exists()


def test_english_browser_still_gets_dutch_until_switching(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in response.content.decode()


def test_privacy_page_says_what_is_stored(client, home_page):
    response = client.get("/privacy/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Wat we bewaren" in content
    assert "pseudoniem" in content


def test_nul_character_in_query_string_is_harmless(client, home_page):
    response = client.get("/zoeken/?q=buurt%00werk&page=%00")
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


def test_nul_character_in_path_is_a_404(client, home_page):
    assert client.get("/tags/buurt%00/").status_code == 404
