"""`make scale`: two of everything on this machine, behind a real load balancer.

The layout of a production site with more than one machine, all on 127.0.0.1 and with the
production settings (``leergang.settings.production``, the environment it documents):

- HAProxy from Debian terminates HTTPS (a certificate made for the run) and balances two app
  servers (gunicorn on two ports; ``X-Forwarded-For`` and ``-Proto`` set, one trusted proxy) with
  a health check every second;
- two task workers (``manage.py db_worker``);
- PostgreSQL (database ``leergang_scale`` on the local server, made anew at every run and dropped
  at the end), Redis (cache and sessions, the local server, database 14, emptied at the start and
  the end), moto's S3 server (every file in two buckets) and an SMTP sink for the e-mails.

Then, through the balancer:

- the mixed load scenario of ``make load`` (bench/locustfile.py) for SCALE_SECONDS (default 150)
  with SCALE_USERS (default 60) users;
- writers: SCALE_WRITERS participants (default 4) save new fieldwork entries all along and note
  every save the site confirmed (the redirect after the POST);
- a trainer starts a cohort export, and the worker that runs it is killed (SIGKILL, with its
  render child) after its first PDF: the other worker must take the same export over and finish
  it (one job, one ZIP, one e-mail to the trainer);
- halfway, app server 1 is killed (SIGKILL): HAProxy's health check takes it out; only the
  requests it had in flight may fail (HAProxy's log says which server answered each request).

It prints the figures and exits non-zero when a confirmed save is missing from the database or
stored twice, when the export did not finish exactly once, or when a request failed that was not
in flight on the killed server. Every process it starts is stopped on exit, whatever happened
(also on Ctrl-C). SCALE_PG is the admin URL of the local PostgreSQL.
"""

import contextlib
import csv
import email
import os
import re
import secrets
import shutil
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import boto3
import psycopg
import redis
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from forms import form_data, forms_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = os.environ.get("SCALE_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = "leergang_scale"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/14"
BALANCER, APP_PORTS, S3_PORT, SMTP_PORT = 8780, (8781, 8782), 8783, 8784
HOST = f"https://127.0.0.1:{BALANCER}"
BUCKETS = ("leergang-scale-media", "leergang-scale-private")
PASSWORD = "leergang-demo"  # noqa: S105 - the demo password
# Their own participants (the scenario's download PDFs: hundreds of new entries would make those
# portfolios "large", exported in the background instead of downloaded).
WRITERS = [f"deelnemer-schrijver{n:02d}@example.org" for n in range(1, 9)]
TRAINER = "trainer@example.org"
# The exported cohort: nobody edits its portfolios during the run. An edit to any portfolio in an
# export deletes that export, also while it runs (portfolio_pdf.derived: copies follow their
# sources), so the scenario's participants, all in "Voorjaar 2017", would void an export of theirs.
EXPORT_COHORT, EXPORT_PARTICIPANTS = "Schaaltest najaar 2017", 16
# The render limit of one PDF in this run; a job whose worker died is taken over this + 30 s after
# its last heartbeat (portfolio_pdf.models.RESUME_AFTER). Production keeps 120 s.
PDF_TIMEOUT = 40
# A request counts as in flight on the killed server when HAProxy accepted it before the kill.
KILL_MARGIN = 0.05
# A client's failure counts as caused by the kill within this window around it (seconds; locust
# reports failures to the second): a request cut off on the dead server, or the next request on a
# kept-alive connection that the balancer closed with the dead server's (no response, nothing in
# the balancer's log). Browsers send such an idempotent request again; requests does not. The
# health check takes the server out within 2 s (inter 1 s, fall 2).
KILL_WINDOW = (-2.0, 4.0)

HAPROXY_CFG = """
global
    maxconn 2000
    log stdout format raw local0
    stats socket {tmp}/haproxy.sock mode 600 level admin
defaults
    mode http
    log global
    option httplog
    # accept time, server, status, termination state, method, path
    log-format "%Ts.%ms %s %ST %tsc %HM %HP"
    timeout connect 2s
    timeout client 90s
    timeout server 90s
    # Longer than any pause of a simulated user (the PDF exporter waits 60 s): a client that
    # reuses a connection the balancer has just closed gets "connection reset", not an answer.
    timeout http-keep-alive 75s
    option http-server-close
    # A connection refused by a dead server is tried again on the other one; a request
    # that reached a server is never sent twice.
    retries 2
    option redispatch 1
frontend site
    bind 127.0.0.1:{balancer} ssl crt {tmp}/site.pem
    option forwardfor
    http-request set-header X-Forwarded-Proto https
    default_backend apps
backend apps
    balance leastconn
    option httpchk
    http-check send meth GET uri /accounts/login/ ver HTTP/1.1 hdr Host 127.0.0.1 hdr X-Forwarded-Proto https
    http-check expect status 200
    timeout check 5s
    default-server inter 1s fall 2 rise 2
    server app1 127.0.0.1:{app1} check
    server app2 127.0.0.1:{app2} check
"""


def environment(tmp):
    """The production settings with the environment they document, for this machine."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leergang.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": HOST,
        "DATABASE_URL": DB_URL,
        "REDIS_URL": REDIS_URL,
        "DJANGO_STORAGE": "s3",
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{S3_PORT}",
        "AWS_STORAGE_BUCKET_NAME": BUCKETS[0],
        "AWS_PRIVATE_BUCKET_NAME": BUCKETS[1],
        "AWS_ACCESS_KEY_ID": "leergang-scale",
        "AWS_SECRET_ACCESS_KEY": "leergang-scale-secret",
        "AWS_S3_REGION_NAME": "us-east-1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(SMTP_PORT),
        "EMAIL_USE_TLS": "false",
        "LEERGANG_TRUSTED_PROXIES": "1",
        "PORTFOLIO_PDF_TIMEOUT": str(PDF_TIMEOUT),
        # The simulated users share one address: the login limits would lock them all out.
        "AXES_ENABLED": "false",
        # Every client of this run (locust, the writers) trusts the run's certificate.
        "REQUESTS_CA_BUNDLE": str(tmp / "site.crt"),
    }


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP to take the site's e-mails; keeps every message."""

    daemon_threads = allow_reuse_address = True

    def __init__(self):
        self.messages = []
        super().__init__(("127.0.0.1", SMTP_PORT), SmtpHandler)


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 leergang-scale")
        rcpt = []
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 leergang-scale")
            elif verb == b"RCPT":
                rcpt.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 go ahead")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data += chunk
                self.server.messages.append((rcpt, email.message_from_bytes(data)))
                rcpt = []
                self.reply("250 OK")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RSET, NOOP
                self.reply("250 OK")


class Stack:
    """The processes of the run, each in its own process group; all stopped on exit."""

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="leergang-scale-"))
        self.env = environment(self.tmp)
        self.procs = {}
        self.killed_at = {}

    def start(self, name, args, env=None):
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        self.procs[name] = subprocess.Popen(
            args, cwd=ROOT, env=env or self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        return self.procs[name]

    def kill(self, name, sig=signal.SIGKILL):
        proc = self.procs[name]
        if sig == signal.SIGKILL:
            self.killed_at[name] = time.time()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        proc.wait(timeout=20)

    def stop(self):
        for name in reversed(list(self.procs)):  # locust and workers first, the S3 server last
            try:
                self.kill(name, signal.SIGTERM)
            except subprocess.TimeoutExpired:
                self.kill(name)
            # What the group leader left behind (gunicorn's workers, a render child).
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.procs[name].pid, signal.SIGKILL)

    def log(self, name):
        return (self.tmp / f"{name}.log").read_text(errors="replace")


def admin_sql(statement):
    with psycopg.connect(PG.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(statement)


def drop_state():
    admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    redis.Redis.from_url(REDIS_URL).flushdb()


def run(env, *args, log=None):
    subprocess.run(
        [str(BIN / "python"), *args], cwd=ROOT, env=env, check=True,
        stdout=log, stderr=subprocess.STDOUT if log else None,
    )  # fmt: skip


def seed_scale():
    """The writers in the demo cohort; a second cohort of the demo trainer, with portfolios for
    the export (dev settings)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from demo.factories.leergang import CohortFactory, EnrolmentFactory, ParticipantFactory
    from demo.factories.portfolio import FieldworkEntryFactory, PortfolioFactory
    from leergang.models import Cohort, User

    demo_cohort = Cohort.objects.get(name="Voorjaar 2017")
    for address in WRITERS:
        PortfolioFactory(
            enrolment=EnrolmentFactory(cohort=demo_cohort, user=ParticipantFactory(email=address))
        )
    cohort = CohortFactory(name=EXPORT_COHORT, trainers=[User.objects.get(email=TRAINER)])
    for n in range(1, EXPORT_PARTICIPANTS + 1):
        user = ParticipantFactory(email=f"deelnemer-export{n:02d}@example.org")
        portfolio = PortfolioFactory(enrolment=EnrolmentFactory(cohort=cohort, user=user))
        for _ in range(3 - portfolio.entries.count()):
            FieldworkEntryFactory(portfolio=portfolio)


def wait_for(url, timeout=90, **kwargs):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2, allow_redirects=False, **kwargs).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not come up")


def ports_free():
    import socket

    for port in (BALANCER, *APP_PORTS, S3_PORT, SMTP_PORT):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                raise SystemExit(f"port {port} is in use: is another `make scale` running?")


def prepare(stack):
    """Database, S3, certificate; the demo content (seeded with the dev settings, which alone
    have the demo app, into the same database and buckets); static files."""
    drop_state()
    admin_sql(f"CREATE DATABASE {DB_NAME}")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(stack.tmp / "site.key"), "-out", str(stack.tmp / "site.crt")],
        check=True, capture_output=True,
    )  # fmt: skip
    (stack.tmp / "site.pem").write_bytes(
        (stack.tmp / "site.crt").read_bytes() + (stack.tmp / "site.key").read_bytes()
    )
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
    run(stack.env, "manage.py", "migrate", "--noinput", "-v0")
    seed = {**stack.env, "DJANGO_SETTINGS_MODULE": "leergang.settings.dev", "DJANGO_DEBUG": "false"}
    with open(stack.tmp / "seed.log", "w") as log:
        run(seed, "manage.py", "seed_demo", "--force", log=log)
        run(seed, str(ROOT / "bench" / "load.py"), "seed", log=log)
        run(seed, str(Path(__file__).resolve()), "seed", log=log)
    run(stack.env, "manage.py", "collectstatic", "--noinput", "-v0")
    return s3


def start_servers(stack):
    for n, port in enumerate(APP_PORTS, 1):
        stack.start(
            f"app{n}",
            [str(BIN / "gunicorn"), "leergang.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "4", "--keep-alive", "75", "--log-level", "warning"],
        )  # fmt: skip
    for port in APP_PORTS:
        wait_for(f"http://127.0.0.1:{port}/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    cfg = stack.tmp / "haproxy.cfg"
    cfg.write_text(
        HAPROXY_CFG.format(tmp=stack.tmp, balancer=BALANCER, app1=APP_PORTS[0], app2=APP_PORTS[1])
    )
    stack.start("haproxy", [shutil.which("haproxy") or "/usr/sbin/haproxy", "-db", "-f", str(cfg)])
    wait_for(HOST + "/accounts/login/", verify=stack.env["REQUESTS_CA_BUNDLE"])
    for n in (1, 2):
        stack.start(
            f"worker{n}",
            [str(BIN / "python"), "manage.py", "db_worker", "--queue-name", "*",
             "--worker-id", f"scale-worker-{n}", "--interval", "0.5"],
        )  # fmt: skip


def session():
    client = requests.Session()
    client.verify = os.environ["REQUESTS_CA_BUNDLE"]
    return client


def csrf_token(client, url, attempts=10):
    """The form's token, reloading like a user would while the balancer drops a dead server."""
    for _ in range(attempts):
        try:
            page = client.get(url, timeout=60)
        except requests.RequestException:
            page = None
        found = page is not None and re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text
        )
        if found:
            return found.group(1)
        time.sleep(1)
    raise SystemExit(f"no form at {url}")


def logged_in(email_address):
    client = session()
    token = csrf_token(client, HOST + "/accounts/login/")
    response = client.post(
        HOST + "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": email_address, "password": PASSWORD},
        headers={"Referer": HOST + "/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        raise SystemExit(f"login of {email_address} failed ({response.status_code})")
    return client


class Writer(threading.Thread):
    """A participant saving new entries; remembers every save the site confirmed."""

    def __init__(self, email_address, stop):
        super().__init__(daemon=True)
        self.email, self.stop = email_address, stop
        self.confirmed, self.failures = [], []

    def run(self):
        client = logged_in(self.email)
        url = HOST + "/portfolio/veldwerk/nieuw/"
        n = 0
        while not self.stop.is_set():
            n += 1
            title = f"Schaaltest {self.email.split('@')[0]} {n}"
            try:
                page = client.get(url, timeout=30)
                form = next(f for f in forms_of(page.text) if "title" in dict(f["fields"]))
                data = [(k, v) for k, v in form_data(form, choose_radios=True) if k != "title"]
                data += [("title", title), ("outcome", "<p>Gesprek bij de moestuin.</p>")]
                response = client.post(
                    url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=30
                )
            except requests.RequestException as exc:
                self.failures.append((time.time(), f"{type(exc).__name__}: {exc}"))
                continue
            except StopIteration:
                self.failures.append((time.time(), f"no form ({page.status_code})"))
                continue
            if response.status_code == 302:
                self.confirmed.append(title)
            else:
                self.failures.append((time.time(), f"POST {response.status_code}"))
            time.sleep(0.5)


class Export:
    """A cohort export; the worker running it is killed after its first PDF."""

    def __init__(self, stack, db):
        self.stack, self.db = stack, db
        self.killed = self.killed_after = None
        self.started = self.finished = None
        self.seen = False

    def start(self):
        trainer = logged_in(TRAINER)
        cohort_id = self.db.execute(
            "SELECT id FROM leergang_cohort WHERE name = %s", (EXPORT_COHORT,)
        ).fetchone()[0]
        url = f"{HOST}/portfolio/pdf/cohort/{cohort_id}/"
        response = trainer.post(
            url,
            data={"csrfmiddlewaretoken": csrf_token(trainer, url), "kind": "portfolios"},
            headers={"Referer": url},
            allow_redirects=False,
            timeout=60,
        )
        if response.status_code != 302:
            raise SystemExit(f"the cohort export did not start ({response.status_code})")
        self.started = time.monotonic()

    def state(self):
        return self.db.execute(
            "SELECT status, done, total, runs, public_id FROM portfolio_pdf_exportjob "
            "WHERE kind = 'cohort_portfolios' ORDER BY id DESC LIMIT 1"
        ).fetchone()

    def step(self):
        """Kill the export's worker once it has made a PDF; True when the export is over."""
        row = self.state()
        if row is None:  # not there yet, or deleted (a source changed: see EXPORT_COHORT)
            if self.seen and self.finished is None:
                self.finished = time.monotonic()
                print("  the export's job was deleted while it ran")
            return self.seen
        self.seen = True
        status, done = row[0], row[1]
        if self.killed is None and status == "running" and done >= 1:
            worker = self.db.execute(
                "SELECT worker_ids FROM django_tasks_database_dbtaskresult "
                "WHERE status = 'RUNNING' AND task_path = 'portfolio_pdf.tasks.run_export_job' "
                "ORDER BY started_at DESC LIMIT 1"
            ).fetchone()
            if worker and worker[0]:
                self.killed = "worker" + worker[0][-1].rsplit("-", 1)[-1]
                self.stack.kill(self.killed)
                self.killed_after = done
                print(f"  killed {self.killed} after PDF {done} of {row[2]} of the cohort export")
        if status in ("done", "failed") and self.finished is None:
            self.finished = time.monotonic()
        return self.finished is not None


def locust(stack, users, seconds):
    prefix = str(stack.tmp / "locust")
    proc = stack.start(
        "locust",
        [str(BIN / "locust"), "-f", str(ROOT / "bench" / "scale_locustfile.py"), "--headless",
         "-u", str(users), "-r", os.environ.get("SCALE_SPAWN_RATE", "5"), "-t", f"{seconds}s",
         "--host", HOST, "--csv", prefix, "--only-summary", "--stop-timeout", "10"],
    )  # fmt: skip
    return proc, prefix


def locust_rows(prefix):
    with open(f"{prefix}_stats.csv") as fh:
        return list(csv.DictReader(fh))


def locust_failure_rows(stack):
    with open(stack.tmp / "locust_failures.csv") as fh:
        return list(csv.DictReader(fh))


def iso_seconds(text):
    """Locust's "2026-12-02T17:39:22Z" as a Unix time."""
    import calendar

    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


def balancer_log(stack):
    """Every request HAProxy answered: (accept time, server, status, termination state, path)."""
    requests_seen = []
    for line in stack.log("haproxy").splitlines():
        parts = line.split()
        if len(parts) >= 6 and re.fullmatch(r"\d+\.\d+", parts[0]):
            accepted, server, status, state = float(parts[0]), parts[1], int(parts[2]), parts[3]
            requests_seen.append((accepted, server, status, state, " ".join(parts[4:6])))
    return requests_seen


def is_error(status, state):
    # A 5xx, or a request cut off on either side (the termination state's first letter).
    return status >= 500 or status <= 0 or state[0] in "SPR"


def signals_exit():
    def leave(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, leave)


def main():
    users = int(os.environ.get("SCALE_USERS", "60"))
    seconds = int(os.environ.get("SCALE_SECONDS", "150"))
    n_writers = int(os.environ.get("SCALE_WRITERS", "4"))
    signals_exit()
    ports_free()
    stack = Stack()
    os.environ["REQUESTS_CA_BUNDLE"] = stack.env["REQUESTS_CA_BUNDLE"]
    smtp = SmtpSink()
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    writers, stop = [], threading.Event()
    began = time.monotonic()
    try:
        s3 = prepare(stack)
        start_servers(stack)
        db = psycopg.connect(DB_URL.replace("postgres://", "postgresql://"), autocommit=True)
        print(f"  stack up after {time.monotonic() - began:.0f} s; logs in {stack.tmp}")
        writers = [Writer(address, stop) for address in WRITERS[:n_writers]]
        for writer in writers:
            writer.start()
        export = Export(stack, db)
        export.start()
        proc, prefix = locust(stack, users, seconds)
        load_began = time.monotonic()
        in_flight_sampled = None
        # The export is taken over PDF_TIMEOUT + 30 s after the kill, plus a sweep (30 s).
        deadline = load_began + seconds + 3 * PDF_TIMEOUT + 120
        while time.monotonic() < deadline:
            if "app1" not in stack.killed_at and time.monotonic() - load_began >= seconds / 2:
                in_flight_sampled = haproxy_current(stack, "app1")
                stack.kill("app1")
                print(f"  killed app server 1 at {time.monotonic() - load_began:.0f} s "
                      f"({in_flight_sampled} requests open on it just before)")  # fmt: skip
            over = export.step()
            if over and proc.poll() is not None:
                break
            time.sleep(0.1)
        if proc.poll() is None:
            raise SystemExit("locust did not end")
        stop.set()
        for writer in writers:
            writer.join(timeout=60)
        load_ended = time.monotonic()
        confirmed = [t for w in writers for t in w.confirmed]
        stored = dict(
            db.execute(
                "SELECT title, count(*) FROM portfolio_fieldworkentry "
                "WHERE title LIKE 'Schaaltest %%' GROUP BY title"
            ).fetchall()
        )
        jobs = db.execute(
            "SELECT status, done, total, runs, result, public_id FROM portfolio_pdf_exportjob "
            "WHERE kind = 'cohort_portfolios'"
        ).fetchall()
        zips = [
            o
            for job in jobs
            for o in s3.list_objects_v2(
                Bucket=BUCKETS[1], Prefix=f"portfolio_pdf/exports/{job[5].hex}/"
            ).get("Contents", [])
        ]
        db.close()
        rows = locust_rows(prefix)
        log = balancer_log(stack)
        loadavg = os.getloadavg()
    finally:
        stop.set()
        stack.stop()
        smtp.shutdown()
        try:
            drop_state()
        except Exception as exc:  # noqa: BLE001 - say so, but do not hide the run's own error
            print(f"could not drop {DB_NAME}: {exc}")
    code = report(
        users=users, seconds=seconds, stack=stack, writers=writers, confirmed=confirmed,
        stored=stored, jobs=jobs, zips=zips, export=export, rows=rows, log=log, smtp=smtp,
        in_flight_sampled=in_flight_sampled, loadavg=loadavg,
        total_seconds=time.monotonic() - began, wait_after=load_ended - load_began - seconds,
    )  # fmt: skip
    if code == 0:
        shutil.rmtree(stack.tmp, ignore_errors=True)
    else:
        print(f"logs of every process: {stack.tmp}")
    return code


def haproxy_current(stack, server):
    """How many requests HAProxy has open on ``server`` (its stats socket)."""
    import socket

    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(stack.tmp / "haproxy.sock"))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
    except OSError:
        return None
    lines = data.decode().splitlines()
    header = lines[0].lstrip("# ").split(",")
    for line in lines[1:]:
        fields = dict(zip(header, line.split(","), strict=False))
        if fields.get("svname") == server:
            return int(fields["scur"] or 0)
    return None


def report(*, users, seconds, stack, writers, confirmed, stored, jobs, zips, export, rows, log,
           smtp, in_flight_sampled, loadavg, total_seconds, wait_after):  # fmt: skip
    killed_at = stack.killed_at["app1"]
    errors = [r for r in log if is_error(r[2], r[3])]
    in_flight = [r for r in errors if r[1] == "app1" and r[0] <= killed_at + KILL_MARGIN]
    other = [r for r in errors if r not in in_flight]
    after_kill = [r for r in log if r[0] > killed_at + KILL_MARGIN]
    to_dead = [r for r in after_kill if r[1] == "app1"]
    total = next(r for r in rows if r["Name"] == "Aggregated")
    locust_failures = int(total["Failure Count"])
    writer_failures = sum(len(w.failures) for w in writers)
    near = lambda at: KILL_WINDOW[0] <= at - killed_at <= KILL_WINDOW[1]  # noqa: E731
    failure_rows = locust_failure_rows(stack)
    client_at_kill = sum(
        int(r["Occurrences"])
        for r in failure_rows
        if near(iso_seconds(r["First Seen"])) and near(iso_seconds(r["Last Seen"]) + 0.999)
    ) + sum(1 for w in writers for at, _ in w.failures if near(at))
    client_elsewhere = locust_failures + writer_failures - client_at_kill

    print(f"\n{users} users for {seconds} s + {len(writers)} writers through HAProxy (HTTPS) to "
          f"2 gunicorns (2 workers x 4 threads each), 2 db_workers, PostgreSQL, Redis, S3 (moto), "
          f"production settings, on {os.cpu_count()} cores; load average at the end "
          f"{loadavg[0]:.2f} {loadavg[1]:.2f} {loadavg[2]:.2f}; whole run {total_seconds:.0f} s")  # fmt: skip
    print(f"\n{'request':<46} {'count':>7} {'fails':>6} {'req/s':>7} {'p50':>8} {'p95':>8}")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{(row['Type'] + ' ' + name)[:46]:<46} {row['Request Count']:>7} "
            f"{row['Failure Count']:>6} {float(row['Requests/s']):>7.1f} "
            f"{row['50%']:>6}ms {row['95%']:>6}ms"
        )
    by_server = {s: sum(1 for r in log if r[1] == s) for s in ("app1", "app2")}
    print(f"\nbalancer: {len(log)} requests (app1 {by_server['app1']}, app2 {by_server['app2']}); "
          f"after the kill {len(to_dead)} went to the dead server; "
          f"{len(in_flight)} failed in flight on app1 at the kill "
          f"({in_flight_sampled} open just before), {len(other)} other failed")  # fmt: skip
    for r in (in_flight + other)[:12]:
        print(f"  {r[0] - killed_at:+.2f} s {r[1]} {r[2]} {r[3]} {r[4]}")
    print(f"clients: locust {locust_failures} failed of {total['Request Count']} "
          f"({float(total['Requests/s']):.1f} req/s); writers {writer_failures} failed")  # fmt: skip
    for at, what in sorted(f for w in writers for f in w.failures)[:12]:
        print(f"  writer {at - killed_at:+.2f} s {what[:200]}")
    for r in failure_rows[:12]:
        print(f"  locust {iso_seconds(r['First Seen']) - killed_at:+.0f} s to "
              f"{iso_seconds(r['Last Seen']) - killed_at:+.0f} s: {r['Occurrences']} x "
              f"{r['Method']} {r['Name']}: {r['Error'][:160]}")  # fmt: skip
    print(f"errors at the kill (from {KILL_WINDOW[0]:+.0f} to {KILL_WINDOW[1]:+.0f} s): "
          f"{client_at_kill} seen by the clients; errors away from it: {client_elsewhere} seen "
          f"by the clients, {len(other)} in the balancer's log")  # fmt: skip

    lost = sorted(set(confirmed) - set(stored))
    twice = sorted(t for t, count in stored.items() if count > 1)
    print(f"saves: {len(confirmed)} confirmed, {len(set(confirmed) & set(stored))} found, "
          f"{len(lost)} lost, {len(twice)} stored twice, {len(stored)} stored in all")  # fmt: skip

    job_ids = {str(j[5]) for j in jobs}
    mails = [
        m for rcpt, m in smtp.messages
        if TRAINER in rcpt and any(i in mail_text(m) for i in job_ids)
    ]  # fmt: skip
    print(f"export: killed {export.killed or 'no worker'} after PDF {export.killed_after}; "
          f"jobs (status, done, total, runs): {[j[:4] for j in jobs]}; "
          f"{len(zips)} ZIP in the bucket; {len(mails)} e-mail to the trainer; finished "
          f"{(export.finished - export.started) if export.finished else float('nan'):.0f} s "
          f"after it started; waited {max(wait_after, 0):.0f} s after the load for it")  # fmt: skip

    problems = []
    if lost:
        problems.append("LOST SAVES: " + ", ".join(lost))
    if twice:
        problems.append("SAVED TWICE: " + ", ".join(twice))
    if other:
        problems.append(
            f"{len(other)} requests failed that were not in flight on the killed server"
        )
    if client_elsewhere:
        problems.append(f"{client_elsewhere} client failures away from the kill")
    if export.killed is None:
        problems.append("the export's worker was not killed (the export ended first)")
    once = (
        len(jobs) == 1 and jobs[0][0] == "done" and jobs[0][1] == jobs[0][2] and len(zips) == 1
        and len(mails) == 1 and (export.killed is None or jobs[0][3] >= 2)
    )  # fmt: skip
    if not once:
        problems.append("THE EXPORT DID NOT FINISH EXACTLY ONCE (taken over by the other worker)")
    for problem in problems:
        print(problem)
    print("OK" if not problems else "FAILED")
    return 0 if not problems else 1


def mail_text(message):
    parts = message.walk() if message.is_multipart() else [message]
    return "".join(
        (p.get_payload(decode=True) or b"").decode(errors="replace")
        for p in parts
        if not p.is_multipart()
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["seed"]:
        seed_scale()
    else:
        sys.exit(main())
