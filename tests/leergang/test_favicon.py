"""Every page names its icons (SVG, ICO fallback, touch icons); /favicon.ico answers 200."""

import io
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


def _static(url):
    path = finders.find(url.removeprefix("/static/"))
    assert path, f"{url} is not a static file"
    return path


def test_favicon_ico_answers_with_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32)} <= set(icon.info["sizes"])
    assert client.post("/favicon.ico").status_code == 405


def test_pages_link_icons_that_exist(client, home_page):
    html = client.get("/").content.decode()
    links = {
        (rel, href)
        for rel, href in re.findall(r'<link rel="([^"]+)" href="([^"]+)"', html)
        if rel in ("icon", "apple-touch-icon", "manifest")
    }
    by_rel = {}
    for rel, href in links:
        by_rel.setdefault(rel, []).append(href)
    icons = sorted(by_rel["icon"])
    assert [h.rsplit(".", 1)[1] for h in icons] == ["ico", "svg"]
    svg = Path(_static(icons[1])).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "#a4471f" in svg  # the site's clay
    (touch,) = by_rel["apple-touch-icon"]
    assert Image.open(_static(touch)).size == (180, 180)
    (manifest_url,) = by_rel["manifest"]
    # The web app manifest is served by capture (issue 15), its icons by absolute URL.
    assert manifest_url == "/manifest.webmanifest"
    manifest = json.loads(client.get(manifest_url).content)
    sizes = set()
    for entry in manifest["icons"]:
        image = Image.open(_static(entry["src"]))
        assert f"{image.size[0]}x{image.size[1]}" == entry["sizes"]
        sizes.add(entry["sizes"])
    assert sizes == {"192x192", "512x512"}
