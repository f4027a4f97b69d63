import pytest
from django.db import transaction

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The shared world, built once per module and rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# Function-scoped data for the hostile-input tests (the matrix uses ``world`` above).


@pytest.fixture
def portfolio(participant):
    from demo.factories.portfolio import PortfolioFactory, ensure_default_questions

    ensure_default_questions()
    return PortfolioFactory(enrolment=participant.enrolments.get())


@pytest.fixture
def entry(portfolio):
    from demo.factories.portfolio import FieldworkEntryFactory

    return FieldworkEntryFactory(portfolio=portfolio, title="Grofvuil bij de containers")


@pytest.fixture
def attachment(entry):
    from demo.factories.portfolio import AttachmentFactory

    return AttachmentFactory(entry=entry)
