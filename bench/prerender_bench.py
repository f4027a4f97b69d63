"""PDFs ready before they are asked for: the download 10 s after an edit, against Chromium.

A participant edits an entry of a 30-entry portfolio with 10 photos; the worker prerenders the
default PDF once the portfolio has been quiet (``portfolio_pdf.prerender``); 10 s after the edit
the participant downloads it through the real view. That download time is set against headless
Chromium (Debian's, via Playwright) printing the same portfolio's browser preview page to PDF,
in the same run. Target ratio < 0.25. Medians; nothing passes or fails here.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django  # noqa: E402
from bench.portfolio_pdf_bench import build_portfolio  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
REPEAT = 5


def main():
    setup_django()
    import logging

    logging.disable(logging.INFO)
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse
    from playwright.sync_api import sync_playwright

    from demo.factories.leergang import CohortFactory
    from portfolio_pdf import prerender

    cohort = CohortFactory(name="Bench prerender")
    user, portfolio = build_portfolio(cohort, 30, 10, "voorbereid@example.org")
    client = Client()
    client.force_login(user)
    entry = portfolio.entries.order_by("pk").first()

    downloads = []
    for n in range(REPEAT):
        entry.reflection = f"<p>Nagelezen, versie {n}.</p>"
        entry.save()
        # The worker's turn, once the portfolio has been quiet for the delay (10 s in this story).
        cache.set(prerender._changed_key(portfolio.pk), time.time() - 10)
        prerender.prerender_portfolio.func(portfolio.pk)
        started = time.perf_counter()
        response = client.post(reverse("portfolio_pdf:own"), {"scope": "all"})
        body = b"".join(response.streaming_content)
        downloads.append(time.perf_counter() - started)
        assert response.status_code == 200 and body.startswith(b"%PDF")

    preview = client.get(reverse("portfolio_pdf:preview")).content.decode()
    prints = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page()
        for _ in range(REPEAT):
            started = time.perf_counter()
            page.set_content(preview, wait_until="load")
            page.pdf(format="A4")
            prints.append(time.perf_counter() - started)
        browser.close()

    ours, chromium = statistics.median(downloads), statistics.median(prints)
    print(
        f"download 10 s after an edit (prerendered, 30 entries, 10 photos): {ours * 1000:.0f} ms; "
        f"Chromium printing the preview: {chromium * 1000:.0f} ms; ratio {ours / chromium:.2f} "
        f"(target < 0.25; median of {REPEAT})"
    )


if __name__ == "__main__":
    main()
