"""Background PDF exports (django-tasks): queueing an export, the task a worker runs, and the
sweeper that hands an export whose worker died to another worker.

Start a worker with ``manage.py db_worker``.
"""

import datetime

from django_tasks import task

from leergang import schedule

from . import jobs
from .models import ExportJob

# While exports are unfinished, a worker looks this often for one whose worker died.
SWEEP_EVERY = datetime.timedelta(seconds=30)


@task()
def run_export_job(job_id):
    jobs.run_job(job_id)
    return job_id


@task()
def resume_abandoned_exports():
    """Rerun every export whose worker stopped reporting; the same job, so never two exports.

    While exports are unfinished the next sweep is queued first, so a sweep whose worker is
    killed leaves the next one waiting; once none is unfinished, sweeping stops."""
    _sweep_again_while_unfinished()
    try:
        taken = jobs.abandoned_jobs()
        for job_id in taken:
            run_export_job.enqueue(job_id)
        return taken
    finally:
        _sweep_again_while_unfinished()


def _sweep_again_while_unfinished():
    unfinished = ExportJob.objects.filter(
        status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    )
    if unfinished.exists():
        schedule.ensure_queued(resume_abandoned_exports, SWEEP_EVERY)


def start(job):
    """Queue the job (the database backend's worker picks it up; tests run it at once)."""
    run_export_job.enqueue(job.pk)
    schedule.ensure_queued(resume_abandoned_exports, SWEEP_EVERY)
    return job


def retry(job):
    """A new job with the same input; the failed one stays as it was, for the record."""
    fresh = ExportJob.objects.create(
        owner=job.owner,
        kind=job.kind,
        cohort=job.cohort,
        portfolio=job.portfolio,
        milestone=job.milestone,
        options=job.options,
    )
    return start(fresh)
