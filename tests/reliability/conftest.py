import pytest

from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
from demo.factories.portfolio import FieldworkEntryFactory, PortfolioFactory
from portfolio_pdf.models import ExportJob


@pytest.fixture
def cohort_job(cohort, trainer):
    for n in range(3):
        user = ParticipantFactory(email=f"export{n}@example.org")
        portfolio = PortfolioFactory(enrolment=EnrolmentFactory(cohort=cohort, user=user))
        FieldworkEntryFactory(portfolio=portfolio, title=f"Buurtgesprek {n}")
    return ExportJob.objects.create(
        owner=trainer, kind=ExportJob.Kind.COHORT_PORTFOLIOS, cohort=cohort
    )
