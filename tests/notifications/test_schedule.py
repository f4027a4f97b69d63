"""The worker's periodic task queues its own next run; the command runs the same job."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications import tasks

pytestmark = pytest.mark.django_db

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    """As in production: the django-tasks database backend (django-tasks follows the setting)."""
    settings.TASKS = DB_BACKEND


def waiting():
    return DBTaskResult.objects.filter(task_path=tasks.run_scheduled.module_path, status="READY")


def test_the_task_queues_its_next_run_once(database_tasks):
    now = timezone.localtime().replace(hour=9, minute=17)
    tasks.ensure_scheduled(now)
    tasks.ensure_scheduled(now)  # one waits already: nothing more
    (result,) = waiting()
    assert timezone.localtime(result.run_after) == now.replace(
        hour=10, minute=1, second=0, microsecond=0
    )
    # The worker runs it: the job runs and the next one is queued.
    DBTaskResult.objects.filter(pk=result.pk).update(status="RUNNING")
    assert "digests" in tasks.run_scheduled.call()
    (following,) = waiting()
    assert following.pk != result.pk


def test_a_failing_run_still_queues_the_next(database_tasks, monkeypatch):
    def broken(now=None):
        raise RuntimeError("database away")

    monkeypatch.setattr(tasks.scheduled, "run", broken)
    with pytest.raises(RuntimeError):
        tasks.run_scheduled.call()
    assert waiting().count() == 1


def test_a_worker_killed_during_a_run_leaves_the_next_run_waiting(database_tasks, monkeypatch):
    """The kill is simulated at its worst moment: in the middle of the job. The next run must
    wait in the queue by then, or nothing would ever run the schedule again."""
    seen = []

    def killed(now=None):
        seen.append(waiting().count())
        raise SystemExit("worker killed")

    monkeypatch.setattr(tasks.scheduled, "run", killed)
    with pytest.raises(SystemExit):
        tasks.run_scheduled.call()
    assert seen == [1]


def test_no_periodic_task_where_the_backend_cannot_defer():
    assert tasks.ensure_scheduled() is None
    assert not waiting().exists()


def test_the_command(database_tasks):
    out = io.StringIO()
    call_command("send_notifications", "--start", stdout=out)
    assert "digests: 0" in out.getvalue()
    assert "periodic task queued" in out.getvalue()
    assert waiting().count() == 1
    at = tasks.next_run(datetime.datetime(2017, 3, 1, 23, 30, tzinfo=datetime.UTC))
    assert (at.day, at.hour, at.minute) == (2, 1, 1)  # 00:30 in Amsterdam: next at 01:01
