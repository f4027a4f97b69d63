"""Evidence attached to an entry: adding, the file and its thumbnail, caption and consent,
deleting. Files come only from the private storage, through ``private_file_response``."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.generic import UpdateView, View
from django.views.generic.base import TemplateResponseMixin

from leergang.files import private_file_response

from .. import privacy, services
from ..forms import AttachmentForm, attach_findings
from ..models import Attachment
from ..uploads import StorageUnavailable, make_thumbnail
from .base import (
    PRIVACY_WARNING,
    EmptyPostUnboundMixin,
    OwnedAttachmentMixin,
    OwnedEntryMixin,
    PostAsGetMixin,
    PostOnlyMixin,
    ReadableAttachmentMixin,
    StatusOnInvalidMixin,
)
from .entries import entry_page_context

MAX_ATTACHMENTS = 20


def _attachments_url(entry):
    return f"{reverse('portfolio:entry', args=[entry.public_id])}#bijlagen"


def attachment_saved(request, attachment, message):
    """Where to go after saving: the privacy review when the caption holds a finding."""
    if privacy.check_attachment(attachment):
        messages.warning(request, PRIVACY_WARNING)
        return redirect("portfolio:entry_privacy", entry_id=attachment.entry.public_id)
    messages.success(request, message)
    return redirect(_attachments_url(attachment.entry))


class AttachmentAddView(PostOnlyMixin, OwnedEntryMixin, TemplateResponseMixin, View):
    """An upload from the entry's page; a refused one shows that page again with the errors."""

    template_name = "portfolio/entry_detail.html"

    def _refused(self, entry, form, status):
        context = entry_page_context(self.request.user, entry, attachment_form=form)
        return self.render_to_response(context, status=status)

    def post(self, request, *args, **kwargs):
        entry = self.get_object()
        if entry.attachments.count() >= MAX_ATTACHMENTS:
            messages.error(request, _("An entry can have at most 20 attachments."))
            return redirect("portfolio:entry", entry_id=entry.public_id)
        form = AttachmentForm(request.POST, request.FILES, instance=Attachment(entry=entry))
        if not form.is_valid():
            return self._refused(entry, form, status=400)
        try:
            attachment = services.add_attachment(form)
        except StorageUnavailable:
            form.add_error(
                None,
                _(
                    "The server's storage is full or not writable, so the file could not be "
                    "saved. Nothing was stored. Please try again later or tell the course "
                    "administration."
                ),
            )
            return self._refused(entry, form, status=503)
        return attachment_saved(request, attachment, _("The attachment has been added."))


class AttachmentFileView(PostAsGetMixin, ReadableAttachmentMixin, View):
    def get(self, request, *args, **kwargs):
        attachment = self.get_object()
        return private_file_response(
            None,
            storage=attachment.file.storage,
            name=attachment.file.name,
            content_type=attachment.content_type or "application/octet-stream",
            filename=get_valid_filename(attachment.original_name) or "bijlage",
            inline=attachment.is_image,
        )


class AttachmentThumbnailView(PostAsGetMixin, ReadableAttachmentMixin, View):
    def get(self, request, *args, **kwargs):
        attachment = self.get_object()
        if not attachment.is_image:
            raise Http404
        try:
            name = make_thumbnail(attachment)
        except Exception as exc:  # noqa: BLE001 - a broken file has no thumbnail
            raise Http404 from exc
        return private_file_response(
            None,
            storage=attachment.file.storage,
            name=name,
            content_type="image/jpeg",
            filename="miniatuur.jpg",
            inline=True,
        )


class AttachmentEditView(
    EmptyPostUnboundMixin, StatusOnInvalidMixin, OwnedAttachmentMixin, UpdateView
):
    """Caption and consent; the file itself is not replaced (delete it and add another)."""

    form_class = AttachmentForm
    template_name = "portfolio/attachment_form.html"

    def form_valid(self, form):
        form.save()
        return attachment_saved(self.request, self.object, _("The attachment has been updated."))

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or self.get_form()
        attach_findings(form, "caption", self.object.findings.all())
        return {"form": form, "attachment": self.object, "entry": self.object.entry}


class AttachmentDeleteView(PostOnlyMixin, OwnedAttachmentMixin, View):
    def post(self, request, *args, **kwargs):
        attachment = self.get_object()
        entry = attachment.entry
        services.delete_attachment(attachment)
        messages.success(request, _("The attachment has been deleted."))
        return redirect(_attachments_url(entry))
