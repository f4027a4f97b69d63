"""The owner's privacy review: what the check found, highlighted, with a one-step pseudonym or
"not personal" for each finding. One page per fieldwork entry (its free text, its attachments'
captions and its tags) and one per values reflection (its answers). Only the owner gets here.
And the list of residents' real names the check looks for."""

import html
import re

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import FormView, View
from django.views.generic.base import TemplateResponseMixin

from leergang.permissions import LoginRequired404Mixin

from .. import privacy, services
from ..forms import PseudonymForm, RealNameForm
from ..models import FieldworkEntry, PrivacyFinding, RealName
from ..richtext import html_to_plain
from .base import (
    EmptyPostUnboundMixin,
    OwnedEntryMixin,
    OwnPortfolioMixin,
    OwnReflectionMixin,
    ParticipantRequiredMixin,
    PostAsGetMixin,
    PostOnlyMixin,
    StatusOnInvalidMixin,
)

OPEN = PrivacyFinding.Status.OPEN


def _highlight(text, finding_texts):
    """Escaped plain text with every finding wrapped in <mark>."""
    if not text:
        return ""
    if not finding_texts:
        return html.escape(text)
    pattern = re.compile(
        "|".join(
            rf"(?<!\w){re.escape(t)}(?!\w)" for t in sorted(finding_texts, key=len, reverse=True)
        ),
        re.IGNORECASE,
    )
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[last : m.start()]))
        out.append(f"<mark>{html.escape(m.group())}</mark>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def highlighted(text, finding_texts):
    return mark_safe(_highlight(text, finding_texts))  # noqa: S308 - built from escaped text


def _open_texts(findings, key):
    texts = {}
    for f in findings:
        if f.status == OPEN:
            texts.setdefault(key(f), set()).add(f.text)
    return texts


def _entry_sections(entry, findings):
    """What to show highlighted: free-text fields, the tags, the captions with open findings."""
    labels = {f.name: f.verbose_name for f in FieldworkEntry._meta.get_fields() if f.concrete}
    by_field = _open_texts([f for f in findings if f.subject == "entry"], lambda f: f.field)
    texts = privacy.entry_texts(entry)
    sections = [
        {"id": name, "label": labels.get(name, name), "html": highlighted(texts[name], found)}
        for name in FieldworkEntry.FREE_TEXT_FIELDS
        if (found := by_field.get(name))
    ]
    by_tag = _open_texts([f for f in findings if f.subject == "tag"], lambda f: f.tag_id)
    if by_tag:
        tags = [
            highlighted(tag.name, by_tag.get(tag.pk, ())) for tag in entry.tags.order_by("name")
        ]
        sections.append(
            {"id": "tags", "label": _("Tags"), "html": mark_safe(", ".join(tags))}  # noqa: S308
        )
    by_caption = _open_texts(
        [f for f in findings if f.subject == "caption"], lambda f: f.attachment
    )
    for attachment, found in by_caption.items():
        sections.append(
            {
                "id": f"caption-{attachment.pk}",
                "label": _("Caption of %(name)s") % {"name": attachment.original_name},
                "html": highlighted(attachment.caption, found),
            }
        )
    return sections, labels


def _finding_label(finding, labels):
    if finding.subject == "tag":
        return _("the tag “%(name)s”") % {"name": finding.tag.name}
    if finding.subject == "caption":
        return _("the caption of %(name)s") % {"name": finding.attachment.original_name}
    if finding.subject == "answer":
        return _("the answer to “%(question)s”") % {"question": finding.answer.question_text}
    return labels.get(finding.field, finding.field)


def _rows(findings, labels, forms_by_id, urls):
    return [
        {
            "finding": f,
            "form": forms_by_id.get(f.pk)
            or PseudonymForm(
                initial={"pseudonym": privacy.PSEUDONYM_HINTS.get(f.kind, "")},
                prefix=f"f{f.pk}",
            ),
            "label": _finding_label(f, labels),
            "replace_url": reverse(urls[0], args=[*urls[2], f.pk]),
            "dismiss_url": reverse(urls[1], args=[*urls[2], f.pk]),
        }
        for f in findings
    ]


# --- shared by both reviews ---------------------------------------------------------------------


def replace_finding(request, finding, portfolio):
    """Replace the finding by the pseudonym posted for it. Returns the form when it was
    refused (no pseudonym, or one that itself looks like personal data), else None."""
    form = PseudonymForm(request.POST, prefix=f"f{finding.pk}")
    if form.is_valid() and privacy.scan_text(
        form.cleaned_data["pseudonym"], privacy.real_names(portfolio)
    ):
        form.add_error("pseudonym", _("The pseudonym itself looks like personal data."))
    if not form.is_valid():
        return form
    pseudonym = form.cleaned_data["pseudonym"]
    privacy.replace_with_pseudonym(finding, pseudonym)
    messages.success(
        request,
        _("“%(old)s” has been replaced by “%(new)s”.") % {"old": finding.text, "new": pseudonym},
    )
    return None


def dismiss_finding(request, finding):
    """Mark a finding as not personal data, or (``reopen``) open it again."""
    if request.POST.get("reopen"):
        finding.status = PrivacyFinding.Status.OPEN
        finding.save(update_fields=["status"])
    else:
        privacy.mark_not_personal(finding)
        messages.info(
            request, _("“%(text)s” is marked as not personal data.") % {"text": finding.text}
        )


# --- a fieldwork entry ---------------------------------------------------------------------------


class EntryPrivacyMixin(OwnedEntryMixin, TemplateResponseMixin):
    template_name = "portfolio/entry_privacy.html"

    def review(self, entry, forms_by_id=None, status=200):
        findings = list(privacy.entry_findings(entry))
        sections, labels = _entry_sections(entry, findings)
        urls = ("portfolio:finding_replace", "portfolio:finding_dismiss", [entry.public_id])
        context = {
            "entry": entry,
            "portfolio": entry.portfolio,
            "back_url": entry.get_absolute_url(),
            "back_label": entry.title or _("Untitled entry"),
            "rows": _rows(findings, labels, forms_by_id or {}, urls),
            "fields": sections,
            "open_count": sum(1 for f in findings if f.status == OPEN),
        }
        return self.render_to_response(context, status=status)


class EntryPrivacyView(PostAsGetMixin, EntryPrivacyMixin, View):
    def get(self, request, *args, **kwargs):
        return self.review(self.get_object())


class FindingReplaceView(PostOnlyMixin, EntryPrivacyMixin, View):
    def post(self, request, *args, **kwargs):
        entry = self.get_object()
        finding = get_object_or_404(privacy.entry_findings(entry), pk=kwargs["finding_id"])
        refused = replace_finding(request, finding, entry.portfolio)
        if refused is not None:
            return self.review(entry, {finding.pk: refused}, status=400)
        entry.refresh_from_db()
        if finding.subject == "entry":
            services.revise(entry, request.user)
        if not privacy.entry_findings(entry).open().exists():
            return redirect("portfolio:entry", entry_id=entry.public_id)
        return redirect("portfolio:entry_privacy", entry_id=entry.public_id)


class FindingDismissView(PostOnlyMixin, OwnedEntryMixin, View):
    def post(self, request, *args, **kwargs):
        entry = self.get_object()
        dismiss_finding(
            request, get_object_or_404(privacy.entry_findings(entry), pk=kwargs["finding_id"])
        )
        return redirect("portfolio:entry_privacy", entry_id=entry.public_id)


# --- a values reflection -------------------------------------------------------------------------


class ValuesPrivacyMixin(OwnReflectionMixin, TemplateResponseMixin):
    template_name = "portfolio/entry_privacy.html"

    def review(self, reflection, forms_by_id=None, status=200):
        findings = list(privacy.reflection_findings(reflection))
        by_answer = _open_texts(findings, lambda f: f.answer)
        sections = [
            {
                "id": f"answer-{answer.pk}",
                "label": answer.question_text,
                "html": highlighted(html_to_plain(answer.text), found),
            }
            for answer, found in by_answer.items()
        ]
        urls = ("portfolio:values_finding_replace", "portfolio:values_finding_dismiss")
        context = {
            "reflection": reflection,
            "portfolio": reflection.portfolio,
            "back_url": reverse("portfolio:values_edit", args=[reflection.stage]),
            "back_label": _("Values reflection: %(stage)s")
            % {"stage": reflection.get_stage_display()},
            "rows": _rows(findings, {}, forms_by_id or {}, (*urls, [reflection.stage])),
            "fields": sections,
            "open_count": sum(1 for f in findings if f.status == OPEN),
        }
        return self.render_to_response(context, status=status)


class ValuesPrivacyView(PostAsGetMixin, ValuesPrivacyMixin, LoginRequired404Mixin, View):
    """Anonymous visitors log in; the stage, the portfolio and the reflection decide the 404."""

    def get(self, request, *args, **kwargs):
        return self.review(self.get_reflection())


class ValuesFindingReplaceView(PostOnlyMixin, ValuesPrivacyMixin, View):
    def post(self, request, *args, **kwargs):
        reflection = self.get_reflection()
        finding = get_object_or_404(
            privacy.reflection_findings(reflection), pk=kwargs["finding_id"]
        )
        refused = replace_finding(request, finding, reflection.portfolio)
        if refused is not None:
            return self.review(reflection, {finding.pk: refused}, status=400)
        if not privacy.reflection_findings(reflection).open().exists():
            return redirect("portfolio:home")
        return redirect("portfolio:values_privacy", stage=reflection.stage)


class ValuesFindingDismissView(PostOnlyMixin, OwnReflectionMixin, View):
    def post(self, request, *args, **kwargs):
        reflection = self.get_reflection()
        finding = get_object_or_404(
            privacy.reflection_findings(reflection), pk=kwargs["finding_id"]
        )
        dismiss_finding(request, finding)
        return redirect("portfolio:values_privacy", stage=reflection.stage)


# --- the real names the check looks for ----------------------------------------------------------


class RealNamesView(
    EmptyPostUnboundMixin, StatusOnInvalidMixin, ParticipantRequiredMixin, FormView
):
    form_class = RealNameForm
    template_name = "portfolio/real_names.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "portfolio": self.own_portfolio}

    def form_valid(self, form):
        services.add_real_name(self.own_portfolio, form)
        messages.success(self.request, _("The name has been added to your list."))
        return redirect("portfolio:real_names")

    def get_context_data(self, **kwargs):
        return {
            "form": kwargs.get("form") or self.get_form(),
            "portfolio": self.own_portfolio,
            "names": list(self.own_portfolio.real_names.all()),
        }


class RealNameDeleteView(PostOnlyMixin, OwnPortfolioMixin, View):
    def post(self, request, *args, **kwargs):
        real_name = get_object_or_404(RealName, pk=kwargs["pk"], portfolio=self.get_own_portfolio())
        services.remove_real_name(real_name)
        messages.success(request, _("The name has been removed from your list."))
        return redirect("portfolio:real_names")
