"""Submissions reach the PDF through the hook ``register_pdf_submission_source``: this app
imports nothing of assessment, and a submission's copies follow its snapshot through the hook
``after_submission_snapshot_change`` that assessment calls."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from assessment.models import Milestone, Rubric, Submission
from portfolio.models import Portfolio
from portfolio.snapshot import build_snapshot
from portfolio_pdf import sources
from portfolio_pdf.models import RenderedPdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_submission_source(monkeypatch):
    """As if no installed app kept submissions (assessment not installed)."""
    hooks.search_for_hooks()
    registered = dict(hooks._hooks)
    registered.pop(sources.SUBMISSION_SOURCE_HOOK)
    monkeypatch.setattr(hooks, "_hooks", registered)


def _passed_submission(participant, cohort):
    portfolio = Portfolio.objects.get(enrolment__user=participant)
    milestone = Milestone.objects.create(
        cohort=cohort,
        name="Eindbeoordeling",
        deadline=timezone.now() + datetime.timedelta(days=7),
        rubric=Rubric.objects.create(name="Portfoliorubric"),
    )
    return Submission.objects.create(
        portfolio=portfolio,
        milestone=milestone,
        state="passed",
        snapshot=build_snapshot(portfolio),
        feedback="Sterk verslag.",
        submitted_at=timezone.now(),
        decided_at=timezone.now(),
    )


def test_the_own_pdf_offers_the_feedback_of_the_latest_assessed_round(
    client, participant, cohort, make_portfolio
):
    make_portfolio(participant, entries=1, images=0)
    submission = _passed_submission(participant, cohort)
    client.force_login(participant)
    response = client.get(reverse("portfolio_pdf:own"))
    assert response.context["assessed"] == submission
    assert "feedback" in response.context["form"].fields


def test_without_a_source_of_submissions_the_portfolio_pdf_still_works(
    client, participant, trainer, cohort, make_portfolio, without_submission_source
):
    make_portfolio(participant, entries=1, images=0)
    submission = _passed_submission(participant, cohort)
    client.force_login(participant)
    own = client.get(reverse("portfolio_pdf:own"))
    assert own.status_code == 200
    assert own.context["assessed"] is None and "feedback" not in own.context["form"].fields
    client.force_login(trainer)
    url = reverse("portfolio_pdf:submission", args=[submission.pk])
    assert client.get(url).status_code == 404
    export = client.get(reverse("portfolio_pdf:cohort", args=[cohort.pk]))
    assert export.status_code == 200 and "Eindbeoordeling" not in export.content.decode()


def test_deleting_a_submission_deletes_its_cached_pdf(
    client, participant, trainer, cohort, make_portfolio, django_capture_on_commit_callbacks
):
    make_portfolio(participant, entries=1, images=0)
    submission = _passed_submission(participant, cohort)
    client.force_login(trainer)
    assert client.get(reverse("portfolio_pdf:submission", args=[submission.pk])).status_code == 200
    rendered = RenderedPdf.objects.get(submission_id=submission.pk)
    storage, name = rendered.file.storage, rendered.file.name
    with django_capture_on_commit_callbacks(execute=True):
        submission.delete()
    assert not RenderedPdf.objects.filter(pk=rendered.pk).exists()
    assert not storage.exists(name)
