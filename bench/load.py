"""`make load`: gunicorn with production settings + PostgreSQL + Redis on this machine; three figures.

1. The mixed scenario (bench/locustfile.py: visitors, participants, trainers, a PDF exporter) for
   LOAD_SECONDS with LOAD_USERS users: page p95 < 500 ms and no failed request.
2. A storm of 40 logins in 5 seconds (40 different participants, one client address): login
   p95 < 1 s and no error; the dashboard p95 right after the login is printed beside it.
3. On a freshly started server, 5 participants download their portfolio PDF at the same moment
   while 50 users browse: every PDF arrives (200, a PDF) and the browsers' page p95 rises by less
   than 50 % against the same browsers just before (bench/load_bursts.py).

Each figure is printed with its target and PASS or FAIL; the exit status is 1 when one fails.
The target run is ``LOAD_USERS=300 LOAD_SECONDS=300 make load`` (the defaults); while developing,
e.g. ``LOAD_USERS=40 LOAD_SECONDS=60 make load``.

The server runs as production does (leergang.settings.production with the environment that file
documents): behind a TLS-terminating proxy that this script plays (bench/proxyclient.py: every
simulated user its own X-Forwarded-For address, LEERGANG_TRUSTED_PROXIES=1), axes and the login
rate limits on, the cache, the sessions and the rate-limit counters in Redis (shared by the
workers; LOAD_REDIS, default redis://127.0.0.1:6379/13, a fresh key prefix per run), anonymous
pages from the cache. gunicorn: LOAD_WORKERS (default 2 per core) x LOAD_THREADS (4), and
LOAD_KEEPALIVE (default 0): with kept-alive connections each simulated user stays on the worker
that accepted it, so one worker can sit at a full core while another idles; closing after each
response (as the production proxy's http-server-close does) lets every request go to a free
worker. The requests each worker served are printed. The task worker is not started (make scale
runs two); LOAD_PG is the admin URL of the local PostgreSQL.

Before the run the demo is seeded (with the dev settings, which hold the demo app) and 40 more
participants are enrolled in the demo cohort, each with a small portfolio (``python bench/load.py
seed`` does only that step, inside the settings). Only 127.0.0.1 is ever targeted.
"""

import csv
import os
import secrets
import signal
import socket
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
EXTRA_PARTICIPANTS = 40
PAGE_P95_TARGET_MS = 500
LOGIN_P95_TARGET_S = 1.0
PDF_RISE_LIMIT = 0.5
STORM = [f"deelnemer-last{n:02d}@example.org" for n in range(1, 41)]
# The PDF burst: five participants the mixed scenario does not use, and fifty browsers (thirty
# anonymous visitors, twenty participants).
PDF_PARTICIPANTS = [f"deelnemer-last{n:02d}@example.org" for n in range(21, 26)]
BROWSERS = [None] * 30 + [f"deelnemer-last{n:02d}@example.org" for n in range(1, 21)]


def seed_extra_participants():
    """Enrol deelnemer-last01..40@example.org in the demo cohort, each with three entries."""
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
    request = urllib.request.Request(HOST + "/", headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not come up")


def redis_url():
    """LOAD_REDIS when a Redis answers there, else None (then each worker has its own cache)."""
    url = os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/13")
    host_port = url.split("//", 1)[1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    try:
        with socket.create_connection((host, int(port or 6379)), timeout=2) as conn:
            conn.sendall(b"PING\r\n")
            if conn.recv(16).startswith(b"+PONG"):
                return url
    except OSError:
        pass
    return None


def environments():
    """(seed env: dev settings with the demo app; server env: production settings)."""
    files = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "DJANGO_MEDIA_ROOT": tempfile.mkdtemp(prefix="load-media-"),
        "DJANGO_PRIVATE_MEDIA_ROOT": tempfile.mkdtemp(prefix="load-private-"),
    }
    seed = {**os.environ, **files, "DJANGO_SETTINGS_MODULE": "leergang.settings.dev"}
    seed["DJANGO_DEBUG"] = "false"
    server = {
        **os.environ,
        **files,
        "DJANGO_SETTINGS_MODULE": "leergang.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "https://127.0.0.1",
        # One reverse proxy in front (played by bench/proxyclient.py), as in production.
        "LEERGANG_TRUSTED_PROXIES": "1",
        "LEERGANG_PAGE_CACHE_SECONDS": os.environ.get("LEERGANG_PAGE_CACHE_SECONDS", "300"),
        "LEERGANG_CACHE_PREFIX": f"load-{int(time.time())}",
        "DJANGO_LOG_LEVEL": "WARNING",
        "LOAD_BEHIND_PROXY": "1",
    }
    server.pop("AXES_ENABLED", None)  # axes on, as in production
    redis = redis_url()
    if redis:
        server["REDIS_URL"] = redis
    else:
        server.pop("REDIS_URL", None)
    return seed, server


class Server:
    """gunicorn as production runs it; its access log counts the requests per worker."""

    def __init__(self, env):
        self.env = env
        self.proc = None
        self.log = Path(tempfile.mkdtemp(prefix="load-gunicorn-")) / "access.log"

    def start(self):
        self.log.write_text("")
        self.proc = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "leergang.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                os.environ.get("LOAD_WORKERS", str(2 * (os.cpu_count() or 1))),
                "--threads",
                os.environ.get("LOAD_THREADS", "4"),
                "--keep-alive",
                os.environ.get("LOAD_KEEPALIVE", "0"),
                "--worker-connections",
                os.environ.get("LOAD_WORKER_CONNECTIONS", "1000"),
                "--access-logfile",
                str(self.log),
                "--access-logformat",
                "%(p)s %(s)s",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        wait_until_up()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)

    def per_worker(self):
        counts = {}
        for line in self.log.read_text().splitlines():
            pid = line.split(" ", 1)[0]
            counts[pid] = counts.get(pid, 0) + 1
        return sorted(counts.values(), reverse=True)


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
    ok = int(total["Failure Count"]) == 0 and not slow
    print(f"(a) page p95 < {PAGE_P95_TARGET_MS} ms and 0 errors: {verdict(ok)}")
    return ok


def verdict(ok):
    return "PASS" if ok else "FAIL"


def mixed(server, users, seconds):
    prefix = str(Path(tempfile.mkdtemp(prefix="load-")) / "locust")
    spawn = os.environ.get("LOAD_SPAWN_RATE", str(max(1, int(users) // 30)))
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "-u",
            users,
            "-r",
            spawn,
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
        env=server.env,
        check=False,
        timeout=int(seconds) + 180,
    )
    print(
        f"\n(a) mixed scenario: {users} users (spawned {spawn} a second) for {seconds} s "
        f"against gunicorn + PostgreSQL on 127.0.0.1 ({os.cpu_count()} cores)"
    )
    print(f"machine load (uptime) at the end: {load_average()}")
    return report(prefix)


def load_average():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def storm(server):
    from load_bursts import login_storm

    result = login_storm(HOST, STORM, seconds=5)
    ok = not result["errors"] and result["login_p95"] < LOGIN_P95_TARGET_S
    print(
        f"\n(b) login storm: {result['users']} participants in 5 s from one address: login "
        f"median {result['login_median'] * 1000:.0f} ms, p95 {result['login_p95'] * 1000:.0f} ms "
        f"(target < {LOGIN_P95_TARGET_S * 1000:.0f} ms), errors {len(result['errors'])} "
        f"(target 0){' ' + str(result['errors']) if result['errors'] else ''}; dashboard after "
        f"login median {result['dashboard_median'] * 1000:.0f} ms, p95 "
        f"{result['dashboard_p95'] * 1000:.0f} ms; load {load_average()}: {verdict(ok)}"
    )
    return ok


def pdfs(server):
    from load_bursts import pdf_burst

    server.stop()
    server.start()  # freshly started, as when the downloads hung
    result = pdf_burst(
        HOST,
        BROWSERS,
        PDF_PARTICIPANTS,
        baseline_seconds=int(os.environ.get("LOAD_PDF_BASELINE_SECONDS", "30")),
    )
    base, burst = result["baseline_p95"], result["burst_p95"]
    rise = (burst / base - 1) if base else 0.0
    all_pdfs = result["pdf_ok"] == result["pdfs"]
    ok = all_pdfs and rise < PDF_RISE_LIMIT and not result["page_errors"]
    print(
        f"\n(c) {result['pdfs']} PDFs at the same moment on a fresh server while "
        f"{result['browsers']} users browse: {result['pdf_ok']} of {result['pdfs']} arrived "
        f"(statuses {result['pdf_statuses']}, slowest "
        f"{max(result['pdf_seconds']):.1f} s); page p95 {base * 1000:.0f} ms before "
        f"({result['baseline_requests']} pages), {burst * 1000:.0f} ms during "
        f"({result['burst_requests']} pages): {rise * 100:+.0f} % (target < "
        f"+{PDF_RISE_LIMIT * 100:.0f} %, every PDF, 0 page errors; {result['page_errors']} "
        f"errors); load {load_average()}: {verdict(ok)}"
    )
    return ok


def main():
    users = os.environ.get("LOAD_USERS", "300")
    seconds = os.environ.get("LOAD_SECONDS", "300")
    # LOAD_PARTS=mixed (or storm, pdfs, comma-separated) runs only those parts; all three by default.
    parts = set(os.environ.get("LOAD_PARTS", "mixed,storm,pdfs").replace(" ", "").split(","))
    unknown = parts - {"mixed", "storm", "pdfs"}
    if unknown or not parts:
        sys.exit(
            f"LOAD_PARTS: unknown part(s) {', '.join(sorted(unknown))}; use mixed, storm, pdfs"
        )
    seed_env, server_env = environments()
    recreate_database()
    python = str(BIN / "python")
    run(python, "manage.py", "migrate", "--noinput", "-v0", env=seed_env)
    run(python, "manage.py", "seed_demo", "--force", env=seed_env)
    run(python, str(Path(__file__).resolve()), "seed", env=seed_env)
    run(python, "manage.py", "collectstatic", "--noinput", "-v0", env=server_env)
    print(
        "server: leergang.settings.production behind the simulated proxy, axes and rate limits "
        f"on, cache and sessions in {'Redis' if 'REDIS_URL' in server_env else 'each worker'}; "
        f"gunicorn {os.environ.get('LOAD_WORKERS', 2 * (os.cpu_count() or 1))} workers x "
        f"{os.environ.get('LOAD_THREADS', '4')} threads, keep-alive "
        f"{os.environ.get('LOAD_KEEPALIVE', '0')} s"
    )
    server = Server(server_env)
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ["LOAD_BEHIND_PROXY"] = "1"
    try:
        server.start()
        results = {}
        if "mixed" in parts:
            results["mixed"] = mixed(server, users, seconds)
            print(f"requests per gunicorn worker: {server.per_worker()}")
        if "storm" in parts:
            results["storm"] = storm(server)
        if "pdfs" in parts:
            results["pdfs"] = pdfs(server)
    finally:
        server.stop()
    print("\n" + "; ".join(f"{name} {verdict(ok)}" for name, ok in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["seed"]:
        seed_extra_participants()
    else:
        sys.exit(main())
