"""Issue 14: the portfolio PDF is PDF/A-3a in fact, not only in its metadata."""

import datetime
import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from django.utils import timezone
from pypdf import PdfReader

from assessment.models import Milestone, Rubric, Submission
from portfolio.models import Portfolio
from portfolio.snapshot import build_snapshot
from portfolio_pdf import pdf

from .conftest import render_bytes

pytestmark = pytest.mark.django_db

ARTIFACT = pikepdf.Name.Artifact


@pytest.fixture
def portfolio_pdf(participant, make_portfolio):
    portfolio, _entries = make_portfolio(participant, entries=4, images=2)
    return render_bytes(build_snapshot(portfolio))


def struct_elements(root):
    seen, stack = set(), [root.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif (
            isinstance(node, pikepdf.Dictionary)
            and node.get("/Type") not in ("/MCR", "/OBJR")
            and node.objgen not in seen
        ):
            seen.add(node.objgen)
            if "/K" in node:
                stack.append(node.K)
    return seen


def without_artifacts(page):
    """The page's content without its pagination artifacts, and the operators left out."""
    kept, dropped, depth = [], [], 0
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if depth:
            dropped.append((operands, op))
            depth += (op in ("BDC", "BMC")) - (op == "EMC")
        elif op == "BDC" and operands[0] == ARTIFACT and "/Pagination" in str(operands[1]):
            depth = 1
        else:
            kept.append(pikepdf.ContentStreamInstruction(operands, operator))
    return pikepdf.unparse_content_stream(kept), dropped


def test_identification_intent_fonts_and_no_interpolation(portfolio_pdf):
    with pikepdf.open(io.BytesIO(portfolio_pdf)) as doc:
        meta = doc.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "A"
        assert "/Filter" not in doc.Root.Metadata
        intents = doc.Root.OutputIntents
        assert len(intents) == 1 and intents[0].S == "/GTS_PDFA1"
        assert "/DestOutputProfile" in intents[0]
        fonts = 0
        for obj in doc.objects:
            assert not (
                isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and "/Interpolate" in obj
            )
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                if obj.Subtype in ("/Type0", "/Type3"):
                    continue  # a Type0 font's descendant carries the descriptor
                fonts += 1
                descriptor = obj.FontDescriptor
                assert any(f"/FontFile{n}" in descriptor for n in ("", "2", "3")), obj.BaseFont
        assert fonts >= 3
        images = [
            x
            for page in doc.pages
            for x in page.Resources.get("/XObject", {}).values()
            if x.Subtype == "/Image"
        ]
        assert images


def test_structure_language_and_figure_alternatives(portfolio_pdf):
    with pikepdf.open(io.BytesIO(portfolio_pdf)) as doc:
        assert str(doc.Root.Lang) == "nl"
        assert doc.Root.MarkInfo.Marked
        root = doc.Root.StructTreeRoot
        in_tree = struct_elements(root)
        figures = [
            e for e in doc.objects if isinstance(e, pikepdf.Dictionary) and e.get("/S") == "/Figure"
        ]
        assert len(figures) == 2
        assert all(str(f.get("/Alt", "")).strip() for f in figures)
        # Every piece of marked content belongs to an element of the tree: nothing orphaned.
        nums = root.ParentTree.Nums
        for i in range(0, len(nums), 2):
            if isinstance(nums[i + 1], pikepdf.Array):
                for element in nums[i + 1]:
                    assert element is None or element.objgen in in_tree


def test_running_header_and_page_numbers_are_artifacts(portfolio_pdf):
    with pikepdf.open(io.BytesIO(portfolio_pdf)) as doc:
        total = len(doc.pages)
        assert total >= 3
        for number, page in enumerate(doc.pages[1:], 2):
            content, dropped = without_artifacts(page)
            assert dropped, f"page {number} has no pagination artifact"
            assert not any("/MCID" in str(operands) for operands, _op in dropped if operands), (
                "an artifact must not carry tagged content"
            )
            page.obj.Contents = doc.make_stream(content)
        stripped = io.BytesIO()
        doc.save(stripped)
    before = PdfReader(io.BytesIO(portfolio_pdf))
    after = PdfReader(stripped)
    for number in range(2, total + 1):
        text_before = before.pages[number - 1].extract_text()
        text_after = after.pages[number - 1].extract_text()
        assert f"pagina {number} van {total}" in text_before
        # Only the header and footer went: the page number and the owner's name above it.
        assert f"pagina {number} van {total}" not in text_after
        assert text_after.strip()
        assert text_after.count("Fenna de Vries") == text_before.count("Fenna de Vries") - 1


# --- Apache PDFBox preflight (Debian: libpdfbox2-java, libactivation-java, libjaxb-api-java) ---

JARS = [
    "preflight",
    "pdfbox2",
    "fontbox2",
    "xmpbox",
    "commons-logging",
    "javax.activation",
    "jaxb-api",
]
# Preflight checks PDF/A-1b. These of its rules are PDF/A-1 only and do not apply to PDF/A-3:
PDFA1_ONLY = {
    # PDF/A-1 is based on PDF 1.4; cross-reference streams (PDF 1.5) are allowed since A-2.
    ("1.4", "cross reference streams are not allowed"),
    # A CIDSet for subset CID fonts is only; make it optional.
    ("3.1.11", "The CIDSet entry is missing"),
    # Our identification says part 3, which is what we claim.
    ("7.11.2", "part must be 1"),
}


def _preflight_classpath():
    java = shutil.which("java")
    jars = [Path(f"/usr/share/java/{name}.jar") for name in JARS]
    missing = [str(j) for j in jars if not j.exists()]
    if java is None:
        pytest.skip("java is not installed (apt-get install default-jre-headless)")
    if missing:
        pytest.skip(
            "PDFBox preflight jars missing: " + ", ".join(missing) + " (apt-get install "
            "libpdfbox2-java libactivation-java libjaxb-api-java)"
        )
    return java, ":".join(str(j) for j in jars)


def preflight_findings(path):
    java, classpath = _preflight_classpath()
    done = subprocess.run(
        [java, "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Exception in thread" not in done.stderr, done.stderr[-2000:]
    output = done.stdout + done.stderr
    assert " is a valid PDF/A-1b file" in output or "not a valid PDF/A-1b" in output, output
    return [
        (m.group(1), m.group(2).strip())
        for m in re.finditer(r"^(\d+(?:\.\d+)*) : (.*)$", output, re.MULTILINE)
    ]


def _relevant(findings):
    return [
        (code, text)
        for code, text in findings
        if not any(code == c and fragment in text for c, fragment in PDFA1_ONLY)
    ]


@pytest.mark.e2e
def test_pdfbox_preflight_finds_nothing_but_pdfa1_rules(
    tmp_path, participant, cohort, make_portfolio
):
    _preflight_classpath()
    portfolio, _entries = make_portfolio(participant, entries=6, images=3)
    (tmp_path / "portfolio.pdf").write_bytes(render_bytes(build_snapshot(portfolio)))
    submission = Submission.objects.create(
        portfolio=Portfolio.objects.get(pk=portfolio.pk),
        milestone=Milestone.objects.create(
            cohort=cohort,
            name="Tussentijds",
            deadline=timezone.now() + datetime.timedelta(days=7),
            rubric=Rubric.objects.create(name="Portfoliorubric"),
        ),
        state="passed",
        snapshot=build_snapshot(portfolio),
        feedback="Mooi hoe je de bewoners zelf laat beslissen.",
        submitted_at=timezone.now(),
        decided_at=timezone.now(),
    )
    (tmp_path / "submission.pdf").write_bytes(
        render_bytes(
            submission.snapshot,
            options=pdf.RenderOptions(include_feedback=True),
            feedback=submission.assessment_summary(),
            submission_label="inzending",
            submission_id=submission.pk,
        )
    )
    for name in ("portfolio.pdf", "submission.pdf"):
        findings = preflight_findings(tmp_path / name)
        assert _relevant(findings) == [], (name, findings)
