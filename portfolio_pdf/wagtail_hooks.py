"""A "PDF" panel on the dashboard (the participant's own PDF, a trainer's cohort exports), and
the copies of a submission's snapshot following it when it changes."""

from dataclasses import dataclass, field

from wagtail import hooks

from leergang.models import Cohort
from leergang.permissions import is_course_staff

from . import derived

# Called (with the submission's id) by the app that keeps submissions when a submission's
# frozen snapshot changes (erasure, retention) or the submission is deleted.
SNAPSHOT_CHANGE_HOOK = "after_submission_snapshot_change"


@dataclass
class PdfPanel:
    show_own: bool = False
    cohorts: list = field(default_factory=list)
    template_name: str = "portfolio_pdf/panels/pdf.html"
    order: int = 35


@hooks.register("construct_dashboard_panels")
def add_pdf_panel(request, panels):
    user = request.user
    if not user.is_authenticated:
        return
    cohorts = list(Cohort.objects.managed_by(user)[:10]) if is_course_staff(user) else []
    show_own = user.is_participant
    if show_own or cohorts:
        panels.append(PdfPanel(show_own=show_own, cohorts=cohorts))


@hooks.register(SNAPSHOT_CHANGE_HOOK)
def delete_copies_of_submission(submission_id):
    derived.invalidate_submission(submission_id)
