"""Retention: after a cohort's retention period its fieldwork is anonymised (GDPR/AVG).

Each cohort has ``retention_months`` (default 24) counted from its end date. After that day,
``manage.py apply_retention`` (run daily by cron or a systemd timer):

- deletes every fieldwork attachment of the cohort's portfolios: the file, its thumbnail and the
  row, and the cached PDFs and export ZIPs that contained them;
- replaces every free-text field of the fieldwork entries (title, place, who was involved, the
  residents' idea, actions, outcome, reflection) by ``[geanonimiseerd]``, and drops what could
  bring the text back: autosaved drafts, earlier versions, privacy findings;
- removes the participants' lists of real names (the pseudonym check);
- anonymises the fieldwork in the frozen snapshots of submissions the same way. Verdicts, scores
  and feedback stay: study results are kept as long as the school must keep them.

Values reflections are the participant's own writing about themselves and are kept until the
participant asks for erasure (see ``portfolio.erasure``). Running it twice changes nothing the
second time; ``--dry-run`` lists what a real run would do and touches nothing.
"""

import dataclasses
import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from leergang.models import Cohort

from .models import Attachment, EntryRevision, FieldworkEntry, PrivacyFinding, RealName

ANONYMISED = "[geanonimiseerd]"
SNAPSHOT_TEXT_FIELDS = (
    "title",
    "place",
    "involved",
    "residents_idea_html",
    "actions_html",
    "outcome_html",
    "reflection_html",
)


def delete_stored(storage, *names):
    """Delete files once the transaction commits (a rollback keeps rows and files together);
    a file that is already gone is fine."""

    def delete():
        for name in names:
            if name and storage.exists(name):
                storage.delete(name)

    transaction.on_commit(delete)


def delete_attachments(attachments):
    """Delete attachment files, thumbnails and rows. Returns the number of attachments."""
    count = 0
    for attachment in attachments:
        delete_stored(attachment.file.storage, attachment.file.name, attachment.thumbnail)
        attachment.delete()
        count += 1
    return count


def delete_cached_pdfs(portfolios, cohort=None):
    """Rendered PDFs of these portfolios and export jobs about them (or the cohort), with files."""
    from portfolio_pdf.models import ExportJob, RenderedPdf

    public_ids = [p.public_id for p in portfolios]
    count = 0
    for rendered in RenderedPdf.objects.filter(portfolio_public_id__in=public_ids):
        delete_stored(rendered.file.storage, rendered.file.name)
        rendered.delete()
        count += 1
    jobs = ExportJob.objects.filter(portfolio__in=[p.pk for p in portfolios])
    if cohort is not None:
        jobs = ExportJob.objects.filter(Q(pk__in=jobs.values("pk")) | Q(cohort=cohort))
    for job in jobs:
        if job.result:
            delete_stored(job.result.storage, job.result.name)
        job.delete()
        count += 1
    return count


def _entry_needs_anonymising():
    text_left = Q()
    for name in FieldworkEntry.FREE_TEXT_FIELDS:
        text_left |= ~Q(**{name: ""}) & ~Q(**{name: ANONYMISED})
    return text_left | ~Q(autosave_data={})


def _snapshot_needs_anonymising(snapshot):
    for entry in (snapshot or {}).get("entries", []):
        if entry.get("attachments"):
            return True
        if any(entry.get(f) not in ("", None, ANONYMISED) for f in SNAPSHOT_TEXT_FIELDS):
            return True
    return False


def anonymise_snapshot(snapshot):
    """The snapshot with its fieldwork texts replaced and its attachments dropped."""
    snapshot = dict(snapshot or {})
    entries = []
    for entry in snapshot.get("entries", []):
        entry = dict(entry)
        for name in SNAPSHOT_TEXT_FIELDS:
            if entry.get(name):
                entry[name] = ANONYMISED
        entry["attachments"] = []
        entries.append(entry)
    snapshot["entries"] = entries
    return snapshot


@dataclasses.dataclass
class CohortPlan:
    """What retention would do (or did) for one cohort whose retention period has passed."""

    cohort: Cohort
    ends: datetime.date
    attachments: list = dataclasses.field(default_factory=list)  # (entry title, file name)
    entries: int = 0
    revisions: int = 0
    findings: int = 0
    real_names: int = 0
    snapshots: int = 0
    cached_pdfs: int = 0

    @property
    def is_empty(self):
        return not (
            self.attachments
            or self.entries
            or self.revisions
            or self.findings
            or self.real_names
            or self.snapshots
            or self.cached_pdfs
        )

    def lines(self):
        yield (
            f"{self.cohort.name}: retention ended {self.ends:%d-%m-%Y} "
            f"({self.cohort.retention_months} months after {self.cohort.end_date:%d-%m-%Y})"
        )
        if self.is_empty:
            yield "  nothing left to do"
            return
        yield f"  delete {len(self.attachments)} attachment(s) (files and rows)"
        for title, name in self.attachments:
            yield f"    - {name} (entry: {title or '-'})"
        yield f"  anonymise {self.entries} fieldwork entr{'y' if self.entries == 1 else 'ies'}"
        yield f"  delete {self.revisions} earlier version(s) and {self.findings} privacy finding(s)"
        yield f"  delete {self.real_names} real name(s) from the pseudonym check"
        yield f"  anonymise fieldwork in {self.snapshots} submission snapshot(s)"
        yield f"  delete {self.cached_pdfs} cached PDF(s) and export(s)"


def due_cohorts(today=None):
    today = today or timezone.localdate()
    return [c for c in Cohort.objects.order_by("end_date", "pk") if c.retention_ends() < today]


def _portfolios(cohort):
    from .models import Portfolio

    return list(Portfolio.objects.filter(enrolment__cohort=cohort))


def plan(cohort):
    from assessment.models import Submission
    from portfolio_pdf.models import ExportJob, RenderedPdf

    portfolios = _portfolios(cohort)
    entries = FieldworkEntry.objects.filter(portfolio__in=portfolios)
    result = CohortPlan(cohort=cohort, ends=cohort.retention_ends())
    result.attachments = list(
        Attachment.objects.filter(entry__in=entries)
        .order_by("entry__date", "pk")
        .values_list("entry__title", "original_name")
    )
    result.entries = entries.filter(_entry_needs_anonymising()).count()
    result.revisions = EntryRevision.objects.filter(entry__in=entries).count()
    result.findings = PrivacyFinding.objects.filter(entry__in=entries).count()
    result.real_names = RealName.objects.filter(portfolio__in=portfolios).count()
    result.snapshots = sum(
        1
        for snapshot in Submission.objects.filter(portfolio__in=portfolios).values_list(
            "snapshot", flat=True
        )
        if _snapshot_needs_anonymising(snapshot)
    )
    result.cached_pdfs = (
        RenderedPdf.objects.filter(
            portfolio_public_id__in=[p.public_id for p in portfolios]
        ).count()
        + ExportJob.objects.filter(Q(portfolio__in=portfolios) | Q(cohort=cohort)).count()
    )
    return result


def apply(cohort):
    """Carry out the plan for one cohort (in one transaction). Returns the plan it carried out."""
    from assessment.models import Submission

    done = plan(cohort)
    if done.is_empty:
        return done
    portfolios = _portfolios(cohort)
    entries = FieldworkEntry.objects.filter(portfolio__in=portfolios)
    with transaction.atomic():
        delete_attachments(Attachment.objects.filter(entry__in=entries))
        for entry in entries.filter(_entry_needs_anonymising()):
            for name in FieldworkEntry.FREE_TEXT_FIELDS:
                if getattr(entry, name):
                    setattr(entry, name, ANONYMISED)
            entry.autosave_data = {}
            entry.autosaved_at = None
            entry.save()
        EntryRevision.objects.filter(entry__in=entries).delete()
        PrivacyFinding.objects.filter(entry__in=entries).delete()
        RealName.objects.filter(portfolio__in=portfolios).delete()
        for submission in Submission.objects.filter(portfolio__in=portfolios):
            if _snapshot_needs_anonymising(submission.snapshot):
                Submission.objects.filter(pk=submission.pk).update(
                    snapshot=anonymise_snapshot(submission.snapshot)
                )
        delete_cached_pdfs(portfolios, cohort=cohort)
        _log(cohort, done)
    return done


def _log(cohort, done):
    from wagtail.log_actions import log

    log(
        cohort,
        "portfolio.retention",
        data={
            "attachments": len(done.attachments),
            "entries": done.entries,
            "revisions": done.revisions,
            "findings": done.findings,
            "real_names": done.real_names,
            "snapshots": done.snapshots,
            "cached_pdfs": done.cached_pdfs,
        },
    )


def run(dry_run=False, today=None):
    """Plans (dry run) or carried-out plans for every cohort whose retention has ended."""
    return [plan(c) if dry_run else apply(c) for c in due_cohorts(today)]
