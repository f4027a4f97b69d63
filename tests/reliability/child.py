"""What a real child process (a killed worker, an interrupted erasure) needs to share the
test's database and files."""

import os
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def child_env():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leergang.settings.test",
        "DATABASE_URL": database_url(),
        "LEERGANG_TEST_MEDIA_DIR": str(Path(settings.PRIVATE_MEDIA_ROOT).parent),
    }


# A worker that runs one export job and then sleeps after its first PDF: long enough to be
# killed (SIGKILL) part-way by the test that started it.
SLOW_EXPORT_WORKER = """
import sys, time, django
django.setup()
from portfolio_pdf import jobs, pdf
real = pdf.get_or_render
def slow(*args, **kwargs):
    result = real(*args, **kwargs)
    time.sleep(30)  # long enough to be killed after the first PDF
    return result
pdf.get_or_render = slow
jobs.run_job(int(sys.argv[1]))
"""
