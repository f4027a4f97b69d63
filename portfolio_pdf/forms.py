from django import forms
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import pdf


class PdfOptionsForm(forms.Form):
    """What goes into the participant's own PDF. Also read from GET for the preview."""

    SCOPE_ALL = "all"
    SCOPE_SELECTION = "selection"

    scope = forms.ChoiceField(
        label=_("Which fieldwork entries"),
        choices=[(SCOPE_ALL, _("All entries")), (SCOPE_SELECTION, _("Only the entries I choose"))],
        widget=forms.RadioSelect,
        initial=SCOPE_ALL,
    )
    entries = forms.TypedMultipleChoiceField(
        label=_("Entries"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    feedback = forms.BooleanField(label=_("Include the feedback and rubric scores"), required=False)

    def __init__(self, *args, snapshot=None, has_feedback=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for entry in (snapshot or {}).get("entries", []):
            title = entry.get("title") or _("Untitled entry")
            date = entry.get("date")
            label = f"{title} ({date_format(_parse(date), 'DATE_FORMAT')})" if date else title
            choices.append((entry["id"], label))
        self.fields["entries"].choices = choices
        if not has_feedback:
            del self.fields["feedback"]

    def clean(self):
        data = super().clean()
        if data.get("scope") == self.SCOPE_SELECTION and not data.get("entries"):
            self.add_error("entries", _("Choose at least one entry, or choose all entries."))
        return data

    def render_options(self):
        data = self.cleaned_data
        ids = tuple(data["entries"]) if data.get("scope") == self.SCOPE_SELECTION else None
        return pdf.RenderOptions(entry_ids=ids, include_feedback=bool(data.get("feedback")))


def _parse(value):
    return parse_date(value)


class CohortExportForm(forms.Form):
    KIND_PORTFOLIOS = "portfolios"
    KIND_SUBMISSIONS = "submissions"

    kind = forms.ChoiceField(
        label=_("What to export"),
        choices=[
            (KIND_PORTFOLIOS, _("All portfolios (current state)")),
            (KIND_SUBMISSIONS, _("Submitted snapshots of a milestone")),
        ],
        widget=forms.RadioSelect,
        initial=KIND_PORTFOLIOS,
    )
    milestone = forms.TypedChoiceField(
        label=_("Milestone"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [("", _("Choose a milestone"))] + [
            (m.pk, m.name) for m in milestones
        ]
        if not milestones:
            self.fields["kind"].choices = self.fields["kind"].choices[:1]
            del self.fields["milestone"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == self.KIND_SUBMISSIONS and not data.get("milestone"):
            self.add_error("milestone", _("Choose the milestone whose submissions you want."))
        return data
