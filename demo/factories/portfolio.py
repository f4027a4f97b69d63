"""Factories for portfolios, shared by the tests, seed_demo and the bench."""

import datetime
import io

import factory
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from demo.factories.leergang import EnrolmentFactory
from portfolio.models import (
    Attachment,
    FieldworkEntry,
    Portfolio,
    PortfolioShare,
    RealName,
    ValuesAnswer,
    ValuesQuestion,
    ValuesReflection,
)

DEFAULT_QUESTIONS = [
    (
        "Wat drijft mij als professional?",
        "Denk aan momenten waarop je werk je energie gaf. Wat gebeurde er toen?",
    ),
    (
        "Welke waarden zijn voor mij belangrijk, en waarom?",
        "Kies er twee of drie en vertel waar ze vandaan komen.",
    ),
    (
        "Hoe sluit ik aan bij de motivatie en ambities van bewoners?",
        "Wat doe je concreet, en wat laat je juist bij de bewoners?",
    ),
    (
        "Waar werden mijn waarden op de proef gesteld?",
        "Een situatie waarin je twijfelde of iets anders deed dan je wilde.",
    ),
]


def ensure_default_questions():
    questions = []
    for i, (text, guidance) in enumerate(DEFAULT_QUESTIONS):
        question, _created = ValuesQuestion.objects.get_or_create(
            text=text, defaults={"guidance": guidance, "sort_order": i}
        )
        questions.append(question)
    return questions


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 120, 40), label=""):
    image = Image.new("RGB", size, color)
    if label:
        ImageDraw.Draw(image).text((8, 8), label, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def pdf_bytes(text="Verslag"):
    """A tiny, valid one-page PDF (hand-written, no dependencies)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio
        django_get_or_create = ("enrolment",)

    enrolment = factory.SubFactory(EnrolmentFactory)


class ValuesQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValuesQuestion

    text = factory.Sequence(lambda n: f"Vraag {n}: wat vind jij belangrijk?")
    sort_order = factory.Sequence(lambda n: n)


class ValuesReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValuesReflection

    portfolio = factory.SubFactory(PortfolioFactory)
    stage = ValuesReflection.Stage.INTAKE


class ValuesAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValuesAnswer

    reflection = factory.SubFactory(ValuesReflectionFactory)
    question = factory.SubFactory(ValuesQuestionFactory)
    question_text = factory.LazyAttribute(lambda o: o.question.text)
    text = "<p>Ik wil dat bewoners zelf de regie houden.</p>"


class FieldworkEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldworkEntry
        skip_postgeneration_save = True

    portfolio = factory.SubFactory(PortfolioFactory)
    title = factory.Sequence(lambda n: f"Gesprek op straat {n}")
    date = factory.Sequence(lambda n: datetime.date(2017, 3, 1) + datetime.timedelta(days=n % 90))
    place = "Heechterp, Leeuwarden"
    setting = FieldworkEntry.Setting.STREET
    involved = "bewoner A, bewoner B"
    residents_idea = "<p>Een bankje bij de speeltuin, zodat ouders elkaar ontmoeten.</p>"
    actions = "<p>Ik vroeg door naar wie er nog meer mee wilde doen.</p>"
    outcome = "<p>Bewoner A nodigt de buren uit voor een eerste gesprek.</p>"
    reflection = "<p>Ik merkte dat ik snel wilde helpen; ik hield me in.</p>"
    is_draft = False

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    entry = factory.SubFactory(FieldworkEntryFactory)
    file = factory.LazyFunction(lambda: ContentFile(image_bytes(), name="foto.jpg"))
    original_name = "foto.jpg"
    content_type = "image/jpeg"
    size = factory.LazyAttribute(lambda o: o.file.size)
    width = 64
    height = 48
    caption = "De plek van het idee"
    consent = Attachment.Consent.NOT_IDENTIFIABLE


class RealNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RealName

    portfolio = factory.SubFactory(PortfolioFactory)
    name = "Klaas de Boer"


class PortfolioShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioShare

    portfolio = factory.SubFactory(PortfolioFactory)
