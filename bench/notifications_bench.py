"""The notification centre (/meldingen/, with the header's bell) and the calendar feed at
10 and 1,000 notifications / a cohort's sessions: median time, ratio and number of queries (the
counts should be equal)."""

import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import measure_page, ms, setup_django  # noqa: E402


def build():
    from demo.factories.leergang import CohortFactory, EnrolmentFactory, ParticipantFactory

    cohort = CohortFactory(name="Bench 2017")
    user = ParticipantFactory(email="bench@example.org")
    EnrolmentFactory(cohort=cohort, user=user)
    return user, cohort


def add_notifications(user, start, stop):
    from django.utils import timezone

    from notifications.models import Notification

    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=("verdict", "deadline", "mention")[i % 3],
            title=f"Tussentijdse beoordeling {i}",
            target_url="/inleveren/",
            channel="site",
            created_at=now - datetime.timedelta(minutes=i),
            read_at=now if i % 2 else None,
        )
        for i in range(start, stop)
    )


def add_sessions(cohort, start, stop):
    from demo.factories.leergang import CohortSessionFactory

    for i in range(start, stop):
        CohortSessionFactory(
            cohort=cohort, date=datetime.date(2017, 2, 16) + datetime.timedelta(days=i)
        )


def main():
    setup_django()
    from django.urls import reverse

    from agenda import services

    user, cohort = build()
    feed = reverse("agenda:feed", args=[services.renew(user).key])
    urls = {"centre": reverse("notifications:list"), "dashboard": reverse("dashboard")}
    add_notifications(user, 0, 10)
    small = {name: measure_page(url, user=user) for name, url in urls.items()}
    add_notifications(user, 10, 1000)
    large = {name: measure_page(url, user=user) for name, url in urls.items()}
    for name in urls:
        (t10, q10), (t1000, q1000) = small[name], large[name]
        print(f"{name:10} 10 notifications: median {ms(t10)} ({q10} queries)")
        print(
            f"{'':10} 1,000 notifications: median {ms(t1000)} ({q1000} queries); ratio {t1000 / t10:.2f}"
        )
    add_sessions(cohort, 0, 10)
    t10, q10 = measure_page(feed)
    add_sessions(cohort, 10, 200)
    t200, q200 = measure_page(feed)
    print(f"{'feed':10} 10 sessions: median {ms(t10)} ({q10} queries)")
    print(f"{'':10} 200 sessions: median {ms(t200)} ({q200} queries); ratio {t200 / t10:.2f}")


if __name__ == "__main__":
    main()
