import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from leergang.models import User
from modules.models import LearningOutcome, ModulePage

from .models import (
    Attachment,
    FieldworkEntry,
    FieldworkTag,
    PortfolioShare,
    PrivacyFinding,
    RealName,
    ValuesReflection,
)
from .richtext import html_to_text, text_to_html
from .tagging import normalise_tag_name
from .uploads import validate_upload

RICH_HELP = _(
    "A blank line starts a new paragraph; lines starting with “- ” make a list; "
    "**bold**, *italic*; links become clickable."
)


def attach_findings(form, name, findings):
    """Let the form show, next to the field where the text is edited, what the privacy check
    found in it (``portfolio/includes/field_findings.html``), linked to the input."""
    field = form.fields[name]
    field.privacy_findings = [f for f in findings if f.status == PrivacyFinding.Status.OPEN]
    if field.privacy_findings:
        auto_id = form[name].auto_id
        ids = [f"{auto_id}_helptext"] if field.help_text else []
        field.widget.attrs["aria-describedby"] = " ".join([*ids, f"{auto_id}_findings"])


class RichTextArea(forms.Textarea):
    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 5, **(attrs or {})})


def _beyond_id_range(value):
    """An id the database cannot even look up (SQLite raises OverflowError beyond 64 bits)."""
    text = str(value).strip()
    return text.lstrip("-").isdecimal() and not -(2**63) <= int(text) < 2**63


class ModuleField(forms.ModelChoiceField):
    """Ids beyond the database's integer range are an invalid choice, not a server error."""

    def to_python(self, value):
        if value not in self.empty_values and _beyond_id_range(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class OutcomesField(forms.ModelMultipleChoiceField):
    """Ids beyond the database's integer range are invalid choices, not a server error (SQLite
    cannot even look them up)."""

    def _check_values(self, value):
        for pk in value:
            if _beyond_id_range(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class FieldworkEntryForm(forms.ModelForm):
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas, e.g. street, waste, young people."),
    )

    class Meta:
        model = FieldworkEntry
        # The tags are the field declared above, not taggit's (names scoped to the portfolio).
        fields = [name for name in FieldworkEntry.CONTENT_FIELDS if name != "tags"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "residents_idea": RichTextArea(),
            "actions": RichTextArea(),
            "outcome": RichTextArea(),
            "reflection": RichTextArea(),
            "learning_outcomes": forms.CheckboxSelectMultiple,
            "assignment_id": forms.HiddenInput,
        }
        field_classes = {"module": ModuleField, "learning_outcomes": OutcomesField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Initial data restored from an autosave is what was typed, not stored HTML.
        raw = self.initial.pop("_raw", False)

        self.fields["title"].required = True
        self.fields["module"].queryset = ModulePage.objects.live().order_by("path")
        self.fields["module"].empty_label = _("(no module)")
        self.fields["learning_outcomes"].queryset = LearningOutcome.objects.select_related(
            "page"
        ).order_by("page__path", "sort_order", "pk")
        self.fields["learning_outcomes"].label_from_instance = lambda o: f"{o.page.title}: {o.text}"
        for name in FieldworkEntry.RICH_TEXT_FIELDS:
            self.fields[name].help_text = RICH_HELP
            if not self.is_bound and not raw:
                self.initial[name] = html_to_text(self.initial.get(name, ""))
        if not self.is_bound and self.instance.pk and "tags" not in self.initial:
            self.initial["tags"] = ", ".join(sorted(t.name for t in self.instance.tags.all()))
        # Suggestions come from the participant's own portfolio only: fieldwork tags are private.
        self.tag_suggestions = list(
            FieldworkTag.objects.filter(portfolio_id=self.instance.portfolio_id)
            .in_use()
            .order_by("name")
            .values_list("name", flat=True)[:60]
        )

    def clean_tags(self):
        raw = self.cleaned_data.get("tags") or ""
        names = []
        for part in raw.split(","):
            name = normalise_tag_name(part)
            if name and name not in names:
                names.append(name)
        if len(names) > 12:
            raise forms.ValidationError(_("Use at most 12 tags."))
        return names

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and date > datetime.date.today() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("The date cannot be in the future."))
        return date

    def clean(self):
        cleaned = super().clean()
        for name in FieldworkEntry.RICH_TEXT_FIELDS:
            if name in cleaned:
                cleaned[name] = text_to_html(cleaned[name])
        outcomes, module = cleaned.get("learning_outcomes"), cleaned.get("module")
        if outcomes and module:
            wrong = [o for o in outcomes if o.page_id != module.pk]
            if wrong:
                self.add_error(
                    "learning_outcomes",
                    _("Choose learning outcomes of the module you chose."),
                )
        return cleaned

    def _save_m2m(self):
        # With the learning outcomes (``save()``, or ``save_m2m()`` after ``save(commit=False)``).
        super()._save_m2m()
        self.instance.tags.set(self.cleaned_data["tags"])


class ValuesReflectionForm(forms.Form):
    """One textarea per question; built from the questions as they are now."""

    def __init__(self, *args, questions, reflection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = {}
        if reflection is not None and reflection.pk:
            answers = {a.question_id: a.text for a in reflection.answers.all()}
        for question in self.questions:
            name = f"q_{question.pk}"
            self.fields[name] = forms.CharField(
                label=question.text,
                required=False,
                max_length=20_000,
                widget=RichTextArea(attrs={"rows": 6}),
                help_text=question.guidance,
            )
            if not self.is_bound:
                self.initial.setdefault(name, html_to_text(answers.get(question.pk, "")))

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f"q_{q.pk}") or "").strip() for q in self.questions):
            raise forms.ValidationError(_("Answer at least one question."))
        return cleaned

    def answers(self):
        return [(q, text_to_html(self.cleaned_data.get(f"q_{q.pk}", ""))) for q in self.questions]


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "caption", "consent", "consent_given_by", "consent_use"]
        widgets = {"consent": forms.RadioSelect, "consent_use": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Photo (JPEG, PNG, WebP), PDF or Word (.docx), at most 10 MB."
        )
        self.fields["file"].widget.attrs["accept"] = ".jpg,.jpeg,.png,.webp,.pdf,.docx"
        self.fields["consent_use"].choices = list(Attachment.ConsentUse.choices)
        if self.instance.pk:
            del self.fields["file"]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        content, content_type, width, height = validate_upload(uploaded)
        self.file_info = {
            "content_type": content_type,
            "width": width,
            "height": height,
            "size": content.size,
            "original_name": content.name[:255],
        }
        return content

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent") == Attachment.Consent.RECORDED:
            if not cleaned.get("consent_given_by"):
                self.add_error("consent_given_by", _("Fill in who gave consent."))
            if not cleaned.get("consent_use"):
                self.add_error("consent_use", _("Choose what the consent is for."))
        else:
            cleaned["consent_given_by"] = ""
            cleaned["consent_use"] = ""
        return cleaned

    def save(self, commit=True):
        attachment = super().save(commit=False)
        for key, value in getattr(self, "file_info", {}).items():
            setattr(attachment, key, value)
        if commit:
            attachment.save()
        return attachment


class RealNameForm(forms.ModelForm):
    class Meta:
        model = RealName
        fields = ["name"]

    def __init__(self, *args, portfolio, **kwargs):
        self.portfolio = portfolio
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = _(
            "Real names of residents you work with. They are only used to warn you when one "
            "appears in your portfolio."
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Enter at least two characters."))
        if self.portfolio.real_names.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("This name is already on your list."))
        return name


class ShareForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Share with"), queryset=None, empty_label=_("Choose a member of your cohort")
    )

    def __init__(self, *args, portfolio, **kwargs):
        super().__init__(*args, **kwargs)
        enrolment = portfolio.enrolment
        already = PortfolioShare.objects.filter(portfolio=portfolio).active().values("user_id")
        self.fields["user"].queryset = (
            User.objects.filter(enrolments__cohort_id=enrolment.cohort_id, is_active=True)
            .exclude(pk=enrolment.user_id)
            .exclude(pk__in=already)
            .distinct()
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.email


class PseudonymForm(forms.Form):
    pseudonym = forms.CharField(label=_("Replace with"), max_length=80)

    def clean_pseudonym(self):
        value = " ".join(self.cleaned_data["pseudonym"].split())
        if not value:
            raise forms.ValidationError(_("Enter a pseudonym."))
        return value


class LogFilterForm(forms.Form):
    module = forms.ModelChoiceField(
        label=_("Module"), queryset=None, required=False, empty_label=_("All modules")
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=60)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, modules, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules
        self.tag_choices = tags


STAGE_CHOICES = ValuesReflection.Stage
