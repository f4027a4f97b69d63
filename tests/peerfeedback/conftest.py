import pytest

from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
from demo.factories.portfolio import FieldworkEntryFactory, PortfolioFactory
from portfolio.models import PortfolioShare


@pytest.fixture
def portfolio(participant):
    return PortfolioFactory(enrolment=participant.enrolments.get())


@pytest.fixture
def entry(portfolio):
    return FieldworkEntryFactory(portfolio=portfolio, title="Koffie op het plein", is_draft=False)


@pytest.fixture
def share(portfolio, peer):
    """The participant (owner) shares their portfolio with the peer (reader)."""
    return PortfolioShare.objects.create(portfolio=portfolio, user=peer)


@pytest.fixture
def bystander(db, cohort):
    """A participant of the same cohort the portfolio is not shared with."""
    user = ParticipantFactory(email="deelnemer7@example.org", first_name="Baukje")
    EnrolmentFactory(cohort=cohort, user=user)
    return user
