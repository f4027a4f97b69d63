"""Certificates: the public check answers in the same time for a valid, an unknown and a
malformed number (no timing oracle); issuing a cohort; rendering the PDF and finding it again.

Prints medians and ratios; nothing passes or fails on a timing."""

import datetime
import statistics
import time

from common import median_seconds, ms, setup_django

setup_django()

from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessment.models import Submission  # noqa: E402
from certificates import document, numbers, services  # noqa: E402
from certificates.models import CertificateSettings  # noqa: E402
from demo.content.certificates import signature_image  # noqa: E402
from demo.factories.assessment import MilestoneFactory, SubmissionFactory  # noqa: E402
from demo.factories.leergang import (  # noqa: E402
    AdministratorFactory,
    CohortFactory,
    EnrolmentFactory,
    ParticipantFactory,
)
from portfolio.models import Portfolio  # noqa: E402

PARTICIPANTS = 30


def world():
    cohort = CohortFactory(name="Bench 2017")
    final = MilestoneFactory(cohort=cohort, name="Eindbeoordeling")
    cohort_settings = CertificateSettings.objects.create(
        cohort=cohort,
        final_milestone=final,
        issuer_name="Leergang Creative Communities",
        issuer_url="https://leergang.example.org/",
        issuer_email="certificaten@example.org",
        programme_lead_name="Anna Zijlstra",
        signature=signature_image(),
        accreditation_activity="2017-04126",
        accreditation_points=24,
    )
    for n in range(PARTICIPANTS):
        user = ParticipantFactory(email=f"bench{n}@example.org")
        enrolment = EnrolmentFactory(cohort=cohort, user=user)
        if n % 3:
            SubmissionFactory(
                portfolio=Portfolio.objects.create(enrolment=enrolment),
                milestone=final,
                state=Submission.State.PASSED,
                decided_at=timezone.now() - datetime.timedelta(days=1),
            )
    return cohort_settings


def main():
    cohort_settings = world()
    admin = AdministratorFactory()
    started = time.perf_counter()
    result = services.issue_cohort(cohort_settings, admin)
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = services.issue_cohort(cohort_settings, admin)
    second = time.perf_counter() - started
    print(
        f"issue a cohort of {PARTICIPANTS}: {len(result.issued)} issued, {len(result.refused)} "
        f"refused in {ms(first)}; again (all existing): {ms(second)} "
        f"({len(again.existing)} existing)"
    )

    client = Client()
    valid = result.issued[0].number
    paths = {
        "valid": reverse("certificates:verify", args=[valid]),
        "unknown": reverse("certificates:verify", args=[numbers.generate(2017)]),
        "malformed": reverse("certificates:verify", args=["xyz-" * 10]),
    }
    timings = {}
    for name, path in paths.items():
        samples = []
        for _ in range(60):
            started = time.perf_counter()
            client.get(path)
            samples.append(time.perf_counter() - started)
        timings[name] = statistics.median(samples[10:])
    print(
        "public check, median: "
        + ", ".join(f"{k} {ms(v)}" for k, v in timings.items())
        + f"; unknown/valid {timings['unknown'] / timings['valid']:.2f}, "
        f"malformed/unknown {timings['malformed'] / timings['unknown']:.2f}"
    )

    certificate = result.issued[0]
    started = time.perf_counter()
    document.stored_pdf(certificate)
    render = time.perf_counter() - started
    cached = median_seconds(lambda: document.stored_pdf(certificate), repeat=25)
    print(
        f"certificate PDF: first render {ms(render)}, found again {ms(cached)} ({render / cached:.0f}x)"
    )


if __name__ == "__main__":
    with override_settings(WAGTAILADMIN_BASE_URL="https://leergang.example.org"):
        main()
