import pytest

from demo.factories.portfolio import (
    AttachmentFactory,
    FieldworkEntryFactory,
    PortfolioFactory,
    ensure_default_questions,
)
from portfolio.models import PortfolioShare


@pytest.fixture
def portfolio(participant):
    return PortfolioFactory(enrolment=participant.enrolments.get())


@pytest.fixture
def entry(portfolio):
    return FieldworkEntryFactory(portfolio=portfolio, title="Grofvuil bij de containers")


@pytest.fixture
def attachment(entry):
    return AttachmentFactory(entry=entry)


@pytest.fixture
def questions(db):
    return ensure_default_questions()


@pytest.fixture
def shared_peer(portfolio, peer):
    PortfolioShare.objects.create(portfolio=portfolio, user=peer)
    return peer
