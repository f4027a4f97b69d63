"""The fieldwork log with 200 entries against the same page with 5: median time and ratio.

Also prints the number of queries of both pages (they should be equal).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import measure_page, ms, setup_django  # noqa: E402


def build(n, cohort_name):
    from demo.factories.leergang import CohortFactory, EnrolmentFactory, ParticipantFactory
    from demo.factories.portfolio import AttachmentFactory, FieldworkEntryFactory, PortfolioFactory
    from portfolio.privacy import check_entry

    cohort = CohortFactory(name=cohort_name)
    user = ParticipantFactory(email=f"bench-{n}@example.org")
    portfolio = PortfolioFactory(enrolment=EnrolmentFactory(cohort=cohort, user=user))
    for i in range(n):
        entry = FieldworkEntryFactory(
            portfolio=portfolio,
            tags=["grofvuil", f"thema-{i % 9}"],
            actions=f"<p>Bel 06-1234567{i % 10}</p>" if i % 4 == 0 else "<p>Gesprek.</p>",
        )
        if i % 2 == 0:
            AttachmentFactory(entry=entry)
        check_entry(entry, [])
    return user


def measure(user, url):
    return measure_page(url, user=user)


def main():
    setup_django()
    from django.urls import reverse

    small = build(5, "Bench klein")
    large = build(200, "Bench groot")
    for name in ("portfolio:own_log", "portfolio:home"):
        url = reverse(name)
        t_small, q_small = measure(small, url)
        t_large, q_large = measure(large, url)
        print(f"{url:<22} 5 entries: {ms(t_small)} ({q_small} queries)")
        print(f"{url:<22} 200 entries: {ms(t_large)} ({q_large} queries)")
        print(f"{url:<22} ratio 200/5: {t_large / t_small:.2f}")


if __name__ == "__main__":
    main()
