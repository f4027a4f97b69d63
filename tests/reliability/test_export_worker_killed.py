"""A worker killed (SIGKILL) in the middle of a cohort export.

A real child process runs the export job against the test database and is killed after the
first PDF. The job is then left "running" part-way. Once its heartbeat is older than
``STALE_AFTER`` the status page and its JSON say it failed (finished, with a message), never a
progress bar stuck part-way, and "try again" starts a fresh job that completes.
"""

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolio_pdf.models import STALE_AFTER, ExportJob

from .child import ROOT, SLOW_EXPORT_WORKER, database_url

pytestmark = pytest.mark.django_db(transaction=True)


def test_killed_worker_leaves_a_clearly_failed_job_that_can_be_retried(client, trainer, cohort_job):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leergang.settings.test",
        "DATABASE_URL": database_url(),
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", SLOW_EXPORT_WORKER, str(cohort_job.pk)], cwd=ROOT, env=env
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            cohort_job.refresh_from_db()
            if cohort_job.done >= 1 or worker.poll() is not None:
                break
            time.sleep(0.1)
        assert worker.poll() is None, "the worker ended before it could be killed"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    cohort_job.refresh_from_db()
    assert cohort_job.status == ExportJob.Status.RUNNING
    assert 1 <= cohort_job.done < cohort_job.total == 3

    client.force_login(trainer)
    status_url = reverse("portfolio_pdf:job_status", args=[cohort_job.public_id])
    fresh = client.get(status_url).json()
    assert fresh["status"] == "running" and not fresh["finished"]  # honest while it may live

    # Time passes without a heartbeat: the dead worker is recognised.
    ExportJob.objects.filter(pk=cohort_job.pk).update(
        updated_at=timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1)
    )
    stale = client.get(status_url).json()
    assert stale["status"] == "failed"
    assert stale["finished"] is True
    assert "gestopt" in stale["message"] or "stopped" in stale["message"]
    assert stale["download_url"] is None
    page = client.get(reverse("portfolio_pdf:job", args=[cohort_job.public_id]))
    assert page.status_code == 200
    assert "Mislukt" in page.content.decode()

    # Try again: a new job runs to the end (the test settings run tasks at once).
    response = client.post(reverse("portfolio_pdf:job_retry", args=[cohort_job.public_id]))
    assert response.status_code == 302
    retried = ExportJob.objects.exclude(pk=cohort_job.pk).get()
    assert retried.status == ExportJob.Status.DONE and retried.done == retried.total == 3
    cohort_job.refresh_from_db()
    assert cohort_job.status == ExportJob.Status.FAILED  # kept as it was, for the record
