"""The pages around the PDF: download, preview, submissions, cohort export and its progress."""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from assessment.models import Milestone, Rubric, Submission
from portfolio.models import Portfolio
from portfolio.snapshot import build_snapshot
from portfolio_pdf import pdf
from portfolio_pdf.models import ExportJob, RenderedPdf

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

OWN = reverse("portfolio_pdf:own")


def body(response):
    return b"".join(response.streaming_content)


def test_anonymous_is_sent_to_login(client):
    response = client.get(OWN)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_participant_downloads_a_selection(client, participant, make_portfolio):
    _portfolio, entries = make_portfolio(participant, entries=3, images=1, title="Gesprek")
    client.force_login(participant)
    page = client.get(OWN)
    assert page.status_code == 200
    assert "Portfolio als pdf" in page.content.decode()
    response = client.post(OWN, {"scope": "selection", "entries": [entries[2].pk]})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(pdf_text(body(response))[1])
    assert "Gesprek 3" in text and "Gesprek 1" not in text
    # The same choice again comes from the cache.
    assert RenderedPdf.objects.count() == 1
    client.post(OWN, {"scope": "selection", "entries": [entries[2].pk]})
    assert RenderedPdf.objects.count() == 1


def test_empty_selection_keeps_choice_and_says_why(client, participant, make_portfolio):
    make_portfolio(participant, entries=2, images=0)
    client.force_login(participant)
    response = client.post(OWN, {"scope": "selection"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies ten minste één verslag" in html
    assert (
        'value="selection" checked' in html
        or 'checked value="selection"' in html
        or ('value="selection"' in html and "checked" in html)
    )


def test_preview_shows_the_print_layout(client, participant, make_portfolio):
    _portfolio, entries = make_portfolio(participant, entries=2, images=1, title="Buurt")
    client.force_login(participant)
    response = client.get(reverse("portfolio_pdf:preview"), {"scope": "all"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "pdf/print.css" in html and 'lang="nl"' in html
    assert "Buurt 1" in html and "Buurt 2" in html
    src = reverse("portfolio_pdf:preview_attachment", args=[entries[0].attachments.get().pk])
    assert src in html
    assert client.get(src).status_code == 200


def test_preview_attachment_of_someone_else_is_404(client, participant, peer, make_portfolio):
    _portfolio, entries = make_portfolio(peer, entries=1, images=1)
    make_portfolio(participant, entries=1, images=0)
    client.force_login(participant)
    url = reverse("portfolio_pdf:preview_attachment", args=[entries[0].attachments.get().pk])
    assert client.get(url).status_code == 404


def test_large_portfolio_goes_to_a_background_job(client, participant, make_portfolio, monkeypatch):
    make_portfolio(participant, entries=3, images=0)
    monkeypatch.setattr(pdf, "BACKGROUND_ENTRIES", 2)
    client.force_login(participant)
    response = client.post(OWN, {"scope": "all"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    # The test settings run tasks at once; a worker does this with the database backend.
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.percent == 100
    download = client.get(reverse("portfolio_pdf:job_download", args=[job.public_id]))
    assert download["Content-Type"] == "application/pdf"
    assert mail.outbox and "klaar" in mail.outbox[0].subject


def _submission(participant, cohort, *, state="passed"):
    portfolio = Portfolio.objects.get(enrolment__user=participant)
    rubric = Rubric.objects.create(name="Portfoliorubric")
    milestone = Milestone.objects.create(
        cohort=cohort,
        name="Tussentijds",
        deadline=timezone.now() + datetime.timedelta(days=7),
        rubric=rubric,
    )
    return Submission.objects.create(
        portfolio=portfolio,
        milestone=milestone,
        state=state,
        snapshot=build_snapshot(portfolio),
        feedback="Mooi hoe je de bewoners zelf laat beslissen.",
        submitted_at=timezone.now(),
        decided_at=timezone.now(),
    )


def test_submission_pdf_shows_the_snapshot_for_who_may_see_it(
    client, participant, peer, trainer, other_trainer, cohort, make_portfolio
):
    _portfolio, entries = make_portfolio(participant, entries=1, images=0, title="Ingediend")
    submission = _submission(participant, cohort)
    entries[0].title = "Na het indienen veranderd"
    entries[0].save()
    url = reverse("portfolio_pdf:submission", args=[submission.pk])
    for user in (peer, other_trainer):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(trainer)
    response = client.get(url)
    assert response.status_code == 200
    text = "\n".join(pdf_text(body(response))[1])
    assert "Ingediend 1" in text and "Na het indienen" not in text
    assert "Mooi hoe je de bewoners" in text and "Tussentijds" in text
    without = "\n".join(pdf_text(body(client.get(url, {"feedback": "0"})))[1])
    assert "Mooi hoe je de bewoners" not in without


def test_cohort_export_makes_one_pdf_per_participant(
    client, trainer, participant, peer, cohort, make_portfolio
):
    make_portfolio(participant, entries=2, images=1)
    make_portfolio(peer, entries=1, images=0)
    url = reverse("portfolio_pdf:cohort", args=[cohort.pk])
    client.force_login(trainer)
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "portfolios"})
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    status = client.get(reverse("portfolio_pdf:job_status", args=[job.public_id])).json()
    assert status["status"] == "done" and status["percent"] == 100 and status["total"] == 2
    archive = zipfile.ZipFile(io.BytesIO(body(client.get(status["download_url"]))))
    assert sorted(archive.namelist()) == [
        "fenna-de-vries.pdf",
        f"{slugify(peer.get_full_name())}.pdf",
    ]
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'role="progressbar"' in page and 'aria-valuenow="100"' in page


def test_cohort_export_of_milestone_submissions(
    client, trainer, participant, cohort, make_portfolio
):
    make_portfolio(participant, entries=1, images=0)
    submission = _submission(participant, cohort)
    client.force_login(trainer)
    url = reverse("portfolio_pdf:cohort", args=[cohort.pk])
    client.post(url, {"kind": "submissions", "milestone": submission.milestone_id})
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE and job.total == 1


def test_cohort_export_is_404_for_others(client, participant, other_trainer, cohort):
    url = reverse("portfolio_pdf:cohort", args=[cohort.pk])
    for user in (participant, other_trainer):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"kind": "portfolios"}).status_code == 404
    assert not ExportJob.objects.exists()


def test_someone_elses_job_is_404(client, trainer, participant, cohort):
    job = ExportJob.objects.create(
        owner=trainer, kind=ExportJob.Kind.COHORT_PORTFOLIOS, cohort=cohort
    )
    client.force_login(participant)
    for name in ("job", "job_status", "job_download"):
        assert client.get(reverse(f"portfolio_pdf:{name}", args=[job.public_id])).status_code == 404


def test_stale_job_shows_as_failed_and_can_be_retried(client, trainer, participant, cohort):
    job = ExportJob.objects.create(
        owner=trainer,
        kind=ExportJob.Kind.COHORT_PORTFOLIOS,
        cohort=cohort,
        status=ExportJob.Status.RUNNING,
        total=3,
        done=1,
        updated_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client.force_login(trainer)
    status = client.get(reverse("portfolio_pdf:job_status", args=[job.public_id])).json()
    assert status["status"] == "failed" and "opnieuw" in status["message"]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Opnieuw proberen" in page and 'http-equiv="refresh"' not in page
    response = client.post(reverse("portfolio_pdf:job_retry", args=[job.public_id]))
    fresh = ExportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == fresh.get_absolute_url()
    assert fresh.status == ExportJob.Status.DONE
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED


def test_running_job_page_refreshes_without_js(client, trainer, cohort):
    job = ExportJob.objects.create(
        owner=trainer, kind=ExportJob.Kind.COHORT_PORTFOLIOS, cohort=cohort, total=4, done=1
    )
    client.force_login(trainer)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page and 'aria-valuenow="25"' in page
