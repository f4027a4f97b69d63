"""State changes of a submission: one function per transition.

Each function checks who acts and the current state, bumps ``Submission.version`` with a
conditional UPDATE (optimistic locking: a stale version raises ``Conflict`` and writes nothing),
writes Wagtail's audit log and sends the e-mail that belongs to it (links only, never content).
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from leergang.links import site_url
from portfolio.privacy import export_blockers
from portfolio.snapshot import build_snapshot

from . import notifications, selfassess
from .models import Assessment, EntryComment, Milestone, Score, Submission

State = Submission.State


class TransitionError(Exception):
    """The action is not allowed now; ``messages`` are Dutch sentences for the user."""

    def __init__(self, *messages):
        self.messages = [str(m) for m in messages]
        super().__init__("; ".join(self.messages))


class NotYourAssessment(TransitionError):
    """A trainer who is neither the first nor the second assessor tried to score or decide."""


class Conflict(Exception):
    """Someone else changed the submission since the form was loaded."""

    def __init__(self, submission):
        self.submission = submission
        super().__init__(f"submission {submission.pk} changed (now version {submission.version})")


def _require_state(submission, *states, message=None):
    if submission.state not in states:
        raise TransitionError(
            message
            or _("This is not possible while the submission is “%(state)s”.")
            % {"state": submission.get_state_display()}
        )


def _require_owner(submission, user):
    if not submission.portfolio.is_owner(user):
        raise TransitionError(_("Only the participant can do this with their own submission."))


def _require_assessor(submission, user):
    if not Submission.objects.assessable_by(user).filter(pk=submission.pk).exists():
        raise TransitionError(_("You cannot assess this submission."))


def _bump(submission, expected_version, **fields):
    """Write ``fields`` only if nobody changed the submission since ``expected_version``."""
    if expected_version is None:
        expected_version = submission.version
    updated = Submission.objects.filter(pk=submission.pk, version=expected_version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise Conflict(Submission.objects.with_relations().get(pk=submission.pk))
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.version = expected_version + 1


def _log(submission, action, user, **data):
    log(submission, action, user=user, data={"round": submission.round, **data})


# Participant ----------------------------------------------------------------------------------


def start(portfolio, milestone, user):
    """Open a draft (concept) for a milestone, or return the latest round that exists."""
    if not portfolio.is_owner(user):
        raise TransitionError(_("Only the participant can do this with their own submission."))
    if not Milestone.objects.filter(pk=milestone.pk, cohort=portfolio.enrolment.cohort).exists():
        raise TransitionError(_("This milestone is not part of your cohort."))
    latest = (
        Submission.objects.filter(portfolio=portfolio, milestone=milestone)
        .order_by("-round")
        .first()
    )
    if latest:
        return latest
    submission = Submission.objects.create(portfolio=portfolio, milestone=milestone, round=1)
    _log(submission, "assessment.start", user)
    return submission


def blockers(submission):
    return export_blockers(submission.portfolio) + selfassess.blockers(submission)


def freeze_snapshot(submission, version):
    """The round's frozen copy of the portfolio, with the self-assessment when there is one."""
    snapshot = build_snapshot(submission.portfolio)
    own = selfassess.freeze(submission.portfolio, submission.milestone, version)
    if own:
        snapshot["self_assessment"] = own
    return snapshot


@transaction.atomic
def submit(submission, user, *, expected_version=None):
    """Concept → ingediend: freeze the snapshot and the rubric version, tell the trainers."""
    _require_owner(submission, user)
    _require_state(
        submission,
        State.CONCEPT,
        message=_("This submission has already been submitted."),
    )
    found = blockers(submission)
    if found:
        raise TransitionError(*found)
    now = timezone.now()
    version = submission.milestone.rubric.current_version()
    _bump(
        submission,
        expected_version,
        state=State.SUBMITTED,
        snapshot=freeze_snapshot(submission, version),
        rubric_version=version,
        submitted_at=now,
    )
    _log(submission, "assessment.submit", user)
    notifications.submission_arrived(submission, site_url())
    return submission


@transaction.atomic
def resubmit(submission, user, response, *, expected_version=None):
    """Herkansing gevraagd → next round ingediend, with the participant's answer to the feedback."""
    _require_owner(submission, user)
    _require_state(
        submission,
        State.REVISION_REQUESTED,
        message=_("You can only resubmit after a revision has been requested."),
    )
    if submission.rounds().filter(round__gt=submission.round).exists():
        raise TransitionError(_("This round has already been resubmitted."))
    response = (response or "").strip()
    if not response:
        raise TransitionError(_("Write how you dealt with the feedback before you resubmit."))
    found = blockers(submission)
    if found:
        raise TransitionError(*found)
    now = timezone.now()
    _bump(submission, expected_version, response=response, responded_at=now)
    _log(submission, "assessment.respond", user)
    # A milestone keeps the rubric version it was first assessed with, for every round.
    version = submission.rubric_version or submission.milestone.rubric.current_version()
    new_round = Submission.objects.create(
        portfolio=submission.portfolio,
        milestone=submission.milestone,
        round=submission.round + 1,
        state=State.SUBMITTED,
        snapshot=freeze_snapshot(submission, version),
        rubric_version=version,
        first_assessor=submission.first_assessor,
        second_assessor=submission.second_assessor,
        submitted_at=now,
    )
    _log(new_round, "assessment.resubmit", user)
    notifications.submission_arrived(new_round, site_url())
    return new_round


# Trainer --------------------------------------------------------------------------------------


def role_of(submission, user):
    """Which assessment ``user`` scores: the invited second assessor the second; the first
    assessor (or anyone, while nobody has claimed the submission) the first; None for every other
    trainer of the cohort, who reads the scores and may take the assessment over."""
    if submission.second_assessor_id and submission.second_assessor_id == user.pk:
        return Assessment.Role.SECOND
    if submission.first_assessor_id in (None, user.pk):
        return Assessment.Role.FIRST
    return None


def _require_role(submission, user):
    role = role_of(submission, user)
    if role is None:
        raise NotYourAssessment(
            _(
                "%(name)s assesses this submission: only they score and decide. "
                "Take the assessment over if you are to do it instead."
            )
            % {"name": submission.first_assessor}
        )
    return role


def _own_assessment(submission, user, role, now):
    """``user``'s current assessment in ``role``; never someone else's scores to write into."""
    assessment = Assessment.objects.current().filter(submission=submission, role=role).first()
    if assessment is not None and assessment.assessor_id != user.pk:
        # Scores of another assessor (e.g. written before take-overs existed) stay theirs.
        assessment.replaced_at = now
        assessment.save(update_fields=["replaced_at"])
        assessment = None
    if assessment is None:
        return Assessment.objects.create(submission=submission, role=role, assessor=user)
    assessment.save(update_fields=["updated_at"])
    return assessment


@transaction.atomic
def save_scores(submission, user, scores, *, expected_version=None):
    """Store the levels and comments of ``user``'s own assessment; {criterion_key: (level_key, comment)}.

    The first save takes the submission into 'in beoordeling' with ``user`` as its assessor.
    Anyone else than the first or second assessor is refused."""
    _require_assessor(submission, user)
    _require_state(submission, *Submission.WAITING_STATES)
    if role_of(submission, user) is None and expected_version not in (None, submission.version):
        # The page was loaded before someone else claimed the submission: show what changed.
        raise Conflict(Submission.objects.with_relations().get(pk=submission.pk))
    role = _require_role(submission, user)
    version = submission.rubric_version
    cleaned = {}
    for key, (level_key, comment) in scores.items():
        comment = (comment or "").strip()
        if not level_key and not comment:
            continue
        level = version.level(key, level_key) if level_key else None
        if level_key and level is None:
            raise TransitionError(_("Choose one of the levels of the rubric."))
        if version.criterion(key) is None:
            raise TransitionError(_("This criterion is not part of the rubric."))
        cleaned[key] = (level, comment)
    fields = {}
    if submission.state == State.SUBMITTED:
        fields["state"] = State.IN_REVIEW
    if role == Assessment.Role.FIRST and not submission.first_assessor_id:
        fields["first_assessor"] = user
    _bump(submission, expected_version, **fields)
    assessment = _own_assessment(submission, user, role, timezone.now())
    assessment.scores.all().delete()
    Score.objects.bulk_create(
        [
            Score(
                assessment=assessment,
                criterion_key=key,
                level_key=level["key"] if level else "",
                points=level["points"] if level else -1,
                comment=comment,
            )
            for key, (level, comment) in cleaned.items()
        ]
    )
    _log(submission, "assessment.score", user, role=role)
    return assessment


def take_over_refusal(submission, user):
    """Why ``user`` cannot take over the assessment now, or None when they can."""
    if not submission.is_waiting:
        return _("This is not possible while the submission is “%(state)s”.") % {
            "state": submission.get_state_display()
        }
    if submission.first_assessor_id is None:
        return _("Nobody assesses this submission yet: you can score it right away.")
    if submission.first_assessor_id == user.pk:
        return _("You already assess this submission.")
    if submission.second_assessor_id == user.pk:
        return _("You are the second assessor; the first assessor must be someone else.")
    return None


@transaction.atomic
def take_over(submission, user, reason, *, expected_version=None):
    """Make ``user`` the first assessor instead of the current one, with a reason.

    The previous assessor's scores stay stored as theirs (replaced, shown in the history); the
    new assessor scores and decides on their own. Logged, and the previous assessor is told."""
    _require_assessor(submission, user)
    refusal = take_over_refusal(submission, user)
    if refusal:
        raise TransitionError(refusal)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Write why you take over this assessment."))
    previous = submission.first_assessor
    _bump(submission, expected_version, first_assessor=user)
    Assessment.objects.current().filter(submission=submission, role=Assessment.Role.FIRST).update(
        replaced_at=timezone.now()
    )
    _log(submission, "assessment.take_over", user, previous=str(previous), reason=reason)
    notifications.assessment_taken_over(submission, previous, user, site_url())


@transaction.atomic
def invite_second_assessor(submission, user, assessor, *, expected_version=None):
    _require_assessor(submission, user)
    _require_state(submission, *Submission.WAITING_STATES)
    if _require_role(submission, user) != Assessment.Role.FIRST:
        raise TransitionError(_("Only the first assessor asks a second assessor."))
    if submission.second_assessor_id:
        # A new second assessor would write into the scores of the one already asked.
        raise TransitionError(_("A second assessor has already been asked."))
    if assessor.pk == submission.participant.pk:
        raise TransitionError(_("No one can assess their own work."))
    if assessor.pk == user.pk or assessor.pk == submission.first_assessor_id:
        raise TransitionError(_("The second assessor must be someone else than the first."))
    if not Submission.objects.assessable_by(assessor).filter(pk=submission.pk).exists():
        raise TransitionError(_("This person is not a trainer of the cohort."))
    fields = {"second_assessor": assessor}
    if not submission.first_assessor_id:
        fields["first_assessor"] = user
    _bump(submission, expected_version, **fields)
    _log(submission, "assessment.invite_second", user, assessor=str(assessor))
    notifications.second_assessor_invited(submission, site_url())


def _complete(submission, role):
    assessment = Assessment.objects.current().filter(submission=submission, role=role).first()
    if assessment is None:
        return False, {}
    points = {s.criterion_key: s.points for s in assessment.scores.all() if s.level_key}
    keys = {c["key"] for c in submission.rubric_version.criteria}
    return keys <= set(points), points


def _check_ready(submission, user):
    _require_assessor(submission, user)
    if submission.second_assessor_id == user.pk:
        raise TransitionError(_("The second assessor scores; the first assessor decides."))
    _require_role(submission, user)
    _require_state(
        submission,
        *Submission.WAITING_STATES,
        message=_("A verdict can only be given on a submission that is waiting for assessment.")
        if submission.state == State.CONCEPT
        else None,
    )
    complete, points = _complete(submission, Assessment.Role.FIRST)
    if not complete:
        raise TransitionError(_("Score every criterion of the rubric first."))
    if submission.second_assessor_id and not _complete(submission, Assessment.Role.SECOND)[0]:
        raise TransitionError(
            _("The second assessor has not scored every criterion yet; wait for their scores.")
        )
    return points


@transaction.atomic
def request_revision(submission, user, message, *, expected_version=None):
    """In beoordeling → herkansing gevraagd, with a message to the participant."""
    _check_ready(submission, user)
    message = (message or "").strip()
    if not message:
        raise TransitionError(_("Write a message that tells the participant what to revise."))
    _bump(
        submission,
        expected_version,
        state=State.REVISION_REQUESTED,
        feedback=message,
        decided_by=user,
        decided_at=timezone.now(),
    )
    _log(submission, "assessment.request_revision", user)
    notifications.feedback_given(submission, site_url())


@transaction.atomic
def give_verdict(submission, user, passed, message, *, expected_version=None):
    """In beoordeling → voldaan or niet voldaan. A pass must agree with the rubric's rule."""
    points = _check_ready(submission, user)
    outcome = submission.rubric_version.outcome(points)
    if passed and outcome is False:
        raise TransitionError(
            _(
                "The scores do not meet the rubric's rule for a pass; adjust the scores or ask for a revision."
            )
        )
    _bump(
        submission,
        expected_version,
        state=State.PASSED if passed else State.FAILED,
        feedback=(message or "").strip(),
        decided_by=user,
        decided_at=timezone.now(),
    )
    _log(submission, "assessment.pass" if passed else "assessment.fail", user)
    notifications.feedback_given(submission, site_url(), kind="verdict")


def add_entry_comment(submission, user, entry_id, text):
    _require_assessor(submission, user)
    _require_state(submission, *Submission.WAITING_STATES)
    _require_role(submission, user)
    text = (text or "").strip()
    if not text:
        raise TransitionError(_("Write a comment first."))
    if entry_id not in submission.snapshot_entry_ids():
        raise TransitionError(_("This entry is not part of the submission."))
    comment = EntryComment.objects.create(
        submission=submission, entry_id=entry_id, author=user, text=text
    )
    _log(submission, "assessment.comment", user, entry_id=entry_id)
    return comment
