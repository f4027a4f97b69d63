"""Background PDF exports (django-tasks). Start a worker with ``manage.py db_worker``."""

from django_tasks import task


@task()
def run_export_job(job_id):
    from .jobs import run_job

    run_job(job_id)
    return job_id
