import pytest

from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory


@pytest.fixture
def course_index(home_page):
    return CourseIndexPageFactory(parent=home_page)


@pytest.fixture
def module(course_index):
    return ModulePageFactory(
        parent=course_index,
        title="Laagdrempelig contact",
        slug="laagdrempelig-contact",
        outcomes=["Je legt contact met bewoners.", "Je vraagt naar ideeën."],
        tag_names=["bewonersinitiatief"],
    )


@pytest.fixture
def make_modules(course_index):
    def _make(n):
        return [ModulePageFactory(parent=course_index) for _ in range(n)]

    return _make
