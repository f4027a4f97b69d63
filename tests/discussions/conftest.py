import pytest

from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory
from discussions import services


@pytest.fixture
def module(home_page):
    course = CourseIndexPageFactory(parent=home_page, title="De leergang", slug="leergang")
    return ModulePageFactory(parent=course, title="Laagdrempelig contact", slug="contact")


@pytest.fixture
def thread(participant, module, cohort):
    return services.start_thread(participant, module, cohort, "Eerste gesprek", "Hoe begin je?")


def handle(user, module, cohort):
    return services.handles(services.members(module, cohort))[user.pk]
