"""Quick capture on the participant's dashboard (Mijn leergang)."""

from dataclasses import dataclass

from wagtail import hooks

from portfolio.models import portfolio_for_request


@dataclass
class CapturePanel:
    template_name: str = "capture/panels/capture.html"
    order: int = 31


@hooks.register("construct_dashboard_panels")
def add_capture_panel(request, panels):
    user = request.user
    if user.is_authenticated and user.is_participant and portfolio_for_request(request):
        panels.append(CapturePanel())
