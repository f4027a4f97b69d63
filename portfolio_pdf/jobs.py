"""Export jobs: one large portfolio, or a cohort as one ZIP of PDFs, in the background.

Every step touches ``updated_at`` (the heartbeat). A job whose worker died is taken over by
another worker after ``RESUME_AFTER`` (``tasks.resume_abandoned_exports``): the same job runs again
under a fresh ``run_token``, and a run that lost its token stops at its next heartbeat, so an export
is never made twice. After ``MAX_RUNS`` runs, or with no worker left, it shows as failed after
``STALE_AFTER`` and can be started again. Each PDF renders in its own child process with
a time and memory limit, so one runaway portfolio fails alone and the rest of the ZIP is made.
"""

import io
import logging
import tempfile
import zipfile

from django.conf import settings
from django.core.files import File
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from leergang.models import Cohort
from portfolio.models import Portfolio

from . import derived, pdf, sources
from .models import ExportJob, RenderedPdf

logger = logging.getLogger(__name__)


def abandoned_jobs(now=None):
    """Running exports whose worker died, each claimed for a rerun by exactly one caller.

    Two workers sweeping at once both see a job, but only one moves its heartbeat from the value
    it read: the other gets nothing to rerun."""
    taken = []
    for job in ExportJob.objects.abandoned(now):
        seen = job.updated_at
        if ExportJob.objects.filter(pk=job.pk, updated_at=seen).update(updated_at=timezone.now()):
            taken.append(job.pk)
    return taken


class JobGone(Exception):
    """The job's row was deleted while it ran: a source was erased or changed (``derived``).
    Whatever it made is thrown away; nobody is told, the job no longer exists."""


def _beat(job, **fields):
    if not job.heartbeat(**fields):
        raise JobGone(job.public_id)


def may_export_cohort(user, cohort):
    return Cohort.objects.managed_by(user).filter(pk=cohort.pk).exists()


def still_available(job):
    """May the one who started this export still have it? Asked again at every download: a
    trainer removed from the cohort, or a portfolio no longer shared, ends access to the copy."""
    owner = job.owner
    if job.kind != ExportJob.Kind.PORTFOLIO:
        return job.cohort is not None and may_export_cohort(owner, job.cohort)
    submission_id = job.options.get("submission_id")
    if submission_id:
        return sources.may_read_submission(owner, submission_id)
    return Portfolio.objects.visible_to(owner).filter(pk=job.portfolio_id).exists()


def run_job(job_id):
    job = ExportJob.objects.select_related("owner", "cohort", "portfolio").filter(pk=job_id).first()
    if job is None or not job.claim():
        return
    try:
        with translation.override("nl"):
            if job.kind == ExportJob.Kind.PORTFOLIO:
                _run_portfolio(job)
            else:
                _run_cohort(job)
    except JobGone:
        logger.info(
            "PDF export %s was invalidated while it ran; its output is discarded", job.public_id
        )
        return
    except pdf.RenderError as exc:
        logger.error("PDF export %s failed: %s", job.public_id, exc)
        job.heartbeat(status=ExportJob.Status.FAILED, message=str(exc), finished_at=timezone.now())
    except Exception:
        logger.exception("PDF export %s failed", job.public_id)
        with translation.override("nl"):
            message = _("The export failed because of an error on our side. Please try again.")
        job.heartbeat(status=ExportJob.Status.FAILED, message=message, finished_at=timezone.now())
    _notify(job)


def _run_portfolio(job):
    options = pdf.RenderOptions.from_dict(job.options)
    submission_id = job.options.get("submission_id")
    if job.portfolio is not None:
        derived.record_job_items(job, [(job.portfolio.public_id, submission_id or None)])
    _beat(job, total=1, done=0)
    if submission_id:
        submission = sources.visible_submission(job.owner, submission_id)
        snapshot = submission.snapshot
        feedback = sources.submission_feedback(submission) if options.include_feedback else None
        label = sources.submission_label(submission)
        allowed = None
    else:
        portfolio = Portfolio.objects.visible_to(job.owner).filter(pk=job.portfolio_id).first()
        if portfolio is None:
            raise pdf.RenderError(_("This portfolio is no longer available to you."))
        snapshot = sources.live_snapshot(portfolio)
        submission = (
            sources.latest_assessed_submission(portfolio) if options.include_feedback else None
        )
        feedback = sources.submission_feedback(submission) if submission else None
        label = ""
        allowed = sources.readable_attachment_ids(job.owner, snapshot)
    rendered = pdf.get_or_render(
        snapshot,
        options=options,
        feedback=feedback,
        submission_label=label,
        allowed_attachments=allowed,
        submission_id=submission_id or None,
        portfolio_public_id=job.portfolio.public_id if job.portfolio else None,
    )
    derived.record_job_attachments(job, rendered)
    # The job points at the cached file: no second copy of the same PDF.
    job.result.name = rendered.file.name
    _beat(
        job,
        result=rendered.file.name,
        result_name=pdf.download_name(snapshot),
        done=1,
        status=ExportJob.Status.DONE,
        finished_at=timezone.now(),
    )


def _cohort_items(job):
    """Per participant: (user, (portfolio public id, submission id), a loader of (snapshot,
    feedback, label, allowed attachment ids)), and who was skipped and why."""
    cohort = job.cohort
    items, skipped = [], []
    if job.kind == ExportJob.Kind.COHORT_SUBMISSIONS:
        for submission in sources.milestone_submissions(cohort, int(job.milestone)):
            owner = submission.portfolio.enrolment.user
            items.append(
                (
                    owner,
                    (submission.portfolio.public_id, submission.pk),
                    lambda s=submission: (
                        s.snapshot,
                        sources.submission_feedback(s),
                        sources.submission_label(s),
                        None,
                    ),
                )
            )
        return items, skipped
    enrolments = cohort.enrolments.select_related("user").order_by(
        "user__last_name", "user__first_name", "user__email"
    )
    for enrolment in enrolments:
        portfolio, _created = Portfolio.objects.get_or_create(enrolment=enrolment)
        reasons = sources.blockers(portfolio)
        if reasons:
            # Named (with the reasons) in NOT-INCLUDED.txt: the ZIP holds their data too.
            skipped.append((enrolment.user, reasons, (portfolio.public_id, None)))
            continue
        items.append(
            (
                enrolment.user,
                (portfolio.public_id, None),
                lambda p=portfolio: _portfolio_item(job.owner, p),
            )
        )
    return items, skipped


def _portfolio_item(user, portfolio):
    snapshot = sources.live_snapshot(portfolio)
    return snapshot, None, "", sources.readable_attachment_ids(user, snapshot)


def _run_cohort(job):
    cohort = job.cohort
    if cohort is None or not may_export_cohort(job.owner, cohort):
        raise pdf.RenderError(_("You may no longer export this cohort."))
    items, skipped = _cohort_items(job)
    # Recorded before the first render: erasing one of them now deletes this running job.
    derived.record_job_items(
        job,
        [source for _user, source, _load in items] + [source for *_rest, source in skipped],
    )
    _beat(job, total=len(items), done=0)
    failed = []
    used_names = set()
    with tempfile.TemporaryFile() as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
            for n, (user, source, load) in enumerate(items, 1):
                name = _unique(f"{slugify(user.get_full_name() or user.email)}.pdf", used_names)
                try:
                    # PDFs are compressed already; storing them is faster than deflating.
                    archive.writestr(name, _cohort_pdf(job, source, load))
                except pdf.RenderError as exc:
                    failed.append((user, str(exc)))
                _beat(job, done=n)
            if skipped or failed:
                archive.writestr(_("NOT-INCLUDED.txt"), _readme(skipped, failed))
        tmp.seek(0)
        filename = f"portfolios-{slugify(cohort.name)}-{timezone.localdate():%Y%m%d}.zip"
        job.result.save(filename, File(tmp), save=False)
    message = ""
    if skipped or failed:
        message = _("%(count)d portfolio(s) could not be included; see NOT-INCLUDED.txt.") % {
            "count": len(skipped) + len(failed)
        }
    finished = job.heartbeat(
        result=job.result.name,
        result_name=filename,
        status=ExportJob.Status.DONE,
        message=message,
        finished_at=timezone.now(),
    )
    if not finished:
        # Invalidated between the last step and now: the ZIP may hold what was erased.
        job.result.storage.delete(job.result.name)
        raise JobGone(job.public_id)


def _cohort_pdf(job, source, load):
    """The bytes of one participant's PDF, once the export has recorded what it shows."""
    for _attempt in range(2):
        snapshot, feedback, label, allowed = load()
        rendered = pdf.get_or_render(
            snapshot,
            options=pdf.RenderOptions(include_feedback=feedback is not None),
            feedback=feedback,
            submission_label=label,
            allowed_attachments=allowed,
            submission_id=source[1],
            portfolio_public_id=source[0],
        )
        derived.record_job_attachments(job, rendered)
        try:
            with rendered.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            data = None
        # Still there after the export recorded its attachments: not invalidated in between
        # (an invalidation from now on finds this job and deletes it).
        if data is not None and RenderedPdf.objects.filter(pk=rendered.pk).exists():
            return data
    raise pdf.RenderError(_("The portfolio changed while the PDF was being made. Try again."))


def _unique(name, used):
    base, n = name[:-4] or "portfolio", 1
    while name in used:
        n += 1
        name = f"{base}-{n}.pdf"
    used.add(name)
    return name


def _readme(skipped, failed):
    out = io.StringIO()
    for user, reasons, _source in skipped:
        out.write(f"{user.get_full_name() or user.email}:\n")
        for reason in reasons:
            out.write(f"  - {reason}\n")
    for user, reason in failed:
        out.write(f"{user.get_full_name() or user.email}:\n  - {reason}\n")
    return out.getvalue()


def _notify(job):
    job = ExportJob.objects.select_related("owner").filter(pk=job.pk).first()
    if job is None:
        return
    if not job.owner.email:
        return
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    with translation.override("nl"):
        context = {"job": job, "url": f"{base}{job.get_absolute_url()}"}
        subject = (
            _("Your PDF export is ready")
            if job.status == ExportJob.Status.DONE
            else _("Your PDF export failed")
        )
        body = render_to_string("portfolio_pdf/email/job_finished.txt", context)
    send_mail(subject, body, None, [job.owner.email], fail_silently=True)
