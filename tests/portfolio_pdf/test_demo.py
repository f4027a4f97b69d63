"""The demo participant's portfolio, rendered as the course would archive it."""

import pytest
from django.core.management import call_command

from leergang.models import User
from portfolio.models import Portfolio
from portfolio_pdf import sources

from .conftest import pdf_text, render_bytes

pytestmark = pytest.mark.django_db


def test_demo_portfolio_pdf(home_page):
    call_command("seed_demo", "--force", stdout=None)
    fenna = User.objects.get(email="deelnemer@example.org")
    portfolio = Portfolio.objects.get_or_create_for(fenna)
    snapshot = sources.live_snapshot(portfolio)
    assert sources.blockers(portfolio) == []
    reader, pages = pdf_text(render_bytes(snapshot))
    assert 8 <= len(pages) <= 20
    assert reader.metadata.title == "Portfolio van Fenna de Vries"
    assert reader.metadata.author == "Fenna de Vries"
    assert "Voorjaar 2017" in reader.metadata.subject
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    for section in ("Inhoud", "Waardenreflectie", "Veldwerklogboek"):
        assert section in titles
    assert all(entry["title"] in titles for entry in snapshot["entries"])
    assert f"pagina {len(pages)} van {len(pages)}" in pages[-1]
