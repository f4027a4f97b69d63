"""What the trainer and participant pages share: the rounds, their audit timeline, feedback rows."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from wagtail.models import ModelLogEntry

from ..models import Assessment, Submission


def timeline(submissions):
    """Audit log entries of these rounds, oldest first."""
    content_type = ContentType.objects.get_for_model(Submission)
    return (
        ModelLogEntry.objects.filter(
            content_type=content_type, object_id__in=[str(s.pk) for s in submissions]
        )
        .select_related("user")
        .order_by("timestamp", "pk")
    )


def thread(submission):
    """All rounds of this portfolio at this milestone, with what their pages show."""
    return list(
        submission.rounds()
        .select_related("decided_by", "rubric_version", "first_assessor", "second_assessor")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("assessor").prefetch_related("scores"),
            ),
            "entry_comments__author",
        )
    )


def feedback_rows(submission, role="first", scores=None):
    """Per criterion of the frozen rubric: the chosen level (label, points) and the comment.

    ``scores`` ({criterion_key: score}) instead of the current assessment in ``role``, e.g. the
    scores of a replaced assessor."""
    if submission.rubric_version is None:
        return []
    if scores is None:
        scores = submission.scores_by_key(role)
    rows = []
    for criterion in submission.rubric_version.criteria:
        score = scores.get(criterion["key"])
        level = next(
            (lv for lv in criterion["levels"] if score and lv["key"] == score.level_key), None
        )
        rows.append(
            {"criterion": criterion, "level": level, "comment": score.comment if score else ""}
        )
    return rows


def snapshot_entries(submission, comments):
    by_entry = {}
    for comment in comments:
        by_entry.setdefault(comment.entry_id, []).append(comment)
    return [
        {**entry, "comments": by_entry.get(entry.get("id"), [])}
        for entry in submission.snapshot.get("entries", [])
    ]
