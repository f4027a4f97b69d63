"""Dates read as Dutch in the Dutch interface ("7 apr. 2017", "7 april 2017") and as English in
the English one ("7 Apr 2017", "7 April 2017"): templates name Django's localized formats, which
leergang/formats/<language>/formats.py define."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import engines
from django.utils import translation

from demo.factories.assessment import MilestoneFactory, SubmissionFactory
from portfolio.models import Portfolio

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TEMPLATE = engines["django"].from_string(
    '{{ d|date:"DATE_FORMAT" }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ t|date:"DATETIME_FORMAT" }}'
)


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("nl", datetime.date(2017, 4, 7), "7 april 2017|7 apr. 2017|7 april 2017 17:00"),
        ("nl", datetime.date(2017, 5, 11), "11 mei 2017|11 mei 2017|11 mei 2017 17:00"),
        ("nl", datetime.date(2017, 3, 2), "2 maart 2017|2 mrt. 2017|2 maart 2017 17:00"),
        ("en", datetime.date(2017, 4, 7), "7 April 2017|7 Apr 2017|7 April 2017 17:00"),
        ("en", datetime.date(2017, 9, 1), "1 September 2017|1 Sep 2017|1 September 2017 17:00"),
    ],
)
def test_named_formats_per_language(language, day, expected):
    moment = datetime.datetime.combine(day, datetime.time(17))
    with translation.override(language):
        assert TEMPLATE.render({"d": day, "t": moment}) == expected


@pytest.fixture
def submitted(participant, cohort, trainer):
    milestone = MilestoneFactory(
        cohort=cohort,
        name="Tussentijdse beoordeling",
        deadline=datetime.datetime(2017, 4, 7, 17, 0, tzinfo=AMSTERDAM),
    )
    portfolio = Portfolio.objects.get_or_create(enrolment=participant.enrolments.first())[0]
    return SubmissionFactory(
        milestone=milestone,
        portfolio=portfolio,
        submitted_at=datetime.datetime(2017, 4, 5, 16, 12, tzinfo=AMSTERDAM),
    )


def _text(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def _in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_trainer_queue_shows_dutch_short_dates(client, trainer, submitted):
    client.force_login(trainer)
    html = _text(client.get("/trainer/"))
    assert ">7 apr. 2017</time>" in html  # the deadline
    assert ">5 apr. 2017 16:12</time>" in html  # submitted
    assert "Apr" not in html


def test_trainer_queue_shows_english_short_dates(client, trainer, submitted):
    _in_english(client)
    client.force_login(trainer)
    html = _text(client.get("/trainer/"))
    assert ">7 Apr 2017</time>" in html
    assert ">5 Apr 2017 16:12</time>" in html
    assert "apr." not in html


def test_submission_page_shows_long_dates_in_the_chosen_language(client, participant, submitted):
    client.force_login(participant)
    url = f"/inleveren/{submitted.pk}/"
    html = _text(client.get(url))
    assert "7 april 2017 17:00" in html  # the deadline
    assert "5 april 2017 16:12" in html  # round 1 submitted
    _in_english(client)
    html = _text(client.get(url))
    assert "7 April 2017 17:00" in html
    assert "5 April 2017 16:12" in html
