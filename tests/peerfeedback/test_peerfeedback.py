import datetime
import io
from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessment import services as assessment_services
from demo.factories.assessment import MilestoneFactory, RubricFactory, criterion
from demo.factories.portfolio import RealNameFactory
from notifications.models import Notification
from peerfeedback import services
from peerfeedback.models import PeerComment
from portfolio_pdf import pdf, sources

pytestmark = pytest.mark.django_db


def post_on_portfolio(client, portfolio, text):
    return client.post(
        reverse("peerfeedback:comment_portfolio", args=[portfolio.public_id]), {"text": text}
    )


def post_on_entry(client, entry, text):
    return client.post(
        reverse("peerfeedback:comment_entry", args=[entry.public_id]), {"text": text}
    )


def page(client, target):
    response = client.get(target.get_absolute_url(), follow=True)
    assert response.status_code == 200
    return response.content.decode()


# --- reading and posting ---------------------------------------------------------------------


def test_reader_comments_on_the_portfolio_and_an_entry(client, share, portfolio, entry, peer):
    client.force_login(peer)
    assert "Reageer op het portfolio als geheel" in page(client, portfolio)
    response = post_on_portfolio(client, portfolio, "Mooi hoe je **aansluit** bij bewoners.")
    assert response.status_code == 302
    response = post_on_entry(client, entry, "Wat deed je met het idee van de bakker?")
    comment = PeerComment.objects.get(entry=entry)
    assert response["Location"] == f"{entry.get_absolute_url()}#reactie-{comment.pk}"
    html = page(client, entry)
    assert "Wat deed je met het idee van de bakker?" in html
    assert "Bewerken" in html and "Verwijderen" in html
    overview = page(client, portfolio)
    assert "<strong>aansluit</strong>" in overview
    assert "Koffie op het plein" in overview  # the entry comment says what it is about


def test_owner_sees_the_comments_with_their_choices(client, share, portfolio, peer, participant):
    services.post(peer, portfolio, "Goed verslag.")
    client.force_login(participant)
    html = page(client, portfolio)
    assert "Goed verslag." in html
    assert "Niet in je pdf" in html and "Trainers zien haar niet" in html
    assert "Keuzes opslaan" in html


def test_html_and_script_are_shown_as_text(client, share, portfolio, peer):
    client.force_login(peer)
    post_on_portfolio(
        client, portfolio, '<script>alert("x")</script> <b>vet</b> https://example.org'
    )
    html = page(client, portfolio)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "&lt;b&gt;vet&lt;/b&gt;" in html
    assert '<a href="https://example.org" rel="noopener nofollow">' in html


def test_a_participant_without_the_share_gets_404(client, share, portfolio, entry, bystander):
    services.post(share.user, portfolio, "Alleen voor ons.")
    client.force_login(bystander)
    assert post_on_portfolio(client, portfolio, "Ik ook").status_code == 404
    assert post_on_entry(client, entry, "Ik ook").status_code == 404
    comment = PeerComment.objects.get()
    assert client.get(reverse("peerfeedback:edit", args=[comment.pk])).status_code == 404
    assert client.post(reverse("peerfeedback:delete", args=[comment.pk])).status_code == 404
    assert PeerComment.objects.count() == 1
    assert PeerComment.objects.visible_to(bystander).count() == 0


def test_owner_cannot_post_on_own_work(client, share, portfolio, participant):
    client.force_login(participant)
    assert post_on_portfolio(client, portfolio, "Zelf").status_code == 404


@pytest.mark.parametrize("how", ["revoked", "left_cohort"])
def test_an_ended_share_ends_reading_and_posting(client, share, portfolio, peer, participant, how):
    comment = services.post(peer, portfolio, "Eerste indruk.")
    services.set_owner_choices(comment, in_pdf=True, visible_to_trainers=False, hidden=False)
    if how == "revoked":
        share.delete()
    else:
        peer.enrolments.get().delete()
    client.force_login(peer)
    assert post_on_portfolio(client, portfolio, "Nog iets").status_code == 404
    assert client.get(reverse("peerfeedback:edit", args=[comment.pk])).status_code == 404
    assert client.post(reverse("peerfeedback:delete", args=[comment.pk])).status_code == 404
    assert not PeerComment.objects.visible_to(peer).exists()
    # The owner keeps it, as they chose.
    client.force_login(participant)
    assert "Eerste indruk." in page(client, portfolio)
    assert [c["html"] for c in sources.live_snapshot(portfolio)["peer_comments"]] == [
        "<p>Eerste indruk.</p>"
    ]


# --- the author: edit for 15 minutes, delete ------------------------------------------------


def test_author_edits_within_15_minutes_and_not_after(client, share, portfolio, peer):
    comment = services.post(peer, portfolio, "Eerste versie.")
    client.force_login(peer)
    url = reverse("peerfeedback:edit", args=[comment.pk])
    assert url in page(client, portfolio)
    assert client.post(url, {"text": "Tweede versie."}).status_code == 302
    comment.refresh_from_db()
    assert "Tweede versie." in comment.body and comment.edited_at is not None
    later = comment.created_at + datetime.timedelta(minutes=15, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.post(url, {"text": "Derde versie, te laat."})
        assert response.status_code == 400
        html = response.content.decode()
        assert "Je kunt een reactie tot 15 minuten na het plaatsen bewerken" in html
        assert "Derde versie, te laat." in html  # the text is kept
        assert url not in page(client, portfolio)  # no edit link any more
    comment.refresh_from_db()
    assert "Tweede versie." in comment.body


def test_author_deletes_any_time(client, share, portfolio, peer):
    comment = services.post(peer, portfolio, "Weg ermee.")
    PeerComment.objects.update(created_at=timezone.now() - datetime.timedelta(days=3))
    client.force_login(peer)
    assert client.post(reverse("peerfeedback:delete", args=[comment.pk])).status_code == 302
    assert not PeerComment.objects.exists()


def test_only_the_author_edits_or_deletes(client, share, portfolio, peer, participant):
    comment = services.post(peer, portfolio, "Van Jelle.")
    client.force_login(participant)  # the owner hides, but does not edit or delete
    assert client.get(reverse("peerfeedback:edit", args=[comment.pk])).status_code == 404
    assert client.post(reverse("peerfeedback:delete", args=[comment.pk])).status_code == 404
    assert PeerComment.objects.filter(pk=comment.pk).exists()


# --- the owner's choices ---------------------------------------------------------------------


def choose(client, comment, **values):
    data = {k: "on" for k, v in values.items() if v}
    return client.post(reverse("peerfeedback:choices", args=[comment.pk]), data)


def test_owner_hides_a_comment_from_readers(client, share, portfolio, peer, bystander, participant):
    from portfolio.models import PortfolioShare

    PortfolioShare.objects.create(portfolio=portfolio, user=bystander)
    comment = services.post(peer, portfolio, "Onhandige opmerking.")
    client.force_login(participant)
    assert choose(client, comment, hidden=True).status_code == 302
    assert "Verborgen" in page(client, portfolio)
    client.force_login(bystander)
    assert "Onhandige opmerking." not in page(client, portfolio)
    client.force_login(peer)  # the author still sees their own, marked as hidden
    html = page(client, portfolio)
    assert "Onhandige opmerking." in html and "De eigenaar heeft je reactie verborgen" in html
    # Only the owner sets the choices.
    assert choose(client, comment, hidden=False).status_code == 404
    assert PeerComment.objects.get().hidden_by_owner


def test_trainers_see_only_what_the_owner_allows(
    client, share, portfolio, entry, peer, participant, trainer, other_trainer
):
    comment = services.post(peer, portfolio, "Voor de trainer.", entry=entry)
    client.force_login(trainer)
    assert "Voor de trainer." not in page(client, entry)
    client.force_login(participant)
    choose(client, comment, visible_to_trainers=True)
    client.force_login(trainer)
    html = page(client, entry)
    assert "Voor de trainer." in html
    assert "Keuzes opslaan" not in html and "Reactie plaatsen" not in html
    assert PeerComment.objects.visible_to(other_trainer).count() == 0
    # Hidden wins over the trainers' flag.
    services.set_owner_choices(comment, in_pdf=False, visible_to_trainers=True, hidden=True)
    client.force_login(trainer)
    assert "Voor de trainer." not in page(client, entry)


def test_owner_flags_decide_what_is_in_the_pdf(client, share, portfolio, entry, peer, participant):
    on_entry = services.post(peer, portfolio, "Sterke reflectie op het plein.", entry=entry)
    services.post(peer, portfolio, "Niet voor de pdf bedoeld.")
    assert "peer_comments" not in sources.live_snapshot(portfolio)  # both start off
    client.force_login(participant)
    choose(client, on_entry, in_pdf=True)
    snapshot = sources.live_snapshot(portfolio)
    rendered = pdf.get_or_render(snapshot)
    with rendered.file.open("rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    text = " ".join(text.split())
    assert "Sterke reflectie op het plein." in text
    assert "Feedback van medecursisten" in text
    assert "Niet voor de pdf bedoeld." not in text
    # Hiding takes it out again, and the cache follows.
    services.set_owner_choices(on_entry, in_pdf=True, visible_to_trainers=False, hidden=True)
    assert pdf.cache_key(sources.live_snapshot(portfolio)) != pdf.cache_key(snapshot)
    html = pdf.build_html(sources.live_snapshot(portfolio))
    assert "Sterke reflectie" not in html


# --- privacy, rate limit, notification -------------------------------------------------------


def test_privacy_finding_blocks_posting_and_keeps_the_text(client, share, portfolio, peer):
    RealNameFactory(portfolio=portfolio, name="Klaas de Boer")
    client.force_login(peer)
    text = "Bel Klaas de Boer even op 06-12345678."
    response = post_on_portfolio(client, portfolio, text)
    assert response.status_code == 400
    html = response.content.decode()
    assert "persoonsgegevens van bewoners" in html
    assert "Klaas de Boer" in html and text in html
    assert not PeerComment.objects.exists()
    comment = services.post(peer, portfolio, "Netjes.")
    response = client.post(reverse("peerfeedback:edit", args=[comment.pk]), {"text": text})
    assert response.status_code == 400 and text in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "<p>Netjes.</p>"


@override_settings(LEERGANG_RATE_LIMITS={"intervisie-response": (3, 60)})
def test_posting_is_rate_limited_per_user(client, share, portfolio, peer):
    client.force_login(peer)
    for n in range(3):
        assert post_on_portfolio(client, portfolio, f"Reactie {n}").status_code == 302
    response = post_on_portfolio(client, portfolio, "Nog een reactie")
    assert response.status_code == 400
    assert "Je plaatst heel snel achter elkaar" in response.content.decode()
    assert "Nog een reactie" in response.content.decode()
    assert PeerComment.objects.count() == 3


def test_the_owner_is_notified_with_a_link_not_the_content(
    share, portfolio, entry, peer, participant
):
    comment = services.post(peer, portfolio, "Geheime inhoud.", entry=entry)
    notification = Notification.objects.get(user=participant, kind="peer_comment")
    assert notification.target_url == comment.get_absolute_url()
    assert notification.actor == peer
    assert "Geheime inhoud" not in notification.title
    assert not Notification.objects.filter(user=peer).exists()


def test_reloading_the_post_address_goes_back_to_the_comments(client, share, portfolio, peer):
    client.force_login(peer)
    url = reverse("peerfeedback:comment_portfolio", args=[portfolio.public_id])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{portfolio.get_absolute_url()}#reacties"


def test_the_assess_page_shows_what_the_owner_lets_trainers_see(
    client, share, portfolio, entry, peer, participant, trainer, cohort
):

    rubric = RubricFactory(criteria=[criterion("Reflectie")])
    milestone = MilestoneFactory(cohort=cohort, rubric=rubric)
    submission = assessment_services.submit(
        assessment_services.start(portfolio, milestone, participant), participant
    )
    shown = services.post(peer, portfolio, "Zichtbaar voor de trainer.", entry=entry)
    services.post(peer, portfolio, "Alleen voor Fenna.")
    services.set_owner_choices(shown, in_pdf=False, visible_to_trainers=True, hidden=False)
    client.force_login(trainer)
    response = client.get(reverse("assessment:assess", args=[submission.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zichtbaar voor de trainer." in html
    assert "Alleen voor Fenna." not in html


def test_the_owner_page_queries_do_not_grow_with_the_comments(
    client, share, portfolio, entry, peer, participant
):
    client.force_login(participant)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("portfolio:home")).status_code == 200
        return len(captured)

    for n in range(3):
        PeerComment.objects.create(
            portfolio=portfolio, entry=entry, author=peer, body=f"<p>{n}</p>"
        )
    queries()  # the first visit fills the role cache
    few = queries()
    PeerComment.objects.bulk_create(
        PeerComment(
            portfolio=portfolio, entry=entry if n % 2 else None, author=peer, body="<p>x</p>"
        )
        for n in range(40)
    )
    assert queries() == few
