"""The snapshot as the print template needs it: dates parsed, labels in Dutch, every bit of
rich text sanitised again (whatever the snapshot holds), images with their source."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from portfolio.models import Attachment, FieldworkEntry, ValuesReflection
from portfolio.richtext import sanitize, text_to_html

from . import fetcher

# Rich text is sanitised again on the way out with the portfolio's own rule (``sanitize``, as
# the web view does): whatever the snapshot holds, only simple markup reaches WeasyPrint: no
# img, link, style, style="", and links only to web and mail addresses.


def _text_html(value):
    return text_to_html(value or "")


def normalise_feedback(summary):
    """``Submission.assessment_summary()`` in the shape the print template needs.

    Only rounds that were decided (verdict given) have feedback to print."""
    if not summary or not summary.get("verdict"):
        return None
    criteria = []
    for row in summary.get("criteria") or []:
        first = (row.get("scores") or {}).get("first") or {}
        second = (row.get("scores") or {}).get("second") or {}
        maximum = max((lv.get("points") or 0 for lv in row.get("levels") or []), default=None)
        comments = [c for c in (first.get("comment"), second.get("comment")) if c]
        own = row.get("self") or {}
        criteria.append(
            {
                "self_level": str(own.get("level") or ""),
                "self_sentence": str(own.get("sentence") or ""),
                "name": str(row.get("name", "")),
                "score": str(first.get("level") or "–"),
                "points": first.get("points"),
                "max": maximum,
                "comment_html": "".join(_text_html(c) for c in comments),
            }
        )
    assessors = summary.get("assessors") or {}
    return {
        "criteria": criteria,
        "has_self": any(c["self_level"] or c["self_sentence"] for c in criteria),
        "verdict": str(summary.get("verdict_label") or ""),
        "milestone": str(summary.get("milestone") or ""),
        "round": summary.get("round"),
        "feedback_html": _text_html(summary.get("feedback")),
        "assessed_by": ", ".join(n for n in (assessors.get("first"), assessors.get("second")) if n),
        "assessed_at": when(summary.get("decided_at")),
        "entry_comments": [
            {
                "entry_title": str(c.get("entry_title") or ""),
                "author": str(c.get("author") or ""),
                "html": _text_html(c.get("text")),
            }
            for c in summary.get("entry_comments") or []
        ],
    }


def when(value):
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    parsed = parse_datetime(str(value))
    if parsed is not None:
        return timezone.localtime(parsed) if timezone.is_aware(parsed) else parsed
    return parse_date(str(value))


def _label(choices, code, stored):
    """The Dutch label of a stored code; the snapshot's own label may be in another language
    (it was frozen in whatever language the request had)."""
    try:
        return str(choices(code).label)
    except ValueError:
        return stored or code or ""


def _reflection(r):
    return {
        "id": r.get("id"),
        "stage_label": _label(ValuesReflection.Stage, r.get("stage"), r.get("stage_label")),
        "created_at": when(r.get("created_at")),
        "updated_at": when(r.get("updated_at")),
        "answers": [
            {"question": a.get("question", ""), "html": sanitize(a.get("answer_html"))}
            for a in r.get("answers", [])
        ],
    }


def _attachment(a, attachment_src):
    is_image = a.get("content_type") in fetcher.IMAGE_TYPES
    return {
        "filename": a.get("filename", ""),
        "caption": a.get("caption", ""),
        "is_image": is_image,
        "src": attachment_src(a) if is_image else "",
        "consent_label": _label(Attachment.Consent, a.get("consent", ""), a.get("consent_label")),
        "has_consent": bool(a.get("has_consent")),
        "consent_given_by": a.get("consent_given_by", ""),
        "landscape": bool(a.get("width") and a.get("height") and a["width"] >= a["height"]),
    }


def _sections(e):
    return [
        (label, sanitize(e.get(key)))
        for key, label in (
            ("residents_idea_html", _("The residents' idea or ambition")),
            ("actions_html", _("What I did")),
            ("outcome_html", _("What happened")),
            ("reflection_html", _("My reflection")),
        )
        if (e.get(key) or "").strip()
    ]


def _entry(n, e, attachment_src):
    return {
        "anchor": f"entry-{n}",
        "number": n,
        "title": e.get("title") or _("Untitled entry"),
        "date": when(e.get("date")),
        "place": e.get("place", ""),
        "setting_label": _label(FieldworkEntry.Setting, e.get("setting"), e.get("setting_label")),
        "involved": e.get("involved", ""),
        "sections": _sections(e),
        "module": (e.get("module") or {}).get("title", ""),
        "outcomes": [o.get("text", "") for o in e.get("learning_outcomes", [])],
        "tags": e.get("tags", []),
        "attachments": [_attachment(a, attachment_src) for a in e.get("attachments", [])],
    }


def _peer_comments(snapshot):
    """The peer comments the owner chose for the PDF, by entry id (None: on the portfolio)."""
    found = {}
    for c in snapshot.get("peer_comments") or []:
        found.setdefault(c.get("entry_id"), []).append(
            {
                "author": str(c.get("author") or ""),
                "written_at": when(c.get("written_at")),
                "html": sanitize(c.get("html")),
            }
        )
    return found


def prepare(snapshot, feedback, *, attachment_src):
    """Template-ready data: dates parsed, HTML cleaned again, images with their source."""
    reflections = [_reflection(r) for r in snapshot.get("values_reflections", [])]
    peer = _peer_comments(snapshot)
    entries = []
    for n, e in enumerate(snapshot.get("entries", []), 1):
        entries.append({**_entry(n, e, attachment_src), "peer_comments": peer.get(e.get("id"), [])})
    return {
        # Latest first; the earlier versions go to the appendix.
        "latest_reflection": reflections[-1] if reflections else None,
        "earlier_reflections": list(reversed(reflections[:-1])),
        "entries": entries,
        "image_count": sum(a["is_image"] for e in entries for a in e["attachments"]),
        "feedback": feedback,
        "peer_comments": peer.get(None, []),
    }
