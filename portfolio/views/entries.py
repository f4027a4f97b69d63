"""Fieldwork entries: reading one, writing, editing, deleting, and the earlier versions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView, View

from .. import privacy, services
from ..forms import AttachmentForm, FieldworkEntryForm, attach_findings
from ..models import FieldworkEntry, PrivacyFinding
from ..richtext import html_to_plain
from .base import (
    PRIVACY_WARNING,
    AssignmentMixin,
    OwnedEntryMixin,
    ParticipantRequiredMixin,
    PostAsGetMixin,
    PostOnlyMixin,
    ReadableEntryMixin,
    StatusOnInvalidMixin,
)

HISTORY_LENGTH = 50
EXCERPT_LENGTH = 160


def entry_page_context(user, entry, attachment_form=None):
    """What the entry's page shows; the owner also gets the attachment form and the findings."""
    is_owner = entry.portfolio.is_owner(user)
    findings = list(privacy.entry_findings(entry)) if is_owner else []
    return {
        "entry": entry,
        "portfolio": entry.portfolio,
        "owner": entry.portfolio.enrolment.user,
        "is_owner": is_owner,
        "attachments": list(entry.attachments.all()),
        "outcomes": list(entry.learning_outcomes.all()),
        "tags": list(entry.tags.all()),
        "open_findings": [f for f in findings if f.status == PrivacyFinding.Status.OPEN],
        "attachment_form": attachment_form or (AttachmentForm() if is_owner else None),
    }


class EntryDetailView(PostAsGetMixin, ReadableEntryMixin, DetailView):
    template_name = "portfolio/entry_detail.html"

    def get_context_data(self, **kwargs):
        return entry_page_context(self.request.user, self.object)


def saved(request, entry, findings):
    """Where to go after saving: the privacy review when the check found something."""
    if findings:
        messages.warning(request, PRIVACY_WARNING)
        return redirect("portfolio:entry_privacy", entry_id=entry.public_id)
    messages.success(request, _("Your entry has been saved."))
    return redirect("portfolio:entry", entry_id=entry.public_id)


class EntryCreateView(StatusOnInvalidMixin, AssignmentMixin, ParticipantRequiredMixin, CreateView):
    """A new entry; opened from a fieldwork assignment it starts with the assignment's title,
    module and learning outcomes."""

    form_class = FieldworkEntryForm
    template_name = "portfolio/entry_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": FieldworkEntry(portfolio=self.own_portfolio),
        }

    def get_initial(self):
        if self.request.method == "POST":
            return {}
        initial = {"date": timezone.localdate()}
        assignment = self.assignment
        if assignment is not None and assignment.kind == "fieldwork":
            initial.update(
                title=assignment.title[:200],
                module=assignment.module.pk,
                learning_outcomes=[o.pk for o in assignment.outcomes],
                assignment_id=services.assignment_key(assignment),
            )
        return initial

    def form_valid(self, form):
        findings = services.save_entry(form, self.request.user)
        return saved(self.request, form.instance, findings)

    def get_context_data(self, **kwargs):
        return {
            "form": kwargs.get("form") or self.get_form(),
            "portfolio": self.own_portfolio,
            "assignment": self.assignment,
            "autosave_url": reverse("portfolio:entry_autosave_new"),
        }


class EntryUpdateView(StatusOnInvalidMixin, AssignmentMixin, OwnedEntryMixin, UpdateView):
    """Editing an entry; what the autosave kept since the last save is put back in the form."""

    form_class = FieldworkEntryForm
    template_name = "portfolio/entry_form.html"
    restored_at = None

    def get_initial(self):
        if self.request.method == "POST":
            return {}
        initial, self.restored_at = services.entry_form_initial(self.object)
        return initial or {}

    def form_valid(self, form):
        findings = services.save_entry(form, self.request.user)
        return saved(self.request, form.instance, findings)

    def get_context_data(self, **kwargs):
        entry = self.object
        form = kwargs.get("form") or self.get_form()
        tag_findings = [f for f in privacy.entry_findings(entry) if f.subject == "tag"]
        attach_findings(form, "tags", tag_findings)
        return {
            "form": form,
            "entry": entry,
            "portfolio": entry.portfolio,
            "restored_at": self.restored_at,
            "assignment": self.assignment if not entry.assignment_id else None,
            "autosave_url": reverse("portfolio:entry_autosave", args=[entry.public_id]),
        }


class EntryDeleteView(OwnedEntryMixin, DeleteView):
    """A confirmation page; the POST deletes (not DeleteView's DELETE, which would pass by the
    service that removes the files and the tags no longer used)."""

    template_name = "portfolio/entry_delete.html"
    http_method_names = ["get", "head", "post"]

    def form_valid(self, form):
        services.delete_entry(self.object)
        messages.success(self.request, _("The entry has been deleted."))
        return redirect("portfolio:own_log")

    def get_context_data(self, **kwargs):
        return {"entry": self.object, "portfolio": self.object.portfolio}


class EntryHistoryView(PostAsGetMixin, OwnedEntryMixin, DetailView):
    """The saved versions of an entry, newest first, each with a button to restore it."""

    template_name = "portfolio/entry_history.html"

    def get_context_data(self, **kwargs):
        entry = self.object
        rows = [
            {
                "revision": revision,
                "title": revision.data.get("title", ""),
                "excerpt": html_to_plain(revision.data.get("actions", ""))[:EXCERPT_LENGTH],
            }
            for revision in entry.revisions.all()[:HISTORY_LENGTH]
        ]
        return {"entry": entry, "portfolio": entry.portfolio, "rows": rows}


class EntryRestoreView(PostOnlyMixin, OwnedEntryMixin, View):
    def post(self, request, *args, **kwargs):
        entry = self.get_object()
        revision = get_object_or_404(entry.revisions, pk=kwargs["revision_id"])
        services.restore_revision(entry, revision, request.user)
        when = date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
        messages.success(request, _("The version of %(when)s has been restored.") % {"when": when})
        return redirect("portfolio:entry", entry_id=entry.public_id)
