"""Issue 12: cached PDFs and exports follow their sources (erasure, access, expiry, consent)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessment.models import Milestone, Rubric, Submission
from portfolio.models import Attachment, Portfolio
from portfolio.snapshot import build_snapshot
from portfolio_pdf import derived, jobs, pdf
from portfolio_pdf.models import ExportJob, RenderedPdf, private_storage

pytestmark = pytest.mark.django_db


def exists(name):
    return bool(name) and private_storage().exists(name)


def image_count(data):
    """Distinct image XObjects (pages share one resource dictionary)."""
    reader = PdfReader(io.BytesIO(data))
    return len(
        {
            ref.idnum
            for page in reader.pages
            for ref in (page["/Resources"].get("/XObject") or {}).values()
            if ref.get_object().get("/Subtype") == "/Image"
        }
    )


def body(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def cohort_zip(client, trainer, participant, peer, cohort, make_portfolio):
    """A trainer's finished ZIP of the cohort's portfolios (the participant's with a photo)."""
    make_portfolio(participant, entries=1, images=1)
    make_portfolio(peer, entries=1, images=0)
    client.force_login(trainer)
    client.post(reverse("portfolio_pdf:cohort", args=[cohort.pk]), {"kind": "portfolios"})
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE and exists(job.result.name)
    return job


def download(client, job):
    return client.get(reverse("portfolio_pdf:job_download", args=[job.public_id]))


def _submission(participant, cohort):
    portfolio = Portfolio.objects.get(enrolment__user=participant)
    milestone = Milestone.objects.create(
        cohort=cohort,
        name="Tussentijds",
        deadline=timezone.now() + datetime.timedelta(days=7),
        rubric=Rubric.objects.create(name="Portfoliorubric"),
    )
    return Submission.objects.create(
        portfolio=portfolio,
        milestone=milestone,
        state="submitted",
        snapshot=build_snapshot(portfolio),
        submitted_at=timezone.now(),
    )


def test_erased_participant_leaves_no_cohort_zip(
    client, cohort_zip, participant, django_capture_on_commit_callbacks
):
    portfolio = Portfolio.objects.get(enrolment__user=participant)
    name = cohort_zip.result.name
    assert [n for _label, n in derived.plan_for_portfolios([portfolio]) if n == name]
    assert exists(name)  # a dry run touches nothing
    with django_capture_on_commit_callbacks(execute=True):
        removed = derived.invalidate_portfolio(portfolio)
    assert removed >= 2  # the ZIP and the participant's cached PDF
    assert not ExportJob.objects.filter(pk=cohort_zip.pk).exists()
    assert not exists(name)
    assert not RenderedPdf.objects.filter(portfolio_public_id=portfolio.public_id).exists()
    assert download(client, cohort_zip).status_code == 404
    # Idempotent: nothing left to remove, and a file already gone is no error.
    with django_capture_on_commit_callbacks(execute=True):
        assert derived.invalidate_portfolio(portfolio) == 0
    assert derived.plan_for_portfolios([portfolio]) == []


def test_missing_file_is_not_an_error(cohort_zip, django_capture_on_commit_callbacks):
    private_storage().delete(cohort_zip.result.name)
    with django_capture_on_commit_callbacks(execute=True):
        assert derived.invalidate_portfolio(cohort_zip.items.first().portfolio_public_id) >= 1
    assert not ExportJob.objects.exists()


def test_running_cohort_job_writes_no_zip_of_an_erased_portfolio(
    trainer, participant, peer, cohort, make_portfolio, monkeypatch
):
    make_portfolio(participant, entries=1, images=0)
    make_portfolio(peer, entries=1, images=0)
    erased = Portfolio.objects.get(enrolment__user=participant)
    job = ExportJob.objects.create(
        owner=trainer, kind=ExportJob.Kind.COHORT_PORTFOLIOS, cohort=cohort
    )
    real = pdf.get_or_render

    def erase_meanwhile(*args, **kwargs):
        rendered = real(*args, **kwargs)
        derived.invalidate_portfolio(erased)  # the participant is erased while the job runs
        return rendered

    monkeypatch.setattr(pdf, "get_or_render", erase_meanwhile)
    jobs.run_job(job.pk)
    assert not ExportJob.objects.filter(pk=job.pk).exists()
    _dirs, files = private_storage().listdir("portfolio_pdf/exports")
    assert files == []
    folder = f"portfolio_pdf/exports/{job.public_id.hex}"
    assert not private_storage().exists(folder) or private_storage().listdir(folder)[1] == []


def test_trainer_removed_from_cohort_cannot_download(client, cohort_zip, cohort, trainer):
    assert download(client, cohort_zip).status_code == 200
    cohort.trainers.remove(trainer)
    cohort.save()
    assert download(client, cohort_zip).status_code == 404
    page = client.get(cohort_zip.get_absolute_url()).content.decode()
    assert "niet meer voor je beschikbaar" in page
    status = client.get(reverse("portfolio_pdf:job_status", args=[cohort_zip.public_id])).json()
    assert status["download_url"] is None and status["available"] is False
    retry = client.post(reverse("portfolio_pdf:job_retry", args=[cohort_zip.public_id]))
    assert retry.status_code == 404


def test_export_expires_after_seven_days(
    client, cohort_zip, cohort, django_capture_on_commit_callbacks
):
    url = reverse("portfolio_pdf:cohort", args=[cohort.pk])
    expires = (cohort_zip.created_at + datetime.timedelta(days=7)).date()
    assert str(expires.day) in client.get(url).content.decode()
    assert "beschikbaar tot" in client.get(cohort_zip.get_absolute_url()).content.decode()
    ExportJob.objects.filter(pk=cohort_zip.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert download(client, cohort_zip).status_code == 404
    page = client.get(cohort_zip.get_absolute_url()).content.decode()
    assert "verlopen" in page and "Maak een nieuwe" in page
    assert list(derived.expired_exports()) == [cohort_zip]
    name = cohort_zip.result.name
    with django_capture_on_commit_callbacks(execute=True):
        assert derived.delete_expired_exports() == 1
    assert not ExportJob.objects.exists() and not exists(name)
    assert derived.delete_expired_exports() == 0


def test_unused_cached_pdfs_are_pruned(
    participant, make_portfolio, django_capture_on_commit_callbacks
):
    portfolio, _entries = make_portfolio(participant, entries=1, images=0)
    rendered = pdf.get_or_render(build_snapshot(portfolio))
    RenderedPdf.objects.update(last_used_at=timezone.now() - datetime.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        assert derived.delete_expired_exports() == 1
    assert not exists(rendered.file.name)


@pytest.mark.parametrize("change", ["delete", "withdraw consent"])
def test_submission_pdf_drops_a_deleted_or_withdrawn_photo(
    client, trainer, participant, cohort, make_portfolio, change, django_capture_on_commit_callbacks
):
    _portfolio, entries = make_portfolio(participant, entries=1, images=1)
    submission = _submission(participant, cohort)
    url = reverse("portfolio_pdf:submission", args=[submission.pk])
    client.force_login(trainer)
    assert image_count(body(client.get(url))) == 1
    old = RenderedPdf.objects.get(submission_id=submission.pk)
    attachment = entries[0].attachments.get()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "delete":
            attachment.delete()
        else:
            attachment.consent = Attachment.Consent.NONE
            attachment.save()
    assert not RenderedPdf.objects.filter(pk=old.pk).exists()
    assert not exists(old.file.name)
    data = body(client.get(url))  # the frozen snapshot still lists the photo
    assert image_count(data) == 0
    assert "De plek van het idee" not in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(data)).pages
    )


def test_edited_entry_leaves_no_old_live_pdf(
    client, participant, make_portfolio, django_capture_on_commit_callbacks
):
    _portfolio, entries = make_portfolio(participant, entries=1, images=0, title="Mevrouw Jansen")
    client.force_login(participant)
    client.post(reverse("portfolio_pdf:own"), {"scope": "all"})
    old = RenderedPdf.objects.get()
    assert exists(old.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        entries[0].title = "Bewoner A"
        entries[0].save()
    assert not RenderedPdf.objects.exists()
    assert not exists(old.file.name)


def test_daily_retention_deletes_expired_exports(cohort_zip, django_capture_on_commit_callbacks):
    ExportJob.objects.update(created_at=timezone.now() - datetime.timedelta(days=9))
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert cohort_zip.result.name in out.getvalue() and ExportJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=io.StringIO())
    assert not ExportJob.objects.exists() and not exists(cohort_zip.result.name)


def test_erased_snapshot_renders_afresh(
    client, trainer, participant, cohort, make_portfolio, django_capture_on_commit_callbacks
):
    make_portfolio(participant, entries=1, images=1, title="Mevrouw Jansen")
    submission = _submission(participant, cohort)
    url = reverse("portfolio_pdf:submission", args=[submission.pk])
    client.force_login(trainer)
    assert "Mevrouw Jansen" in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(body(client.get(url)))).pages
    )
    old = RenderedPdf.objects.get(submission_id=submission.pk)
    # Erasure replaces the snapshot with one that names nobody (and no portfolio).
    submission.snapshot = {"schema": 1, "erased": True, "owner": {"name": "Oud-deelnemer"}}
    with django_capture_on_commit_callbacks(execute=True):
        submission.save()
    assert not exists(old.file.name)
    response = client.get(url)
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body(response))).pages)
    assert "Mevrouw Jansen" not in text and "Oud-deelnemer" in text
