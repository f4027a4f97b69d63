import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from assessment.models import Submission
from certificates import services
from certificates.models import CertificateSettings
from demo.content.certificates import signature_image
from demo.factories.assessment import MilestoneFactory, RubricFactory, SubmissionFactory
from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory
from portfolio.models import Portfolio

SITE = "https://leergang.example.org"


@pytest.fixture(autouse=True)
def _site_url():
    with override_settings(WAGTAILADMIN_BASE_URL=SITE):
        yield


@pytest.fixture
def course(home_page):
    index = CourseIndexPageFactory(parent=home_page)
    modules = [
        ModulePageFactory(
            parent=index,
            title="Wat drijft jou?",
            slug="wat-drijft-jou",
            study_load_hours=16,
            outcomes=["Je benoemt je eigen waarden.", "Je ziet ze terug in je handelen."],
        ),
        ModulePageFactory(
            parent=index,
            title="Laagdrempelig contact",
            slug="laagdrempelig-contact",
            study_load_hours=24,
            outcomes=["Je legt contact met bewoners.", "Je vraagt door naar hun ideeën."],
        ),
    ]
    return index, modules


@pytest.fixture
def final_milestone(cohort):
    return MilestoneFactory(cohort=cohort, name="Eindbeoordeling", rubric=RubricFactory())


@pytest.fixture
def signature(db):
    return signature_image("Handtekening")


@pytest.fixture
def cohort_settings(cohort, final_milestone, signature):
    return CertificateSettings.objects.create(
        cohort=cohort,
        final_milestone=final_milestone,
        issuer_name="Leergang Creative Communities",
        issuer_url="https://leergang.example.org/",
        issuer_email="certificaten@example.org",
        place="Leeuwarden",
        accreditation_activity="2017-04126",
        accreditation_points=24,
        programme_lead_name="Anna Zijlstra",
        signature=signature,
    )


def pass_final(user, milestone, state=Submission.State.PASSED, round=1):
    portfolio = Portfolio.objects.get_or_create(
        enrolment=user.enrolments.get(cohort=milestone.cohort)
    )[0]
    return SubmissionFactory(
        portfolio=portfolio,
        milestone=milestone,
        state=state,
        round=round,
        decided_at=timezone.make_aware(datetime.datetime(2017, 6, 20, 14, 30)),
    )


@pytest.fixture
def passed(participant, final_milestone, course):
    pass_final(participant, final_milestone)
    return participant


@pytest.fixture
def certificate(passed, cohort_settings, administrator):
    certificate, _created = services.issue(passed.enrolments.get(), administrator)
    return certificate
