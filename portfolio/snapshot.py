"""A self-contained, JSON-serialisable picture of a portfolio, and what erasure and retention
leave of one.

The assessment app stores it as the frozen snapshot of a submission; the PDF app renders it;
the data-rights export writes it out. The TypedDicts below are the schema (version 1): all dates
are ISO 8601 strings, all HTML is sanitised to p/br/strong/b/em/i/ul/ol/li/a. Only this module
builds, erases or anonymises a snapshot; the other apps call ``build_snapshot``,
``erased_snapshot``, ``needs_anonymising`` and ``anonymise_snapshot``.
"""

from typing import Literal, NotRequired, TypedDict

from django.db.models import Prefetch
from django.utils import timezone

from leergang.privacy import ANONYMISED, FORMER_PARTICIPANT

from .models import Attachment, FieldworkEntry, ValuesReflection
from .richtext import sanitize

SCHEMA = 1
STAGE_ORDER = {stage: n for n, stage in enumerate(ValuesReflection.Stage.values)}


class OwnerData(TypedDict):
    name: str
    email: str


class CohortData(TypedDict):
    id: int
    name: str
    start_date: str | None
    end_date: str | None


class AnswerData(TypedDict):
    question: str
    answer_html: str


class ReflectionData(TypedDict):
    """One version of the values reflection; ordered intake, midway, final."""

    id: str
    stage: Literal["intake", "midway", "final"]
    stage_label: str
    created_at: str | None
    updated_at: str | None
    answers: list[AnswerData]


class ModuleData(TypedDict):
    id: int
    title: str


class OutcomeData(TypedDict):
    id: int
    text: str


class AttachmentData(TypedDict):
    """``storages["private"].open(storage_name)`` opens the file."""

    id: int
    public_id: str
    filename: str
    content_type: str
    caption: str
    size: int
    width: int | None
    height: int | None
    consent: Literal["", "not_identifiable", "recorded"]
    consent_label: str
    consent_given_by: str
    consent_use: Literal["", "portfolio", "public_story"]
    has_consent: bool
    storage: Literal["private"]
    storage_name: str


class EntryData(TypedDict):
    """One fieldwork entry; the entries are in date order, oldest first."""

    id: int
    public_id: str
    title: str
    date: str | None
    place: str
    setting: str
    setting_label: str
    involved: str
    residents_idea_html: str
    actions_html: str
    outcome_html: str
    reflection_html: str
    module: ModuleData | None
    learning_outcomes: list[OutcomeData]
    assignment_id: str
    tags: list[str]
    is_draft: bool
    attachments: list[AttachmentData]


class Snapshot(TypedDict):
    schema: int
    portfolio_id: NotRequired[str]
    created_at: NotRequired[str | None]  # when the snapshot was taken
    owner: OwnerData
    cohort: NotRequired[CohortData]
    values_reflections: list[ReflectionData]
    entries: list[EntryData]
    erased: NotRequired[bool]  # only in what erasure leaves (see ``erased_snapshot``)
    # The participant's self-assessment, added by the assessment app when a round is submitted.
    self_assessment: NotRequired[dict]


def _iso(value):
    return value.isoformat() if value else None


def _outcome_text(outcome):
    for attr in ("text", "title", "description", "name"):
        value = getattr(outcome, attr, None)
        if value:
            return str(value)
    return str(outcome)


def attachment_data(attachment) -> AttachmentData:
    return {
        "id": attachment.pk,
        "public_id": str(attachment.public_id),
        "filename": attachment.original_name,
        "content_type": attachment.content_type,
        "caption": attachment.caption,
        "size": attachment.size,
        "width": attachment.width,
        "height": attachment.height,
        "consent": attachment.consent,
        "consent_label": str(attachment.get_consent_display()),
        "consent_given_by": attachment.consent_given_by,
        "consent_use": attachment.consent_use,
        "has_consent": attachment.has_consent,
        "storage": "private",
        "storage_name": attachment.file.name,
    }


def entry_data(entry) -> EntryData:
    module = entry.module
    return {
        "id": entry.pk,
        "public_id": str(entry.public_id),
        "title": entry.title,
        "date": _iso(entry.date),
        "place": entry.place,
        "setting": entry.setting,
        "setting_label": str(entry.get_setting_display()),
        "involved": entry.involved,
        "residents_idea_html": sanitize(entry.residents_idea),
        "actions_html": sanitize(entry.actions),
        "outcome_html": sanitize(entry.outcome),
        "reflection_html": sanitize(entry.reflection),
        "module": {"id": module.pk, "title": module.title} if module else None,
        "learning_outcomes": [
            {"id": o.pk, "text": _outcome_text(o)} for o in entry.learning_outcomes.all()
        ],
        "assignment_id": entry.assignment_id,
        "tags": sorted(tag.name for tag in entry.tags.all()),
        "is_draft": entry.is_draft,
        "attachments": [attachment_data(a) for a in entry.attachments.all()],
    }


def reflection_data(reflection) -> ReflectionData:
    answers = sorted(
        reflection.answers.all(),
        key=lambda a: (a.question.sort_order or 0) if a.question else 9999,
    )
    return {
        "id": str(reflection.public_id),
        "stage": reflection.stage,
        "stage_label": str(reflection.get_stage_display()),
        "created_at": _iso(reflection.created_at),
        "updated_at": _iso(reflection.updated_at),
        "answers": [
            {"question": a.question_text, "answer_html": sanitize(a.text)} for a in answers
        ],
    }


def _entries(portfolio, entry_ids):
    entries = FieldworkEntry.objects.filter(portfolio=portfolio)
    if entry_ids is None:
        entries = entries.filter(is_draft=False)
    else:
        entries = entries.filter(pk__in=list(entry_ids))
    return (
        entries.select_related("module")
        .prefetch_related(
            "learning_outcomes",
            "tags",
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk")),
        )
        .order_by("date", "created_at", "pk")
    )


def build_snapshot(portfolio, *, entry_ids=None) -> Snapshot:
    """Everything in the portfolio as plain data (the schema is ``Snapshot``).

    ``entry_ids`` (primary keys) limits the fieldwork entries; by default all entries that
    are not drafts are included."""
    enrolment = portfolio.enrolment
    owner, cohort = enrolment.user, enrolment.cohort
    reflections = sorted(
        portfolio.reflections.prefetch_related("answers__question"),
        key=lambda r: STAGE_ORDER.get(r.stage, 99),
    )
    return {
        "schema": SCHEMA,
        "portfolio_id": str(portfolio.public_id),
        "created_at": _iso(timezone.now()),
        "owner": {"name": owner.get_full_name() or owner.email, "email": owner.email},
        "cohort": {
            "id": cohort.pk,
            "name": cohort.name,
            "start_date": _iso(cohort.start_date),
            "end_date": _iso(cohort.end_date),
        },
        "values_reflections": [reflection_data(r) for r in reflections if r.answers.all()],
        "entries": [entry_data(e) for e in _entries(portfolio, entry_ids)],
    }


# --- erasure and retention of snapshots --------------------------------------------------------

# The free text of an entry as a snapshot holds it (rich text under "<field>_html").
TEXT_FIELDS = tuple(
    f"{name}_html" if name in FieldworkEntry.RICH_TEXT_FIELDS else name
    for name in FieldworkEntry.FREE_TEXT_FIELDS
)


def erased_snapshot() -> Snapshot:
    """What is left of a snapshot when its participant is erased: that it existed."""
    return {
        "schema": SCHEMA,
        "erased": True,
        "owner": {"name": FORMER_PARTICIPANT, "email": ""},
        "values_reflections": [],
        "entries": [],
    }


def needs_anonymising(snapshot: Snapshot | None) -> bool:
    """Does the snapshot still hold fieldwork text, tags or attachments?"""
    for entry in (snapshot or {}).get("entries", []):
        if entry.get("attachments") or entry.get("tags"):
            return True
        if any(entry.get(f) not in ("", None, ANONYMISED) for f in TEXT_FIELDS):
            return True
    return False


def anonymise_snapshot(snapshot: Snapshot | None) -> Snapshot:
    """The snapshot with its fieldwork texts replaced and its tags and attachments dropped
    (retention: what the assessment needs to stay readable, without residents' data)."""
    snapshot = dict(snapshot or {})
    entries = []
    for entry in snapshot.get("entries", []):
        entry = dict(entry)
        for name in TEXT_FIELDS:
            if entry.get(name):
                entry[name] = ANONYMISED
        entry["attachments"] = []
        entry["tags"] = []
        entries.append(entry)
    snapshot["entries"] = entries
    return snapshot
