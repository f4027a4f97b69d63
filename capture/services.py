"""Quick capture on the server: a draft from the phone becomes (or changes) a fieldwork entry.

Every call into the portfolio's internals (creating entries and their revisions, the upload
checks, the privacy check) is in this module, so that they can move to ``portfolio.services``
in one place. The rules are the desk form's: an entry's versions are ``EntryRevision`` rows,
attachments go through ``AttachmentForm`` and ``save_attachment`` (content sniffing,
re-encoding without EXIF/GPS), and ``privacy.check_entry`` runs after every change; its
findings are stored and shown as for any entry.

Idempotency: the phone's own id for a draft is the key of a ``CaptureReceipt``; a second
request with it never makes a second entry, and a replayed change (same change id) changes
nothing. Conflicts: the phone says which version of the entry it last saw; when the entry was
changed elsewhere since, the two versions are merged field by field, and for a field changed on
both sides the one edited last wins while the other is kept as a revision.
"""

import contextlib
import dataclasses
import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portfolio import privacy
from portfolio.forms import AttachmentForm
from portfolio.models import Attachment, FieldworkEntry
from portfolio.richtext import html_to_text, text_to_html
from portfolio.services import assignment_key, revise, revision_data
from portfolio.uploads import StorageUnavailable, make_thumbnail, save_attachment

from .forms import NOTE_FIELDS
from .models import CaptureReceipt

MAX_ATTACHMENTS = 20
PHONE_FIELDS = ("title", "date", "setting", "involved", "note")


class SyncError(Exception):
    """A draft the server refuses; ``status`` is the JSON status, ``http`` the HTTP one."""

    def __init__(self, status, http, message, errors=None):
        super().__init__(message)
        self.status, self.http, self.message, self.errors = status, http, message, errors or {}


@dataclasses.dataclass
class Result:
    status: str  # "created", "updated" or "unchanged"
    entry: FieldworkEntry
    receipt: CaptureReceipt
    replayed: bool = False
    conflict: dict | None = None
    findings: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Draft:
    """What the phone (or the form without JavaScript) sent, checked by ``QuickEntryForm``."""

    client_id: object
    fields: dict  # title, date (a date), setting, involved, note (plain text)
    note_field: str = "actions"
    assignment: object = None
    change_id: object = None
    entry_id: str = ""
    base_version: str = ""
    edited_at: datetime.datetime | None = None
    photos: list = dataclasses.field(default_factory=list)  # [(client photo id, AttachmentForm)]


# --- the portfolio's own save steps (portfolio.services) -------------------------------------


def _current_revision(entry, user):
    """The latest revision when it holds the entry as it is now, else a new one."""
    latest = entry.revisions.order_by("-created_at", "-pk").first()
    if latest is not None and latest.data == revision_data(entry):
        return latest
    return revise(entry, user)


def photo_form(uploaded, *, no_people):
    consent = Attachment.Consent.NOT_IDENTIFIABLE if no_people else Attachment.Consent.NONE
    return AttachmentForm(
        data={"caption": "", "consent": consent}, files={"file": uploaded}, instance=Attachment()
    )


def version(entry):
    return entry.updated_at.isoformat()


# --- the phone's view of an entry -------------------------------------------------------------


def _canon_note(text):
    """A note as the phone would see it again after a round trip through stored HTML."""
    return html_to_text(text_to_html(text or ""))


def phone_values(data, note_field):
    """The phone's fields of an entry (or of a revision's data), comparable with a draft's."""
    date = data.get("date")
    return {
        "title": data.get("title") or "",
        "date": date.isoformat() if isinstance(date, datetime.date) else (date or ""),
        "setting": data.get("setting") or "",
        "involved": data.get("involved") or "",
        "note": _canon_note(html_to_text(data.get(note_field) or "")),
    }


def _entry_values(entry, note_field):
    data = {name: getattr(entry, name) for name in ("title", "date", "setting", "involved")}
    data[note_field] = getattr(entry, note_field)
    return phone_values(data, note_field)


def _draft_values(draft):
    values = dict(draft.fields)
    values["date"] = values["date"].isoformat()
    values["note"] = _canon_note(values.get("note"))
    return values


def _apply(entry, note_field, values):
    for name, value in values.items():
        if name == "note":
            setattr(entry, note_field, text_to_html(value))
        elif name == "date":
            entry.date = datetime.date.fromisoformat(value)
        else:
            setattr(entry, name, value)


def _field_label(name, note_field):
    labels = {
        "title": _("Title"),
        "date": _("Date"),
        "setting": _("Setting"),
        "involved": _("Who was involved"),
        "note": str(dict(NOTE_FIELDS)[note_field]),
    }
    return str(labels[name])


# --- photos -----------------------------------------------------------------------------------


def _store_photos(entry, receipt, photos):
    """Store the photos the server does not have yet; all or none (files too)."""
    new = [(pid, form) for pid, form in photos if str(pid) not in receipt.photos]
    if entry.attachments.count() + len(new) > MAX_ATTACHMENTS:
        raise SyncError("invalid", 400, _("An entry can have at most 20 attachments."))
    stored = []
    try:
        for pid, form in new:
            form.instance.entry = entry
            attachment = save_attachment(form)
            stored.append(attachment)
            receipt.photos[str(pid)] = str(attachment.public_id)
    except StorageUnavailable as exc:
        for attachment in stored:
            with contextlib.suppress(OSError):
                attachment.file.storage.delete(attachment.file.name)
        raise SyncError(
            "storage",
            503,
            _(
                "The server's storage is full or not writable, so the photo could not be saved. "
                "Your entry stays on this device; it is sent again later."
            ),
        ) from exc
    return stored


def _thumbnails(attachments):
    for attachment in attachments:
        # A failed thumbnail is made again on first view, as for the desk form.
        with contextlib.suppress(Exception):
            make_thumbnail(attachment)


# --- receiving a draft ------------------------------------------------------------------------


def receive(user, portfolio, draft):
    """Create or update the entry of a draft. Raises ``SyncError`` when it is refused."""
    receipt = _receipt(user, draft.client_id)
    if receipt is None:
        if draft.entry_id:
            # The phone knows this draft as an entry, but not from this account.
            raise SyncError("not_found", 404, _not_found())
        try:
            return _create(user, portfolio, draft)
        except IntegrityError:
            # The same draft arrived twice at once; the other request made the entry.
            receipt = _receipt(user, draft.client_id)
            if receipt is None:
                raise
    if receipt.entry is None:
        raise SyncError(
            "gone",
            410,
            _(
                "This entry has been deleted from your log in the meantime. Your text is still on "
                "this device: send it as a new entry, or delete it here."
            ),
        )
    if draft.entry_id and draft.entry_id != str(receipt.entry.public_id):
        raise SyncError("not_found", 404, _not_found())
    if draft.change_id and receipt.last_change_id == draft.change_id:
        return _replayed(receipt)
    return _update(user, receipt, draft)


def _replayed(receipt):
    """The answer to a change that was already applied: nothing changes, and the phone hears
    about the conflict (if that change had one) again, as the first answer told it."""
    return _result("unchanged", receipt, replayed=True, conflict=receipt.last_conflict)


def _not_found():
    return _("This entry does not exist (any more) in your portfolio.")


def _receipt(user, client_id):
    return (
        CaptureReceipt.objects.filter(user=user, client_id=client_id)
        .select_related("entry__portfolio", "synced_revision")
        .first()
    )


def _result(status, receipt, **kwargs):
    findings = privacy.check_entry(receipt.entry)
    return Result(status=status, entry=receipt.entry, receipt=receipt, findings=findings, **kwargs)


def _create(user, portfolio, draft):
    with transaction.atomic():
        entry = FieldworkEntry(portfolio=portfolio, is_draft=True)
        _apply(entry, draft.note_field, _draft_values(draft))
        if draft.assignment is not None:
            entry.module = draft.assignment.module
            entry.assignment_id = assignment_key(draft.assignment)
        entry.save()
        if draft.assignment is not None:
            entry.learning_outcomes.set(draft.assignment.outcomes)
        receipt = CaptureReceipt.objects.create(
            user=user,
            client_id=draft.client_id,
            entry=entry,
            note_field=draft.note_field,
            last_change_id=draft.change_id,
        )
        stored = _store_photos(entry, receipt, draft.photos)
        receipt.synced_revision = revise(entry, user)
        receipt.synced_version = version(entry)
        receipt.save()
    _thumbnails(stored)
    return _result("created", receipt)


def _merge(base, server, phone):
    """(changes to make, fields changed on both sides) in a three-way merge of the phone's
    fields. Without a known base every difference counts as changed on both sides."""
    changes, conflicts = {}, []
    for name in PHONE_FIELDS:
        if phone[name] == server[name]:
            continue
        if base is not None and phone[name] == base[name]:
            continue  # only changed elsewhere: keep that
        if base is not None and server[name] == base[name]:
            changes[name] = phone[name]  # only changed on the phone
            continue
        conflicts.append(name)
    return changes, conflicts


def _edited_at(draft):
    now = timezone.now()
    when = draft.edited_at or now
    if timezone.is_naive(when):
        when = timezone.make_aware(when, datetime.UTC)
    return min(when, now)


def _update(user, receipt, draft):
    note_field = receipt.note_field
    with transaction.atomic():
        entry = FieldworkEntry.objects.select_for_update().get(pk=receipt.entry_id)
        # Read again under the entry's lock: the same change sent twice at once (a retry while
        # the first was still on its way) waited here and must not be applied a second time.
        receipt = CaptureReceipt.objects.select_related("synced_revision").get(pk=receipt.pk)
        if draft.change_id and receipt.last_change_id == draft.change_id:
            receipt.entry = entry
            return _replayed(receipt)
        server = _entry_values(entry, note_field)
        base = None
        if version(entry) == receipt.synced_version:
            base = server  # nobody changed it since this phone's last change
        elif receipt.synced_revision is not None and draft.base_version in (
            "",
            receipt.synced_version,
        ):
            base = phone_values(receipt.synced_revision.data, note_field)
        phone = _draft_values(draft)
        changes, conflicts = _merge(base, server, phone)
        conflict = None
        if conflicts:
            phone_wins = _edited_at(draft) >= entry.updated_at
            conflict = _keep_both(user, entry, note_field, conflicts, phone, phone_wins)
            if phone_wins:
                changes.update({name: phone[name] for name in conflicts})
        if changes:
            _apply(entry, note_field, changes)
            entry.save()
        stored = _store_photos(entry, receipt, draft.photos)
        receipt.entry = entry
        receipt.synced_revision = _current_revision(entry, user)
        receipt.synced_version = version(entry)
        receipt.last_change_id = draft.change_id
        receipt.last_conflict = conflict
        receipt.save()
    _thumbnails(stored)
    status = "updated" if changes or stored else "unchanged"
    return _result(status, receipt, conflict=conflict)


def _keep_both(user, entry, note_field, conflicts, phone, phone_wins):
    """Keep the version that loses as a revision; say which one won."""
    other_time = timezone.localtime(entry.updated_at)
    if phone_wins:
        _current_revision(entry, user)  # the other device's version, restorable
    else:
        data = revision_data(entry)
        for name in conflicts:
            value = phone[name]
            data[note_field if name == "note" else name] = (
                text_to_html(value) if name == "note" else value
            )
        revise(entry, user, data)
    fields = ", ".join(_field_label(name, note_field) for name in conflicts)
    if phone_wins:
        message = _(
            "This entry was also changed on another device (%(fields)s, at %(time)s). The "
            "version from this phone is newer and is now the one in your log; the other version "
            "is kept in its history."
        )
    else:
        message = _(
            "This entry was changed on another device (%(fields)s, at %(time)s), later than "
            "you changed it here. That version stays; the version from this phone is kept in its "
            "history, where you can restore it."
        )
    return {
        "winner": "phone" if phone_wins else "other",
        "fields": [_field_label(name, note_field) for name in conflicts],
        "message": message % {"fields": fields, "time": date_format(other_time, "DATETIME_FORMAT")},
        "history_url": reverse("portfolio:entry_history", args=[entry.public_id]),
    }


# --- what the phone is told ---------------------------------------------------------------------


def entry_json(entry, note_field):
    return {
        "id": str(entry.public_id),
        "title": str(entry),
        "version": version(entry),
        "is_draft": entry.is_draft,
        "fields": _entry_values(entry, note_field),
        "edit_url": reverse("portfolio:entry_edit", args=[entry.public_id]),
        "detail_url": reverse("portfolio:entry", args=[entry.public_id]),
        "privacy_url": reverse("portfolio:entry_privacy", args=[entry.public_id]),
        "history_url": reverse("portfolio:entry_history", args=[entry.public_id]),
    }


def findings_json(findings):
    return [
        {"kind": f.kind, "label": f.get_kind_display(), "text": f.text, "field": f.field}
        for f in findings
    ]
