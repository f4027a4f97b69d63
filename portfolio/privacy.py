"""The privacy check: what in an entry's free text looks like personal data of residents.

Residents never signed up for this platform, so the portfolio keeps them pseudonymous. When an
entry is saved its free text is scanned; every match becomes a ``PrivacyFinding``. The owner can
replace a finding with a pseudonym in one step, or mark it as not personal. Submission and export
call ``export_blockers`` and are refused while it returns anything.
"""

import html
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Attachment, FieldworkEntry, PrivacyFinding
from .richtext import html_to_plain

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


@transaction.atomic
def check_entry(entry, names=None):
    """Bring the entry's findings in line with its text. Findings marked 'not personal' that
    still occur stay so; findings whose text is gone are removed. Returns the open findings."""
    current = {(m.field, m.kind, m.text) for m in scan_entry(entry, names)}
    existing = {(f.field, f.kind, f.text): f for f in entry.findings.all()}
    stale = [f.pk for key, f in existing.items() if key not in current]
    if stale:
        PrivacyFinding.objects.filter(pk__in=stale).delete()
    PrivacyFinding.objects.bulk_create(
        [
            PrivacyFinding(entry=entry, field=field, kind=kind, text=text[:300])
            for field, kind, text in sorted(current - existing.keys())
        ]
    )
    return list(entry.findings.filter(status=PrivacyFinding.Status.OPEN))


def check_portfolio(portfolio):
    names = real_names(portfolio)
    for entry in portfolio.entries.all():
        check_entry(entry, names)


def _replace_in(value, old, new, rich):
    if rich:
        # The text is HTML-escaped inside stored rich text.
        pattern = re.compile(rf"(?<!\w){re.escape(html.escape(old, quote=False))}(?!\w)")
        return pattern.sub(html.escape(new, quote=False).replace("\\", "\\\\"), value)
    return re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new.replace("\\", "\\\\"), value)


@transaction.atomic
def replace_with_pseudonym(finding, pseudonym):
    """Replace every occurrence of the finding's text in the entry's free text, then re-check."""
    entry = finding.entry
    for field in FieldworkEntry.FREE_TEXT_FIELDS:
        value = getattr(entry, field) or ""
        new = _replace_in(value, finding.text, pseudonym, field in entry.RICH_TEXT_FIELDS)
        setattr(entry, field, new)
    for field, limit in (("title", 200), ("place", 200), ("involved", 500)):
        setattr(entry, field, getattr(entry, field)[:limit])
    entry.save()
    return check_entry(entry)


def mark_not_personal(finding):
    finding.status = PrivacyFinding.Status.NOT_PERSONAL
    finding.save(update_fields=["status"])


def open_findings(portfolio, *, entry_ids=None):
    qs = PrivacyFinding.objects.filter(
        entry__portfolio=portfolio, status=PrivacyFinding.Status.OPEN
    ).select_related("entry")
    if entry_ids is not None:
        qs = qs.filter(entry_id__in=entry_ids)
    return qs


def export_blockers(portfolio, *, entry_ids=None):
    """Why this portfolio cannot be submitted or exported yet (Dutch messages); empty = fine.

    Blocks on open privacy findings and on attachments without consent filled in."""
    blockers = []
    entries = (
        portfolio.entries.filter(is_draft=False)
        if entry_ids is None
        else (portfolio.entries.filter(pk__in=entry_ids))
    )
    entries = entries.annotate(
        open_count=Count("findings", filter=Q(findings__status=PrivacyFinding.Status.OPEN))
    ).order_by("date", "pk")
    for entry in entries:
        if entry.open_count:
            blockers.append(
                ngettext(
                    "The entry “%(title)s” has %(count)d open privacy finding.",
                    "The entry “%(title)s” has %(count)d open privacy findings.",
                    entry.open_count,
                )
                % {"title": entry, "count": entry.open_count}
            )
    attachments = Attachment.objects.filter(entry__in=entries.values("pk")).select_related("entry")
    for attachment in attachments:
        if not attachment.has_consent:
            blockers.append(
                _("The attachment “%(name)s” of “%(title)s” has no consent filled in.")
                % {"name": attachment.original_name, "title": attachment.entry}
            )
    return blockers
