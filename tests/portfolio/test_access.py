"""Who may see what: every portfolio URL, for every role. Not allowed is always 404."""

import pytest
from django.urls import reverse

from demo.factories.portfolio import ValuesAnswerFactory, ValuesReflectionFactory
from portfolio.models import EntryRevision, PortfolioShare, PrivacyFinding, RealName

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "owner",
    "trainer",
    "shared_peer",
    "administrator",
    "peer",
    "outsider",
    "other_trainer",
    "guild_member",
]
READERS = {"owner", "trainer", "shared_peer", "administrator"}


@pytest.fixture
def world(
    portfolio,
    entry,
    attachment,
    questions,
    peer,
    outsider,
    trainer,
    other_trainer,
    guild_member,
    administrator,
    participant,
):
    shared = __import__("demo.factories.leergang", fromlist=["x"]).ParticipantFactory(
        email="deelnemer4@example.org"
    )
    from demo.factories.leergang import EnrolmentFactory

    EnrolmentFactory(cohort=portfolio.enrolment.cohort, user=shared)
    PortfolioShare.objects.create(portfolio=portfolio, user=shared)
    reflection = ValuesReflectionFactory(portfolio=portfolio, stage="intake")
    ValuesAnswerFactory(reflection=reflection, question=questions[0])
    finding = PrivacyFinding.objects.create(entry=entry, field="actions", kind="phone", text="x")
    revision = EntryRevision.objects.create(entry=entry, data={"title": "oud"})
    real_name = RealName.objects.create(portfolio=portfolio, name="Klaas de Boer")
    share = PortfolioShare.objects.get(portfolio=portfolio, user=shared)
    users = {
        "anonymous": None,
        "owner": participant,
        "trainer": trainer,
        "shared_peer": shared,
        "administrator": administrator,
        "peer": peer,
        "outsider": outsider,
        "other_trainer": other_trainer,
        "guild_member": guild_member,
    }
    return {
        "portfolio": portfolio,
        "entry": entry,
        "attachment": attachment,
        "finding": finding,
        "revision": revision,
        "real_name": real_name,
        "share": share,
        "users": users,
    }


def read_urls(w):
    p, e, a = w["portfolio"], w["entry"], w["attachment"]
    return [
        reverse("portfolio:view", args=[p.public_id]),
        reverse("portfolio:log", args=[p.public_id]),
        reverse("portfolio:growth", args=[p.public_id]),
        reverse("portfolio:entry", args=[e.public_id]),
        reverse("portfolio:attachment", args=[a.public_id]),
        reverse("portfolio:attachment_thumbnail", args=[a.public_id]),
    ]


def owner_get_urls(w):
    e, a = w["entry"], w["attachment"]
    return [
        reverse("portfolio:entry_edit", args=[e.public_id]),
        reverse("portfolio:entry_history", args=[e.public_id]),
        reverse("portfolio:entry_privacy", args=[e.public_id]),
        reverse("portfolio:entry_delete", args=[e.public_id]),
        reverse("portfolio:attachment_edit", args=[a.public_id]),
    ]


def owner_post_urls(w):
    e, a, f = w["entry"], w["attachment"], w["finding"]
    return [
        reverse("portfolio:entry_edit", args=[e.public_id]),
        reverse("portfolio:entry_autosave", args=[e.public_id]),
        reverse("portfolio:entry_discard_draft", args=[e.public_id]),
        reverse("portfolio:entry_restore", args=[e.public_id, w["revision"].pk]),
        reverse("portfolio:finding_replace", args=[e.public_id, f.pk]),
        reverse("portfolio:finding_dismiss", args=[e.public_id, f.pk]),
        reverse("portfolio:attachment_add", args=[e.public_id]),
        reverse("portfolio:attachment_edit", args=[a.public_id]),
        reverse("portfolio:attachment_delete", args=[a.public_id]),
        reverse("portfolio:real_name_delete", args=[w["real_name"].pk]),
        reverse("portfolio:share_revoke", args=[w["share"].pk]),
        reverse("portfolio:entry_delete", args=[e.public_id]),
    ]


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_read_urls(client, world, role):
    client = _client(client, world["users"][role])
    for url in read_urls(world):
        response = client.get(url)
        if role in READERS:
            assert response.status_code in (200, 302), (role, url, response.status_code)
            if response.status_code == 302:  # the owner is sent to /portfolio/
                assert response["Location"] == reverse("portfolio:home")
        else:
            assert response.status_code == 404, (role, url, response.status_code)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "owner"])
def test_write_urls_are_owner_only(client, world, role):
    client = _client(client, world["users"][role])
    for url in owner_get_urls(world):
        assert client.get(url).status_code == 404, (role, url)
    for url in owner_post_urls(world):
        assert client.post(url, {"pseudonym": "bewoner A", "title": "x"}).status_code == 404, (
            role,
            url,
        )
    # Nothing was changed or deleted by the attempts.
    world["entry"].refresh_from_db()
    assert world["entry"].title == "Grofvuil bij de containers"
    assert world["entry"].attachments.count() == 1
    assert PortfolioShare.objects.filter(pk=world["share"].pk).exists()
    assert RealName.objects.filter(pk=world["real_name"].pk).exists()


def test_owner_can_use_every_owner_url(client, world):
    client.force_login(world["users"]["owner"])
    for url in owner_get_urls(world):
        assert client.get(url).status_code == 200, url


def test_shared_peer_reads_without_edit_controls(client, world):
    client.force_login(world["users"]["shared_peer"])
    response = client.get(reverse("portfolio:entry", args=[world["entry"].public_id]))
    html = response.content.decode()
    assert "Alleen lezen" in html
    assert reverse("portfolio:entry_edit", args=[world["entry"].public_id]) not in html
    assert "attachment_add" not in html and 'enctype="multipart/form-data"' not in html


@pytest.mark.parametrize(
    "name",
    ["home", "own_log", "entry_create", "own_growth", "real_names", "shares", "export"],
)
def test_own_pages_need_login(client, db, name):
    response = client.get(reverse(f"portfolio:{name}"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["trainer", "guild_member"])
def test_own_pages_without_enrolment(client, world, role):
    client.force_login(world["users"][role])
    assert client.get(reverse("portfolio:home")).status_code == 200
    for name in ("own_log", "own_growth"):
        assert client.get(reverse(f"portfolio:{name}")).status_code == 404
    for name in ("entry_create", "real_names", "shares", "export"):
        assert client.get(reverse(f"portfolio:{name}")).status_code == 404
    assert client.post(reverse("portfolio:entry_autosave_new"), {}).status_code == 404


def test_peer_with_own_portfolio_sees_only_own_entries(client, world):
    client.force_login(world["users"]["peer"])
    response = client.get(reverse("portfolio:own_log"))
    assert response.status_code == 200
    assert "Grofvuil bij de containers" not in response.content.decode()


def test_revoked_share_takes_effect_at_once(client, world):
    peer = world["users"]["shared_peer"]
    client.force_login(peer)
    url = reverse("portfolio:entry", args=[world["entry"].public_id])
    assert client.get(url).status_code == 200
    owner_client = __import__("django.test", fromlist=["Client"]).Client()
    owner_client.force_login(world["users"]["owner"])
    owner_client.post(reverse("portfolio:share_revoke", args=[world["share"].pk]))
    assert client.get(url).status_code == 404
    assert (
        client.get(
            reverse("portfolio:attachment", args=[world["attachment"].public_id])
        ).status_code
        == 404
    )


def test_unknown_and_malformed_ids_are_404(client, world):
    client.force_login(world["users"]["administrator"])
    assert (
        client.get("/portfolio/veldwerk/00000000-0000-0000-0000-000000000000/").status_code == 404
    )
    assert client.get("/portfolio/veldwerk/123/").status_code == 404
    assert client.get("/portfolio/waarden/onbekend/").status_code == 404
