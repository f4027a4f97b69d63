"""Privacy provider of the assessment: submissions (frozen snapshots), scores, feedback and
comments. That a submission existed, with its state, dates and points, is a study result the
school must keep; its content goes on erasure, and its fieldwork after the retention period."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import ModelLogEntry

from leergang.privacy import FORMER_PARTICIPANT, Category, NotPersonal, Provider, isoformat
from portfolio.snapshot import anonymise_snapshot, erased_snapshot, needs_anonymising

from .models import EntryComment, Score, SelfAssessment, Submission

# Audit-log data keys that carry no names or text.
STRUCTURAL_LOG_KEYS = ("round", "role", "entry_id")


class AssessmentProvider(Provider):
    name = "assessment"
    label = _("Assessment")
    order = 20

    def describe(self):
        return [
            Category(
                key="assessment.submissions",
                label=_("Submissions and assessments"),
                models=(
                    "assessment.Submission",
                    "assessment.Assessment",
                    "assessment.Score",
                    "assessment.EntryComment",
                ),
                data=_(
                    "The frozen copy of your portfolio per round, state and dates, the rubric "
                    "scores and comments of your assessors, their feedback and your response."
                ),
                purpose=_("Assessing your work and recording the study result."),
                basis=_("Legal obligation (study results) and agreement."),
                recipients=_("The participant, their trainers, administrators."),
                retention=_(
                    "Content until erasure; fieldwork in it until the cohort's retention "
                    "period ends; state, dates and points as long as the school must keep them."
                ),
            ),
            Category(
                key="assessment.self_assessments",
                label=_("Self-assessments"),
                models=("assessment.SelfAssessment",),
                data=_(
                    "The levels and sentences of the self-assessment you are preparing per "
                    "milestone; what you submitted is part of the round's frozen copy."
                ),
                purpose=_("Comparing your own view of your work with the assessment."),
                basis=_("Agreement."),
                recipients=_("The participant, their trainers, administrators."),
                retention=_("Until erasure or the end of the cohort's retention period."),
            ),
            NotPersonal(
                ("assessment.Rubric", "assessment.RubricVersion", "assessment.Milestone"),
                "Assessment criteria and deadlines set by the administrators.",
            ),
        ]

    def _submissions(self, user):
        return Submission.objects.filter(portfolio__enrolment__user=user).select_related(
            "milestone", "decided_by"
        )

    def export(self, user, writer):
        rows = []
        for submission in self._submissions(user).prefetch_related(
            "assessments__scores", "assessments__assessor", "entry_comments__author"
        ):
            rows.append(
                {
                    "milestone": submission.milestone.name,
                    "round": submission.round,
                    "state": submission.get_state_display(),
                    "submitted_at": isoformat(submission.submitted_at),
                    "decided_at": isoformat(submission.decided_at),
                    "decided_by": _name(submission.decided_by),
                    "feedback": submission.feedback,
                    "response": submission.response,
                    "assessments": [
                        {
                            "role": a.get_role_display(),
                            "assessor": _name(a.assessor),
                            "scores": [
                                {
                                    "criterion": s.criterion_key,
                                    "level": s.level_key,
                                    "points": s.points,
                                    "comment": s.comment,
                                }
                                for s in a.scores.all()
                            ],
                        }
                        for a in submission.assessments.all()
                    ],
                    "entry_comments": [
                        {
                            "entry_id": c.entry_id,
                            "author": _name(c.author),
                            "text": c.text,
                            "at": isoformat(c.created_at),
                        }
                        for c in submission.entry_comments.all()
                    ],
                    "snapshot": submission.snapshot,
                }
            )
        writer.add_json("assessment.submissions", "inzendingen.json", rows)
        writer.add_json(
            "assessment.self_assessments",
            "zelfbeoordelingen.json",
            [
                {
                    "milestone": copy.milestone.name,
                    "updated_at": isoformat(copy.updated_at),
                    "scores": copy.scores,
                }
                for copy in SelfAssessment.objects.filter(
                    portfolio__enrolment__user=user
                ).select_related("milestone")
            ],
        )

    def erase(self, user, plan):
        submissions = self._submissions(user)
        plan.change(
            [
                s
                for s in submissions
                if s.feedback or s.response or not (s.snapshot or {}).get("erased")
            ],
            _("submissions kept without content"),
            _wipe_submission,
        )
        plan.update(
            Score.objects.filter(assessment__submission__in=submissions).exclude(comment=""),
            _("score comments"),
            comment="",
        )
        plan.delete(EntryComment.objects.filter(submission__in=submissions), _("entry comments"))
        plan.delete(
            SelfAssessment.objects.filter(portfolio__enrolment__user=user),
            _("self-assessments being prepared"),
        )
        _scrub_audit_log(plan, submissions)

    def retain(self, cohort, plan):
        submissions = Submission.objects.filter(portfolio__enrolment__cohort=cohort)
        plan.change(
            [s for s in submissions.only("pk", "snapshot") if needs_anonymising(s.snapshot)],
            _("anonymise fieldwork in submission snapshots"),
            lambda s: Submission.objects.filter(pk=s.pk).update(
                snapshot=anonymise_snapshot(s.snapshot)
            ),
        )
        plan.delete(
            EntryComment.objects.filter(submission__in=submissions),
            _("comments on single entries"),
        )
        plan.delete(
            SelfAssessment.objects.filter(portfolio__enrolment__cohort=cohort),
            _("self-assessments being prepared"),
        )


def _wipe_submission(submission):
    Submission.objects.filter(pk=submission.pk).update(
        snapshot=erased_snapshot(), feedback="", response=""
    )


def _name(user):
    return (user.get_full_name() or user.email) if user else None


def _scrub_audit_log(plan, submissions):
    """Keep the audit trail (who did what when) but not the participant's name or content."""
    submission_type = ContentType.objects.get_for_model(Submission)
    for submission in submissions:
        label = (
            f"{FORMER_PARTICIPANT} – {submission.milestone.name} ({_('round')} {submission.round})"
        )
        plan.update(
            ModelLogEntry.objects.filter(
                content_type=submission_type, object_id=str(submission.pk)
            ).exclude(label=label),
            _("audit log labels without the name"),
            label=label[:255],
        )
        plan.change(
            [
                e
                for e in ModelLogEntry.objects.filter(
                    content_type=submission_type, object_id=str(submission.pk)
                ).exclude(data={})
                if set(e.data) - set(STRUCTURAL_LOG_KEYS)
            ],
            _("audit log data without names or text"),
            _keep_structural,
        )


def _keep_structural(entry):
    kept = {k: v for k, v in entry.data.items() if k in STRUCTURAL_LOG_KEYS}
    ModelLogEntry.objects.filter(pk=entry.pk).update(data=kept)


@hooks.register("register_privacy_provider")
def provider():
    return AssessmentProvider()
