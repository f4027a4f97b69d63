"""The privacy check: what in a portfolio's own text looks like personal data of residents.

Residents never signed up for this platform, so the portfolio keeps them pseudonymous. Whatever
the participant writes is scanned when it is saved: an entry's free text, its attachments'
captions, its tags and the answers of a values reflection. Every match becomes a
``PrivacyFinding`` of the thing it is in. The owner can replace a finding with a pseudonym in one
step, or mark it as not personal. Submission and export call ``export_blockers`` and are refused
while it returns anything.
"""

import html
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import (
    Attachment,
    FieldworkEntry,
    FieldworkTag,
    PrivacyFinding,
    TaggedFieldworkEntry,
    ValuesAnswer,
)
from .richtext import html_to_plain
from .tagging import normalise_tag_name

Kind = PrivacyFinding.Kind

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b")
# Dutch numbers: 0, +31 or 0031, then nine digits, with optional spaces, dashes or dots.
PHONE_RE = re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:[\s.-]?\(0\))?(?:[\s.-]?\d){9}(?!\d)")
POSTCODE_RE = re.compile(
    r"\b[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}\b(?:[ ,]+(?:nr\.?\s*)?\d{1,5}(?:[ -]?[a-zA-Z]\b)?)?"
)
STREET_SUFFIXES = (
    "straat|laan|weg|plein|singel|gracht|kade|dijk|steeg|hof|pad|dreef|park|erf|wal|markt|"
    "ring|baan|dam|dyk|leane|wei|hiem|buorren|strjitte|pleats|hout|veld|akker|werf|haven|"
    "zijl|tuin|poort|brug|oord|laantje|straatje"
)
ADDRESS_RE = re.compile(
    rf"\b[A-Za-zÀ-ÿ'’-]+(?:{STREET_SUFFIXES})\s+\d{{1,5}}(?:[ -]?[a-zA-Z]\b)?",
    re.UNICODE,
)
BSN_RE = re.compile(
    r"(?<![\d.-])(\d{9}|\d{4}[.\s]\d{2}[.\s]\d{3}|\d{3}[.\s]\d{3}[.\s]\d{3})(?![\d.-]?\d)"
)
IBAN_RE = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{1,4}){3,8}\b")

PSEUDONYM_HINTS = {
    Kind.EMAIL: "[e-mailadres]",
    Kind.PHONE: "[telefoonnummer]",
    Kind.POSTCODE: "[postcode]",
    Kind.ADDRESS: "[adres]",
    Kind.BSN: "[BSN]",
    Kind.IBAN: "[rekeningnummer]",
    Kind.NAME: "bewoner A",
}


@dataclass(frozen=True)
class Match:
    field: str
    kind: str
    text: str
    start: int
    end: int


def _elfproef(digits):
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0 and digits != "000000000"


def _iban_ok(value):
    value = value.replace(" ", "").upper()
    if not 15 <= len(value) <= 34:
        return False
    moved = value[4:] + value[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in moved))
    except ValueError:
        return False
    return number % 97 == 1


def scan_text(text, names=(), field=""):
    """All findings in one plain text, without overlaps (earliest, longest wins)."""
    text = text or ""
    found = []
    for m in EMAIL_RE.finditer(text):
        found.append(Match(field, Kind.EMAIL, m.group(), m.start(), m.end()))
    for m in IBAN_RE.finditer(text):
        candidate = m.group()
        # The pattern may run on into the next word; shorten until the checksum fits.
        while len(candidate.replace(" ", "")) >= 15 and not _iban_ok(candidate):
            candidate = candidate[:-1].rstrip()
        if _iban_ok(candidate):
            found.append(Match(field, Kind.IBAN, candidate, m.start(), m.start() + len(candidate)))
    for m in PHONE_RE.finditer(text):
        found.append(Match(field, Kind.PHONE, m.group(), m.start(), m.end()))
    for m in BSN_RE.finditer(text):
        if _elfproef(re.sub(r"\D", "", m.group())):
            found.append(Match(field, Kind.BSN, m.group(), m.start(), m.end()))
    for m in POSTCODE_RE.finditer(text):
        if re.search(r"\d\s*[a-zA-Z]?$", m.group()[6:]):  # only with a house number
            found.append(Match(field, Kind.POSTCODE, m.group().strip(" ,"), m.start(), m.end()))
    for m in ADDRESS_RE.finditer(text):
        found.append(Match(field, Kind.ADDRESS, m.group(), m.start(), m.end()))
    for name in names:
        name = name.strip()
        if len(name) < 2:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        for m in pattern.finditer(text):
            found.append(Match(field, Kind.NAME, m.group(), m.start(), m.end()))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    result, last_end = [], -1
    for f in found:
        if f.start >= last_end:
            result.append(f)
            last_end = f.end
    return result


def entry_texts(entry):
    """The free text of an entry as plain text, per field."""
    texts = {}
    for field in FieldworkEntry.FREE_TEXT_FIELDS:
        value = getattr(entry, field) or ""
        texts[field] = html_to_plain(value) if field in entry.RICH_TEXT_FIELDS else value
    return texts


def real_names(portfolio):
    return list(portfolio.real_names.values_list("name", flat=True))


def scan_entry(entry, names=None):
    if names is None:
        names = real_names(entry.portfolio)
    matches = []
    for field, text in entry_texts(entry).items():
        matches.extend(scan_text(text, names, field))
    return matches


# --- keeping findings in line with the text ---------------------------------------------------


def _sync(existing, texts, names, **subject):
    """Bring one subject's findings (``existing``) in line with its text, ``{field: plain}``.
    Findings marked "not personal" that still occur stay so; findings whose text is gone go."""
    current = {
        (m.field, m.kind, m.text[:300])
        for field, text in texts.items()
        for m in scan_text(text, names, field)
    }
    known = {(f.field, f.kind, f.text): f for f in existing}
    stale = [f.pk for key, f in known.items() if key not in current]
    if stale:
        PrivacyFinding.objects.filter(pk__in=stale).delete()
    PrivacyFinding.objects.bulk_create(
        [
            PrivacyFinding(field=field, kind=kind, text=text, **subject)
            for field, kind, text in sorted(current - known.keys())
        ]
    )


def _check_entry_text(entry, names):
    _sync(
        PrivacyFinding.objects.filter(entry=entry, attachment=None),
        entry_texts(entry),
        names,
        entry=entry,
        portfolio_id=entry.portfolio_id,
    )


def check_caption(attachment, names, portfolio_id):
    _sync(
        attachment.findings.all(),
        {"caption": attachment.caption or ""},
        names,
        attachment=attachment,
        entry_id=attachment.entry_id,
        portfolio_id=portfolio_id,
    )


def check_tag(tag, names=None):
    if names is None:
        names = real_names(tag.portfolio)
    _sync(tag.findings.all(), {"tag": tag.name}, names, tag=tag, portfolio_id=tag.portfolio_id)


def _check_answer(answer, names, portfolio_id):
    _sync(
        answer.findings.all(),
        {"answer": html_to_plain(answer.text or "")},
        names,
        answer=answer,
        portfolio_id=portfolio_id,
    )


def entry_findings(entry):
    """Everything found about an entry: its free text, its captions and its tags."""
    return PrivacyFinding.objects.concerning_entries([entry.pk]).select_related("tag", "attachment")


def reflection_findings(reflection):
    return PrivacyFinding.objects.filter(answer__reflection=reflection).select_related("answer")


@transaction.atomic
def check_entry(entry, names=None):
    """Bring the findings about an entry in line with its free text, its attachments' captions
    and its tags. Returns its open findings."""
    if names is None:
        names = real_names(entry.portfolio)
    _check_entry_text(entry, names)
    for attachment in entry.attachments.all():
        check_caption(attachment, names, entry.portfolio_id)
    for tag in entry.tags.all():
        check_tag(tag, names)
    return list(entry_findings(entry).open())


@transaction.atomic
def check_attachment(attachment, names=None):
    portfolio = attachment.entry.portfolio
    check_caption(attachment, real_names(portfolio) if names is None else names, portfolio.pk)
    return list(attachment.findings.open())


@transaction.atomic
def check_reflection(reflection, names=None):
    """The answers of one values reflection. Returns its open findings."""
    if names is None:
        names = real_names(reflection.portfolio)
    for answer in reflection.answers.all():
        _check_answer(answer, names, reflection.portfolio_id)
    return list(reflection_findings(reflection).open())


@transaction.atomic
def check_portfolio(portfolio):
    """Everything in the portfolio again (after the list of real names changed)."""
    names = real_names(portfolio)
    for entry in portfolio.entries.all():
        _check_entry_text(entry, names)
    for attachment in Attachment.objects.filter(entry__portfolio=portfolio):
        check_caption(attachment, names, portfolio.pk)
    for tag in portfolio.fieldwork_tags.all():
        check_tag(tag, names)
    for answer in ValuesAnswer.objects.filter(reflection__portfolio=portfolio):
        _check_answer(answer, names, portfolio.pk)


# --- one-step fixes ----------------------------------------------------------------------------


def _replace_in(value, old, new, rich):
    if rich:
        # The text is HTML-escaped inside stored rich text.
        pattern = re.compile(rf"(?<!\w){re.escape(html.escape(old, quote=False))}(?!\w)")
        return pattern.sub(html.escape(new, quote=False).replace("\\", "\\\\"), value)
    return re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new.replace("\\", "\\\\"), value)


def _replace_in_entry(entry, old, new):
    for field in FieldworkEntry.FREE_TEXT_FIELDS:
        value = getattr(entry, field) or ""
        setattr(entry, field, _replace_in(value, old, new, field in entry.RICH_TEXT_FIELDS))
    for field, limit in (("title", 200), ("place", 200), ("involved", 500)):
        setattr(entry, field, getattr(entry, field)[:limit])
    entry.save()
    _check_entry_text(entry, real_names(entry.portfolio))


def _rename_tag(tag, old, new):
    """The tag gets the pseudonym in place of the finding, on every entry that carries it. If
    the portfolio already has a tag of the new name, the two become one."""
    name = normalise_tag_name(_replace_in(tag.name, old, new, rich=False))
    same = FieldworkTag.objects.filter(portfolio_id=tag.portfolio_id, name=name).first()
    if same is not None and same.pk != tag.pk:
        TaggedFieldworkEntry.objects.filter(
            tag=tag, content_object__in=same.tagged_items.values("content_object")
        ).delete()
        TaggedFieldworkEntry.objects.filter(tag=tag).update(tag=same)
        tag.delete()
        check_tag(same)
        return
    tag.name, tag.slug = name, ""
    tag.save()
    check_tag(tag)


def _replace_in_caption(attachment, old, new):
    attachment.caption = _replace_in(attachment.caption, old, new, rich=False)[:300]
    attachment.save(update_fields=["caption"])
    check_attachment(attachment)


def _replace_in_answer(answer, old, new):
    answer.text = _replace_in(answer.text, old, new, rich=True)
    answer.save(update_fields=["text"])
    reflection = answer.reflection
    _check_answer(answer, real_names(reflection.portfolio), reflection.portfolio_id)


@transaction.atomic
def replace_with_pseudonym(finding, pseudonym):
    """Replace every occurrence of the finding's text in what it concerns (the entry's free
    text, the caption, the tag or the answer) by the pseudonym, then check that again."""
    if finding.tag_id:
        _rename_tag(finding.tag, finding.text, pseudonym)
    elif finding.attachment_id:
        _replace_in_caption(finding.attachment, finding.text, pseudonym)
    elif finding.answer_id:
        _replace_in_answer(finding.answer, finding.text, pseudonym)
    else:
        _replace_in_entry(finding.entry, finding.text, pseudonym)


def mark_not_personal(finding):
    finding.status = PrivacyFinding.Status.NOT_PERSONAL
    finding.save(update_fields=["status"])


# --- what blocks submission and export ---------------------------------------------------------


def open_findings(portfolio, *, entry_ids=None):
    qs = PrivacyFinding.objects.filter(portfolio=portfolio).open()
    if entry_ids is not None:
        qs = qs.concerning_entries(entry_ids)
    return qs


def _open_counts_per_entry(entry_ids):
    """How many open findings each entry has, counting those in the tags it carries."""
    counts = dict.fromkeys(entry_ids, 0)
    findings = PrivacyFinding.objects.open().concerning_entries(entry_ids)
    tag_findings = {}
    for entry_id, tag_id in findings.values_list("entry_id", "tag_id"):
        if tag_id:
            tag_findings[tag_id] = tag_findings.get(tag_id, 0) + 1
        else:
            counts[entry_id] += 1
    items = TaggedFieldworkEntry.objects.filter(
        content_object__in=entry_ids, tag__in=list(tag_findings)
    )
    for entry_id, tag_id in items.values_list("content_object_id", "tag_id"):
        counts[entry_id] += tag_findings[tag_id]
    return counts


def export_blockers(portfolio, *, entry_ids=None):
    """Why this portfolio cannot be submitted or exported yet (Dutch messages); empty = fine.

    Blocks on open privacy findings (in the values reflections, and in the included entries'
    text, captions and tags) and on attachments without consent filled in."""
    blockers = []
    # One query for every reflection's open findings; the reflections only where there are some.
    per_reflection = dict(
        PrivacyFinding.objects.open()
        .filter(answer__reflection__portfolio=portfolio)
        .order_by()
        .values_list("answer__reflection")
        .annotate(count=Count("pk"))
    )
    for reflection in portfolio.reflections.filter(pk__in=per_reflection):
        count = per_reflection[reflection.pk]
        blockers.append(
            ngettext(
                "The values reflection “%(stage)s” has %(count)d open privacy finding.",
                "The values reflection “%(stage)s” has %(count)d open privacy findings.",
                count,
            )
            % {"stage": reflection.get_stage_display(), "count": count}
        )
    entries = (
        portfolio.entries.filter(is_draft=False)
        if entry_ids is None
        else (portfolio.entries.filter(pk__in=entry_ids))
    )
    entries = list(entries.order_by("date", "pk"))
    counts = _open_counts_per_entry([e.pk for e in entries])
    for entry in entries:
        if counts[entry.pk]:
            blockers.append(
                ngettext(
                    "The entry “%(title)s” has %(count)d open privacy finding.",
                    "The entry “%(title)s” has %(count)d open privacy findings.",
                    counts[entry.pk],
                )
                % {"title": entry, "count": counts[entry.pk]}
            )
    attachments = Attachment.objects.filter(entry__in=entries).select_related("entry")
    for attachment in attachments:
        if not attachment.has_consent:
            blockers.append(
                _("The attachment “%(name)s” of “%(title)s” has no consent filled in.")
                % {"name": attachment.original_name, "title": attachment.entry}
            )
    return blockers
