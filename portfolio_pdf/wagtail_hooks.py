"""A "PDF" panel on the dashboard: the participant's own PDF, a trainer's cohort exports."""

from dataclasses import dataclass, field

from wagtail import hooks

from leergang.models import Cohort


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
    cohorts = (
        list(Cohort.objects.all() if user.is_administrator else Cohort.objects.trained_by(user))[
            :10
        ]
        if (user.is_trainer or user.is_administrator)
        else []
    )
    show_own = user.is_participant
    if show_own or cohorts:
        panels.append(PdfPanel(show_own=show_own, cohorts=cohorts))
