"""Trainer side (/trainer/: queue, assess, take over, results) and participant side (/inleveren/)."""

from .assess import AssessView, QueueView
from .coverage import CohortCoverageView, OwnCoverageView, ParticipantCoverageView
from .participant import SnapshotAttachmentView, SubmissionDetailView, SubmissionListView
from .results import ResultsView
from .self_assessment import SelfAssessmentView
from .takeover import TakeOverView

__all__ = [
    "AssessView",
    "CohortCoverageView",
    "OwnCoverageView",
    "ParticipantCoverageView",
    "SelfAssessmentView",
    "QueueView",
    "ResultsView",
    "SnapshotAttachmentView",
    "SubmissionDetailView",
    "SubmissionListView",
    "TakeOverView",
]
