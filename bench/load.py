"""`make load`: gunicorn + PostgreSQL on this machine, locust headless for a bounded time.

Prints requests per second, median and 95th percentile latency per kind of request, and errors.
Only 127.0.0.1 is ever targeted. LOAD_USERS (50), LOAD_SECONDS (300), LOAD_SPAWN_RATE (1 user a second),
LOAD_WORKERS (gunicorn workers, default 2 per core), LOAD_THREADS (threads per worker, 4) and
LOAD_PG (admin URL of the local PostgreSQL) tune it.

Before the run the demo is seeded and 20 more participants are enrolled in the demo cohort, each
with a small portfolio (``python bench/load.py seed`` does only that step, inside the settings).
The exit status is 1 when a request failed or page views miss the target (p95 < 500 ms).
"""

import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("LOAD_PORT", "8765"))
HOST = f"http://127.0.0.1:{PORT}"
PG = os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = "leergang_load"
EXTRA_PARTICIPANTS = 20
PAGE_P95_TARGET_MS = 500


def seed_extra_participants():
    """Enrol deelnemer-last01..20@example.org in the demo cohort, each with three entries."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
    from demo.factories.portfolio import FieldworkEntryFactory, PortfolioFactory
    from leergang.models import Cohort

    cohort = Cohort.objects.get(name="Voorjaar 2017")
    for n in range(1, EXTRA_PARTICIPANTS + 1):
        user = ParticipantFactory(email=f"deelnemer-last{n:02d}@example.org")
        portfolio = PortfolioFactory(enrolment=EnrolmentFactory(cohort=cohort, user=user))
        for _ in range(3 - portfolio.entries.count()):
            FieldworkEntryFactory(portfolio=portfolio)
    print(f"  {EXTRA_PARTICIPANTS} extra participants with portfolios in {cohort}")


def run(*args, env):
    subprocess.run(args, cwd=ROOT, env=env, check=True)


def recreate_database():
    import psycopg

    with psycopg.connect(PG.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def wait_until_up(timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(HOST + "/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not come up")


def report(prefix):
    """Print the table; return True when nothing failed and page views meet the p95 target."""
    with open(f"{prefix}_stats.csv") as fh:
        rows = list(csv.DictReader(fh))
    print(f"\n{'request':<46} {'count':>7} {'fails':>6} {'req/s':>7} {'median':>8} {'p95':>8}")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{(row['Type'] + ' ' + name)[:46]:<46} {row['Request Count']:>7} "
            f"{row['Failure Count']:>6} {float(row['Requests/s']):>7.1f} "
            f"{row['50%']:>6}ms {row['95%']:>6}ms"
        )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(
        f"\nerrors: {total['Failure Count']} of {total['Request Count']} requests; "
        f"{float(total['Requests/s']):.1f} requests per second overall"
    )
    pages = [r for r in rows if r["Name"].startswith("page: ")]
    slow = [r["Name"] for r in pages if float(r["95%"] or 0) >= PAGE_P95_TARGET_MS]
    print(
        f"page views: {sum(int(r['Request Count']) for r in pages)} requests, "
        f"worst p95 {max((float(r['95%'] or 0) for r in pages), default=0):.0f} ms "
        f"(target < {PAGE_P95_TARGET_MS} ms){'; too slow: ' + ', '.join(slow) if slow else ''}"
    )
    return int(total["Failure Count"]) == 0 and not slow


def main():
    users = os.environ.get("LOAD_USERS", "50")
    seconds = os.environ.get("LOAD_SECONDS", "300")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leergang.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "DJANGO_MEDIA_ROOT": tempfile.mkdtemp(prefix="load-media-"),
        "DJANGO_PRIVATE_MEDIA_ROOT": tempfile.mkdtemp(prefix="load-private-"),
        "AXES_ENABLED": "false",
        # Anonymous public pages from the cache, as in production (leergang/pagecache.py).
        "LEERGANG_PAGE_CACHE_SECONDS": os.environ.get("LEERGANG_PAGE_CACHE_SECONDS", "300"),
    }
    recreate_database()
    python = str(BIN / "python")
    run(python, "manage.py", "migrate", "--noinput", "-v0", env=env)
    run(python, "manage.py", "seed_demo", "--force", env=env)
    run(python, str(Path(__file__).resolve()), "seed", env=env)
    run(python, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "leergang.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            os.environ.get("LOAD_WORKERS", str(2 * (os.cpu_count() or 1))),
            "--threads",
            os.environ.get("LOAD_THREADS", "4"),
            # Longer than any pause of a simulated user (the PDF exporter waits 60 s): with
            # gunicorn's default of 2 s, a client reusing a connection the server just closed
            # gets "connection reset" (a reverse proxy in production hides this).
            "--keep-alive",
            "75",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up()
        prefix = str(Path(tempfile.mkdtemp(prefix="load-")) / "locust")
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                users,
                "-r",
                os.environ.get("LOAD_SPAWN_RATE", "1"),
                "-t",
                f"{seconds}s",
                "--host",
                HOST,
                "--csv",
                prefix,
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env=env,
            check=False,
            timeout=int(seconds) + 120,
        )
        print(
            f"\n{users} users for {seconds} s against gunicorn + PostgreSQL on 127.0.0.1 "
            f"({os.cpu_count()} cores)"
        )
        print(f"machine load (uptime) at the end: {os.getloadavg()}")
        ok = report(prefix)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["seed"]:
        seed_extra_participants()
    else:
        sys.exit(main())
