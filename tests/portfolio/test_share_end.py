"""A portfolio share ends the moment its recipient is no longer enrolled in the owner's cohort,
and the owner sees that it ended, when and why (issue 12, defect 6)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from demo.factories.leergang import EnrolmentFactory
from portfolio.models import Portfolio, PortfolioShare

pytestmark = pytest.mark.django_db


def _urls(portfolio, entry, attachment):
    return [
        reverse("portfolio:view", args=[portfolio.public_id]),
        reverse("portfolio:log", args=[portfolio.public_id]),
        reverse("portfolio:growth", args=[portfolio.public_id]),
        reverse("portfolio:entry", args=[entry.public_id]),
        reverse("portfolio:attachment", args=[attachment.public_id]),
        reverse("portfolio:attachment_thumbnail", args=[attachment.public_id]),
    ]


def test_share_works_then_ends_when_the_recipient_leaves_the_cohort(
    client, portfolio, entry, attachment, shared_peer, participant
):
    client.force_login(shared_peer)
    urls = _urls(portfolio, entry, attachment)
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)

    shared_peer.enrolments.get(cohort=portfolio.enrolment.cohort).delete()

    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert not Portfolio.objects.visible_to(shared_peer).exists()
    share = PortfolioShare.objects.get(portfolio=portfolio, user=shared_peer)
    assert share.ended_at is not None and share.end_reason == "left_cohort"

    client.force_login(participant)
    html = client.get(reverse("portfolio:shares")).content.decode()
    ended = html.split("<h2>Beëindigd</h2>", 1)[1]
    today = date_format(timezone.localtime(share.ended_at), "j F Y")
    assert "Jelle" in ended
    assert f"beëindigd: niet meer ingeschreven in deze groep, op {today}" in ended
    assert "Jelle" not in html.split("<h2>Gedeeld met</h2>", 1)[1].split("<h2>", 1)[0]
    overview = client.get(reverse("portfolio:home")).content.decode()
    assert "Je portfolio is met niemand gedeeld." in overview


def test_enrolling_again_does_not_bring_the_share_back(
    client, portfolio, entry, shared_peer, participant
):
    cohort = portfolio.enrolment.cohort
    shared_peer.enrolments.get(cohort=cohort).delete()
    EnrolmentFactory(user=shared_peer, cohort=cohort)
    client.force_login(shared_peer)
    assert client.get(reverse("portfolio:entry", args=[entry.public_id])).status_code == 404
    assert (
        portfolio.get_absolute_url() not in client.get(reverse("portfolio:home")).content.decode()
    )

    # The owner shares again: a new share, the ended one stays in the owner's list.
    client.force_login(participant)
    response = client.post(reverse("portfolio:shares"), {"user": shared_peer.pk})
    assert response.status_code == 302
    assert portfolio.shares.active().get().user == shared_peer
    assert portfolio.shares.ended().count() == 1
    client.force_login(shared_peer)
    assert client.get(reverse("portfolio:entry", args=[entry.public_id])).status_code == 200


def test_a_share_without_its_enrolment_gives_no_access_even_unmarked(
    client, portfolio, entry, shared_peer
):
    # Whatever removed the enrolment, the access rule itself asks for it.
    share = PortfolioShare.objects.get(portfolio=portfolio, user=shared_peer)
    PortfolioShare.objects.filter(pk=share.pk).update(recipient_enrolment=None)
    client.force_login(shared_peer)
    assert client.get(reverse("portfolio:entry", args=[entry.public_id])).status_code == 404


def test_owner_removes_an_ended_share_from_the_list(client, portfolio, shared_peer, participant):
    shared_peer.enrolments.get().delete()
    share = PortfolioShare.objects.get(portfolio=portfolio)
    client.force_login(participant)
    response = client.post(reverse("portfolio:share_revoke", args=[share.pk]))
    assert response.status_code == 302
    assert not PortfolioShare.objects.exists()


def test_a_share_ended_by_erasure_says_so(client, portfolio, shared_peer, participant):
    PortfolioShare.objects.filter(user=shared_peer).end(PortfolioShare.EndReason.ACCOUNT_ERASED)
    client.force_login(shared_peer)
    assert client.get(portfolio.get_absolute_url()).status_code == 404
    client.force_login(participant)
    html = client.get(reverse("portfolio:shares")).content.decode()
    assert "beëindigd: het account is gewist" in html


def test_the_recipients_dashboard_forgets_an_ended_share(client, portfolio, shared_peer):
    client.force_login(shared_peer)
    assert portfolio.get_absolute_url() in client.get(reverse("dashboard")).content.decode()
    PortfolioShare.objects.filter(user=shared_peer).end(PortfolioShare.EndReason.LEFT_COHORT)
    assert portfolio.get_absolute_url() not in client.get(reverse("dashboard")).content.decode()
