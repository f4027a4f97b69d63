"""Forms of the assessment pages; the score form is built from the frozen rubric version."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .selfassess import SENTENCE_MAX as SELF_SENTENCE_MAX


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)


class ScoreForm(forms.Form):
    """One radio group (levels) and one comment per criterion of the rubric version."""

    version = VersionField()

    def __init__(self, *args, rubric_version, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = rubric_version.criteria
        for criterion in self.criteria:
            key = criterion["key"]
            self.fields[f"level_{key}"] = forms.ChoiceField(
                label=criterion["name"],
                choices=[
                    (lv["key"], f"{lv['label']} ({lv['points']})") for lv in criterion["levels"]
                ],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"comment_{key}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion["name"]},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=5000,
            )

    def rows(self):
        for criterion in self.criteria:
            yield {
                "criterion": criterion,
                "level": self[f"level_{criterion['key']}"],
                "comment": self[f"comment_{criterion['key']}"],
            }

    def scores(self):
        data = self.cleaned_data
        return {
            c["key"]: (data.get(f"level_{c['key']}") or "", data.get(f"comment_{c['key']}") or "")
            for c in self.criteria
        }

    @classmethod
    def initial_from(cls, scores):
        initial = {}
        for key, score in scores.items():
            initial[f"level_{key}"] = score.level_key
            initial[f"comment_{key}"] = score.comment
        return initial


class DecisionForm(forms.Form):
    REVISION, PASS, FAIL = "revision", "pass", "fail"

    version = VersionField()
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (REVISION, _("Ask for a revision")),
            (PASS, _("Passed")),
            (FAIL, _("Not passed")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the participant"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10000,
        help_text=_("Required when you ask for a revision: say what to improve."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REVISION and not (data.get("message") or "").strip():
            self.add_error("message", _("Write what the participant should revise."))
        return data


class EntryCommentForm(forms.Form):
    entry_id = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Comment on this entry"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class SecondAssessorForm(forms.Form):
    version = VersionField()
    assessor = forms.ModelChoiceField(
        label=_("Second assessor"), queryset=get_user_model().objects.none()
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = candidates


class TakeOverForm(forms.Form):
    version = VersionField()
    reason = forms.CharField(
        label=_("Why do you take over?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "For the history of this submission and the other trainers; "
            "the participant does not see it."
        ),
        error_messages={"required": _("Write why you take over this assessment.")},
    )


class ResubmitForm(forms.Form):
    version = VersionField()
    response = forms.CharField(
        label=_("Your response to the feedback"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("What did you change, and what did you do with each point of feedback?"),
    )


class SubmitForm(forms.Form):
    version = VersionField()


class SelfAssessmentForm(forms.Form):
    """Per criterion of the rubric: the participant's own level and one sentence."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            key = criterion["key"]
            self.fields[f"level_{key}"] = forms.ChoiceField(
                label=_("Your level"),
                choices=[(lv["key"], lv["label"]) for lv in criterion["levels"]],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"sentence_{key}"] = forms.CharField(
                label=_("Why, in one sentence"),
                max_length=SELF_SENTENCE_MAX,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )

    def typed(self):
        """What was typed, valid or not: {criterion_key: (level_key, sentence)}."""
        data = self.data if self.is_bound else {}
        return {
            c["key"]: (
                str(data.get(f"level_{c['key']}", "")),
                str(data.get(f"sentence_{c['key']}", "")),
            )
            for c in self.criteria
        }

    def rows(self):
        return [
            {
                "criterion": c,
                "level": self[f"level_{c['key']}"],
                "choices": list(zip(self[f"level_{c['key']}"], c["levels"], strict=False)),
                "sentence": self[f"sentence_{c['key']}"],
            }
            for c in self.criteria
        ]
