"""User content is hostile: nothing outside the portfolio being exported reaches the PDF."""

import http.server
import threading
import time

import pytest

from demo.factories.portfolio import AttachmentFactory, FieldworkEntryFactory, PortfolioFactory
from portfolio.snapshot import build_snapshot
from portfolio_pdf import fetcher, pdf

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    """A local web server that records every request made to it."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def payloads(base, other_attachment_id):
    leak = fetcher.attachment_url(other_attachment_id)
    return [
        '<img src="file:///etc/passwd">',
        f'<img src="{base}/img.png">',
        f'<img src="{leak}">',
        '<a rel="attachment" href="file:///etc/passwd">bijlage</a>',
        f'<a rel="attachment" href="{leak}">bijlage</a>',
        '<link rel="attachment" href="file:///etc/passwd">',
        f'<link rel="stylesheet" href="{base}/style.css">',
        f"<style>@import url({base}/import.css); body {{ background: url(file:///etc/passwd) }}</style>",
        f'<p style="background: url({base}/style-attr.png)">stijl</p>',
        '<img src="/dev/urandom"><img src="file:///dev/urandom">',
        f'<object data="{base}/object"></object><iframe src="file:///etc/passwd"></iframe>',
        f'<svg><image href="{base}/svg.png"/></svg><script>alert(1)</script>',
    ]


def test_hostile_rich_text_and_captions_leak_nothing(participant, outsider, listener):
    base, seen = listener
    other = AttachmentFactory(
        entry=FieldworkEntryFactory(portfolio=PortfolioFactory(enrolment=outsider.enrolments.get()))
    )
    portfolio = PortfolioFactory(enrolment=participant.enrolments.get())
    hostile = "".join(payloads(base, other.pk))
    entry = FieldworkEntryFactory(
        portfolio=portfolio,
        title="Vijandig verslag",
        residents_idea=hostile,
        actions=hostile,
    )
    AttachmentFactory(entry=entry, caption=hostile[:300])
    snapshot = build_snapshot(portfolio)
    # Also bypass the portfolio's own sanitiser: a snapshot from any source is untrusted.
    snapshot["entries"][0]["outcome_html"] = hostile
    snapshot["entries"][0]["attachments"][0]["caption"] = hostile
    snapshot["values_reflections"] = [
        {
            "stage": "intake",
            "stage_label": "Intake",
            "answers": [{"question": "V", "answer_html": hostile}],
        }
    ]
    start = time.monotonic()
    rendered = pdf.get_or_render(snapshot)
    assert time.monotonic() - start < 60  # nothing hangs on /dev/urandom
    with rendered.file.open("rb") as handle:
        data = handle.read()
    reader, pages = pdf_text(data)
    text = "\n".join(pages)
    assert seen == []
    assert "root:x:0:0" not in text and b"root:x:0:0" not in data
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"])
    assert "/AF" not in reader.trailer["/Root"]
    for page in reader.pages:
        assert "/Annots" not in page or all(
            a.get_object().get("/Subtype") != "/FileAttachment" for a in page["/Annots"]
        )
    # The participant's own photo is in; the other participant's is not.
    images = {
        ref.idnum
        for page in reader.pages
        for ref in (page["/Resources"].get("/XObject") or {}).values()
        if ref.get_object().get("/Subtype") == "/Image"
    }
    assert len(images) == 1
    assert "Vijandig verslag" in text


def test_fetcher_refuses_everything_but_our_files(listener, tmp_path):
    base, seen = listener
    url_fetcher = fetcher.PortfolioURLFetcher({7: ("portfolio/x/ok.jpg", "image/jpeg")})
    refused = [
        "file:///etc/passwd",
        f"{base}/x",
        "https://example.org/x.png",
        "data:text/plain,hallo",
        fetcher.ORIGIN + "static/portfolio_pdf/../../fetcher.py",
        fetcher.ORIGIN + "static/portfolio_pdf/%2e%2e/pdf.py",
        fetcher.ORIGIN + "static/portfolio_pdf/fonts/LICENSE-Liberation.txt",
        fetcher.ATTACHMENT_PREFIX + "8",
        fetcher.ATTACHMENT_PREFIX + "7/../../etc/passwd",
        fetcher.ORIGIN + "etc/passwd",
    ]
    for url in refused:
        with pytest.raises(fetcher.FetchRefused):
            url_fetcher.fetch(url)
    assert seen == []
    css = url_fetcher.fetch(fetcher.STATIC_PREFIX + "pdf/print.css")
    assert b"@page" in css.read()


def test_runaway_render_is_stopped_with_a_message(caplog):
    slow = "<html><body>" + "<table>" * 1 + "<tr><td>x</td></tr>" * 10 + "</table></body></html>"
    with pytest.raises(pdf.RenderError) as exc:
        pdf.render_html(slow * 200, {}, timeout=0.05)
    assert "langer dan" in str(exc.value)
    assert "time limit" in caplog.text


def test_render_over_memory_limit_is_stopped(caplog):
    with pytest.raises(pdf.RenderError) as exc:
        pdf.render_html("<p>Een lange alinea over de buurt.</p>" * 20000, {}, memory_mb=48)
    assert "geheugen" in str(exc.value) or "niet worden gemaakt" in str(exc.value)
    assert "memory limit" in caplog.text or "render failed" in caplog.text
