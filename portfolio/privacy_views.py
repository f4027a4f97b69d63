"""The owner's privacy review: what the check found, highlighted, with a one-step pseudonym or
"not personal" for each finding. One page per fieldwork entry (its free text, its attachments'
captions and its tags) and one per values reflection (its answers). Only the owner gets here."""

import html
import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import privacy
from .forms import PseudonymForm
from .models import FieldworkEntry, PrivacyFinding
from .richtext import html_to_plain
from .views import _owned_entry, _require_own_portfolio, _save_revision, _stage_or_404

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


# --- a fieldwork entry ---------------------------------------------------------------------------


def entry_privacy(request, entry_id):
    entry = _owned_entry(request, entry_id)
    return _render_entry_privacy(request, entry)


def _render_entry_privacy(request, entry, forms_by_id=None, status=200):
    findings = list(privacy.entry_findings(entry))
    sections, labels = _entry_sections(entry, findings)
    urls = ("portfolio:finding_replace", "portfolio:finding_dismiss", [entry.public_id])
    return render(
        request,
        "portfolio/entry_privacy.html",
        {
            "entry": entry,
            "portfolio": entry.portfolio,
            "back_url": entry.get_absolute_url(),
            "back_label": entry.title or _("Untitled entry"),
            "rows": _rows(findings, labels, forms_by_id or {}, urls),
            "fields": sections,
            "open_count": sum(1 for f in findings if f.status == OPEN),
        },
        status=status,
    )


def _replace(request, finding, portfolio, render_again):
    form = PseudonymForm(request.POST, prefix=f"f{finding.pk}")
    if form.is_valid() and privacy.scan_text(
        form.cleaned_data["pseudonym"], privacy.real_names(portfolio)
    ):
        form.add_error("pseudonym", _("The pseudonym itself looks like personal data."))
    if not form.is_valid():
        return None, render_again({finding.pk: form})
    pseudonym = form.cleaned_data["pseudonym"]
    privacy.replace_with_pseudonym(finding, pseudonym)
    messages.success(
        request,
        _("“%(old)s” has been replaced by “%(new)s”.") % {"old": finding.text, "new": pseudonym},
    )
    return pseudonym, None


@require_POST
def finding_replace(request, entry_id, finding_id):
    entry = _owned_entry(request, entry_id)
    finding = get_object_or_404(privacy.entry_findings(entry), pk=finding_id)
    _done, refused = _replace(
        request,
        finding,
        entry.portfolio,
        lambda forms: _render_entry_privacy(request, entry, forms, status=400),
    )
    if refused is not None:
        return refused
    entry.refresh_from_db()
    if finding.subject == "entry":
        _save_revision(entry, request.user)
    if not privacy.entry_findings(entry).open().exists():
        return redirect("portfolio:entry", entry_id=entry.public_id)
    return redirect("portfolio:entry_privacy", entry_id=entry.public_id)


def _dismiss(request, finding):
    if request.POST.get("reopen"):
        finding.status = PrivacyFinding.Status.OPEN
        finding.save(update_fields=["status"])
    else:
        privacy.mark_not_personal(finding)
        messages.info(
            request, _("“%(text)s” is marked as not personal data.") % {"text": finding.text}
        )


@require_POST
def finding_dismiss(request, entry_id, finding_id):
    entry = _owned_entry(request, entry_id)
    _dismiss(request, get_object_or_404(privacy.entry_findings(entry), pk=finding_id))
    return redirect("portfolio:entry_privacy", entry_id=entry.public_id)


# --- a values reflection -------------------------------------------------------------------------


def _own_reflection(request, stage):
    stage = _stage_or_404(stage)
    portfolio = _require_own_portfolio(request)
    return get_object_or_404(portfolio.reflections.select_related("portfolio"), stage=stage)


def _render_values_privacy(request, reflection, forms_by_id=None, status=200):
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
    return render(
        request,
        "portfolio/entry_privacy.html",
        {
            "reflection": reflection,
            "portfolio": reflection.portfolio,
            "back_url": reverse("portfolio:values_edit", args=[reflection.stage]),
            "back_label": _("Values reflection: %(stage)s")
            % {"stage": reflection.get_stage_display()},
            "rows": _rows(findings, {}, forms_by_id or {}, (*urls, [reflection.stage])),
            "fields": sections,
            "open_count": sum(1 for f in findings if f.status == OPEN),
        },
        status=status,
    )


def values_privacy(request, stage):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _render_values_privacy(request, _own_reflection(request, stage))


@require_POST
def values_finding_replace(request, stage, finding_id):
    reflection = _own_reflection(request, stage)
    finding = get_object_or_404(privacy.reflection_findings(reflection), pk=finding_id)
    _done, refused = _replace(
        request,
        finding,
        reflection.portfolio,
        lambda forms: _render_values_privacy(request, reflection, forms, status=400),
    )
    if refused is not None:
        return refused
    if not privacy.reflection_findings(reflection).open().exists():
        return redirect("portfolio:home")
    return redirect("portfolio:values_privacy", stage=reflection.stage)


@require_POST
def values_finding_dismiss(request, stage, finding_id):
    reflection = _own_reflection(request, stage)
    _dismiss(request, get_object_or_404(privacy.reflection_findings(reflection), pk=finding_id))
    return redirect("portfolio:values_privacy", stage=reflection.stage)
