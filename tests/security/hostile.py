"""Hostile input for the property-based tests: strategies, files that lie, and the checks."""

import io
import re
import struct
import zipfile
import zlib
from html.parser import HTMLParser

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

# No shrinking: on these slow, database-backed examples it can run for minutes; the failing
# example is printed as found.
BOUNDED = settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(BOUNDED, max_examples=10)

SCRIPT_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href=" javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<scr<script>ipt>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>",
    "</textarea><script>alert(1)</script>",
    "{{ request.user.password }}{% debug %}",
    "\u202egnp.exe",
]
PDF_PAYLOADS = [
    '<img src="file:///etc/passwd">',
    '<a rel="attachment" href="file:///etc/passwd">bijlage</a>',
    '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">',
    "<style>@import url(http://127.0.0.1:9/x.css); body { background: url(file:///etc/passwd) }</style>",
    '<object data="file:///etc/passwd"></object><iframe src="file:///etc/passwd"></iframe>',
]
# Query syntax of the search backends (SQLite FTS5, PostgreSQL tsquery).
SEARCH_SYNTAX = [
    '"',
    'bewoners "',
    "NOT",
    "AND OR NOT",
    "bewoners NOT",
    "NEAR(a b)",
    "title:bewoners",
    "{title body}: x",
    "bewon*",
    "^bewoners",
    "-bewoners +straat",
    "a & b | !c",
    "(((",
    "javascript:alert(1)",
]
CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F)


def huge(n_min=5_000, n_max=40_000):
    return st.builds(
        lambda piece, n: piece * n,
        st.sampled_from(["x", "é", "<b>", "\x00", "🙂", "a\r\n", "‮"]),
        st.integers(n_min // 4, n_max // 4),
    )


# Random unicode, control characters, huge strings and script: one field's worth.
hostile_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=CONTROL, max_size=40),
    st.sampled_from(SCRIPT_PAYLOADS + PDF_PAYLOADS + SEARCH_SYNTAX),
    st.builds(lambda a, b: a + b, st.text(max_size=30), st.sampled_from(SCRIPT_PAYLOADS)),
    huge(),
)


class _Scanner(HTMLParser):
    """Finds real (not escaped) script: inline <script> with code, event handler attributes,
    javascript: URLs, <iframe>/<object>/<embed>, and style attributes with url(javascript:)."""

    URL_ATTRIBUTES = {"href", "src", "data", "action", "formaction", "xlink:href", "poster"}

    def __init__(self, site_page):
        super().__init__(convert_charrefs=True)
        self.site_page = site_page
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("iframe", "object", "embed") or (tag == "script" and not self.site_page):
            self.found.append(f"<{tag}>")
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") and name != "on":
                self.found.append(f"{tag} {name}=")
            if name in self.URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).startswith(
                "javascript:"
            ):
                self.found.append(f"{tag} {name}=javascript:")
            if name == "style" and "javascript:" in value:
                self.found.append(f"{tag} style=javascript:")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.found.append("<script>alert(")


def dangers(text, site_page=True):
    scanner = _Scanner(site_page)
    scanner.feed(text or "")
    scanner.close()
    return scanner.found


def assert_safe_html(content, where=""):
    """A page of the site: its own <script src> tags are fine, injected script is not."""
    if isinstance(content, bytes):
        content = content.decode("utf-8", "replace")
    found = dangers(content)
    assert not found, f"{where}: script reached the page: {found}"


def assert_safe_stored(value, where=""):
    """Sanitised rich text in the database: no script element at all."""
    found = dangers(value, site_page=False)
    assert not found, f"{where}: sanitised field stores {found}: {value[:200]!r}"


# --- files that lie -----------------------------------------------------------------------------


def _png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def bomb_png(side=20_000):
    """A real 1-bit PNG of side x side pixels that compresses to a few tens of kB."""
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", body)
        + _png_chunk(b"IEND", b"")
    )


def lying_png_header(width=100_000, height=100_000):
    """A PNG whose header claims a giant image, with almost no data behind it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def docx_zip_bomb(megabytes=64):
    """A .docx that looks right ([Content_Types].xml, word/) with a member that unpacks huge."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        chunk = b"\x00" * (1024 * 1024)
        with archive.open("word/media/bom.bin", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()


def docx_many_members(count=2_500):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(count):
            archive.writestr(f"word/part{n}.xml", "")
    return out.getvalue()


SVG_AS_JPG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
)
HTML_AS_JPG = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
