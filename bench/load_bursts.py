"""The two bursts of ``make load`` (bench/load.py), from plain threads with requests:

- ``login_storm``: STORM_USERS different participants log in within STORM_SECONDS, each then
  opening the dashboard. They share one client address (a classroom behind the school's one
  public address: the per-address limits must let 40 correct logins through; they stop at 20
  failures or 60 login POSTs per 15 minutes, LEERGANG_LOCKOUT_RULES and LEERGANG_RATE_LIMITS).
- ``pdf_burst``: BROWSERS users browse with think times; after a baseline window, PDF_USERS
  participants download their portfolio PDF at the same moment. Every PDF must arrive, and the
  page p95 while they render is compared with the same browsers' p95 before.

Only 127.0.0.1 is ever targeted.
"""

import random
import re
import statistics
import threading
import time

import requests
from proxyclient import behind_proxy, referer

PASSWORD = "leergang-demo"  # noqa: S105 - the demo password, printed by seed_demo
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MODULE_URL = re.compile(r'href="(/leergang/[\w-]+/)"')
STORY_URL = re.compile(r'href="(/verhalen/[\w-]+/)"')
STORM_ADDRESS = "192.0.2.40"  # documentation range: one school's public address


def p95(values):
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def session_for(address=None):
    return behind_proxy(requests.Session(), address)


def log_in(session, host, email, timeout=60):
    """(seconds the login POST took, its status): 302 to the dashboard is a success."""
    page = session.get(host + "/accounts/login/", timeout=timeout)
    token = CSRF.search(page.text)
    data = {"username": email, "password": PASSWORD}
    data["csrfmiddlewaretoken"] = token.group(1) if token else ""
    started = time.perf_counter()
    response = session.post(
        host + "/accounts/login/",
        data=data,
        headers={"Referer": referer(page.url)},
        allow_redirects=False,
        timeout=timeout,
    )
    return time.perf_counter() - started, response.status_code


def login_storm(host, emails, seconds):
    """Every user logs in once, the starts spread evenly over ``seconds``."""
    results = [None] * len(emails)
    begin = time.perf_counter() + 0.5

    def one(i, email):
        time.sleep(max(0.0, begin + i * seconds / len(emails) - time.perf_counter()))
        session = session_for(STORM_ADDRESS)
        try:
            login_s, status = log_in(session, host, email)
            started = time.perf_counter()
            dash = session.get(host + "/mijn-leergang/", timeout=60, allow_redirects=False)
            dash_s = time.perf_counter() - started
            ok = status == 302 and dash.status_code == 200 and "mijn-leergang" in dash.url
            results[i] = (login_s, dash_s, ok, f"{status}/{dash.status_code}")
        except requests.RequestException as exc:
            results[i] = (None, None, False, type(exc).__name__)

    threads = [threading.Thread(target=one, args=(i, e)) for i, e in enumerate(emails)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    logins = [r[0] for r in results if r[0] is not None]
    dashboards = [r[1] for r in results if r[1] is not None]
    errors = [r[3] for r in results if not r[2]]
    return {
        "users": len(emails),
        "login_p95": p95(logins),
        "login_median": statistics.median(logins) if logins else 0.0,
        "dashboard_p95": p95(dashboards),
        "dashboard_median": statistics.median(dashboards) if dashboards else 0.0,
        "errors": errors,
    }


class Browser(threading.Thread):
    """One user browsing with think times; records (start time, seconds, ok) per page."""

    def __init__(self, host, email, stop, samples):
        super().__init__(daemon=True)
        self.host, self.email, self.stop, self.samples = host, email, stop, samples
        self.session = session_for()

    def pages(self):
        if self.email is None:
            found = STORY_URL.findall(self.session.get(self.host + "/verhalen/", timeout=60).text)
            stories = sorted(set(found) - {"/verhalen/feed/"}) or ["/verhalen/"]
            return ["/", "/verhalen/", *stories[:4], "/zoeken/?q=bewoners"]
        log_in(self.session, self.host, self.email)
        course = self.session.get(self.host + "/leergang/", timeout=60).text
        modules = sorted(set(MODULE_URL.findall(course)))[:4]
        return ["/mijn-leergang/", "/leergang/", *modules, "/portfolio/", "/portfolio/veldwerk/"]

    def run(self):
        pages = self.pages()
        while not self.stop.is_set():
            url = random.choice(pages)
            started = time.perf_counter()
            try:
                response = self.session.get(self.host + url, timeout=60)
                ok = response.status_code == 200
            except requests.RequestException:
                ok = False
            self.samples.append((started, time.perf_counter() - started, ok))
            self.stop.wait(random.uniform(1, 3))


def pdf_burst(host, browse_emails, pdf_emails, baseline_seconds, settle_seconds=5):
    """Browsers alone for ``baseline_seconds``, then the PDFs at once while they browse on."""
    stop, samples = threading.Event(), []
    browsers = [Browser(host, email, stop, samples) for email in browse_emails]
    downloaders = []
    for email in pdf_emails:
        session = session_for()
        log_in(session, host, email)
        page = session.get(host + "/portfolio/pdf/", timeout=60)
        token = CSRF.search(page.text)
        downloaders.append((session, page.url, token.group(1) if token else ""))
    for b in browsers:
        b.start()
    time.sleep(settle_seconds)  # logged in and browsing
    base_from = time.perf_counter()
    time.sleep(baseline_seconds)
    base_to = time.perf_counter()
    go = threading.Barrier(len(downloaders))
    pdfs = [None] * len(downloaders)

    def download(i, session, url, token):
        go.wait()
        started = time.perf_counter()
        try:
            response = session.post(
                url,
                data={"scope": "all", "csrfmiddlewaretoken": token},
                headers={"Referer": referer(url)},
                timeout=180,
            )
            ok = response.status_code == 200 and response.content[:5] == b"%PDF-"
            pdfs[i] = (time.perf_counter() - started, ok, response.status_code)
        except requests.RequestException as exc:
            pdfs[i] = (time.perf_counter() - started, False, type(exc).__name__)

    threads = [threading.Thread(target=download, args=(i, *d)) for i, d in enumerate(downloaders)]
    burst_from = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    burst_to = max(time.perf_counter(), burst_from + 10)  # at least ten seconds of browsing
    time.sleep(max(0.0, burst_to - time.perf_counter()))
    stop.set()
    for b in browsers:
        b.join(timeout=70)
    base = [s[1] for s in samples if base_from <= s[0] < base_to]
    during = [s[1] for s in samples if burst_from <= s[0] < burst_to]
    return {
        "browsers": len(browse_emails),
        "pdfs": len(pdf_emails),
        "pdf_ok": sum(1 for p in pdfs if p[1]),
        "pdf_statuses": [p[2] for p in pdfs],
        "pdf_seconds": [p[0] for p in pdfs],
        "baseline_p95": p95(base),
        "baseline_requests": len(base),
        "burst_p95": p95(during),
        "burst_requests": len(during),
        "page_errors": sum(1 for s in samples if not s[2]),
    }
