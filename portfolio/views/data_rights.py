"""The participant's data rights: a copy of everything the platform holds about them."""

import tempfile

from django.utils import timezone
from django.views.generic import TemplateView

from leergang.files import private_file_response
from leergang.privacy import export_user

from .base import ParticipantRequiredMixin


class ExportView(ParticipantRequiredMixin, TemplateView):
    """GDPR access and portability (art. 15 and 20): everything every app holds about the
    participant, as JSON files plus their attachments, in one ZIP (see leergang.privacy).

    This is the participant's own copy, so it is not held back by open privacy findings
    (those block submission and the PDF export, which others read). The ZIP is written to a
    temporary file and streamed from there, attachments copied in chunks."""

    template_name = "portfolio/export.html"
    http_method_names = ["get", "head", "post"]

    def get_context_data(self, **kwargs):
        return {"portfolio": self.own_portfolio}

    def post(self, request, *args, **kwargs):
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse
        export_user(request.user, spool)
        spool.seek(0)
        return private_file_response(
            spool,
            filename=f"mijn-gegevens-{timezone.localdate():%Y-%m-%d}.zip",
            content_type="application/zip",
        )
