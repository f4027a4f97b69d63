"""What a participant does to their portfolio, one function per change of state.

The views only read the request, call one of these and answer; saving an entry, keeping its
versions, restoring one, the autosave while typing and deleting (with the files after commit)
live here. Every function that writes more than one row does so in one transaction; the privacy
check runs inside it, so the findings always match what was saved.
"""

import contextlib
import datetime
import re

from django.db import transaction
from django.utils import timezone

from leergang.files import delete_files_after_commit
from leergang.ids import as_pks
from modules.models import LearningOutcome, ModulePage

from . import privacy
from .models import (
    Attachment,
    EntryRevision,
    FieldworkEntry,
    FieldworkTag,
    PortfolioShare,
    ValuesAnswer,
    ValuesReflection,
)
from .uploads import make_thumbnail, save_attachment

AUTOSAVE_MAX_CHARS = 20_000
AUTOSAVE_MAX_OUTCOMES = 50
# Content fields a revision keeps under another key (the keys revisions have always had).
REVISION_KEYS = {"module": "module_id", "learning_outcomes": "learning_outcome_ids"}
_VALUES_FIELD = re.compile(r"q_\d+")


def assignment_key(assignment):
    """How an entry or a reflection records the assignment it answers."""
    return f"{assignment.module.pk}:{assignment.block_id}"


# --- fieldwork entries: save, revise, restore, delete ---------------------------------------


def revision_data(entry):
    """The entry's content (``FieldworkEntry.CONTENT_FIELDS``) as a revision keeps it."""
    data = {}
    for name in FieldworkEntry.CONTENT_FIELDS:
        key = REVISION_KEYS.get(name, name)
        if name == "date":
            data[key] = entry.date.isoformat() if entry.date else None
        elif name == "module":
            data[key] = entry.module_id
        elif name == "learning_outcomes":
            data[key] = sorted(o.pk for o in entry.learning_outcomes.all())
        elif name == "tags":
            data[key] = sorted(t.name for t in entry.tags.all())
        else:
            data[key] = getattr(entry, name)
    return data


def revise(entry, user, data=None):
    """Keep the entry's current content (or ``data``, another version of it) as a version."""
    return EntryRevision.objects.create(
        entry=entry, data=data or revision_data(entry), created_by=user
    )


def _clear_autosave(obj):
    obj.autosave_data = {}
    obj.autosaved_at = None


def save_entry(form, user):
    """Save a valid ``FieldworkEntryForm`` as a finished entry and keep the version.

    Returns the open privacy findings about the entry (empty when the check found nothing)."""
    with transaction.atomic():
        entry = form.save(commit=False)
        entry.is_draft = False
        _clear_autosave(entry)
        entry.save()
        form.save_m2m()
        revise(entry, user)
        return privacy.check_entry(entry)


def _restore_content(entry, data):
    for name in FieldworkEntry.CONTENT_FIELDS:
        value = data.get(REVISION_KEYS.get(name, name))
        if name == "date":
            if value:
                entry.date = datetime.date.fromisoformat(value)
        elif name == "module":
            entry.module = ModulePage.objects.filter(pk=value).first()
        elif name not in ("learning_outcomes", "tags"):
            setattr(entry, name, value or "")


def restore_revision(entry, revision, user):
    """Put the content of an earlier version back; that becomes the newest version."""
    data = revision.data
    with transaction.atomic():
        _restore_content(entry, data)
        entry.is_draft = False
        _clear_autosave(entry)
        entry.save()
        entry.learning_outcomes.set(
            LearningOutcome.objects.filter(pk__in=data.get("learning_outcome_ids", []))
        )
        entry.tags.set(data.get("tags", []))
        revise(entry, user)
        privacy.check_entry(entry)


def _attachment_files(attachment):
    return [attachment.file.name, attachment.thumbnail]


def delete_entry(entry):
    """The entry, its attachments (their files once the deletion is committed) and the tags no
    other entry carries."""
    with transaction.atomic():
        storage = Attachment._meta.get_field("file").storage
        names = [n for a in entry.attachments.all() for n in _attachment_files(a)]
        entry.delete()
        FieldworkTag.objects.filter(portfolio=entry.portfolio).unused().delete()
        delete_files_after_commit(storage, names)


def discard_draft(entry):
    """Throw away what the autosave kept. A draft that was never saved goes altogether;
    returns True then."""
    if entry.is_draft and not entry.revisions.exists():
        entry.delete()
        return True
    FieldworkEntry.objects.filter(pk=entry.pk).update(autosave_data={}, autosaved_at=None)
    return False


# --- attachments ---------------------------------------------------------------------------


def add_attachment(form):
    """Save a valid ``AttachmentForm`` (raises ``uploads.StorageUnavailable`` when the storage
    cannot take the file; nothing is kept then). Returns the attachment."""
    attachment = save_attachment(form)
    if attachment.is_image:
        # A failed thumbnail is tried again on first view.
        with contextlib.suppress(Exception):
            make_thumbnail(attachment)
    return attachment


def delete_attachment(attachment):
    with transaction.atomic():
        storage = attachment.file.storage
        names = _attachment_files(attachment)
        attachment.delete()
        delete_files_after_commit(storage, names)


# --- autosave ------------------------------------------------------------------------------


def clean_autosave_text(value):
    """Autosave keeps raw input; PostgreSQL cannot store a NUL character in text or JSON."""
    return str(value).replace("\x00", "")[:AUTOSAVE_MAX_CHARS]


def entry_autosave_payload(post):
    """What the entry form holds right now, as typed (``CONTENT_FIELDS`` only)."""
    data = {}
    for name in FieldworkEntry.CONTENT_FIELDS:
        if name == "learning_outcomes":
            data[name] = [str(v) for v in as_pks(post.getlist(name))][:AUTOSAVE_MAX_OUTCOMES]
        elif name in post:
            data[name] = clean_autosave_text(post.get(name, ""))
    return data


def entry_form_initial(entry):
    """The entry form's initial data from an autosave that is newer than the entry (as typed,
    so the form does not convert it again), and when it was made; ``None, None`` if none."""
    data = entry.autosave_data
    if not (
        data and entry.autosaved_at and (entry.is_draft or entry.autosaved_at > entry.updated_at)
    ):
        return None, None
    initial = {name: data[name] for name in FieldworkEntry.CONTENT_FIELDS if name in data}
    initial.setdefault("learning_outcomes", [])
    return {"_raw": True, **initial}, entry.autosaved_at


def autosave_new_entry(portfolio, post):
    """The first autosave of a new entry creates it as a draft. Returns (entry, when)."""
    data = entry_autosave_payload(post)
    now = timezone.now()
    try:
        date = datetime.date.fromisoformat(data.get("date", ""))
    except ValueError:
        date = timezone.localdate()
    entry = FieldworkEntry.objects.create(
        portfolio=portfolio,
        title=data.get("title", "")[:200],
        date=date,
        is_draft=True,
        assignment_id=data.get("assignment_id", "")[:120],
        autosave_data=data,
        autosaved_at=now,
    )
    return entry, now


def autosave_entry(entry, post):
    """Keep what the form holds beside the saved entry (a draft takes the title too)."""
    data = entry_autosave_payload(post)
    now = timezone.now()
    update = {"autosave_data": data, "autosaved_at": now}
    if entry.is_draft and data.get("title"):
        update["title"] = data["title"][:200]
    FieldworkEntry.objects.filter(pk=entry.pk).update(**update)
    return now


def autosave_reflection(portfolio, stage, post):
    """Keep the answers as typed beside the values reflection of this stage."""
    data = {k: clean_autosave_text(v) for k, v in post.items() if _VALUES_FIELD.fullmatch(k)}
    reflection, _created = ValuesReflection.objects.get_or_create(portfolio=portfolio, stage=stage)
    now = timezone.now()
    ValuesReflection.objects.filter(pk=reflection.pk).update(autosave_data=data, autosaved_at=now)
    return now


# --- values reflections ----------------------------------------------------------------------


def reflection_form_initial(reflection):
    """The answers from an autosave newer than the saved reflection, and when it was made."""
    if not (
        reflection.pk
        and reflection.autosave_data
        and reflection.autosaved_at
        and reflection.autosaved_at > reflection.updated_at
    ):
        return None, None
    initial = {k: v for k, v in reflection.autosave_data.items() if k.startswith("q_")}
    return initial, reflection.autosaved_at


def save_reflection(reflection, form, assignment=None):
    """Save the answers of a valid ``ValuesReflectionForm``; returns the open privacy findings."""
    with transaction.atomic():
        if assignment is not None and assignment.kind == "values":
            reflection.assignment_id = assignment_key(assignment)
        _clear_autosave(reflection)
        reflection.save()
        for question, answer_html in form.answers():
            ValuesAnswer.objects.update_or_create(
                reflection=reflection,
                question=question,
                defaults={"text": answer_html, "question_text": question.text},
            )
        return privacy.check_reflection(reflection)


# --- real names and shares -------------------------------------------------------------------


def add_real_name(portfolio, form):
    """A name for the privacy check to look for; the whole portfolio is checked again."""
    name = form.save(commit=False)
    name.portfolio = portfolio
    name.save()
    privacy.check_portfolio(portfolio)
    return name


def remove_real_name(real_name):
    portfolio = real_name.portfolio
    real_name.delete()
    privacy.check_portfolio(portfolio)


def share_portfolio(portfolio, user):
    """Let a member of the cohort read the portfolio."""
    with transaction.atomic():
        # A share that lost its enrolment without being marked ended gives no access; it
        # is ended now so that sharing again is possible.
        portfolio.shares.filter(user=user).ended().end(PortfolioShare.EndReason.LEFT_COHORT)
        PortfolioShare.objects.get_or_create(portfolio=portfolio, user=user, ended_at=None)


def revoke_share(share):
    share.delete()
