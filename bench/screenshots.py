"""Screenshots of the main pages per role at 320, 768 and 1280 px, for looking at by eye.

    .venv/bin/python bench/screenshots.py                 # own server on a fresh seeded SQLite DB
    .venv/bin/python bench/screenshots.py --url http://127.0.0.1:8000   # reuse `make run`

With --url the page list is read from the database in DATABASE_URL (default: the dev database that
`make run` uses). PNGs go to screenshots/<role>/<page>-<width>.png with an index.html beside them;
pages that scroll sideways at 320 px are listed at the end.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The Wagtail admin as each role sees it: menu items a role cannot use should not be there.
ADMIN_ROLES = ("trainer", "guild_member", "administrator")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own local server)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server at {url} did not answer within {seconds} s")


def setup_django(fresh):
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leergang.settings.dev")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if fresh:
        db = Path(tempfile.mkdtemp(prefix="leergang-shots-")) / "shots.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    import django

    django.setup()
    if fresh:
        from django.core.management import call_command

        print("Migrating and seeding the demo world on a temporary database ...")
        call_command("migrate", verbosity=0, interactive=False)
        with open(os.devnull, "w") as devnull:
            call_command("seed_demo", "--force", stdout=devnull)


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def shoot(base_url, widths):
    import a11y_pages
    from playwright.sync_api import sync_playwright

    targets = a11y_pages.demo_targets()
    OUT.mkdir(exist_ok=True)
    rows, overflow = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=FLAGS
        )
        for role, email in a11y_pages.ROLES.items():
            context = browser.new_context(locale="nl-NL")
            page = context.new_page()
            page.set_default_timeout(20000)
            if email:
                a11y_pages.log_in(page, base_url, email)
            pages = list(targets[role])
            if role in ADMIN_ROLES:
                pages.append(a11y_pages.Target("wagtail admin", "/admin/"))
            (OUT / role).mkdir(exist_ok=True)
            for target in pages:
                files = []
                for width in widths:
                    page.set_viewport_size({"width": width, "height": 900})
                    a11y_pages.open_target(page, base_url, target)
                    if width == 320 and not target.path.startswith("/admin/"):
                        problem = a11y_pages.overflow_problem(page, role, target, width)
                        if problem:
                            overflow.append(problem)
                    name = f"{role}/{slug(target.name)}-{width}.png"
                    page.screenshot(path=str(OUT / name), full_page=True)
                    files.append(name)
                rows.append((role, target, files))
                print(f"  {role:14} {target.name}")
            context.close()
        browser.close()
    write_index(rows)
    return rows, overflow


def write_index(rows):
    html = [
        "<!DOCTYPE html><html lang='en'><meta charset='utf-8'><title>Screenshots</title>",
        "<style>body{font-family:sans-serif}figure{display:inline-block;vertical-align:top;"
        "margin:.5rem}img{border:1px solid #ccc;max-height:600px}</style><h1>Screenshots</h1>",
    ]
    for role, target, files in rows:
        html.append(f"<h2>{role}: {target.name} <small>{target.path}</small></h2>")
        for name in files:
            html.append(
                f"<figure><a href='{name}'><img src='{name}' alt='{target.name}, {name}'></a>"
                f"<figcaption>{name}</figcaption></figure>"
            )
    (OUT / "index.html").write_text("\n".join(html), encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="reuse a running server instead of starting one")
    parser.add_argument("--widths", default="320,768,1280")
    args = parser.parse_args()
    widths = [int(w) for w in args.widths.split(",")]
    setup_django(fresh=not args.url)
    server = None
    base_url = args.url.rstrip("/") if args.url else None
    try:
        if not base_url:
            port = free_port()
            base_url = f"http://127.0.0.1:{port}"
            server = subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=ROOT,
                env=os.environ.copy(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_for(base_url + "/accounts/login/")
        started = time.perf_counter()
        rows, overflow = shoot(base_url, widths)
        shots = sum(len(files) for _, _, files in rows)
        print(f"{shots} screenshots of {len(rows)} pages in {time.perf_counter() - started:.0f} s")
        print(f"Open {OUT / 'index.html'} to look at them.")
        if overflow:
            print("Pages that scroll sideways at 320 px:")
            print("\n".join(f"  {line}" for line in overflow))
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
