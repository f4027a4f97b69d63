"""Derived copies follow their sources.

A cached PDF (``RenderedPdf``) and an export (``ExportJob``: one PDF, or a cohort's ZIP) are
copies of a participant's portfolio, of a submission's frozen snapshot, and of the photos in
them. Each copy records what it was made from: the portfolio, the submission (none for the
live portfolio) and the attachments it shows (``RenderedPdfAttachment``, ``ExportJobItem``,
``ExportJobAttachment``). When a source is erased or changes, every copy made from it is
deleted here: the rows at once, the files once the transaction commits. A job that is still
running notices its row is gone and throws its ZIP away (see ``jobs``).

Signals (``signals``) call ``invalidate_*`` when an attachment, entry, reflection or snapshot
changes. The privacy provider (``personal_data``) asks ``portfolio_copies``, ``expired_exports``
and ``unused_renders`` which copies to erase, so that erasure, retention and the daily expiry
(``manage.py apply_retention``: exports are kept ``LEERGANG_EXPORT_EXPIRY_DAYS``, default 7,
and cached PDFs nobody downloaded for that long go too) list them in their plans.
"""

import contextlib
import os
import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from leergang.files import delete_files, delete_files_after_commit

from .models import (
    ExportJob,
    ExportJobAttachment,
    ExportJobItem,
    RenderedPdf,
    RenderedPdfAttachment,
    export_expiry,
    private_storage,
)

# --- recording what a copy was made from -------------------------------------------------------


def record_render(rendered, *, attachment_ids):
    """The attachments a (new or re-rendered) cached PDF shows."""
    ids = {int(i) for i in attachment_ids}
    RenderedPdfAttachment.objects.filter(rendered=rendered).exclude(attachment_id__in=ids).delete()
    RenderedPdfAttachment.objects.bulk_create(
        [RenderedPdfAttachment(rendered=rendered, attachment_id=i) for i in sorted(ids)],
        ignore_conflicts=True,
    )


def record_job_items(job, items):
    """The portfolios an export will contain: ``(portfolio public id, submission id or None)``.
    Recorded before anything is rendered, so that a running job is found as well."""
    have = set(job.items.values_list("portfolio_public_id", "submission_id"))
    new = []
    for public_id, submission_id in items:
        key = (uuid.UUID(str(public_id)), submission_id)
        if key not in have:
            have.add(key)
            new.append(ExportJobItem(job=job, portfolio_public_id=key[0], submission_id=key[1]))
    ExportJobItem.objects.bulk_create(new)


def record_job_attachments(job, rendered):
    """The attachments of a cached PDF that goes into this export."""
    ids = RenderedPdfAttachment.objects.filter(rendered=rendered).values_list(
        "attachment_id", flat=True
    )
    ExportJobAttachment.objects.bulk_create(
        [ExportJobAttachment(job=job, attachment_id=i) for i in ids], ignore_conflicts=True
    )


# --- finding the copies of a source ----------------------------------------------------------


def _public_id(portfolio):
    value = getattr(portfolio, "public_id", portfolio)
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def portfolio_copies(public_ids, *, live_only=False):
    rendered = RenderedPdf.objects.filter(portfolio_public_id__in=public_ids)
    items = ExportJobItem.objects.filter(portfolio_public_id__in=public_ids)
    if live_only:
        rendered = rendered.filter(submission_id__isnull=True)
        items = items.filter(submission_id__isnull=True)
        jobs = ExportJob.objects.filter(pk__in=items.values("job_id"))
    else:
        # A portfolio job still waiting has recorded no items yet; its key says whose it is.
        jobs = ExportJob.objects.filter(
            Q(pk__in=items.values("job_id")) | Q(portfolio__public_id__in=public_ids)
        )
    return rendered, jobs


def _attachment_copies(attachment_id):
    return (
        RenderedPdf.objects.filter(embedded__attachment_id=attachment_id),
        ExportJob.objects.filter(embedded__attachment_id=attachment_id),
    )


def _submission_copies(submission_id):
    return (
        RenderedPdf.objects.filter(submission_id=submission_id),
        ExportJob.objects.filter(items__submission_id=submission_id),
    )


# --- deleting them ---------------------------------------------------------------------------


def _job_folder(job):
    # See models.export_upload_to: a cohort ZIP lives in a folder of its own job.
    return f"portfolio_pdf/exports/{job.public_id.hex}"


def delete_copies(rendered=None, jobs=None):
    """Delete these cached PDFs and exports; their files after commit. Returns the rows."""
    rendered = list((rendered if rendered is not None else RenderedPdf.objects.none()).distinct())
    jobs = list((jobs if jobs is not None else ExportJob.objects.none()).distinct())
    if not rendered and not jobs:
        return 0
    names = {r.file.name for r in rendered if r.file} | {j.result.name for j in jobs if j.result}
    folders = {_job_folder(j) for j in jobs}
    with transaction.atomic():
        _total, counts = RenderedPdf.objects.filter(pk__in=[r.pk for r in rendered]).delete()
        removed = counts.get(RenderedPdf._meta.label, 0)
        _total, counts = ExportJob.objects.filter(pk__in=[j.pk for j in jobs]).delete()
        removed += counts.get(ExportJob._meta.label, 0)
        # A one-portfolio export serves the cached PDF's file: keep a file another row uses.
        in_use = set(RenderedPdf.objects.filter(file__in=names).values_list("file", flat=True))
        in_use |= set(ExportJob.objects.filter(result__in=names).values_list("result", flat=True))
        storage = private_storage()
        delete_files_after_commit(storage, sorted(names - in_use))
        if folders:
            transaction.on_commit(lambda: _clear_folders(storage, sorted(folders)))
    return removed


def _clear_folders(storage, folders):
    """Whatever a running job wrote in its folder before it noticed its row was gone."""
    for folder in folders:
        try:
            _dirs, files = storage.listdir(folder)
        except (OSError, NotImplementedError):
            continue
        delete_files(storage, [f"{folder}/{name}" for name in files])
        with contextlib.suppress(OSError, NotImplementedError):
            os.rmdir(storage.path(folder))


# --- what the privacy provider calls ---------------------------------------------------------


def invalidate_portfolio(portfolio, *, live_only=False):
    """Delete every cached PDF and export made from this portfolio (a Portfolio or its
    public id), finished or running, cohort ZIPs included. ``live_only``: only those of the
    live portfolio, not of submitted snapshots. Returns the number of copies removed."""
    return delete_copies(*portfolio_copies([_public_id(portfolio)], live_only=live_only))


def invalidate_attachment(attachment_id):
    """Delete every cached PDF and export that shows this attachment (it may be gone)."""
    return delete_copies(*_attachment_copies(int(attachment_id)))


def invalidate_submission(submission_id):
    """Delete every cached PDF and export of this submission's frozen snapshot."""
    return delete_copies(*_submission_copies(int(submission_id)))


def plan_for_portfolios(portfolios):
    """``[(label, storage name)]`` of what ``invalidate_portfolio`` would delete for these
    portfolios; touches nothing. The storage name is empty for an export not finished."""
    rendered, jobs = portfolio_copies([_public_id(p) for p in portfolios])
    plan = []
    for r in rendered.order_by("created_at", "pk"):
        label = (
            _("cached PDF of a submission (%(date)s)")
            if r.submission_id
            else _("cached PDF of the portfolio (%(date)s)")
        ) % {"date": timezone.localtime(r.created_at).strftime("%d-%m-%Y %H:%M")}
        plan.append((label, r.file.name or ""))
    for job in jobs.distinct().select_related("owner").order_by("created_at", "pk"):
        label = _("PDF export “%(kind)s” by %(owner)s (%(date)s)") % {
            "kind": job.get_kind_display(),
            "owner": job.owner.email,
            "date": timezone.localtime(job.created_at).strftime("%d-%m-%Y %H:%M"),
        }
        plan.append((label, job.result.name or ""))
    return plan


def expired_exports(now=None):
    """Exports older than ``LEERGANG_EXPORT_EXPIRY_DAYS``: no longer downloadable."""
    return ExportJob.objects.expired(now)


def unused_renders(now=None):
    """Cached PDFs nobody downloaded for ``LEERGANG_EXPORT_EXPIRY_DAYS``."""
    return RenderedPdf.objects.filter(last_used_at__lt=(now or timezone.now()) - export_expiry())


def delete_expired_exports(now=None):
    """Delete expired exports and cached PDFs unused for as long. Returns the rows removed."""
    now = now or timezone.now()
    return delete_copies(jobs=expired_exports(now)) + delete_copies(rendered=unused_renders(now))
