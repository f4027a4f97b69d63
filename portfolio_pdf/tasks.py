"""Background PDF exports (django-tasks): queueing an export, and the task a worker runs.

Start a worker with ``manage.py db_worker``.
"""

from django_tasks import task

from . import jobs
from .models import ExportJob


@task()
def run_export_job(job_id):
    jobs.run_job(job_id)
    return job_id


def start(job):
    """Queue the job (the database backend's worker picks it up; tests run it at once)."""
    run_export_job.enqueue(job.pk)
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
