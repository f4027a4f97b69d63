"""The trainer's assessment queue and the cohort results with 40 participants against 2:
median time, ratio and number of queries (the counts should be equal)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import measure_page, ms, setup_django  # noqa: E402


def build(n, trainer, tag):
    from assessment import services
    from demo.factories.assessment import MilestoneFactory, RubricFactory, criterion
    from demo.factories.leergang import CohortFactory, EnrolmentFactory, ParticipantFactory
    from portfolio.models import FieldworkEntry, Portfolio

    cohort = CohortFactory(name=f"Bench {tag}", trainers=[trainer])
    rubric = RubricFactory(
        name=f"Bench-rubric {tag}",
        criteria=[
            criterion(name) for name in ("Ambities", "Waarden", "Reflectie", "Gebied", "Ambacht")
        ],
    )
    milestone = MilestoneFactory(cohort=cohort, rubric=rubric, name="Tussentijds")
    for i in range(n):
        user = ParticipantFactory(email=f"bench-{tag}-{i}@example.org")
        portfolio = Portfolio.objects.create(enrolment=EnrolmentFactory(cohort=cohort, user=user))
        for j in range(3):
            FieldworkEntry.objects.create(portfolio=portfolio, title=f"Verslag {j}", is_draft=False)
        submission = services.submit(services.start(portfolio, milestone, user), user)
        if i % 2:
            scores = {
                c["key"]: (c["levels"][1]["key"], "Prima")
                for c in submission.rubric_version.criteria
            }
            services.save_scores(submission, trainer, scores)
    return cohort


def measure(user, url):
    return measure_page(url, user=user)


def main():
    setup_django()
    from django.test.utils import override_settings
    from django.urls import reverse

    from demo.factories.leergang import TrainerFactory

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        small_trainer = TrainerFactory(email="bench-small@example.org")
        large_trainer = TrainerFactory(email="bench-large@example.org")
        small = build(2, small_trainer, "2")
        large = build(40, large_trainer, "40")

    queue_2, q_queue_2 = measure(small_trainer, reverse("assessment:queue"))
    queue_40, q_queue_40 = measure(large_trainer, reverse("assessment:queue"))
    res_2, q_res_2 = measure(small_trainer, reverse("assessment:results", args=[small.pk]))
    res_40, q_res_40 = measure(large_trainer, reverse("assessment:results", args=[large.pk]))
    csv_40, q_csv_40 = measure(large_trainer, reverse("assessment:results_csv", args=[large.pk]))

    print(f"trainer queue, 40 participants: median {ms(queue_40)} ({q_queue_40} queries)")
    print(f"trainer queue,  2 participants: median {ms(queue_2)} ({q_queue_2} queries)")
    print(f"  ratio 40/2: {queue_40 / queue_2:.2f}")
    print(f"cohort results, 40 participants: median {ms(res_40)} ({q_res_40} queries)")
    print(f"cohort results,  2 participants: median {ms(res_2)} ({q_res_2} queries)")
    print(f"  ratio 40/2: {res_40 / res_2:.2f}")
    print(f"results CSV, 40 participants: median {ms(csv_40)} ({q_csv_40} queries)")


if __name__ == "__main__":
    main()
