"""Fieldwork tags are private: each portfolio has its own, and Wagtail's shared tag autocomplete
(listed to every admin user) never sees them (issue 12, defect 5a)."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory
from demo.factories.portfolio import FieldworkEntryFactory, PortfolioFactory
from portfolio.models import FieldworkTag, TaggedFieldworkEntry

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/tag-autocomplete/"


@pytest.fixture
def tagged_entry(portfolio):
    return FieldworkEntryFactory(portfolio=portfolio, tags=["klaas de boer", "grofvuil"])


@pytest.fixture
def module_with_tag(home_page):
    index = CourseIndexPageFactory(parent=home_page)
    return ModulePageFactory(parent=index, slug="m", tag_names=["klassewerk", "grofvuil"])


def test_the_admin_autocomplete_url_is_wagtails():
    # If Wagtail moves it, this test must follow (wagtail/admin/urls/__init__.py).
    assert reverse("wagtailadmin_tag_autocomplete") == AUTOCOMPLETE


@pytest.mark.parametrize("role", ["guild_member", "trainer", "other_trainer", "administrator"])
def test_admin_tag_autocomplete_lists_no_fieldwork_tag(
    client, request, role, tagged_entry, module_with_tag
):
    client.force_login(request.getfixturevalue(role))
    names = client.get(AUTOCOMPLETE, {"term": "kla"}).json()
    assert "klassewerk" in names  # the autocomplete works: module tags are there
    assert "klaas de boer" not in names
    # A tag used by a module and by fieldwork alike is the module's; nothing says fieldwork.
    assert client.get(AUTOCOMPLETE, {"term": "grof"}).json() == ["grofvuil"]


def test_the_fieldwork_tag_model_is_not_served_by_the_model_autocomplete(
    client, guild_member, tagged_entry
):
    client.force_login(guild_member)
    url = reverse("wagtailadmin_tag_model_autocomplete", args=["portfolio", "fieldworktag"])
    assert client.get(url, {"term": "kla"}).status_code == 404


def test_fieldwork_tags_are_not_in_taggits_table(tagged_entry):
    assert not Tag.objects.filter(name="klaas de boer").exists()
    assert sorted(tagged_entry.tags.names()) == ["grofvuil", "klaas de boer"]
    tag = FieldworkTag.objects.get(name="klaas de boer")
    assert tag.portfolio == tagged_entry.portfolio and tag.slug == "klaas-de-boer"


def test_same_name_in_two_portfolios_is_two_tags(portfolio, peer):
    mine = FieldworkEntryFactory(portfolio=portfolio, tags=["buurthuis"])
    theirs = FieldworkEntryFactory(
        portfolio=PortfolioFactory(enrolment=peer.enrolments.get()), tags=["buurthuis"]
    )
    assert mine.tags.get().pk != theirs.tags.get().pk
    theirs.tags.set(["buurthuis", "jongeren"])
    assert list(mine.tags.names()) == ["buurthuis"]
    with pytest.raises(ValueError):
        mine.tags.add(theirs.tags.get(name="jongeren"))


def test_a_tag_no_entry_carries_any_more_is_removed(portfolio):
    entry = FieldworkEntryFactory(portfolio=portfolio, tags=["klaas", "straat"])
    other = FieldworkEntryFactory(portfolio=portfolio, tags=["straat"])
    entry.tags.set(["straat", "nieuw"])
    assert set(portfolio.fieldwork_tags.values_list("name", flat=True)) == {"straat", "nieuw"}
    entry.tags.clear()
    other.tags.remove("straat")
    assert not portfolio.fieldwork_tags.exists()


def test_deleting_an_entry_removes_its_unused_tags(client, participant, portfolio):
    entry = FieldworkEntryFactory(portfolio=portfolio, tags=["klaas", "straat"])
    FieldworkEntryFactory(portfolio=portfolio, tags=["straat"])
    client.force_login(participant)
    client.post(reverse("portfolio:entry_delete", args=[entry.public_id]))
    assert list(portfolio.fieldwork_tags.values_list("name", flat=True)) == ["straat"]


def test_the_tag_input_offers_only_the_participants_own_tags(client, participant, portfolio):
    FieldworkEntryFactory(portfolio=portfolio, tags=["grofvuil"])
    stranger = ParticipantFactory()
    EnrolmentFactory(user=stranger, cohort=portfolio.enrolment.cohort)
    FieldworkEntryFactory(
        portfolio=PortfolioFactory(enrolment=stranger.enrolments.get()), tags=["geheim plan"]
    )
    client.force_login(participant)
    html = client.get(reverse("portfolio:entry_create")).content.decode()
    assert "Je labels tot nu toe:" in html and '<span class="tag">grofvuil</span>' in html
    assert "geheim plan" not in html


def test_saving_the_form_keeps_tags_in_the_own_portfolio(client, participant, portfolio, peer):
    FieldworkEntryFactory(portfolio=PortfolioFactory(enrolment=peer.enrolments.get()), tags=["x"])
    client.force_login(participant)
    response = client.post(
        reverse("portfolio:entry_create"),
        {"title": "Gesprek", "date": "2017-03-01", "setting": "street", "tags": "X, straat"},
    )
    assert response.status_code == 302
    entry = portfolio.entries.get()
    assert sorted(entry.tags.names()) == ["straat", "x"]
    assert all(t.portfolio_id == portfolio.pk for t in entry.tags.all())
    assert TaggedFieldworkEntry.objects.filter(tag__portfolio=portfolio).count() == 2
    log = client.get(reverse("portfolio:own_log"), {"tag": "x"}).content.decode()
    assert "Gesprek" in log
