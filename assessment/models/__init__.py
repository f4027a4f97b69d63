"""Assessment of portfolios: rubrics, milestones, submissions (frozen snapshots), scores, verdicts.

Rubric versioning: administrators edit a ``Rubric`` freely in the admin. Whenever a portfolio is
submitted, the rubric's current definition (criteria, levels, weights, verdict rule) is frozen into
a ``RubricVersion`` (a new one only when the definition differs from the latest version) and the
submission points at that version. Scores refer to criterion and level keys of that frozen
version, so no edit of a rubric can ever change a past assessment.

Rounds: each round of a (portfolio, milestone) is its own ``Submission`` row with its own frozen
snapshot; a revision request closes a round and a resubmission opens the next one, so every round
stays visible as it was.

The models live by subject in this package; import them from here (``assessment.models``).
"""

from .assessments import Assessment, AssessmentQuerySet, EntryComment, Score
from .rubrics import CriterionBlock, LevelBlock, Rubric, RubricVersion
from .self_assessment import SelfAssessment
from .submissions import Milestone, MilestoneQuerySet, Submission, SubmissionQuerySet

__all__ = [
    "Assessment",
    "AssessmentQuerySet",
    "CriterionBlock",
    "EntryComment",
    "LevelBlock",
    "Milestone",
    "MilestoneQuerySet",
    "Rubric",
    "RubricVersion",
    "Score",
    "SelfAssessment",
    "Submission",
    "SubmissionQuerySet",
]
