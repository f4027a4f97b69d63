"""The certificate PDF is A4 PDF/A-3a through the portfolio's sandboxed render path, and it
says what a certificate must say."""

import io

import pikepdf
import pytest
from django.core.files.storage import storages
from pypdf import PdfReader

from certificates import document, openbadges
from tests.portfolio_pdf.test_pdfa import (
    _preflight_classpath,
    _relevant,
    preflight_findings,
    struct_elements,
    without_artifacts,
)

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)


@pytest.fixture
def certificate_pdf(certificate):
    name = document.stored_pdf(certificate)
    with storages["private"].open(name, "rb") as handle:
        return handle.read()


def test_a4_pages_with_name_course_hours_and_number(certificate_pdf, certificate):
    reader = PdfReader(io.BytesIO(certificate_pdf))
    assert len(reader.pages) == 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Fenna de Vries" in first
    assert "Leergang Creative Communities" in first
    assert "40 uur" in first
    assert certificate.number in first
    assert "Registerplein" in first and "2017-04126" in first and "24 punten" in first
    assert "Anna Zijlstra" in first
    # The verification URL, wherever the layout breaks its line.
    assert openbadges.verify_url(certificate) in "".join(first.split())
    appendix = " ".join(reader.pages[1].extract_text().split())
    assert "Je vraagt door naar hun ideeën." in appendix
    assert "Laagdrempelig contact" in appendix


def test_identification_fonts_intent_and_no_interpolation(certificate_pdf):
    with pikepdf.open(io.BytesIO(certificate_pdf)) as doc:
        meta = doc.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "A"
        assert "/Filter" not in doc.Root.Metadata
        intents = doc.Root.OutputIntents
        assert len(intents) == 1 and intents[0].S == "/GTS_PDFA1"
        fonts = 0
        for obj in doc.objects:
            assert not (
                isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and "/Interpolate" in obj
            )
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                if obj.Subtype in ("/Type0", "/Type3"):
                    continue
                fonts += 1
                assert any(f"/FontFile{n}" in obj.FontDescriptor for n in ("", "2", "3"))
        assert fonts >= 3


def test_structure_language_and_alternative_texts(certificate_pdf, certificate):
    with pikepdf.open(io.BytesIO(certificate_pdf)) as doc:
        assert str(doc.Root.Lang) == "nl" and doc.Root.MarkInfo.Marked
        root = doc.Root.StructTreeRoot
        in_tree = struct_elements(root)
        figures = [
            e for e in doc.objects if isinstance(e, pikepdf.Dictionary) and e.get("/S") == "/Figure"
        ]
        alts = sorted(str(f.get("/Alt", "")) for f in figures)
        # The seal, the signature and the QR code, each with a text alternative.
        assert len(figures) == 3 and all(a.strip() for a in alts)
        assert any("Handtekening van Anna Zijlstra" in a for a in alts)
        assert any(certificate.number in a and a.startswith("QR-code") for a in alts)
        nums = root.ParentTree.Nums
        for i in range(0, len(nums), 2):
            if isinstance(nums[i + 1], pikepdf.Array):
                for element in nums[i + 1]:
                    assert element is None or element.objgen in in_tree


def test_the_appendix_footer_is_an_artifact(certificate_pdf, certificate):
    with pikepdf.open(io.BytesIO(certificate_pdf)) as doc:
        content, dropped = without_artifacts(doc.pages[1])
        assert dropped
        doc.pages[1].obj.Contents = doc.make_stream(content)
        stripped = io.BytesIO()
        doc.save(stripped)
    before = PdfReader(io.BytesIO(certificate_pdf)).pages[1].extract_text()
    after = PdfReader(stripped).pages[1].extract_text()
    assert "pagina 2 van 2" in before and "pagina 2 van 2" not in after
    assert "Bijlage" in after


def test_the_pdf_is_kept_and_made_again_only_when_something_changed(certificate):
    first = document.stored_pdf(certificate)
    assert document.stored_pdf(certificate) == first
    certificate.holder_name = "Fenna de Vries-Hoekstra"
    certificate.save()
    second = document.stored_pdf(certificate)
    assert second != first and not storages["private"].exists(first)


@pytest.mark.e2e
def test_pdfbox_preflight_finds_nothing_but_pdfa1_rules(tmp_path, certificate_pdf):
    _preflight_classpath()
    path = tmp_path / "certificaat.pdf"
    path.write_bytes(certificate_pdf)
    findings = preflight_findings(path)
    assert _relevant(findings) == [], findings
