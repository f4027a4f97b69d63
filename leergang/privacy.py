"""The data-rights contract every app fulfils: declare, export, erase and retain personal data.

Modelled on Moodle's privacy API (each plugin's provider has ``get_metadata``,
``export_user_data``, ``delete_data_for_user``; a test checks every plugin complies) and on
pretix's data shredders (one class per kind of data, registered by signal). Each app has a
``personal_data.py`` with one :class:`Provider`, registered through the Wagtail hook
``register_privacy_provider``; the core never imports an app above it.

- ``describe()`` lists what the app holds (:class:`Category`: models, fields, purpose, legal
  ground, who sees it, how long it is kept) and which of its models hold no personal data
  (:class:`NotPersonal`). The privacy page and the admin's *Verwerkingsregister* are rendered
  from it, so the register cannot drift from the code; a completeness test fails on a model
  that no provider claims.
- ``export(user, writer)`` writes the participant's data into their own ZIP (GDPR art. 15/20).
- ``erase(user, plan)`` and ``retain(cohort, plan)`` go through a :class:`Plan`: in a dry run
  the plan lists every row and file it would touch; in a real run the same calls carry it
  out. Files are deleted before the rows that point at them, each provider in its own
  transaction, so a crash halfway leaves rows whose files may be gone but never files
  nobody can find again: a rerun finishes the work. A file that is already gone is fine.
- ``expire(plan, now)`` removes what has a fixed lifetime (exports, login records).
"""

import contextlib
import dataclasses
import datetime
import json
import logging
import shutil
import zipfile

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from wagtail import hooks
from wagtail.log_actions import log

from .models import Cohort

logger = logging.getLogger(__name__)

HOOK = "register_privacy_provider"
FORMER_PARTICIPANT = "Oud-deelnemer"
ANONYMISED = "[geanonimiseerd]"
# A dry run lists at most this many rows per step (the count is always complete).
LISTED_ROWS = 200


@dataclasses.dataclass(frozen=True)
class Category:
    """One kind of personal data: an entry of the register of processing (AVG art. 30)."""

    key: str
    label: str
    models: tuple
    data: str
    purpose: str
    basis: str
    recipients: str
    retention: str
    # Whether the participant's own export holds it (some data is about others, or is a
    # derived copy of what is exported already).
    exported: bool = True


@dataclasses.dataclass(frozen=True)
class NotPersonal:
    """Models a provider declares free of personal data, with the reason."""

    models: tuple
    reason: str


class Provider:
    """Base of every app's privacy provider. ``order`` sets the erasure order: providers of
    derived copies first, the account last (a rerun finds the participant by e-mail)."""

    name = ""
    label = ""
    order = 50

    def describe(self):
        return []

    def export(self, user, writer):
        pass

    def erase(self, user, plan):
        pass

    def retain(self, cohort, plan):
        pass

    def expire(self, plan, now):
        pass

    def categories(self):
        return [c for c in self.describe() if isinstance(c, Category)]


def providers():
    # Each app's personal_data.py registers its provider; load them like Wagtail's hooks.
    autodiscover_modules("personal_data")
    found = [fn() for fn in hooks.get_hooks(HOOK)]
    return sorted(found, key=lambda p: (p.order, p.name))


def register():
    """[(provider, [Category...])] for the privacy page and the admin register: the account
    first, derived copies last (the reverse of the erasure order)."""
    return [(p, p.categories()) for p in reversed(providers())]


def claimed_models():
    """{model label: provider name} for every model a provider claims or declares free."""
    claimed = {}
    for provider in providers():
        for item in provider.describe():
            for label in item.models:
                claimed[label] = provider.name
    return claimed


# --- plans -------------------------------------------------------------------------------------


@dataclasses.dataclass
class Step:
    provider: str
    provider_label: str
    action: str
    count: int
    rows: list = dataclasses.field(default_factory=list)
    files: list = dataclasses.field(default_factory=list)


class Plan:
    """What erasure or retention does: listed in a dry run, carried out otherwise."""

    def __init__(self, subject, *, dry_run=True):
        self.subject = subject
        self.dry_run = dry_run
        self.steps = []
        self._provider = ""
        self._provider_label = ""

    # Providers call these; each returns how many rows or files it concerns.

    def delete(self, queryset, action):
        """Delete the rows of ``queryset`` (after their files, which the caller deletes first)."""
        rows = list(queryset)
        if rows:
            self._record(action, len(rows), rows=rows)
            if not self.dry_run:
                queryset.model.objects.filter(pk__in=[r.pk for r in rows]).delete()
        return len(rows)

    def update(self, queryset, action, **values):
        rows = list(queryset)
        if rows:
            self._record(action, len(rows), rows=rows)
            if not self.dry_run:
                queryset.model.objects.filter(pk__in=[r.pk for r in rows]).update(**values)
        return len(rows)

    def change(self, objects, action, change):
        """Call ``change(obj)`` for each object that still needs it (it saves what it changed)."""
        objects = list(objects)
        if objects:
            self._record(action, len(objects), rows=objects)
            if not self.dry_run:
                for obj in objects:
                    change(obj)
        return len(objects)

    def delete_files(self, storage, names, action):
        """Delete stored files now; a file that is already gone is not an error."""
        names = [n for n in names if n]
        present = [n for n in names if _exists(storage, n)]
        if present:
            self._record(action, len(present), files=present)
            if not self.dry_run:
                for name in present:
                    with contextlib.suppress(FileNotFoundError):
                        storage.delete(name)
        return len(present)

    def note(self, action, count):
        """A step that is counted but done elsewhere (e.g. by another library)."""
        if count:
            self._record(action, count)
        return count

    def _record(self, action, count, rows=(), files=()):
        self.steps.append(
            Step(
                provider=self._provider,
                provider_label=str(self._provider_label),
                action=str(action),
                count=count,
                rows=[_row_label(r) for r in list(rows)[:LISTED_ROWS]],
                files=list(files)[:LISTED_ROWS],
            )
        )

    @property
    def is_empty(self):
        return not self.steps

    def count(self, provider=None):
        return sum(s.count for s in self.steps if provider in (None, s.provider))

    def summary(self):
        """{provider: {action: count}}: no names or content, safe for the audit log."""
        out = {}
        for step in self.steps:
            out.setdefault(step.provider, {})
            out[step.provider][step.action] = out[step.provider].get(step.action, 0) + step.count
        return out

    def lines(self, *, detail=True):
        for step in self.steps:
            yield f"  {step.provider}: {step.action}: {step.count}"
            if detail:
                for row in step.rows:
                    yield f"      - {row}"
                for name in step.files:
                    yield f"      - file {name}"


def _row_label(obj):
    label = str(obj).replace("\n", " ")
    if len(label) > 80:
        label = label[:77] + "..."
    return f"{obj._meta.label} #{obj.pk}: {label}"


def _exists(storage, name):
    try:
        return storage.exists(name)
    except (OSError, ValueError):
        return False


def _run(plan, call):
    for provider in providers():
        plan._provider, plan._provider_label = provider.name, provider.label
        # One transaction per provider: a crash keeps the others' finished work and this
        # provider's rows, which the next run deletes (their files may already be gone).
        with transaction.atomic():
            call(provider, plan)
    plan._provider = ""
    return plan


# --- erasure (AVG art. 17) ---------------------------------------------------------------------


def is_erased(user):
    return user.email == erased_email(user)


def erased_email(user):
    return f"gewist-{user.pk}@gewist.invalid"


def plan_erasure(user):
    return _run(Plan(user, dry_run=True), lambda p, plan: p.erase(user, plan))


def erase_user(user, by=None):
    """Erase the participant's personal data through every provider. Idempotent: a second
    run (or a run after a crash) does what is left, and logs only when it did something."""
    label = str(user.pk)
    plan = _run(Plan(user, dry_run=False), lambda p, plan: p.erase(user, plan))
    if not plan.is_empty:
        _log(user, "leergang.erase_participant", by, plan)
    logger.info("Erasure of user %s: %s rows/files", label, plan.count())
    return plan


# --- retention ---------------------------------------------------------------------------------


def due_cohorts(today=None):
    today = today or timezone.localdate()
    return [c for c in Cohort.objects.order_by("end_date", "pk") if c.retention_ends() < today]


def plan_retention(cohort):
    return _run(Plan(cohort, dry_run=True), lambda p, plan: p.retain(cohort, plan))


def apply_retention(cohort):
    plan = _run(Plan(cohort, dry_run=False), lambda p, plan: p.retain(cohort, plan))
    if not plan.is_empty:
        _log(cohort, "leergang.retention", None, plan)
    return plan


def expire(*, dry_run=True, now=None):
    """Remove what has a fixed lifetime (exports, login records, the sent-mail log)."""
    now = now or timezone.now()
    return _run(Plan("expiry", dry_run=dry_run), lambda p, plan: p.expire(plan, now))


def run_retention(*, dry_run=True, today=None):
    """[(cohort, plan)] for every cohort past its retention, then ("expiry", plan)."""
    results = [
        (c, plan_retention(c) if dry_run else apply_retention(c)) for c in due_cohorts(today)
    ]
    return results, expire(dry_run=dry_run)


def _log(instance, action, by, plan):
    log(
        instance,
        action,
        user=by,
        data={"at": timezone.now().isoformat(), "count": plan.count(), "steps": plan.summary()},
    )


# --- export (AVG art. 15 and 20) ---------------------------------------------------------------


class ExportWriter:
    """Writes a participant's export as a ZIP into ``fileobj``, file by file, in chunks:
    attachments are copied from storage without being held in memory."""

    CHUNK = 1024 * 1024

    def __init__(self, fileobj, user):
        self.archive = zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED)
        self.user = user
        self.written = {}  # category key -> [paths]
        self._paths = set()

    def add_json(self, category, path, data):
        path = self._unique(path)
        payload = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)
        self.archive.writestr(path, payload.encode("utf-8"))
        self.written.setdefault(category, []).append(path)
        return path

    def add_file(self, category, path, storage, name):
        """Copy a stored file into the ZIP; returns its path there, or None if it is gone."""
        path = self._unique(path)
        try:
            with storage.open(name, "rb") as source, self.archive.open(path, "w") as target:
                shutil.copyfileobj(source, target, self.CHUNK)
        except (FileNotFoundError, OSError):
            return None
        self.written.setdefault(category, []).append(path)
        return path

    def _unique(self, path):
        base, n = path, 1
        while path in self._paths:
            n += 1
            stem, dot, ext = base.rpartition(".")
            path = f"{stem}-{n}.{ext}" if dot else f"{base}-{n}"
        self._paths.add(path)
        return path

    def close(self):
        manifest = []
        for provider, categories in register():
            for category in categories:
                manifest.append(
                    {
                        "key": category.key,
                        "provider": provider.name,
                        "label": str(category.label),
                        "data": str(category.data),
                        "purpose": str(category.purpose),
                        "retention": str(category.retention),
                        "files": self.written.get(category.key, []),
                    }
                )
        self.archive.writestr(
            "inhoud.json",
            json.dumps(
                {"exported_at": timezone.now().isoformat(), "categories": manifest},
                ensure_ascii=False,
                indent=2,
            ).encode("utf-8"),
        )
        self.archive.close()


def _json_default(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def export_user(user, fileobj):
    """Write everything every provider holds about ``user`` into ``fileobj`` as a ZIP."""
    writer = ExportWriter(fileobj, user)
    for provider in providers():
        provider.export(user, writer)
    writer.close()
    return writer


def isoformat(value):
    return value.isoformat() if value else None
