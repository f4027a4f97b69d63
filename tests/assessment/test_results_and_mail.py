"""Results export, constant query counts, e-mails with links only, dashboard panels."""

import csv
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessment import services
from demo.factories.assessment import MilestoneFactory
from demo.factories.leergang import EnrolmentFactory, ParticipantFactory

from .conftest import levels, make_portfolio


def test_csv_contains_scores_verdicts_and_dates(client, submission, participant, trainer, cohort):
    services.save_scores(submission, trainer, levels(submission, "voldoende"))
    services.request_revision(submission, trainer, "Nog een ronde.")
    second = services.resubmit(submission, participant, "Gedaan.")
    services.save_scores(second, trainer, levels(second, "goed"))
    services.give_verdict(second, trainer, True, "")
    client.force_login(trainer)
    response = client.get(reverse("assessment:results_csv", args=[cohort.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Deelnemer", "E-mailadres", "Mijlpaal", "Ronde"]
    assert "Aansluiten bij ambities" in rows[0] and "Reflectie" in rows[0]
    assert "Oordeel" in rows[0] and "Ingediend op" in rows[0] and "Beoordeeld op" in rows[0]
    body = rows[1:]
    assert [r[3] for r in body] == ["1", "2"]
    assert body[0][0] == "Fenna de Vries"
    assert body[0][4] == "voldoende (2)" and body[1][4] == "goed (3)"
    verdict = rows[0].index("Oordeel")
    assert body[0][verdict] == "Herkansing gevraagd" and body[1][verdict] == "Voldaan"
    assert body[0][rows[0].index("Beoordeeld op")]


def test_csv_defuses_formulas(client, trainer, cohort, rubric):
    user = ParticipantFactory(
        email="formule@example.org", first_name="=HYPERLINK(1)", last_name="x"
    )
    EnrolmentFactory(cohort=cohort, user=user)
    milestone = MilestoneFactory(cohort=cohort, rubric=rubric)
    services.submit(services.start(make_portfolio(user), milestone, user), user)
    client.force_login(trainer)
    content = client.get(reverse("assessment:results_csv", args=[cohort.pk])).content.decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK(1)" in content


def test_xlsx_export(client, submission, trainer, cohort):
    client.force_login(trainer)
    response = client.get(reverse("assessment:results_xlsx", args=[cohort.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Deelnemer" and rows[1][0] == "Fenna de Vries"


def _cohort_with(n, cohort, milestone, trainer, start=0):
    for i in range(start, start + n):
        user = ParticipantFactory(email=f"q{i}@example.org")
        EnrolmentFactory(cohort=cohort, user=user)
        sub = services.submit(services.start(make_portfolio(user), milestone, user), user)
        if i % 2:
            services.save_scores(sub, trainer, levels(sub, "voldoende"))


def _count_queries(client, url, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["assessment:queue", "assessment:results"])
def test_constant_queries_at_2_and_40_participants(
    client, trainer, cohort, milestone, name, django_assert_num_queries
):
    url = reverse(name) if name == "assessment:queue" else reverse(name, args=[cohort.pk])
    client.force_login(trainer)
    _cohort_with(2, cohort, milestone, trainer)
    # A first visit fills the role cache (enrolments start a new role generation).
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    few = len(small.captured_queries)  # read now: every request empties Django's query log
    _cohort_with(38, cohort, milestone, trainer, start=2)
    client.get(url)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert response.content.decode().count('href="/trainer/inzending/') >= 40


def test_emails_carry_links_not_content(
    client, portfolio, milestone, participant, trainer, settings
):
    """Links start with the configured site address, never the request's Host."""
    settings.WAGTAILADMIN_BASE_URL = "https://leergang.example.org"
    mail.outbox.clear()
    submission = services.submit(services.start(portfolio, milestone, participant), participant)
    assert [m.to for m in mail.outbox] == [[trainer.email]]
    assert "https://leergang.example.org" + submission.get_assess_url() in mail.outbox[0].body
    assert "Bankje bij de brug" not in mail.outbox[0].body

    mail.outbox.clear()
    services.save_scores(
        submission,
        trainer,
        {k: (lv, "Geheime opmerking") for k, (lv, _c) in levels(submission, "voldoende").items()},
    )
    services.request_revision(submission, trainer, "Dit is de inhoud van de feedback.")
    assert [m.to for m in mail.outbox] == [[participant.email]]
    body = mail.outbox[0].body
    assert "https://leergang.example.org" + submission.get_absolute_url() in body
    assert "inhoud van de feedback" not in body and "Geheime opmerking" not in body
    assert "feedback" in body.lower()


def test_dashboard_panels(client, submission, participant, trainer):
    client.force_login(trainer)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Te beoordelen" in page and "Fenna de Vries" in page
    services.save_scores(submission, trainer, levels(submission, "voldoende"))
    services.give_verdict(submission, trainer, True, "")
    client.force_login(participant)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Laatste feedback" in page and "Voldaan" in page


def test_admin_home_panel_for_trainers(client, submission, trainer):
    client.force_login(trainer)
    page = client.get("/admin/").content.decode()
    assert "Inzendingen die wachten op beoordeling" in page
    assert "Fenna de Vries" in page


def test_rubric_and_milestone_in_the_admin(client, administrator, rubric, milestone):
    client.force_login(administrator)
    assert client.get(reverse("wagtailsnippets_assessment_rubric:list")).status_code == 200
    assert (
        client.get(reverse("wagtailsnippets_assessment_rubric:edit", args=[rubric.pk])).status_code
        == 200
    )
    assert client.get(reverse("wagtailsnippets_assessment_milestone:add")).status_code == 200
