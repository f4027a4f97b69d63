"""Rendered portfolio PDFs: the cache of finished renders and the background export jobs.

A PDF always renders from a snapshot (see ``portfolio.snapshot``). The cache key is a hash of
everything that goes into the document, so an unchanged portfolio is never rendered twice.
Files live in the private storage and are only ever served by views that check who may read.
"""

import datetime
import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A running job that has not reported for this long is taken over by another worker: longer than
# one PDF may take (the render limit, PORTFOLIO_PDF_TIMEOUT) plus a margin.
RESUME_AFTER = datetime.timedelta(
    seconds=float(getattr(settings, "PORTFOLIO_PDF_TIMEOUT", 120)) + 30
)
# How often a job is taken over before it counts as failed.
MAX_RUNS = 3
# A running job that has not reported for this long is shown as failed (no worker took it over).
STALE_AFTER = datetime.timedelta(minutes=5)


def export_expiry():
    """How long an export stays downloadable (and an unused cached PDF stays on disk)."""
    return datetime.timedelta(days=getattr(settings, "LEERGANG_EXPORT_EXPIRY_DAYS", 7))


def private_storage():
    return storages["private"]


def rendered_upload_to(instance, filename):
    return f"portfolio_pdf/cache/{instance.key[:2]}/{instance.key}.pdf"


def export_upload_to(instance, filename):
    return f"portfolio_pdf/exports/{instance.public_id.hex}/{filename}"


class RenderedPdf(models.Model):
    """A finished PDF, stored under the sha256 of its snapshot, options and template version."""

    key = models.CharField(max_length=64, unique=True)
    file = models.FileField(storage=private_storage, upload_to=rendered_upload_to, max_length=300)
    portfolio_public_id = models.UUIDField(db_index=True)
    # The submission whose frozen snapshot this is; empty for a render of the live portfolio.
    # A plain id, not a key: the PDF app works without the assessment app.
    submission_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    size = models.PositiveIntegerField(default=0)
    page_count = models.PositiveIntegerField(default=0)
    render_seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rendered PDF")
        verbose_name_plural = _("rendered PDFs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.portfolio_public_id} ({self.key[:12]})"

    @property
    def is_live(self):
        return self.submission_id is None


class RenderedPdfAttachment(models.Model):
    """An attachment that a rendered PDF shows (image or listed file): deleting the attachment
    or withdrawing its consent deletes the PDF. The id stays after the attachment is gone."""

    rendered = models.ForeignKey(RenderedPdf, on_delete=models.CASCADE, related_name="embedded")
    attachment_id = models.PositiveBigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rendered", "attachment_id"], name="pdf_rendered_attachment_once"
            )
        ]

    def __str__(self):
        return f"{self.rendered_id}: attachment {self.attachment_id}"


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one who started a job sees it; administrators see all. Others get 404."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_administrator:
            return self.all()
        return self.filter(owner=user)

    def expired(self, now=None):
        """Exports older than ``LEERGANG_EXPORT_EXPIRY_DAYS``: no longer downloadable."""
        return self.filter(created_at__lt=(now or timezone.now()) - export_expiry())

    def abandoned(self, now=None):
        """Running jobs whose worker stopped reporting: to be taken over by another worker."""
        now = now or timezone.now()
        return self.filter(
            status=ExportJob.Status.RUNNING,
            updated_at__lt=now - RESUME_AFTER,
            runs__lt=MAX_RUNS,
        )

    def stale(self, now=None):
        now = now or timezone.now()
        return self.filter(
            status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING],
            updated_at__lt=now - STALE_AFTER,
        )


class ExportJob(models.Model):
    """A PDF export that runs in the background: one large portfolio, or a whole cohort as ZIP."""

    class Kind(models.TextChoices):
        PORTFOLIO = "portfolio", _("One portfolio")
        COHORT_PORTFOLIOS = "cohort_portfolios", _("All portfolios of a cohort")
        COHORT_SUBMISSIONS = "cohort_submissions", _("Submitted snapshots of a milestone")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pdf_export_jobs",
        verbose_name=_("started by"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    cohort = models.ForeignKey(
        "leergang.Cohort", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    portfolio = models.ForeignKey(
        "portfolio.Portfolio", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    milestone = models.CharField(_("milestone"), max_length=200, blank=True)
    # What to render: entry ids, with or without feedback (see pdf.RenderOptions).
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result = models.FileField(
        storage=private_storage, upload_to=export_upload_to, max_length=300, blank=True
    )
    result_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Touched on every step: the heartbeat by which a dead job is recognised.
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Which run owns the job: a run whose token was replaced (another worker took the job over)
    # stops at its next heartbeat, so an export is never made twice.
    run_token = models.UUIDField(null=True, blank=True, editable=False)
    runs = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("PDF export")
        verbose_name_plural = _("PDF exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="pdfjob_owner_created")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("portfolio_pdf:job", args=[self.public_id])

    @property
    def expires_at(self):
        return self.created_at + export_expiry()

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def is_stale(self):
        return (
            self.status in (self.Status.QUEUED, self.Status.RUNNING)
            and self.updated_at < timezone.now() - STALE_AFTER
        )

    @property
    def effective_status(self):
        """What the user should be told: a job whose worker died shows as failed."""
        return self.Status.FAILED if self.is_stale else self.status

    @property
    def effective_status_label(self):
        return self.Status(self.effective_status).label

    @property
    def is_finished(self):
        return self.effective_status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    def heartbeat(self, **fields):
        """Store progress; False when the row is gone (the export was invalidated) or another
        run has taken the job over."""
        fields["updated_at"] = timezone.now()
        for name, value in fields.items():
            setattr(self, name, value)
        rows = type(self).objects.filter(pk=self.pk)
        if self.run_token is not None:
            rows = rows.filter(run_token=self.run_token)
        return bool(rows.update(**fields))

    def claim(self):
        """Make this run the job's owner (a fresh token); False when it is finished or gone."""
        token = uuid.uuid4()
        claimed = (
            type(self)
            .objects.filter(pk=self.pk, status__in=[self.Status.QUEUED, self.Status.RUNNING])
            .update(
                run_token=token,
                runs=models.F("runs") + 1,
                status=self.Status.RUNNING,
                message="",
                updated_at=timezone.now(),
            )
        )
        if claimed:
            self.run_token, self.status = token, self.Status.RUNNING
        return bool(claimed)


class ExportJobItem(models.Model):
    """One portfolio (live, or a submission's snapshot) that an export contains or will contain.

    Recorded before the job renders it, so that erasing the participant finds a running job
    too. Plain ids, so the record outlives the portfolio it names."""

    job = models.ForeignKey(ExportJob, on_delete=models.CASCADE, related_name="items")
    portfolio_public_id = models.UUIDField(db_index=True)
    submission_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["job", "portfolio_public_id", "submission_id"],
                name="pdf_job_item_once",
            )
        ]

    def __str__(self):
        return f"{self.job_id}: {self.portfolio_public_id} ({self.submission_id or 'live'})"


class ExportJobAttachment(models.Model):
    """An attachment shown in one of the PDFs of an export."""

    job = models.ForeignKey(ExportJob, on_delete=models.CASCADE, related_name="embedded")
    attachment_id = models.PositiveBigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "attachment_id"], name="pdf_job_attachment_once")
        ]

    def __str__(self):
        return f"{self.job_id}: attachment {self.attachment_id}"
