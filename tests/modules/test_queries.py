"""Query counts do not grow with modules, participants or progress records."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
from demo.factories.modules import SectionCompletionFactory
from modules.assignments import assignments_for_user

pytestmark = pytest.mark.django_db


def count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def complete_all(user, modules):
    for m in modules:
        for key in m.section_keys:
            SectionCompletionFactory(user=user, page=m, section=key)


def test_module_page(client, make_modules, participant):
    client.force_login(participant)
    few = make_modules(3)
    complete_all(participant, few)
    client.get(few[1].url)  # warm caches (site root paths)
    small = count(lambda: client.get(few[1].url))
    many = few + make_modules(27)
    complete_all(participant, many[3:])
    # The first visit after the course changed reads the module's facts again (modules/facts.py)
    # and walks to the page again (leergang/routing.py): a fixed number of queries more, whatever
    # the size; every later visit takes them as kept.
    rebuilt = count(lambda: client.get(many[1].url))
    large = count(lambda: client.get(many[1].url))
    assert small == large
    assert rebuilt - large <= 6 + 4


def test_dashboard(client, make_modules, participant):
    client.force_login(participant)
    few = make_modules(3)
    complete_all(participant, few)
    client.get("/mijn-leergang/")
    small = count(lambda: client.get("/mijn-leergang/"))
    more = make_modules(27)
    complete_all(participant, more)
    # The first visit after the course changed builds the outline again (modules/outline.py):
    # a fixed number of queries more, whatever the size; every later visit reads it.
    rebuilt = count(lambda: client.get("/mijn-leergang/"))
    large = count(lambda: client.get("/mijn-leergang/"))
    assert small == large
    assert rebuilt - large <= 5


def test_matrix(client, make_modules, cohort, trainer):
    client.force_login(trainer)
    modules = make_modules(3)
    for i in range(2):
        user = ParticipantFactory(email=f"m{i}@example.org")
        EnrolmentFactory(cohort=cohort, user=user)
        complete_all(user, modules)
    path = reverse("modules:cohort_progress", args=[cohort.pk])
    client.get(path)
    small_hit = count(lambda: client.get(path))
    cache.clear()
    small = count(lambda: client.get(path))
    modules += make_modules(27)
    for i in range(2, 40):
        user = ParticipantFactory(email=f"m{i}@example.org")
        EnrolmentFactory(cohort=cohort, user=user)
        complete_all(user, modules[:5])
    large = count(lambda: client.get(path))  # the data changed: the cached matrix is not used
    large_hit = count(lambda: client.get(path))
    assert small == large
    assert small_hit == large_hit < large


def test_dashboard_and_module_page_with_2_or_40_participants(
    client, make_modules, cohort, participant
):
    client.force_login(participant)
    modules = make_modules(3)
    complete_all(participant, modules)
    pages = ["/mijn-leergang/", modules[1].url]
    for page in pages:
        client.get(page)
    EnrolmentFactory(cohort=cohort, user=ParticipantFactory(email="m1@example.org"))
    small = [count(lambda p=p: client.get(p)) for p in pages]
    for i in range(2, 40):
        user = ParticipantFactory(email=f"m{i}@example.org")
        EnrolmentFactory(cohort=cohort, user=user)
        complete_all(user, modules)
    large = [count(lambda p=p: client.get(p)) for p in pages]
    assert small == large


def test_assignments_for_user(make_modules, participant):
    make_modules(3)
    assignments_for_user(participant)  # fills the role cache; not what is measured
    small = count(lambda: assignments_for_user(participant))
    make_modules(27)
    participant = type(participant).objects.get(pk=participant.pk)
    assignments_for_user(participant)
    large = count(lambda: assignments_for_user(participant))
    assert small == large
