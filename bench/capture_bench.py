"""Quick capture on a phone (issue 15), in Debian's Chromium against a local server:

- the time from tapping "Opslaan" without a connection until the draft is stored on the device
  (IndexedDB), median of 15: measured in the page (performance.measure) and from Playwright's
  click until the draft shows in the list;
- the time to make a 4000x3000 photo small on the device (selection until its thumbnail shows);
- what the capture page downloads on a first visit (HTML, CSS, JS; the service worker and what
  it keeps included): raw, and compressed as gzip -6 and brotli, the target is < 150 KB.

    .venv/bin/python bench/capture_bench.py [--shots /tmp/pwa-shots]

``--shots`` also writes screenshots at 360 and 1280 px: online, and offline with unsent drafts.
Figures only; nothing here passes or fails on a timing.
"""

import argparse
import gzip
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import brotli

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, setup_django  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
CAPTURE = "/portfolio/veldwerk/snel/"
EMAIL = "bench-capture@example.org"
REPEAT = 15


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_participant():
    from demo.factories.leergang import CohortFactory, EnrolmentFactory, ParticipantFactory
    from demo.factories.portfolio import FieldworkEntryFactory, PortfolioFactory

    user = ParticipantFactory(email=EMAIL, first_name="Fenna", last_name="Veld")
    portfolio = PortfolioFactory(enrolment=EnrolmentFactory(cohort=CohortFactory(), user=user))
    for title in ("Gesprek bij de containers", "Huisbezoek bewoner C", "Buurtoverleg"):
        FieldworkEntryFactory(portfolio=portfolio, title=title)


def start_server(port):
    env = {**os.environ, "AXES_ENABLED": "false"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/manifest.webmanifest", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start")


def log_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill("leergang-demo")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def until(page, expression, seconds=20):
    """Poll from outside (the page's CSP forbids the eval behind wait_for_function)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(expression)
        time.sleep(0.05)


def ready(page):
    page.wait_for_selector("form#nieuw[data-ready]")
    until(page, "navigator.serviceWorker.controller !== null")


def _group(content_type):
    if "text/html" in content_type:
        return "html"
    if "css" in content_type:
        return "css"
    if "javascript" in content_type:
        return "js"
    return "other"


def first_visit(browser, base):
    """Everything the capture page needs with an empty cache, each URL once: the page, its
    styles and scripts, the service worker and every file the worker keeps (its shell)."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 360, "height": 740})
    page = context.new_page()
    log_in(page, base)
    page.goto(f"{base}{CAPTURE}")
    ready(page)
    urls = [CAPTURE, "/sw.js"]
    urls += page.evaluate(
        "Array.from(document.querySelectorAll('link[rel=stylesheet], script[src]'))"
        ".map(n => new URL(n.href || n.src).pathname + new URL(n.href || n.src).search)"
    )
    sw = page.request.get(f"{base}/sw.js").text()
    config = json.loads(sw.split("self.CAPTURE_SW = ", 1)[1].split(";\n", 1)[0])
    urls += config["shell"] + [config["catalog"]]
    urls += re.findall(r'"(/static/[^"]+\.js)"', sw)
    rows = {"html": [0, 0, 0], "css": [0, 0, 0], "js": [0, 0, 0], "other": [0, 0, 0]}
    unique = list(dict.fromkeys(urls))
    for url in unique:
        response = page.request.get(f"{base}{url}")
        body = response.body()
        row = rows[_group(response.headers.get("content-type", ""))]
        row[0] += len(body)
        row[1] += len(gzip.compress(body, compresslevel=6))
        row[2] += len(brotli.compress(body, quality=11))
    context.close()
    return rows, len(unique)


def save_times(browser, base, shots=None):
    context = browser.new_context(locale="nl-NL", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(20000)
    log_in(page, base)
    page.goto(f"{base}{CAPTURE}")
    ready(page)
    if shots:
        shoot(page, shots, "online")
    context.set_offline(True)
    in_page, clicked = [], []
    for n in range(REPEAT + 2):
        page.get_by_label("Titel").fill(f"Straatgesprek {n}")
        page.get_by_label("Notitie", exact=True).fill("Bewoner A vertelde over het plein. " * 20)
        started = time.perf_counter()
        page.get_by_role("button", name="Opslaan").click()
        page.locator("#capture-drafts li", has_text=f"Straatgesprek {n}").wait_for()
        elapsed = time.perf_counter() - started
        measured = page.evaluate("performance.getEntriesByName('capture-save').pop().duration")
        if n >= 2:  # warm-up
            clicked.append(elapsed)
            in_page.append(measured / 1000)
    photo = Path(tempfile.mkdtemp(prefix="capture-bench-")) / "groot.jpg"
    from PIL import Image

    Image.effect_noise((4000, 3000), 60).convert("RGB").save(photo, "JPEG", quality=90)
    photo_times = []
    for n in range(5):
        before = page.locator("#capture-thumbs li").count()
        started = time.perf_counter()
        page.locator("input[type=file][multiple]").set_input_files(photo)
        page.locator("#capture-thumbs li").nth(before).wait_for()
        photo_times.append(time.perf_counter() - started)
        if n < 4:
            page.locator("#capture-thumbs li").last.get_by_role("button").click()
            until(page, f"document.querySelectorAll('#capture-thumbs li').length === {before}")
    if shots:
        page.get_by_label("Titel").fill("Bankje bij de bibliotheek")
        page.get_by_label("Notitie", exact=True).fill("Bewoner A belde vanaf 06-12345678.")
        shoot(page, shots, "offline")
    context.close()
    return in_page, clicked, photo_times, photo.stat().st_size


def shoot(page, folder, name):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(500)  # layout and paint at the new width
        page.screenshot(path=str(folder / f"capture-{name}-{width}-top.png"))
        page.screenshot(path=str(folder / f"capture-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", help="also write screenshots into this folder")
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        print(f"Chromium not found at {CHROMIUM}: skipped")
        return 0
    setup_django()
    make_participant()
    port = free_port()
    server = start_server(port)
    base = f"http://localhost:{port}"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            rows, requests = first_visit(browser, base)
            in_page, clicked, photos, photo_size = save_times(browser, base, args.shots)
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    total = [sum(r[i] for k, r in rows.items() if k != "other") for i in range(3)]
    print(f"First visit of {CAPTURE}, empty cache: {requests} files")
    for kind, (raw, gz, br) in rows.items():
        print(
            f"  {kind:5} raw {raw / 1024:6.1f} KB  gzip {gz / 1024:6.1f} KB  brotli {br / 1024:6.1f} KB"
        )
    print(
        f"  HTML+CSS+JS: raw {total[0] / 1024:.1f} KB, gzip {total[1] / 1024:.1f} KB, "
        f"brotli {total[2] / 1024:.1f} KB (target < 150 KB compressed)"
    )
    print(
        f"'Opslaan' offline until stored (median of {len(in_page)}): in the page "
        f"{ms(statistics.median(in_page))}, click to shown {ms(statistics.median(clicked))}"
    )
    print(
        f"A {photo_size / 1e6:.1f} MB 4000x3000 photo made small on the device (median of "
        f"{len(photos)}): {ms(statistics.median(photos))}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
