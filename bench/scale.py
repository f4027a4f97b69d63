"""`make scale`: two of everything on this machine, behind a real load balancer.

Starts PostgreSQL's database ``leergang_scale`` (the local server), Redis (cache and sessions, the
local server, database 14), moto's S3 server (every file in buckets), two app servers (gunicorn on
two ports) behind HAProxy from Debian, and two task workers. Then, through the balancer:

- the mixed load scenario of ``make load`` (locust) for SCALE_SECONDS (default 120) with
  SCALE_USERS (default 60) users;
- writers: SCALE_WRITERS participants (default 4) save new fieldwork entries all along and note
  every save the site confirmed (a redirect after the POST);
- halfway, one app server is killed (SIGKILL): HAProxy's health check takes it out; only
  requests in flight may fail;
- a trainer starts a cohort export, and the worker that runs it is killed after its first PDF:
  the other worker must finish that same export (no export made twice).

It prints the figures and exits non-zero when a confirmed save is missing from the database, the
export does not finish exactly once, or the load run had errors beyond the requests in flight.
Only 127.0.0.1 is used. SCALE_PG is the admin URL of the local PostgreSQL.
"""

import csv
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

import boto3
import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from forms import form_data, forms_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = os.environ.get("SCALE_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = "leergang_scale"
BALANCER, APP_PORTS, S3_PORT = 8780, (8781, 8782), 8783
HOST = f"http://127.0.0.1:{BALANCER}"
BUCKETS = ("leergang-scale-media", "leergang-scale-private")
PASSWORD = "leergang-demo"  # noqa: S105 - the demo password
WRITERS = [f"deelnemer-last{n:02d}@example.org" for n in range(1, 21)]

HAPROXY_CFG = """
global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 90s
    timeout server 90s
    timeout http-keep-alive 10s
    option http-server-close
    retries 2
    option redispatch
frontend site
    bind 127.0.0.1:{balancer}
    default_backend apps
backend apps
    balance leastconn
    option httpchk GET /accounts/login/
    http-check expect status 200
    timeout check 5s
    default-server inter 1s fall 3 rise 2
    server app1 127.0.0.1:{app1} check
    server app2 127.0.0.1:{app2} check
"""


def environment():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leergang.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "DJANGO_STORAGE": "s3",
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{S3_PORT}",
        "AWS_STORAGE_BUCKET_NAME": BUCKETS[0],
        "AWS_PRIVATE_BUCKET_NAME": BUCKETS[1],
        "AWS_ACCESS_KEY_ID": "leergang-scale",
        "AWS_SECRET_ACCESS_KEY": "leergang-scale-secret",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AXES_ENABLED": "false",
        "LEERGANG_TRUSTED_PROXIES": "1",
    }


class Stack:
    """The processes of the run; everything is stopped on exit, whatever happened."""

    def __init__(self, env):
        self.env = env
        self.procs = {}
        self.tmp = Path(tempfile.mkdtemp(prefix="leergang-scale-"))

    def start(self, name, args, **kwargs):
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        self.procs[name] = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, **kwargs,
        )  # fmt: skip
        return self.procs[name]

    def kill(self, name, sig=signal.SIGKILL):
        proc = self.procs[name]
        if proc.poll() is None:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=30)

    def stop(self):
        for name in reversed(list(self.procs)):  # locust and workers first, the S3 server last
            try:
                self.kill(name, signal.SIGTERM)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                self.kill(name)


def manage(env, *args):
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_for(url, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not come up")


def prepare(stack):
    with psycopg.connect(PG.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    stack.start("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(S3_PORT)])
    wait_for(f"http://127.0.0.1:{S3_PORT}/moto-api/")
    s3 = boto3.client(
        "s3",
        endpoint_url=stack.env["AWS_S3_ENDPOINT_URL"],
        aws_access_key_id=stack.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=stack.env["AWS_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    for bucket in BUCKETS:
        s3.create_bucket(Bucket=bucket)
    manage(stack.env, "migrate", "--noinput", "-v0")
    manage(stack.env, "seed_demo", "--force")
    subprocess.run(
        [str(BIN / "python"), str(ROOT / "bench" / "load.py"), "seed"],
        cwd=ROOT, env=stack.env, check=True,
    )  # fmt: skip
    manage(stack.env, "collectstatic", "--noinput", "-v0")
    return s3


def start_servers(stack):
    for n, port in enumerate(APP_PORTS, 1):
        stack.start(
            f"app{n}",
            [str(BIN / "gunicorn"), "leergang.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "4", "--keep-alive", "75", "--log-level", "warning"],
        )  # fmt: skip
    for port in APP_PORTS:
        wait_for(f"http://127.0.0.1:{port}/accounts/login/")
    cfg = stack.tmp / "haproxy.cfg"
    cfg.write_text(HAPROXY_CFG.format(balancer=BALANCER, app1=APP_PORTS[0], app2=APP_PORTS[1]))
    stack.start("haproxy", ["haproxy", "-db", "-f", str(cfg)])
    wait_for(HOST + "/accounts/login/")
    for n in (1, 2):
        stack.start(
            f"worker{n}",
            [str(BIN / "python"), "manage.py", "db_worker", "--queue-name", "*",
             "--worker-id", f"scale-worker-{n}", "--interval", "0.5"],
        )  # fmt: skip


def csrf_token(session, url, attempts=10):
    """The form's token, reloading like a user would while the balancer drops a dead server."""
    for _ in range(attempts):
        try:
            page = session.get(url, timeout=60)
        except requests.RequestException:
            page = None
        found = page is not None and re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text
        )
        if found:
            return found.group(1)
        time.sleep(1)
    raise SystemExit(f"no form at {url}")


def logged_in(email):
    session = requests.Session()
    token = csrf_token(session, HOST + "/accounts/login/")
    response = session.post(
        HOST + "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD},
        headers={"Referer": HOST + "/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        raise SystemExit(f"login of {email} failed ({response.status_code})")
    return session


class Writer(threading.Thread):
    """A participant saving new entries; remembers every save the site confirmed."""

    def __init__(self, email, stop):
        super().__init__(daemon=True)
        self.email, self.stop = email, stop
        self.confirmed, self.failed = [], 0

    def run(self):
        session = logged_in(self.email)
        url = HOST + "/portfolio/veldwerk/nieuw/"
        n = 0
        while not self.stop.is_set():
            n += 1
            title = f"Schaaltest {self.email.split('@')[0]} {n}"
            try:
                page = session.get(url, timeout=30)
                form = next(f for f in forms_of(page.text) if "title" in dict(f["fields"]))
                data = [(k, v) for k, v in form_data(form, choose_radios=True) if k != "title"]
                data += [("title", title), ("outcome", "<p>Gesprek bij de moestuin.</p>")]
                response = session.post(
                    url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=30
                )
            except (requests.RequestException, StopIteration):
                self.failed += 1
                continue
            if response.status_code == 302:
                self.confirmed.append(title)
            else:
                self.failed += 1
            time.sleep(0.5)


def export_with_a_killed_worker(stack, db):
    """Start a cohort export; kill the worker running it after its first PDF; wait for the end."""
    trainer = logged_in("trainer@example.org")
    cohort_id = db.execute(
        "SELECT id FROM leergang_cohort WHERE name = 'Voorjaar 2017'"
    ).fetchone()[0]
    url = f"{HOST}/portfolio/pdf/cohort/{cohort_id}/"
    token = csrf_token(trainer, url)
    trainer.post(
        url,
        data={"csrfmiddlewaretoken": token, "kind": "portfolios"},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=60,
    )
    killed, deadline = None, time.monotonic() + 600
    while time.monotonic() < deadline:
        row = db.execute(
            "SELECT status, done, total FROM portfolio_pdf_exportjob ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row and killed is None and row[1] >= 1:
            worker = db.execute(
                "SELECT worker_ids FROM django_tasks_database_dbtaskresult "
                "WHERE status = 'RUNNING' AND task_path LIKE %s ORDER BY started_at DESC LIMIT 1",
                ("%portfolio_pdf%",),
            ).fetchone()
            if worker and worker[0]:
                killed = "worker" + worker[0][-1].rsplit("-", 1)[-1]
                stack.kill(killed)
                print(f"  killed {killed} after PDF {row[1]} of {row[2]}")
        if row and row[0] in ("done", "failed"):
            break
        time.sleep(0.5)
    jobs = db.execute("SELECT status, done, total FROM portfolio_pdf_exportjob").fetchall()
    return killed, jobs


def locust(stack, users, seconds):
    prefix = str(stack.tmp / "locust")
    proc = stack.start(
        "locust",
        [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
         "-u", str(users), "-r", "5", "-t", f"{seconds}s", "--host", HOST, "--csv", prefix,
         "--only-summary", "--stop-timeout", "10"],
    )  # fmt: skip
    return proc, prefix


def load_figures(prefix):
    with open(f"{prefix}_stats.csv") as fh:
        rows = {r["Name"]: r for r in csv.DictReader(fh)}
    total = rows["Aggregated"]
    pages = [r for name, r in rows.items() if name.startswith("page: ")]
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "page_p95": max((float(r["95%"] or 0) for r in pages), default=0),
        "page_median": max((float(r["50%"] or 0) for r in pages), default=0),
    }


def main():
    users = int(os.environ.get("SCALE_USERS", "60"))
    seconds = int(os.environ.get("SCALE_SECONDS", "120"))
    stack = Stack(environment())
    try:
        s3 = prepare(stack)
        start_servers(stack)
        db = psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}", autocommit=True)
        stop = threading.Event()
        writers = [
            Writer(email, stop) for email in WRITERS[: int(os.environ.get("SCALE_WRITERS", "4"))]
        ]
        for writer in writers:
            writer.start()
        proc, prefix = locust(stack, users, seconds)
        time.sleep(seconds / 2)
        stack.kill("app1")
        print(f"  killed app server 1 at {seconds // 2} s")
        killed, jobs = export_with_a_killed_worker(stack, db)
        proc.wait(timeout=seconds + 180)
        stop.set()
        for writer in writers:
            writer.join(timeout=60)
        confirmed = [t for w in writers for t in w.confirmed]
        stored = {
            r[0]
            for r in db.execute(
                "SELECT title FROM portfolio_fieldworkentry WHERE title LIKE 'Schaaltest %%'"
            )
        }
        lost = sorted(set(confirmed) - stored)
        twice = len(confirmed) - len(set(confirmed))
        figures = load_figures(prefix)
        objects = sum(s3.list_objects_v2(Bucket=b).get("KeyCount", 0) for b in BUCKETS)
    finally:
        stack.stop()
    print(f"\n{users} users for {seconds} s through HAProxy to 2 gunicorns (2 x 4 threads each), "
          f"2 workers, PostgreSQL, Redis, S3 (moto) on {os.cpu_count()} cores; load at the end "
          f"{os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"load: {figures['requests']} requests, {figures['failures']} failed (app server 1 "
          f"killed halfway), {figures['rps']:.1f} req/s, worst page median "
          f"{figures['page_median']:.0f} ms, worst page p95 {figures['page_p95']:.0f} ms")  # fmt: skip
    print(f"saves: {len(confirmed)} confirmed, {len(lost)} lost, {twice} duplicated, "
          f"{sum(w.failed for w in writers)} refused or cut off in flight")  # fmt: skip
    print(f"export: killed {killed or 'no worker (the export finished first)'}; jobs {jobs}")
    print(f"objects in the buckets: {objects}")
    ok = not lost and len(jobs) == 1 and jobs[0][0] == "done" and jobs[0][1] == jobs[0][2]
    if lost:
        print("LOST SAVES: " + ", ".join(lost))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
