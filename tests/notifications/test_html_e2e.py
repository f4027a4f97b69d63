"""The calendar page and the notification centre pass the Nu Html Checker (0 errors), with
the header's panel open or closed, for a participant and a trainer, forms with errors too."""

import datetime
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda import services
from demo.factories.leergang import CohortSessionFactory
from notifications.api import notify
from tests.e2e import vnu

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def test_pages_pass_the_nu_html_checker(client, participant, trainer, cohort, peer):
    vnu.require_checker()
    CohortSessionFactory(cohort=cohort, date=timezone.localdate() + datetime.timedelta(days=3))
    CohortSessionFactory(cohort=cohort, date=datetime.date(2017, 3, 2))
    for i in range(3):
        notify(participant, "mention", "/verhalen/", title=f"Gesprek {i}", actor=peer)
    pages = []
    client.force_login(participant)
    pages.append(client.get(reverse("agenda:calendar")))  # no address yet
    services.renew(participant)
    for name in ("agenda:calendar", "notifications:list", "notifications:preferences", "dashboard"):
        pages.append(client.get(reverse(name)))
    pages.append(client.get(reverse("notifications:list") + "?ongelezen=1"))
    pages.append(client.post(reverse("notifications:preferences"), {"deadline": "fax"}))
    client.force_login(trainer)
    pages += [client.get(reverse("agenda:calendar")), client.get(reverse("notifications:list"))]
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, response in enumerate(pages):
            assert response.status_code in (200, 400)
            path = Path(tmp) / f"{i:02d}.html"
            path.write_bytes(response.content)
            paths.append(path)
        errors = [m for m in vnu.check(paths) if m.get("type") == "error"]
    assert not errors, [
        (m["path"][-7:], m["lastLine"], m["message"], m.get("extract")) for m in errors[:6]
    ]
