"""The subscription: a valid iCalendar document (parsed with ``icalendar``) that holds every
session and deadline of the reader's cohorts once, in Europe/Amsterdam with its VTIMEZONE, and
follows changes (SEQUENCE) and deletions (STATUS:CANCELLED)."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from agenda import services
from agenda.models import CalendarToken
from demo.factories.leergang import CohortSessionFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def fetch(client, user):
    token = CalendarToken.objects.owned_by(user).active().first() or services.renew(user)
    response = client.get(reverse("agenda:feed", args=[token.key]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_feed_holds_every_session_and_deadline_once_in_amsterdam_time(
    client, participant, sessions, milestone, other_session
):
    calendar = fetch(client, participant)
    found = calendar.walk("VEVENT")
    summaries = [str(e["summary"]) for e in found]
    assert sorted(summaries) == sorted(
        [
            "Bijeenkomst: Laagdrempelig contact: de straat op",
            "Bijeenkomst: Collectieve arrangementen in de buurt",
            "Deadline: Tussentijdse beoordeling",
        ]
    )
    assert len({str(e["uid"]) for e in found}) == 3
    by_summary = events(calendar)
    winter = by_summary["Bijeenkomst: Laagdrempelig contact: de straat op"]
    assert winter["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert winter["dtstart"].dt == datetime.datetime(2017, 3, 2, 13, 30, tzinfo=AMSTERDAM)
    assert winter["dtstart"].dt.utcoffset() == datetime.timedelta(hours=1)
    summer = by_summary["Bijeenkomst: Collectieve arrangementen in de buurt"]
    assert summer["dtstart"].dt.utcoffset() == datetime.timedelta(hours=2)
    assert summer["dtend"].dt == datetime.datetime(2017, 4, 13, 17, 0, tzinfo=AMSTERDAM)
    assert str(summer["location"]) == "Dorpshuis Wergea"
    deadline = by_summary["Deadline: Tussentijdse beoordeling"]
    # 15:00 UTC is 17:00 in Amsterdam in April (summer time).
    assert deadline["dtstart"].dt.astimezone(AMSTERDAM).hour == 17
    assert deadline["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert "DTEND" not in deadline
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Europe/Amsterdam"]
    assert {c.name for c in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert str(calendar["x-wr-timezone"]) == "Europe/Amsterdam"
    assert calendar.to_ical().decode().count("X-PUBLISHED-TTL:PT6H") == 1
    assert str(winter["uid"]) == f"session-{sessions[0].pk}-c{sessions[0].cohort_id}@127.0.0.1"
    assert all(int(e["sequence"]) == 0 and str(e["status"]) == "CONFIRMED" for e in found)


def test_feed_has_topic_place_and_module(client, participant, sessions, home_page):
    from agenda.models import SessionModule
    from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory

    course = CourseIndexPageFactory(parent=home_page)
    module = ModulePageFactory(parent=course, title="Laagdrempelig contact met bewoners")
    SessionModule.objects.create(session=sessions[0], module=module)
    event = events(fetch(client, participant))["Bijeenkomst: Laagdrempelig contact: de straat op"]
    description = str(event["description"])
    assert "Module: Laagdrempelig contact met bewoners" in description
    assert "Onderwerp: Laagdrempelig contact: de straat op" in description
    assert "Voorjaar 2017" in description
    assert str(event["url"]).startswith("http") and module.url in str(event["url"])
    # Linking the module changed the event's text: its sequence went up.
    assert int(event["sequence"]) == 1


def test_trainer_gets_their_cohorts_sessions_not_others(
    client, trainer, sessions, other_session, milestone
):
    summaries = set(events(fetch(client, trainer)))
    assert "Bijeenkomst: Andere groep" not in summaries
    assert "Bijeenkomst: Laagdrempelig contact: de straat op" in summaries
    assert "Deadline: Tussentijdse beoordeling" in summaries


def test_a_change_raises_the_sequence(client, participant, sessions):
    session = sessions[0]
    before = events(fetch(client, participant))
    uid = str(before["Bijeenkomst: Laagdrempelig contact: de straat op"]["uid"])
    session.save()  # Wagtail saves every session of a cohort: no change, no new sequence
    assert int(events(fetch(client, participant))[session_summary(session)]["sequence"]) == 0
    session.place = "Buurthuis De Schakel"
    session.save()
    session.start_time = datetime.time(14, 0)
    session.save()
    after = events(fetch(client, participant))[session_summary(session)]
    assert str(after["uid"]) == uid
    assert int(after["sequence"]) == 2
    assert str(after["location"]) == "Buurthuis De Schakel"
    assert after["dtstart"].dt == datetime.datetime(2017, 3, 2, 14, 0, tzinfo=AMSTERDAM)


def session_summary(session):
    return f"Bijeenkomst: {session.topic}"


def test_a_deleted_session_is_cancelled_with_a_higher_sequence(client, participant, sessions):
    session = sessions[1]
    session.place = "Ergens anders"
    session.save()  # sequence 1
    uid = str(events(fetch(client, participant))[session_summary(session)]["uid"])
    session.delete()
    cancelled = [e for e in fetch(client, participant).walk("VEVENT") if str(e["uid"]) == uid]
    assert len(cancelled) == 1
    assert str(cancelled[0]["status"]) == "CANCELLED"
    assert int(cancelled[0]["sequence"]) == 2
    assert str(cancelled[0]["location"]) == "Ergens anders"


def test_a_deleted_deadline_is_cancelled(client, participant, milestone):
    uid = str(events(fetch(client, participant))["Deadline: Tussentijdse beoordeling"]["uid"])
    milestone.deadline += datetime.timedelta(days=3)
    milestone.save()
    assert (
        int(events(fetch(client, participant))["Deadline: Tussentijdse beoordeling"]["sequence"])
        == 1
    )
    milestone.delete()
    (event,) = [e for e in fetch(client, participant).walk("VEVENT") if str(e["uid"]) == uid]
    assert (str(event["status"]), int(event["sequence"])) == ("CANCELLED", 2)


def test_a_session_moved_to_another_cohort(client, participant, outsider, sessions, other_cohort):
    session = sessions[0]
    session.cohort = other_cohort
    session.save()
    mine = [
        e for e in fetch(client, participant).walk("VEVENT") if "straat op" in str(e["summary"])
    ]
    assert [str(e["status"]) for e in mine] == ["CANCELLED"]
    theirs = [e for e in fetch(client, outsider).walk("VEVENT") if "straat op" in str(e["summary"])]
    assert [str(e["status"]) for e in theirs] == ["CONFIRMED"]
    assert str(theirs[0]["uid"]) != str(mine[0]["uid"])


def test_deleting_a_cohort_removes_its_calendar(client, administrator, sessions, cohort):
    cohort.delete()
    assert fetch(client, administrator).walk("VEVENT") == []


def test_sessions_from_before_the_app_have_sequence_zero(client, participant, cohort):
    from agenda.models import CalendarEntry

    CohortSessionFactory(cohort=cohort, date=datetime.date(2017, 5, 11), topic="Oud")
    CalendarEntry.objects.all().delete()  # as if created before the app was installed
    (event,) = fetch(client, participant).walk("VEVENT")
    assert int(event["sequence"]) == 0
    session = cohort.sessions.get()
    session.topic = "Nieuw"
    session.save()
    (event,) = fetch(client, participant).walk("VEVENT")
    assert (str(event["summary"]), int(event["sequence"])) == ("Bijeenkomst: Nieuw", 1)


def test_saving_a_cohort_in_the_admin_keeps_the_sequence(client, participant, sessions, cohort):
    """Wagtail's cohort form saves every session (modelcluster): unchanged ones stay at 0."""
    cohort.name = cohort.name  # no change
    cohort.save()
    for s in cohort.sessions.all():
        s.save()
    assert {int(e["sequence"]) for e in fetch(client, participant).walk("VEVENT")} == {0}
    cohort.name = "Voorjaar 2017 (Leeuwarden)"
    cohort.save()
    assert {int(e["sequence"]) for e in fetch(client, participant).walk("VEVENT")} == {1}
