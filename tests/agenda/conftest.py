import datetime

import pytest

from demo.factories.assessment import MilestoneFactory, RubricFactory
from demo.factories.leergang import CohortSessionFactory


@pytest.fixture
def sessions(cohort):
    """Two sessions of the cohort: one in winter time, one in summer time."""
    return [
        CohortSessionFactory(
            cohort=cohort,
            date=datetime.date(2017, 3, 2),
            topic="Laagdrempelig contact: de straat op",
            place="Leeuwarden, Campus",
        ),
        CohortSessionFactory(
            cohort=cohort,
            date=datetime.date(2017, 4, 13),
            topic="Collectieve arrangementen in de buurt",
            place="Dorpshuis Wergea",
        ),
    ]


@pytest.fixture
def milestone(cohort):
    return MilestoneFactory(
        cohort=cohort,
        rubric=RubricFactory(name="Rubric agenda"),
        name="Tussentijdse beoordeling",
        deadline=datetime.datetime(2017, 4, 7, 15, 0, tzinfo=datetime.UTC),
    )


@pytest.fixture
def other_session(other_cohort):
    return CohortSessionFactory(
        cohort=other_cohort, date=datetime.date(2017, 9, 14), topic="Andere groep"
    )
