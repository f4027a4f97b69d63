"""A self-contained, JSON-serialisable picture of a portfolio.

The assessment app stores it as the frozen snapshot of a submission; the PDF app renders it.
Schema (all dates ISO 8601 strings, all HTML sanitised to p/br/strong/b/em/i/ul/ol/li/a)::

    {
      "schema": 1,
      "portfolio_id": "<uuid>",
      "created_at": "<datetime>",               # when the snapshot was taken
      "owner": {"name": str, "email": str},
      "cohort": {"id": int, "name": str, "start_date": "<date>", "end_date": "<date>"},
      "values_reflections": [                  # ordered intake, midway, final
        {"id": "<uuid>", "stage": "intake"|"midway"|"final", "stage_label": str,
         "created_at": "<datetime>", "updated_at": "<datetime>",
         "answers": [{"question": str, "answer_html": str}, ...]}
      ],
      "entries": [                             # fieldwork, date order (oldest first)
        {"id": int, "public_id": "<uuid>", "title": str, "date": "<date>", "place": str,
         "setting": str, "setting_label": str, "involved": str,
         "residents_idea_html": str, "actions_html": str, "outcome_html": str,
         "reflection_html": str,
         "module": {"id": int, "title": str} | None,
         "learning_outcomes": [{"id": int, "text": str}, ...],
         "assignment_id": str, "tags": [str, ...], "is_draft": bool,
         "attachments": [
           {"id": int, "public_id": "<uuid>", "filename": str, "content_type": str,
            "caption": str, "size": int, "width": int|None, "height": int|None,
            "consent": ""|"not_identifiable"|"recorded", "consent_label": str,
            "consent_given_by": str, "consent_use": ""|"portfolio"|"public_story",
            "has_consent": bool,
            "storage": "private", "storage_name": str}   # storages["private"].open(storage_name)
         ]}
      ]
    }
"""

from django.utils import timezone

from .models import Attachment, FieldworkEntry, ValuesReflection
from .richtext import sanitize

STAGE_ORDER = {stage: n for n, stage in enumerate(ValuesReflection.Stage.values)}


def _iso(value):
    return value.isoformat() if value else None


def _outcome_text(outcome):
    for attr in ("text", "title", "description", "name"):
        value = getattr(outcome, attr, None)
        if value:
            return str(value)
    return str(outcome)


def attachment_data(attachment):
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


def entry_data(entry):
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


def build_snapshot(portfolio, *, entry_ids=None):
    """Everything in the portfolio as plain data (see the module docstring for the schema).

    ``entry_ids`` (primary keys) limits the fieldwork entries; by default all entries that
    are not drafts are included."""
    enrolment = portfolio.enrolment
    owner, cohort = enrolment.user, enrolment.cohort
    reflections = sorted(
        portfolio.reflections.prefetch_related("answers__question"),
        key=lambda r: STAGE_ORDER.get(r.stage, 99),
    )
    entries = FieldworkEntry.objects.filter(portfolio=portfolio)
    if entry_ids is None:
        entries = entries.filter(is_draft=False)
    else:
        entries = entries.filter(pk__in=list(entry_ids))
    entries = (
        entries.select_related("module")
        .prefetch_related(
            "learning_outcomes",
            "tags",
            _attachments_prefetch(),
        )
        .order_by("date", "created_at", "pk")
    )
    return {
        "schema": 1,
        "portfolio_id": str(portfolio.public_id),
        "created_at": _iso(timezone.now()),
        "owner": {"name": owner.get_full_name() or owner.email, "email": owner.email},
        "cohort": {
            "id": cohort.pk,
            "name": cohort.name,
            "start_date": _iso(cohort.start_date),
            "end_date": _iso(cohort.end_date),
        },
        "values_reflections": [
            {
                "id": str(r.public_id),
                "stage": r.stage,
                "stage_label": str(r.get_stage_display()),
                "created_at": _iso(r.created_at),
                "updated_at": _iso(r.updated_at),
                "answers": [
                    {"question": a.question_text, "answer_html": sanitize(a.text)}
                    for a in sorted(
                        r.answers.all(),
                        key=lambda a: (a.question.sort_order or 0) if a.question else 9999,
                    )
                ],
            }
            for r in reflections
            if r.answers.all()
        ],
        "entries": [entry_data(e) for e in entries],
    }


def _attachments_prefetch():
    from django.db.models import Prefetch

    return Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk"))


# --- erasure and retention of snapshots --------------------------------------------------------

ANONYMISED = "[geanonimiseerd]"
FORMER_PARTICIPANT = "Oud-deelnemer"
TEXT_FIELDS = (
    "title",
    "place",
    "involved",
    "residents_idea_html",
    "actions_html",
    "outcome_html",
    "reflection_html",
)


def erased_snapshot():
    """What is left of a snapshot when its participant is erased: that it existed."""
    return {
        "schema": 1,
        "erased": True,
        "owner": {"name": FORMER_PARTICIPANT, "email": ""},
        "values_reflections": [],
        "entries": [],
    }


def needs_anonymising(snapshot):
    """Does the snapshot still hold fieldwork text, tags or attachments?"""
    for entry in (snapshot or {}).get("entries", []):
        if entry.get("attachments") or entry.get("tags"):
            return True
        if any(entry.get(f) not in ("", None, ANONYMISED) for f in TEXT_FIELDS):
            return True
    return False


def anonymise_snapshot(snapshot):
    """The snapshot with its fieldwork texts replaced and its tags and attachments dropped."""
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
