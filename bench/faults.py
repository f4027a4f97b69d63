"""`make faults`: PostgreSQL restarts while participants are saving entries.

Starts gunicorn (production-like settings, as bench/load.py) on 127.0.0.1 against a fresh
PostgreSQL database, lets FAULT_WRITERS participants save new fieldwork entries as fast as the
site allows, restarts the PostgreSQL cluster in the middle, and keeps writing. Then it checks:

- every entry whose save was confirmed (the redirect after POST) is in the database: no saved
  entry is lost;
- the site recovers by itself, without restarting gunicorn (Django's connection health checks
  drop the dead persistent connections), and how long that took.

Requests that fail while PostgreSQL is down are counted and shown: the participant sees an
error page for those, and nothing was claimed saved. Exit status 1 when an entry was lost or the
site did not recover within FAULT_RECOVERY_LIMIT seconds (30).

This restarts the machine's PostgreSQL: do not run it while other tests use that server.
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import load  # bench/load.py: database, seeding and server helpers

ROOT = load.ROOT
BIN = load.BIN
PORT = int(os.environ.get("FAULT_PORT", "8766"))
HOST = f"http://127.0.0.1:{PORT}"
DB_NAME = "leergang_faults"
WRITERS = int(os.environ.get("FAULT_WRITERS", "8"))
BEFORE, AFTER = 8, 15  # seconds of writing before and after the restart
RECOVERY_LIMIT = float(os.environ.get("FAULT_RECOVERY_LIMIT", "30"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DATE = re.compile(r'name="date" value="([^"]+)"')


def pg_restart():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )


class Writer(threading.Thread):
    def __init__(self, email, stop):
        super().__init__(daemon=True)
        import requests

        self.session = requests.Session()
        self.email = email
        self.stop = stop
        self.confirmed = []  # titles whose save the site confirmed
        self.failed = 0  # requests that got an error or no answer
        self.timeline = []  # (monotonic time, ok)

    def login(self):
        page = self.session.get(f"{HOST}/accounts/login/", timeout=10)
        response = self.session.post(
            f"{HOST}/accounts/login/",
            data={
                "username": self.email,
                "password": "leergang-demo",
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
            },
            headers={"Referer": page.url},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, f"login {self.email}: {response.status_code}"

    def save_one(self, n):
        url = f"{HOST}/portfolio/veldwerk/nieuw/"
        page = self.session.get(url, timeout=10)
        if page.status_code != 200:
            return False
        title = f"Storingstest {self.email.split('@')[0]} {n}"
        response = self.session.post(
            url,
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "title": title,
                "date": DATE.search(page.text).group(1),
                "setting": "street",
                "involved": "bewoner A",
                "reflection": f"<p>Opgeslagen tijdens de storingstest, nummer {n}.</p>",
            },
            headers={"Referer": url},
            allow_redirects=False,
            timeout=10,
        )
        if response.status_code == 302:
            self.confirmed.append(title)
            return True
        return False

    def run(self):
        self.login()
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                ok = self.save_one(n)
            except Exception:  # noqa: BLE001 - connection refused/reset while PG is down
                ok = False
            if not ok:
                self.failed += 1
                time.sleep(0.2)
            self.timeline.append((time.monotonic(), ok))


def saved_titles():
    import psycopg

    url = f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}"
    for _attempt in range(30):
        try:
            with psycopg.connect(url) as conn:
                rows = conn.execute(
                    "SELECT title FROM portfolio_fieldworkentry WHERE title LIKE 'Storingstest %%'"
                ).fetchall()
                return {r[0] for r in rows}
        except psycopg.OperationalError:
            time.sleep(1)
    raise SystemExit("PostgreSQL did not come back")


def main():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leergang.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "DJANGO_MEDIA_ROOT": tempfile.mkdtemp(prefix="faults-media-"),
        "DJANGO_PRIVATE_MEDIA_ROOT": tempfile.mkdtemp(prefix="faults-private-"),
        "AXES_ENABLED": "false",
    }
    load.DB_NAME = DB_NAME
    load.recreate_database()
    python = str(BIN / "python")
    load.run(python, "manage.py", "migrate", "--noinput", "-v0", env=env)
    load.run(python, "manage.py", "seed_demo", "--force", env=env)
    load.run(python, str(ROOT / "bench" / "load.py"), "seed", env=env)
    load.run(python, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "leergang.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        load.HOST = HOST
        load.wait_until_up()
        stop = threading.Event()
        emails = ["deelnemer@example.org", "deelnemer2@example.org"] + [
            f"deelnemer-last{n:02d}@example.org" for n in range(1, WRITERS - 1)
        ]
        writers = [Writer(email, stop) for email in emails[:WRITERS]]
        for w in writers:
            w.start()
        time.sleep(BEFORE)
        print(f"  restarting PostgreSQL under {len(writers)} writers ...", flush=True)
        restart_at = time.monotonic()
        pg_restart()
        restarted_at = time.monotonic()
        time.sleep(AFTER)
        stop.set()
        for w in writers:
            w.join(timeout=30)
        # Health after the restart, with the same gunicorn processes.
        statuses = []
        for _ in range(20):
            with urllib.request.urlopen(HOST + "/", timeout=10) as response:  # noqa: S310
                statuses.append(response.status)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    confirmed = [t for w in writers for t in w.confirmed]
    in_db = saved_titles()
    lost = sorted(set(confirmed) - in_db)
    failed = sum(w.failed for w in writers)
    events = sorted(e for w in writers for e in w.timeline)
    first_ok_after = next((t for t, ok in events if ok and t > restarted_at), None)
    last_fail = max((t for t, ok in events if not ok), default=None)
    recovery = (first_ok_after - restart_at) if first_ok_after else float("inf")
    print(f"\nPostgreSQL restart under load ({len(writers)} participants saving entries)")
    print(f"  restart took {restarted_at - restart_at:.1f} s (pg_ctlcluster restart)")
    print(
        f"  saves confirmed: {len(confirmed)}; found in the database: {len(set(confirmed) & in_db)}"
    )
    print(f"  saved entries lost: {len(lost)}{' ' + str(lost[:5]) if lost else ''}")
    print(f"  requests that failed during the outage: {failed}")
    if last_fail is not None:
        print(f"  last failed request {last_fail - restart_at:.1f} s after the restart began")
    print(f"  first confirmed save {recovery:.1f} s after the restart began")
    print(f"  after the restart, 20 home page requests: {statuses.count(200)} x 200")
    ok = not lost and recovery <= RECOVERY_LIMIT and statuses.count(200) == 20
    print("  result: " + ("OK, recovered by itself" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
