"""The dashboard ('Mijn leergang') reads a course outline kept under a fingerprint of the modules
(modules/outline.py): its query count does not grow with the course, the cohort or the sessions,
and a change to a module shows at the next visit (a kept outline is never stale)."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
from demo.factories.modules import ModulePageFactory, SectionCompletionFactory
from leergang.models import CohortSession
from modules import outline
from modules.models import ModulePage

pytestmark = pytest.mark.django_db

DASHBOARD = "/mijn-leergang/"


def queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grow(cohort, course_index, modules, participants, sessions):
    made = [ModulePageFactory(parent=course_index) for _ in range(modules)]
    for i in range(participants):
        user = ParticipantFactory(email=f"groei-{uuid.uuid4().hex[:8]}-{i}@example.org")
        EnrolmentFactory(cohort=cohort, user=user)
        for module in made:
            for key in module.section_keys:
                SectionCompletionFactory(user=user, page=module, section=key)
    today = timezone.localdate()
    for i in range(sessions):
        CohortSession.objects.create(
            cohort=cohort,
            date=today + datetime.timedelta(days=7 * (i + 1)),
            start_time=datetime.time(9, 30),
            place="Buurthuis",
            topic=f"Bijeenkomst {i}",
        )
    return made


def test_query_count_stays_the_same_as_course_cohort_and_sessions_grow(
    client, participant, cohort, course_index
):
    client.force_login(participant)
    grow(cohort, course_index, modules=3, participants=1, sessions=1)
    client.get(DASHBOARD)
    small = queries(client)
    made = grow(cohort, course_index, modules=27, participants=39, sessions=8)
    response = client.get(DASHBOARD)
    # The thirty modules and their open assignments are on the page...
    assert response.content.decode().count('data-module-percent="') == 30
    # Each module's bar is labelled in Dutch (the whole course's bar too).
    assert response.content.decode().count('aria-label="0% gedaan"') == 31
    first = made[0]
    start = reverse("portfolio:start_assignment", args=[first.pk, "x"]).rsplit("/", 3)[0]
    assert response.content.decode().count(f'href="{start}/') == 8  # the first eight open ones
    # ...for the same number of queries as three.
    assert queries(client) == small


def assignment_body(title):
    return json.dumps(
        [
            {"type": "section", "value": {"heading": "Begin"}, "id": str(uuid.uuid4())},
            {
                "type": "assignment",
                "value": {"title": title, "kind": "fieldwork", "instructions": "", "outcomes": ""},
                "id": str(uuid.uuid4()),
            },
        ]
    )


def test_a_changed_module_shows_at_the_next_visit(client, participant, course_index):
    client.force_login(participant)
    module = ModulePageFactory(parent=course_index, title="Eerste titel")
    other = ModulePageFactory(parent=course_index, title="Tweede module")
    assert "Eerste titel" in client.get(DASHBOARD).content.decode()

    # Saved directly (no publish, so no publication date changes): still seen at once.
    module.title = "Nieuwe titel"
    module.body = assignment_body("Interview met een bewoner")
    module.save()
    page = client.get(DASHBOARD).content.decode()
    assert "Nieuwe titel" in page and "Eerste titel" not in page
    assert "Interview met een bewoner" in page

    other.unpublish()
    page = client.get(DASHBOARD).content.decode()
    assert "Tweede module" not in page

    other.save_revision().publish()
    assert "Tweede module" in client.get(DASHBOARD).content.decode()


def test_a_change_no_signal_announced_shows_within_the_recheck_interval(
    client, participant, course_index, monkeypatch
):
    """A process that cannot see another process's generation (no REDIS_URL) reads the
    fingerprint again after ``SECONDS``; with a shared generation a change shows at once."""
    client.force_login(participant)
    module = ModulePageFactory(parent=course_index, title="Eerste titel")
    assert "Eerste titel" in client.get(DASHBOARD).content.decode()
    # As another process's save looks here: the rows change, this process's generation not.
    ModulePage.objects.filter(pk=module.pk).update(title="Titel van elders")
    assert "Eerste titel" in client.get(DASHBOARD).content.decode()
    later = outline.time.monotonic() + outline.SECONDS + 1
    monkeypatch.setattr(outline.time, "monotonic", lambda: later)
    page = client.get(DASHBOARD).content.decode()
    assert "Titel van elders" in page and "Eerste titel" not in page
