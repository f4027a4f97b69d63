"""The periodic task: the worker runs the scheduled job every hour, and the task puts its
next run in the queue itself (``run_after``) before it starts, whatever happens in this one.

The first run is queued after every ``migrate`` (``apps.py``) and by
``manage.py send_notifications --start``; a second one is never queued while one waits.
Backends that cannot defer (the immediate backend of the tests) get no periodic task: there
the management command is the way.
"""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from leergang import schedule

from . import scheduled

logger = logging.getLogger(__name__)

INTERVAL = datetime.timedelta(hours=1)


@task()
def run_scheduled():
    # The next run is queued before this one works: a worker killed halfway (its result stays
    # RUNNING for ever) leaves the next run waiting, so the schedule never stops silently.
    ensure_scheduled()
    report = scheduled.run()
    logger.info("Notifications: %s", report)
    return str(report)


def next_run(now=None):
    """The next full hour (plus a minute, so a digest at 7 sees the 7 o'clock clock)."""
    now = timezone.localtime(now or timezone.now())
    return now.replace(minute=1, second=0, microsecond=0) + INTERVAL


def ensure_scheduled(now=None):
    """Queue the next run unless one waits already; returns its result, or None."""
    return schedule.ensure_queued(run_scheduled, at=next_run(now))
