"""Periodic work on the task queue, once however many workers run.

A periodic task puts its own next run in the queue (``run_after``) at the end of every run.
``ensure_queued`` adds a run only when none of that task is waiting, so a second worker, a second
``migrate`` or a command run by cron never doubles it. Backends that cannot defer (the immediate
backend of the tests) get no periodic runs: there the management commands are the way.
"""

from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def is_waiting(task):
    """Whether a run of ``task`` waits in the database queue."""
    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()


def ensure_queued(task, after=None, *args, at=None):
    """Queue ``task`` to run ``after`` (a timedelta) from now, or ``at`` a moment, unless a run
    already waits. Returns the new result, or None."""
    backend = task.get_backend()
    if not backend.supports_defer:
        return None
    if isinstance(backend, DatabaseBackend) and is_waiting(task):
        return None
    return task.using(run_after=at or timezone.now() + after).enqueue(*args)
