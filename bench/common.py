"""Shared set-up for benchmark scripts: Django on a throw-away SQLite database, and a timer."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    """Configure Django with the test settings on a fresh temporary database and migrate it."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leergang.settings.test")
    if not os.environ.get("DATABASE_URL"):
        db = Path(tempfile.mkdtemp(prefix="leergang-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def median_seconds(fn, repeat=15, warmup=2):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def measure_page(url, *, user=None, client=None, repeat=25, warmup=3):
    """Median time of a GET and its query count; the page must answer 200.

    Pass a logged-in ``client``, or a ``user`` to log in, or neither for an anonymous visitor.
    """
    from django.db import connection
    from django.test import Client

    if client is None:
        client = Client()
        if user is not None:
            client.force_login(user)

    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    get()
    queries = []

    def counter(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        get()
    return median_seconds(get, repeat=repeat, warmup=warmup), len(queries)
