import pytest

from demo.factories.intervisie import case_of, group_of
from demo.factories.leergang import EnrolmentFactory, ParticipantFactory


@pytest.fixture
def third(db, cohort):
    user = ParticipantFactory(email="deelnemer5@example.org", first_name="Sjoukje")
    EnrolmentFactory(cohort=cohort, user=user)
    return user


@pytest.fixture
def fourth(db, cohort):
    user = ParticipantFactory(email="deelnemer6@example.org", first_name="Durk")
    EnrolmentFactory(cohort=cohort, user=user)
    return user


@pytest.fixture
def group(cohort, participant, peer, third):
    return group_of(cohort, [participant, peer, third])


@pytest.fixture
def case(group, peer):
    """A case the peer brought in; the participant and the third member respond."""
    return case_of(group, peer)
