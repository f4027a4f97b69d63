"""What is in the PDF: cover, contents with real page numbers, the chosen entries, feedback."""

import re

import pytest

from portfolio.snapshot import build_snapshot
from portfolio_pdf import pdf

from .conftest import pdf_text, render_bytes

pytestmark = pytest.mark.django_db

FEEDBACK = {
    "milestone": "Tussentijdse beoordeling",
    "round": 1,
    "verdict": "passed",
    "verdict_label": "Voldaan",
    "feedback": "Sterk hoe je bewoners zelf aan zet laat.",
    "decided_at": "2017-05-01T12:00:00+02:00",
    "assessors": {"first": "Marieke Postma", "second": None},
    "criteria": [
        {
            "name": "Contact met bewoners",
            "levels": [{"label": "Goed", "points": 3}],
            "scores": {"first": {"level": "Goed", "points": 3, "comment": "Laagdrempelig."}},
        }
    ],
    "entry_comments": [],
}


def test_cover_contents_and_page_numbers(participant, make_portfolio):
    portfolio, entries = make_portfolio(participant, entries=4, images=2)
    data = render_bytes(build_snapshot(portfolio))
    reader, pages = pdf_text(data)
    cover = pages[0]
    assert "Portfolio" in cover and "Fenna de Vries" in cover
    assert "Voorjaar 2017" in cover and "Leergang Creative Communities" in cover
    toc = pages[1]
    assert "Inhoud" in toc
    # Every line of the table of contents ends in the page where that section starts:
    # compare with the bookmarks, which WeasyPrint places independently.
    starts = {}
    for item in _flatten(reader.outline):
        starts[item.title] = reader.get_destination_page_number(item) + 1
    for title in ("Waardenreflectie", "Veldwerklogboek", *[e.title for e in entries]):
        match = re.search(rf"{re.escape(title)}[ .]*?(\d+)\s*$", toc, re.M)
        assert match, f"{title} not in the table of contents"
        number = int(match.group(1))
        assert number == starts[title], title
        assert title in pages[number - 1]
    # Running header and "pagina X van Y" footer.
    assert f"pagina 3 van {len(pages)}" in pages[2]
    assert "Fenna de Vries" in pages[2] and "Waardenreflectie" in pages[2]
    # Latest reflection first, the earlier version in the appendix at the end.
    assert "Laatste versie" in pages[2]
    assert "Eerste versie" in pages[-1] and "Bijlage" in pages[-1]
    everything = "\n".join(pages)
    assert "Foto bij verslag 1" in everything
    assert "Geen herkenbare bewoners" in everything


def test_metadata_tags_and_archival_variant(participant, make_portfolio):
    portfolio, _entries = make_portfolio(participant, entries=1, images=0)
    data = render_bytes(build_snapshot(portfolio))
    reader, _pages = pdf_text(data)
    meta = reader.metadata
    assert meta.title == "Portfolio van Fenna de Vries"
    assert meta.author == "Fenna de Vries"
    assert "Voorjaar 2017" in meta.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    # Our shipped @font-face fonts, embedded (subset), not whatever the machine has.
    assert any(f.endswith("+PdfSerif") for f in fonts)


def test_selection_includes_only_chosen_entries(participant, make_portfolio):
    portfolio, entries = make_portfolio(participant, entries=4, images=0, title="Gesprek")
    chosen = (entries[1].pk, entries[3].pk)
    data = render_bytes(build_snapshot(portfolio), options=pdf.RenderOptions(entry_ids=chosen))
    text = "\n".join(pdf_text(data)[1])
    assert "Gesprek 2" in text and "Gesprek 4" in text
    assert "Gesprek 1" not in text and "Gesprek 3" not in text


def test_snapshot_content_not_later_edits(participant, make_portfolio):
    portfolio, entries = make_portfolio(participant, entries=1, images=0, title="Bankje")
    snapshot = build_snapshot(portfolio)
    entries[0].title = "Later veranderde titel"
    entries[0].save()
    text = "\n".join(pdf_text(render_bytes(snapshot))[1])
    assert "Bankje 1" in text
    assert "Later veranderde titel" not in text


def test_feedback_only_when_chosen(participant, make_portfolio):
    portfolio, _entries = make_portfolio(participant, entries=1, images=0)
    snapshot = build_snapshot(portfolio)
    without = "\n".join(
        pdf_text(render_bytes(snapshot, options=pdf.RenderOptions(), feedback=FEEDBACK))[1]
    )
    assert "Sterk hoe je bewoners" not in without and "Contact met bewoners" not in without
    with_feedback = "\n".join(
        pdf_text(
            render_bytes(
                snapshot, options=pdf.RenderOptions(include_feedback=True), feedback=FEEDBACK
            )
        )[1]
    )
    assert "Sterk hoe je bewoners" in with_feedback
    assert "Contact met bewoners" in with_feedback and "Voldaan" in with_feedback


def test_unchanged_portfolio_is_served_from_the_cache(participant, make_portfolio, monkeypatch):
    portfolio, entries = make_portfolio(participant, entries=2, images=1)
    first = pdf.get_or_render(build_snapshot(portfolio))
    calls = []
    real = pdf.render_html
    monkeypatch.setattr(pdf, "render_html", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = pdf.get_or_render(build_snapshot(portfolio))  # a new snapshot, same content
    assert again.pk == first.pk and calls == []
    entries[0].title = "Nieuwe titel"
    entries[0].save()
    changed = pdf.get_or_render(build_snapshot(portfolio))
    assert changed.key != first.key and calls == [1]


def test_large_portfolios_go_to_the_background():
    small = {"entries": [{"id": i, "attachments": []} for i in range(10)]}
    big = {"entries": [{"id": i, "attachments": []} for i in range(pdf.BACKGROUND_ENTRIES + 1)]}
    photos = {
        "entries": [
            {"id": 1, "attachments": [{"id": i, "content_type": "image/jpeg"} for i in range(40)]}
        ]
    }
    assert not pdf.needs_background(small)
    assert pdf.needs_background(big) and pdf.needs_background(photos)
    assert not pdf.needs_background(big, pdf.RenderOptions(entry_ids=(1, 2)))


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item
