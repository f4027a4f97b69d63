"""Trainer side (/trainer/: queue, assess, take over, results) and participant side (/inleveren/)."""

from .assess import AssessView, QueueView
from .participant import SnapshotAttachmentView, SubmissionDetailView, SubmissionListView
from .results import ResultsView
from .takeover import TakeOverView

__all__ = [
    "AssessView",
    "QueueView",
    "ResultsView",
    "SnapshotAttachmentView",
    "SubmissionDetailView",
    "SubmissionListView",
    "TakeOverView",
]
