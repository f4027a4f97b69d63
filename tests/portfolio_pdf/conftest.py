import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from demo.factories.portfolio import (
    AttachmentFactory,
    FieldworkEntryFactory,
    PortfolioFactory,
    ValuesAnswerFactory,
    ValuesQuestionFactory,
    ValuesReflectionFactory,
)
from leergang.models import Enrolment
from portfolio_pdf import pdf


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() or "" for page in reader.pages]


def render_bytes(snapshot, **kwargs):
    rendered = pdf.get_or_render(snapshot, **kwargs)
    with rendered.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def make_portfolio():
    def _make(user, *, entries=3, images=1, title="Verslag"):
        enrolment = Enrolment.objects.get(user=user)
        portfolio = PortfolioFactory(enrolment=enrolment)
        question = ValuesQuestionFactory(text="Wat drijft jou als professional?")
        intake = ValuesReflectionFactory(
            portfolio=portfolio,
            stage="intake",
            created_at=timezone.make_aware(datetime.datetime(2017, 2, 17)),
        )
        ValuesAnswerFactory(
            reflection=intake, question=question, text="<p>Eerste versie: ik wil helpen.</p>"
        )
        midway = ValuesReflectionFactory(
            portfolio=portfolio,
            stage="midway",
            created_at=timezone.make_aware(datetime.datetime(2017, 4, 5)),
        )
        ValuesAnswerFactory(
            reflection=midway, question=question, text="<p>Laatste versie: bewoners aan zet.</p>"
        )
        made = []
        for n in range(entries):
            entry = FieldworkEntryFactory(
                portfolio=portfolio,
                title=f"{title} {n + 1}",
                date=datetime.date(2017, 3, 1) + datetime.timedelta(days=n),
            )
            if n < images:
                AttachmentFactory(entry=entry, caption=f"Foto bij {title.lower()} {n + 1}")
            made.append(entry)
        return portfolio, made

    return _make
