"""Intervisie groups and cases for tests and the demo."""

from demo.factories.portfolio import FieldworkEntryFactory
from intervisie import services
from portfolio.models import Portfolio


def group_of(cohort, users, name="Groep A"):
    return services.create_group(cohort, name, users)


def case_of(group, holder, entry=None, question="Hoe krijg ik de buren erbij?"):
    if entry is None:
        enrolment = holder.enrolments.get(cohort=group.cohort)
        portfolio, _created = Portfolio.objects.get_or_create(enrolment=enrolment)
        entry = FieldworkEntryFactory(portfolio=portfolio, title="Bankje bij de brug")
    return services.bring_in(group, holder, entry, question)
