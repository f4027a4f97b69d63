"""Erasure of a participant on request (GDPR/AVG article 17), by an administrator.

``erase(user, by=admin)`` removes, in one transaction:

- the content of every portfolio of the participant: fieldwork entries (with earlier versions,
  privacy findings and tags), attachments (files and thumbnails too), values reflections, the
  list of real names, shares in both directions, cached PDFs and export jobs (with their files);
- module progress, login-attempt records and the admin avatar;
- the content of assessments: the frozen snapshot, the feedback, the participant's response,
  the comments with the scores and the comments on entries. What stays is that a submission
  existed: milestone, round, state, dates, levels and points (a study result);
- the name on practice stories: the credit becomes "Oud-deelnemer", also in stored revisions;
- the account itself: name "Oud-deelnemer", a made-up address, no password, inactive, no groups.

The empty portfolio and the enrolment stay, because the record of the assessment hangs off them.
Wagtail's audit log is kept, but labels and data that carry the participant's name are replaced.
The erasure is itself logged (who, when, how much; no content).
"""

import dataclasses

from django.db import transaction
from django.utils import timezone

from .models import (
    Attachment,
    FieldworkEntry,
    Portfolio,
    PortfolioShare,
    RealName,
    ValuesReflection,
)
from .retention import delete_attachments, delete_cached_pdfs, delete_stored

FORMER_PARTICIPANT = "Oud-deelnemer"


def erased_email(user):
    return f"gewist-{user.pk}@gewist.invalid"


def is_erased(user):
    return user.email == erased_email(user)


@dataclasses.dataclass
class ErasurePlan:
    user_label: str
    portfolios: int = 0
    entries: int = 0
    attachments: int = 0
    reflections: int = 0
    real_names: int = 0
    shares: int = 0
    cached_pdfs: int = 0
    progress: int = 0
    submissions: int = 0
    story_credits: int = 0
    already_erased: bool = False

    def as_dict(self):
        data = dataclasses.asdict(self)
        data.pop("user_label")
        return data

    def lines(self):
        yield f"Participant: {self.user_label}"
        if self.already_erased:
            yield "  already erased; nothing left to do"
            return
        yield f"  empty {self.portfolios} portfolio(s)"
        yield f"  delete {self.entries} fieldwork entries and {self.attachments} attachment(s)"
        yield f"  delete {self.reflections} values reflection(s) and {self.real_names} real name(s)"
        yield f"  delete {self.shares} share(s) and {self.cached_pdfs} cached PDF(s) or export(s)"
        yield f"  delete progress in {self.progress} module section(s)"
        yield f"  wipe the content of {self.submissions} submission(s); keep state and dates"
        yield f"  credit {self.story_credits} story author line(s) to '{FORMER_PARTICIPANT}'"
        yield "  anonymise and deactivate the account"


def _story_authors(user):
    from stories.models import StoryAuthor

    return StoryAuthor.objects.filter(user=user)


def plan(user):
    from assessment.models import Submission
    from modules.models import SectionCompletion
    from portfolio_pdf.models import ExportJob, RenderedPdf

    portfolios = list(Portfolio.objects.filter(enrolment__user=user))
    result = ErasurePlan(user_label=f"{user.get_full_name()} <{user.email}>".strip())
    if is_erased(user):
        result.already_erased = True
        return result
    result.portfolios = len(portfolios)
    result.entries = FieldworkEntry.objects.filter(portfolio__in=portfolios).count()
    result.attachments = Attachment.objects.filter(entry__portfolio__in=portfolios).count()
    result.reflections = ValuesReflection.objects.filter(portfolio__in=portfolios).count()
    result.real_names = RealName.objects.filter(portfolio__in=portfolios).count()
    result.shares = (
        PortfolioShare.objects.filter(portfolio__in=portfolios).count()
        + PortfolioShare.objects.filter(user=user).count()
    )
    result.cached_pdfs = (
        RenderedPdf.objects.filter(
            portfolio_public_id__in=[p.public_id for p in portfolios]
        ).count()
        + ExportJob.objects.filter(portfolio__in=portfolios).exclude(owner=user).count()
        + ExportJob.objects.filter(owner=user).count()
    )
    result.progress = SectionCompletion.objects.filter(user=user).count()
    result.submissions = Submission.objects.filter(portfolio__in=portfolios).count()
    result.story_credits = _story_authors(user).count()
    return result


def _wipe_assessments(portfolios):
    from assessment.models import EntryComment, Score, Submission

    submissions = Submission.objects.filter(portfolio__in=portfolios)
    erased_snapshot = {
        "schema": 1,
        "erased": True,
        "owner": {"name": FORMER_PARTICIPANT, "email": ""},
        "values_reflections": [],
        "entries": [],
    }
    submissions.update(snapshot=erased_snapshot, feedback="", response="")
    Score.objects.filter(assessment__submission__in=submissions).update(comment="")
    EntryComment.objects.filter(submission__in=submissions).delete()
    return list(submissions.values_list("pk", flat=True))


def _scrub_audit_log(user, submission_ids):
    """Keep the audit trail (who did what when) but not the participant's name or content."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from assessment.models import Submission

    submission_type = ContentType.objects.get_for_model(Submission)
    # The account is anonymised by now, so a submission's label reads "Oud-deelnemer – ...".
    for submission in Submission.objects.filter(pk__in=submission_ids).select_related(
        "portfolio__enrolment__user", "milestone"
    ):
        ModelLogEntry.objects.filter(
            content_type=submission_type, object_id=str(submission.pk)
        ).update(label=str(submission)[:255])
    for entry in ModelLogEntry.objects.filter(
        content_type=submission_type, object_id__in=[str(pk) for pk in submission_ids]
    ).exclude(data={}):
        # Only structural keys survive (round, role, entry id); names and texts go.
        kept = {k: v for k, v in entry.data.items() if k in ("round", "role", "entry_id")}
        if kept != entry.data:
            ModelLogEntry.objects.filter(pk=entry.pk).update(data=kept)
    user_type = ContentType.objects.get_for_model(type(user))
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        label=FORMER_PARTICIPANT, data={}
    )


def _anonymise_story_credits(user):
    """Author lines on stories, live and in stored revisions, become "Oud-deelnemer"."""
    from wagtail.models import Revision

    from stories.models import StoryAuthor, StoryPage

    authors = StoryAuthor.objects.filter(user=user)
    page_ids = set(authors.values_list("page_id", flat=True))
    page_ids |= set(StoryPage.objects.filter(owner=user).values_list("pk", flat=True))
    count = authors.update(name=FORMER_PARTICIPANT)
    names = {user.get_full_name(), user.email}
    for revision in Revision.page_revisions.filter(object_id__in=[str(pk) for pk in page_ids]):
        content = revision.content or {}
        changed = False
        for author in content.get("authors", []):
            if author.get("user") == user.pk or author.get("name") in names:
                author["name"] = FORMER_PARTICIPANT
                changed = True
        if changed:
            Revision.objects.filter(pk=revision.pk).update(content=content)
    return count


def _anonymise_account(user):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=user.email).delete()
    try:
        from wagtail.users.models import UserProfile

        profile = UserProfile.objects.filter(user=user).first()
        if profile is not None and profile.avatar:
            delete_stored(profile.avatar.storage, profile.avatar.name)
            profile.avatar = None
            profile.save(update_fields=["avatar"])
    except ImportError:  # pragma: no cover - wagtail.users is installed
        pass
    user.first_name = FORMER_PARTICIPANT
    user.last_name = ""
    user.email = erased_email(user)
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()  # also ends every open session (the session hash changes)
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def erase(user, by=None):
    """Erase the participant's personal data. Returns the plan that was carried out."""
    from modules.models import SectionCompletion
    from portfolio_pdf.models import ExportJob

    done = plan(user)
    if done.already_erased:
        return done
    with transaction.atomic():
        portfolios = list(Portfolio.objects.filter(enrolment__user=user))
        delete_attachments(Attachment.objects.filter(entry__portfolio__in=portfolios))
        delete_cached_pdfs(portfolios)
        for job in ExportJob.objects.filter(owner=user):
            if job.result:
                delete_stored(job.result.storage, job.result.name)
            job.delete()
        FieldworkEntry.objects.filter(portfolio__in=portfolios).delete()
        ValuesReflection.objects.filter(portfolio__in=portfolios).delete()
        RealName.objects.filter(portfolio__in=portfolios).delete()
        PortfolioShare.objects.filter(portfolio__in=portfolios).delete()
        PortfolioShare.objects.filter(user=user).delete()
        SectionCompletion.objects.filter(user=user).delete()
        submission_ids = _wipe_assessments(portfolios)
        _anonymise_story_credits(user)
        _anonymise_account(user)
        _scrub_audit_log(user, submission_ids)
        _log(user, by, done)
    return done


def _log(user, by, done):
    from wagtail.log_actions import log

    log(
        user,
        "portfolio.erase_participant",
        user=by,
        data={"erased_at": timezone.now().isoformat(), **done.as_dict()},
    )
