"""The autosave while typing: the form's content kept as typed beside the saved entry or
reflection (never over it), and throwing that away again. The forms' script posts here and
shows the answer ("Draft saved at 14:05")."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import View

from .. import services
from .base import OwnedEntryMixin, OwnPortfolioMixin, PostOnlyMixin, StageMixin


def autosave_response(when, **extra):
    local = timezone.localtime(when)
    return JsonResponse(
        {
            "status": "saved",
            "saved_at": local.strftime("%H:%M"),
            "message": _("Draft saved at %(time)s") % {"time": local.strftime("%H:%M")},
            **extra,
        }
    )


class EntryAutosaveNewView(PostOnlyMixin, OwnPortfolioMixin, View):
    """The first autosave of a new entry creates it as a draft; the form then goes on with
    the URLs the answer gives."""

    def post(self, request, *args, **kwargs):
        entry, when = services.autosave_new_entry(self.get_own_portfolio(), request.POST)
        return autosave_response(
            when,
            edit_url=reverse("portfolio:entry_edit", args=[entry.public_id]),
            autosave_url=reverse("portfolio:entry_autosave", args=[entry.public_id]),
        )


class EntryAutosaveView(PostOnlyMixin, OwnedEntryMixin, View):
    def post(self, request, *args, **kwargs):
        return autosave_response(services.autosave_entry(self.get_object(), request.POST))


class EntryDiscardDraftView(PostOnlyMixin, OwnedEntryMixin, View):
    def post(self, request, *args, **kwargs):
        entry = self.get_object()
        if services.discard_draft(entry):
            messages.info(request, _("The draft has been thrown away."))
            return redirect("portfolio:home")
        messages.info(request, _("The unsaved changes have been thrown away."))
        return redirect("portfolio:entry_edit", entry_id=entry.public_id)


class ValuesAutosaveView(PostOnlyMixin, StageMixin, OwnPortfolioMixin, View):
    def post(self, request, *args, **kwargs):
        stage = self.get_stage()
        when = services.autosave_reflection(self.get_own_portfolio(), stage, request.POST)
        return autosave_response(when)
