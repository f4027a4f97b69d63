import io
import json

import pytest
from django.core.management import call_command

from demo.content import intervisie as intervisie_demo
from intervisie.models import Case, GroupMembership, IntervisieGroup, Phase, Response
from leergang import privacy
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_group_case_and_responses(db):
    call_command("seed_demo", "--force", stdout=io.StringIO())
    intervisie_demo.seed(lambda line: None)  # idempotent
    group = IntervisieGroup.objects.get(cohort__name="Voorjaar 2017")
    emails = {u.email for u in group.current_members()}
    assert {"deelnemer@example.org", "deelnemer2@example.org"} <= emails and len(emails) == 3
    case = Case.objects.get(group=group)
    assert case.holder.email == "deelnemer2@example.org"
    assert case.phase == Phase.ADVICE
    phases = set(Response.objects.filter(case=case).values_list("phase", flat=True))
    assert phases == {Phase.QUESTIONS, Phase.RECOGNITION, Phase.ADVICE}
    fenna = Notification.objects.filter(user__email="deelnemer@example.org", read_at=None)
    assert fenna.filter(kind="intervisie_case").exists()
    assert fenna.filter(kind="intervisie_phase").exists()
    # Nothing of the demo's past waits to be e-mailed.
    assert not Notification.objects.filter(
        target_url__startswith=case.get_absolute_url(), emailed_at=None
    ).exists()


def test_erasure_removes_cases_and_response_text(case, participant, peer, third):
    from intervisie import services

    mine = services.respond(case, participant, "Wie waren erbij?")
    services.respond(case, third, "Hoe lang al?")
    plan = privacy.erase_user(participant)
    assert plan.count("intervisie") >= 2
    mine.refresh_from_db()
    assert mine.text == privacy.ANONYMISED and mine.author is None
    assert not GroupMembership.objects.filter(user=participant).exists()
    # The peer erased: their case and every response on it are gone.
    privacy.erase_user(peer)
    assert not Case.objects.exists() and not Response.objects.exists()


def test_retention_removes_the_cohorts_intervisie(case, cohort, participant):
    from intervisie import services

    services.respond(case, participant, "Vraag")
    privacy.apply_retention(cohort)
    assert not IntervisieGroup.objects.exists() and not Response.objects.exists()


def test_export_holds_cases_and_responses(case, participant, peer):
    from intervisie import services
    from intervisie.personal_data import IntervisieProvider

    services.respond(case, participant, "Mijn vraag aan Jelle")

    class Writer:
        def __init__(self):
            self.files = {}

        def add_json(self, key, path, data):
            self.files[path] = json.loads(json.dumps(data))

    w = Writer()
    IntervisieProvider().export(participant, w)
    assert w.files["intervisie.json"]["responses"][0]["text"] == "Mijn vraag aan Jelle"
    assert w.files["intervisie-groepen.json"][0]["group"] == case.group.name
    w = Writer()
    IntervisieProvider().export(peer, w)
    assert w.files["intervisie.json"]["cases"][0]["question"] == case.question
