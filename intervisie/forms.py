from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from leergang.models import User
from portfolio.models import FieldworkEntry

from .models import MAX_MEMBERS, MIN_MEMBERS, IntervisieGroup

TEXT_MAX = 4000


def privacy_message(findings):
    found = ", ".join(f"“{f.text}”" for f in findings)
    return ngettext(
        "This looks like personal data of a resident: %(found)s. Leave it out or use a "
        "pseudonym (resident A); nothing was posted.",
        "These look like personal data of residents: %(found)s. Leave them out or use a "
        "pseudonym (resident A); nothing was posted.",
        len(findings),
    ) % {"found": found}


class MembersField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.display_name


class GroupForm(forms.ModelForm):
    members = MembersField(queryset=User.objects.none(), label=_("Participants"))

    class Meta:
        model = IntervisieGroup
        fields = ["name"]

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cohort = cohort
        self.fields["members"].queryset = User.objects.filter(enrolments__cohort=cohort).order_by(
            "first_name", "last_name", "pk"
        )
        if self.instance.pk:
            self.initial["members"] = list(self.instance.current_members())

    def clean_members(self):
        members = self.cleaned_data["members"]
        if not MIN_MEMBERS <= len(members) <= MAX_MEMBERS:
            raise forms.ValidationError(
                _("An intervisie group has 3 to 6 participants; you chose %(count)s.")
                % {"count": len(members)}
            )
        return members


class CaseForm(forms.Form):
    entry = forms.ModelChoiceField(
        queryset=FieldworkEntry.objects.none(),
        label=_("Fieldwork entry"),
        help_text=_("Your group sees this entry (read only), nothing else of your portfolio."),
    )
    question = forms.CharField(
        label=_("Your question to the group"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What do you want to learn from this case? Add the context the group needs."),
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries


class TextForm(forms.Form):
    """One piece of text for the case page; the view runs the privacy check on it."""

    text = forms.CharField(
        label=_("Your response"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, label=None, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label
        self.fields["text"].required = required
