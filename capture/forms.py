"""The quick capture form: the few fields that can be filled in on a street corner.

The same form checks a post without JavaScript and a draft sent by the phone's sync (its JSON
becomes the form's data), so both get the same Dutch messages.
"""

import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portfolio.models import FieldworkEntry

MAX_NOTE = 20_000
MAX_PHOTOS = 6
Setting = FieldworkEntry.Setting

# The rich-text fields of a fieldwork entry a quick note can land in, in the desk form's words.
NOTE_FIELDS = (
    ("actions", _("What I did")),
    ("outcome", _("What happened")),
    ("residents_idea", _("The residents' idea or ambition")),
    ("reflection", _("My reflection")),
)
# Quick additions to "who was involved", by role (the phone appends them to the field).
ROLES = (
    _("resident A"),
    _("resident B"),
    _("young people"),
    _("shopkeeper"),
    _("colleague"),
    _("partner organisation"),
    _("municipality"),
)


def default_title(setting, date):
    """The title of a quick entry that was given none: "Street conversation 12 May"."""
    label = dict(Setting.choices).get(setting, Setting.OTHER.label)
    return f"{label} {date_format(date, 'MONTH_DAY_FORMAT')}"


class QuickEntryForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional: without one it is named after the kind of contact and the date."),
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    setting = forms.ChoiceField(
        label=_("Kind of contact"),
        choices=Setting.choices,
        initial=Setting.STREET,
        widget=forms.RadioSelect,
    )
    involved = forms.CharField(label=_("Who was involved"), max_length=500, required=False)
    # A validator, not max_length: that would make the browser cut a long paste off unseen.
    note = forms.CharField(
        label=_("Note"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 7}),
        validators=[
            MaxLengthValidator(
                MAX_NOTE,
                message=_(
                    "A note can have at most %(limit_value)s characters (this one has "
                    "%(show_value)s). Shorten it, or split it over two entries."
                ),
            )
        ],
    )
    note_field = forms.ChoiceField(
        label=_("The note belongs under"),
        choices=NOTE_FIELDS,
        initial="actions",
        help_text=_("Where the note appears when you work the entry out at your desk."),
    )
    assignment = forms.ChoiceField(label=_("Assignment"), required=False, choices=())
    no_people = forms.BooleanField(
        label=_("No recognisable people in these photos"),
        required=False,
    )

    def __init__(self, *args, assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.assignments = {f"{a.module.pk}:{a.block_id}": a for a in assignments}
        self.fields["assignment"].choices = [
            ("", _("(none)")),
            *((key, f"{a.module.title}: {a.title}") for key, a in self.assignments.items()),
        ]

    def clean_date(self):
        date = self.cleaned_data["date"]
        # The desk form's rule: a day of grace for time zones, no further.
        if date > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("The date cannot be in the future."))
        return date

    def clean_note(self):
        return (self.cleaned_data.get("note") or "").replace("\x00", "")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("title") or "").strip() and "setting" in cleaned and "date" in cleaned:
            cleaned["title"] = default_title(cleaned["setting"], cleaned["date"])
        cleaned["assignment"] = self.assignments.get(cleaned.get("assignment") or "")
        return cleaned
