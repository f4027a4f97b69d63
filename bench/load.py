"""`make load`: gunicorn + PostgreSQL on this machine, locust headless for a bounded time.

Prints requests per second, median and 95th percentile latency per kind of request, and errors.
Only 127.0.0.1 is ever targeted. LOAD_USERS (50), LOAD_SECONDS (300), LOAD_SPAWN_RATE (5),
LOAD_WORKERS (gunicorn workers, 4) and LOAD_PG (admin URL of the local PostgreSQL) tune it.
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
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))  # noqa: SIM115
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
    }
    recreate_database()
    python = str(BIN / "python")
    run(python, "manage.py", "migrate", "--noinput", "-v0", env=env)
    run(python, "manage.py", "seed_demo", "--force", env=env)
    run(python, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "leergang.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            os.environ.get("LOAD_WORKERS", "4"),
            "--threads",
            "2",
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
                os.environ.get("LOAD_SPAWN_RATE", "5"),
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
        print(f"\n{users} users for {seconds} s against gunicorn + PostgreSQL on 127.0.0.1")
        report(prefix)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
