"""A module discussion (its thread list and its busiest thread) at 10 and 500 posts, and the
notification centre at 10 and 1,000 notifications: median time, ratio and number of queries
(the counts should be equal: both are paginated)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import measure_page, ms, setup_django  # noqa: E402


def build():
    from wagtail.models import Page

    from demo.factories.leergang import (
        CohortFactory,
        EnrolmentFactory,
        ParticipantFactory,
        TrainerFactory,
    )
    from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory

    trainer = TrainerFactory(email="bench-trainer@example.org")
    cohort = CohortFactory(name="Bench discussions 2017", trainers=[trainer])
    people = [trainer]
    for n in range(6):
        user = ParticipantFactory(email=f"bench-d{n}@example.org")
        EnrolmentFactory(cohort=cohort, user=user)
        people.append(user)
    root = Page.get_first_root_node()
    course = CourseIndexPageFactory(parent=root, slug="bench-leergang")
    module = ModulePageFactory(parent=course, slug="bench-module")
    return module, cohort, people


def add_posts(module, cohort, people, total):
    """Grow the discussion to ``total`` posts: threads of up to 25 posts, the first thread
    always the busiest."""
    from django.utils import timezone

    from discussions.models import Discussion, Post, Thread

    discussion, _ = Discussion.objects.get_or_create(module=module, cohort=cohort)
    have = Post.objects.filter(thread__discussion=discussion).count()
    now = timezone.now()
    while have < total:
        size = min(25, total - have)
        thread = Thread.objects.create(
            discussion=discussion,
            author=people[have % len(people)],
            title=f"Onderwerp {have}",
            last_post_at=now,
            post_count=size,
        )
        Post.objects.bulk_create(
            Post(thread=thread, author=people[i % len(people)], body=f"<p>Bericht {i}</p>")
            for i in range(size)
        )
        have += size
    return Thread.objects.filter(discussion=discussion).order_by("pk").last()


def main():
    setup_django()
    from bench.notifications_bench import add_notifications
    from bench.notifications_bench import build as build_participant
    from discussions.models import discussion_url

    module, cohort, people = build()
    trainer = people[0]
    url = discussion_url(module.pk, cohort.pk)
    busiest = add_posts(module, cohort, people, 10)
    small = {
        "discussion": measure_page(url, user=trainer),
        "thread": measure_page(busiest.get_absolute_url(), user=trainer),
    }
    busiest = add_posts(module, cohort, people, 500)
    large = {
        "discussion": measure_page(url, user=trainer),
        "thread": measure_page(busiest.get_absolute_url(), user=trainer),
    }
    for name in small:
        (t10, q10), (t500, q500) = small[name], large[name]
        print(f"{name:10} 10 posts: median {ms(t10)} ({q10} queries)")
        print(f"{'':10} 500 posts: median {ms(t500)} ({q500} queries); ratio {t500 / t10:.2f}")

    from django.urls import reverse

    user, _cohort = build_participant()
    centre = reverse("notifications:list")
    add_notifications(user, 0, 10)
    t10, q10 = measure_page(centre, user=user)
    add_notifications(user, 10, 1000)
    t1000, q1000 = measure_page(centre, user=user)
    print(f"{'centre':10} 10 notifications: median {ms(t10)} ({q10} queries)")
    print(
        f"{'':10} 1,000 notifications: median {ms(t1000)} ({q1000} queries); "
        f"ratio {t1000 / t10:.2f}"
    )


if __name__ == "__main__":
    main()
