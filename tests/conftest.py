"""Role fixtures shared by every test. Each role is a real user in the right group."""

import pytest
from django.core.cache import cache

from demo.factories.leergang import (
    AdministratorFactory,
    CohortFactory,
    EnrolmentFactory,
    GuildMemberFactory,
    ParticipantFactory,
    TrainerFactory,
)
from tests.browser import browser  # noqa: F401 - the session's Chromium for every e2e test


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def trainer(db):
    return TrainerFactory(email="trainer@example.org", first_name="Marieke", last_name="Postma")


@pytest.fixture
def other_trainer(db):
    return TrainerFactory(email="trainer2@example.org")


@pytest.fixture
def cohort(db, trainer):
    return CohortFactory(name="Voorjaar 2017", trainers=[trainer])


@pytest.fixture
def other_cohort(db, other_trainer):
    return CohortFactory(name="Najaar 2017", trainers=[other_trainer])


@pytest.fixture
def participant(db, cohort):
    user = ParticipantFactory(
        email="deelnemer@example.org", first_name="Fenna", last_name="de Vries"
    )
    EnrolmentFactory(cohort=cohort, user=user)
    return user


@pytest.fixture
def peer(db, cohort):
    """Another participant of the same cohort."""
    user = ParticipantFactory(email="deelnemer2@example.org", first_name="Jelle")
    EnrolmentFactory(cohort=cohort, user=user)
    return user


@pytest.fixture
def outsider(db, other_cohort):
    """A participant of another cohort."""
    user = ParticipantFactory(email="deelnemer3@example.org")
    EnrolmentFactory(cohort=other_cohort, user=user)
    return user


@pytest.fixture
def guild_member(db):
    return GuildMemberFactory(email="gildelid@example.org")


@pytest.fixture
def administrator(db):
    return AdministratorFactory(email="beheerder@example.org")


@pytest.fixture
def home_page(db):
    from wagtail.models import Page, Site

    from demo.factories.leergang import HomePageFactory

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="home-cc")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).filter(content_type__model="page").delete()
    return home
