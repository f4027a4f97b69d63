"""An export whose worker died is finished by another worker: the same job, never twice.

A real child process runs a cohort export and is killed (SIGKILL) after the first PDF. Once the
job has not reported for ``RESUME_AFTER``, the sweeper of any other worker claims it and runs it
again under a fresh token; a run that lost its token (a worker that was only slow) stops at its
next heartbeat instead of writing a second ZIP.
"""

import datetime
import io
import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest
from django.utils import timezone

from portfolio_pdf import jobs, tasks
from portfolio_pdf.models import MAX_RUNS, RESUME_AFTER, ExportJob

from .child import ROOT, SLOW_EXPORT_WORKER, child_env

pytestmark = pytest.mark.django_db(transaction=True)


def kill_after_first_pdf(job):
    worker = subprocess.Popen(
        [sys.executable, "-c", SLOW_EXPORT_WORKER, str(job.pk)], cwd=ROOT, env=child_env()
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and worker.poll() is None:
            job.refresh_from_db()
            if job.done >= 1:
                break
            time.sleep(0.1)
        assert worker.poll() is None, "the worker ended before it could be killed"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def silent_for(job, delta):
    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - delta)


def test_another_worker_finishes_the_export_of_a_killed_one(cohort_job):
    kill_after_first_pdf(cohort_job)
    cohort_job.refresh_from_db()
    dead_token = cohort_job.run_token
    assert cohort_job.status == ExportJob.Status.RUNNING and cohort_job.done < 3

    # Not yet: a worker rendering one long PDF is not taken to be dead.
    silent_for(cohort_job, RESUME_AFTER - datetime.timedelta(seconds=20))
    assert tasks.resume_abandoned_exports.call() == []

    silent_for(cohort_job, RESUME_AFTER + datetime.timedelta(seconds=1))
    # The test settings run the rerun at once, as the other worker would.
    assert tasks.resume_abandoned_exports.call() == [cohort_job.pk]
    cohort_job.refresh_from_db()
    assert cohort_job.status == ExportJob.Status.DONE
    assert cohort_job.done == cohort_job.total == 3
    assert cohort_job.run_token != dead_token and cohort_job.runs == 2
    with cohort_job.result.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert len(names) == 3
    assert ExportJob.objects.count() == 1  # the same export, not a second one
    # Done is done: a later sweep finds nothing.
    silent_for(cohort_job, RESUME_AFTER * 2)
    assert tasks.resume_abandoned_exports.call() == []


def test_two_sweepers_claim_an_abandoned_job_once(cohort_job):
    ExportJob.objects.filter(pk=cohort_job.pk).update(status=ExportJob.Status.RUNNING, runs=1)
    silent_for(cohort_job, RESUME_AFTER + datetime.timedelta(seconds=1))
    first, second = jobs.abandoned_jobs(), jobs.abandoned_jobs()
    assert first == [cohort_job.pk] and second == []


def test_a_run_that_was_taken_over_stops_at_its_next_heartbeat(cohort_job):
    slow = ExportJob.objects.get(pk=cohort_job.pk)
    assert slow.claim()
    assert slow.heartbeat(done=1)
    other = ExportJob.objects.get(pk=cohort_job.pk)
    assert other.claim()
    assert not slow.heartbeat(done=2), "the slow run must learn it lost the job"
    assert other.heartbeat(done=2)


def test_a_job_that_keeps_dying_ends_as_failed(cohort_job):
    ExportJob.objects.filter(pk=cohort_job.pk).update(
        status=ExportJob.Status.RUNNING, runs=MAX_RUNS
    )
    silent_for(cohort_job, datetime.timedelta(hours=1))
    assert jobs.abandoned_jobs() == []
    cohort_job.refresh_from_db()
    assert cohort_job.effective_status == ExportJob.Status.FAILED
