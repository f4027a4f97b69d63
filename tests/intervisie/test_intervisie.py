import pytest
from django.urls import reverse

from demo.factories.intervisie import group_of
from intervisie import services
from intervisie.models import Case, GroupMembership, IntervisieGroup, Phase, Response
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def post_response(client, case, text):
    return client.post(reverse("intervisie:respond", args=[case.pk]), {"text": text})


# --- groups ----------------------------------------------------------------------------------


def test_trainer_forms_a_group_of_three_to_six(client, trainer, cohort, participant, peer, third):
    client.force_login(trainer)
    url = reverse("intervisie:trainer_groups", args=[cohort.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Groep B", "members": [participant.pk, peer.pk]})
    assert response.status_code == 400
    assert "Een intervisiegroep heeft 3 tot 6 deelnemers" in response.content.decode()
    response = client.post(url, {"name": "Groep B", "members": [participant.pk, peer.pk, third.pk]})
    assert response.status_code == 302
    group = IntervisieGroup.objects.get(name="Groep B")
    assert set(group.current_members()) == {participant, peer, third}


def test_more_than_six_is_refused(client, trainer, cohort):
    from demo.factories.leergang import EnrolmentFactory, ParticipantFactory

    users = [ParticipantFactory() for _ in range(7)]
    for u in users:
        EnrolmentFactory(cohort=cohort, user=u)
    client.force_login(trainer)
    response = client.post(
        reverse("intervisie:trainer_groups", args=[cohort.pk]),
        {"name": "Te groot", "members": [u.pk for u in users]},
    )
    assert response.status_code == 400
    assert not IntervisieGroup.objects.filter(name="Te groot").exists()


def test_a_participant_may_be_in_two_groups(cohort, participant, peer, third, fourth):
    group_of(cohort, [participant, peer, third], "A")
    group_of(cohort, [participant, peer, fourth], "B")
    assert IntervisieGroup.objects.visible_to(participant).count() == 2


def test_participants_outside_the_cohort_cannot_be_chosen(
    client, trainer, cohort, participant, peer, third, outsider
):
    client.force_login(trainer)
    response = client.post(
        reverse("intervisie:trainer_groups", args=[cohort.pk]),
        {"name": "X", "members": [participant.pk, peer.pk, third.pk, outsider.pk]},
    )
    assert response.status_code == 400


def test_trainer_elsewhere_gets_404(client, other_trainer, cohort, group):
    client.force_login(other_trainer)
    assert client.get(reverse("intervisie:trainer_groups", args=[cohort.pk])).status_code == 404
    assert client.get(reverse("intervisie:trainer_group", args=[group.pk])).status_code == 404


# --- cases -----------------------------------------------------------------------------------


def test_bringing_in_a_case_notifies_the_other_members(
    client, group, participant, peer, third, trainer
):
    from demo.factories.portfolio import FieldworkEntryFactory
    from portfolio.models import Portfolio

    portfolio = Portfolio.objects.get_or_create(enrolment=participant.enrolments.get())[0]
    entry = FieldworkEntryFactory(portfolio=portfolio, title="Moestuin")
    client.force_login(participant)
    url = reverse("intervisie:case_create", args=[group.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"entry": entry.pk, "question": "Hoe verder?"})
    assert response.status_code == 302
    case = Case.objects.get(entry=entry)
    notified = set(
        Notification.objects.filter(kind="intervisie_case").values_list("user", flat=True)
    )
    assert notified == {peer.pk, third.pk}
    assert Notification.objects.get(user=peer, kind="intervisie_case").target_url == (
        case.get_absolute_url()
    )


def test_only_own_entries_can_be_brought_in(client, group, participant, peer):
    from demo.factories.portfolio import FieldworkEntryFactory
    from portfolio.models import Portfolio

    other = FieldworkEntryFactory(
        portfolio=Portfolio.objects.get_or_create(enrolment=peer.enrolments.get())[0]
    )
    Portfolio.objects.get_or_create(enrolment=participant.enrolments.get())
    client.force_login(participant)
    response = client.post(
        reverse("intervisie:case_create", args=[group.pk]), {"entry": other.pk, "question": "?"}
    )
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_members_see_the_entry_but_not_the_portfolio(client, case, participant):
    client.force_login(participant)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert "Bankje bij de brug" in response.content.decode()
    # The entry's own page (and so the portfolio) stays closed to the group.
    assert client.get(case.entry.get_absolute_url()).status_code == 404


def test_phases_in_order_and_notifications(client, case, participant, peer, third):
    client.force_login(participant)
    assert post_response(client, case, "Wie waren erbij?").status_code == 302
    question = Response.objects.get()
    assert question.phase == Phase.QUESTIONS
    # The holder is told, nobody else.
    assert list(
        Notification.objects.filter(kind="peer_response").values_list("user", flat=True)
    ) == [peer.pk]
    # The holder answers and moves the case on.
    client.force_login(peer)
    client.post(
        reverse("intervisie:answer", args=[case.pk, question.pk]),
        {f"a{question.pk}-text": "Drie buren."},
    )
    question.refresh_from_db()
    assert question.answer == "Drie buren."
    for expected in (Phase.RECOGNITION, Phase.ADVICE, Phase.CLOSING):
        client.post(reverse("intervisie:advance", args=[case.pk]))
        case.refresh_from_db()
        assert case.phase == expected
    phase_notes = Notification.objects.filter(kind="intervisie_phase")
    assert set(phase_notes.values_list("user", flat=True)) == {participant.pk, third.pk}
    # In the closing phase members do not respond.
    client.force_login(third)
    post_response(client, case, "Nog iets")
    assert Response.objects.count() == 1
    # The holder closes with what they take from it.
    client.force_login(peer)
    assert client.post(reverse("intervisie:close", args=[case.pk]), {"text": ""}).status_code == 400
    client.post(reverse("intervisie:close", args=[case.pk]), {"text": "Ik begin kleiner."})
    case.refresh_from_db()
    assert case.phase == Phase.CLOSED and case.takeaway == "Ik begin kleiner."


def test_closed_case_is_read_only(client, case, participant, peer):
    services.close(case)
    client.force_login(participant)
    response = post_response(client, case, "Te laat")
    assert response.status_code == 302
    assert not Response.objects.exists()
    page = client.get(case.get_absolute_url()).content.decode()
    assert "alleen nog te lezen" in page
    assert 'action="/intervisie/inbreng/' not in page


def test_holder_can_end_the_case_at_any_time(client, case, peer):
    client.force_login(peer)
    assert client.post(reverse("intervisie:close", args=[case.pk])).status_code == 302
    case.refresh_from_db()
    assert case.is_closed and case.takeaway == ""


def test_only_the_holder_moves_the_case_on(client, case, participant):
    client.force_login(participant)
    assert client.post(reverse("intervisie:advance", args=[case.pk])).status_code == 404
    assert client.post(reverse("intervisie:close", args=[case.pk])).status_code == 404
    case.refresh_from_db()
    assert case.phase == Phase.QUESTIONS


def test_the_holder_does_not_respond_to_their_own_case(client, case, peer):
    client.force_login(peer)
    assert post_response(client, case, "Zelf").status_code == 404


# --- access ----------------------------------------------------------------------------------


def test_removed_member_loses_access_at_once(client, case, group, participant, peer, third, fourth):
    client.force_login(participant)
    assert client.get(case.get_absolute_url()).status_code == 200
    services.set_members(group, [peer, third, fourth])
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(group.get_absolute_url()).status_code == 404
    assert post_response(client, case, "Nog even").status_code == 404
    assert not GroupMembership.objects.filter(user=participant).exists()


def test_leaving_the_cohort_ends_access(client, case, participant):
    participant.enrolments.all().delete()
    client.force_login(participant)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_other_group_other_cohort_guild_get_404(
    client, case, cohort, fourth, outsider, guild_member, other_trainer
):
    from demo.factories.leergang import EnrolmentFactory, ParticipantFactory

    others = [ParticipantFactory() for _ in range(2)]
    for u in others:
        EnrolmentFactory(cohort=cohort, user=u)
    group_of(cohort, [fourth, *others], "Groep Z")
    for user in (fourth, outsider, guild_member, other_trainer):
        client.force_login(user)
        assert client.get(case.get_absolute_url()).status_code == 404
        assert client.get(case.group.get_absolute_url()).status_code == 404
        assert post_response(client, case, "Hallo").status_code == 404


def test_anonymous_is_sent_to_login(client, case):
    response = client.get(case.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_trainer_reads_only_when_the_holder_allows(client, case, peer, trainer):
    client.force_login(trainer)
    assert client.get(case.get_absolute_url()).status_code == 404
    group_page = client.get(reverse("intervisie:trainer_group", args=[case.group.pk]))
    assert group_page.status_code == 200
    assert "Jelle" in group_page.content.decode()
    assert "Hoe krijg ik de buren erbij?" not in group_page.content.decode()
    client.force_login(peer)
    client.post(reverse("intervisie:trainer_access", args=[case.pk]), {"allow": "1"})
    client.force_login(trainer)
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    assert 'action="/intervisie/inbreng/' not in page.content.decode()  # reads, never writes
    assert post_response(client, case, "Trainer").status_code == 404


# --- bad input -------------------------------------------------------------------------------


def test_privacy_finding_blocks_and_keeps_the_text(client, case, participant):
    client.force_login(participant)
    text = "Bel mevrouw op 06-12345678, ze woont op Dorpsstraat 12."
    response = post_response(client, case, text)
    assert response.status_code == 400
    page = response.content.decode()
    assert "persoonsgegevens van een bewoner" in page or "persoonsgegevens van bewoners" in page
    assert "06-12345678, ze woont op Dorpsstraat 12.</textarea>" in page
    assert not Response.objects.exists()


def test_real_names_of_the_holder_count(client, case, participant):
    from demo.factories.portfolio import RealNameFactory

    RealNameFactory(portfolio=case.entry.portfolio, name="Klaas de Boer")
    client.force_login(participant)
    assert post_response(client, case, "Was Klaas de Boer er ook?").status_code == 400


def test_html_is_shown_as_text(client, case, participant):
    client.force_login(participant)
    post_response(client, case, "<script>alert(1)</script><b>vet</b>")
    page = client.get(case.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;vet&lt;/b&gt;" in page


def test_rate_limit(client, case, participant):
    client.force_login(participant)
    for i in range(10):
        assert post_response(client, case, f"Vraag {i}").status_code == 302
    response = post_response(client, case, "Nummer elf")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Je plaatst heel snel" in page
    assert "Nummer elf</textarea>" in page
    assert Response.objects.count() == 10


def test_an_answer_notifies_only_who_asked(client, case, participant, peer, third):
    question = services.respond(case, participant, "Wie waren erbij?")
    Notification.objects.all().delete()
    client.force_login(peer)
    client.post(
        reverse("intervisie:answer", args=[case.pk, question.pk]),
        {f"a{question.pk}-text": "De buren."},
    )
    assert list(Notification.objects.values_list("user", "kind")) == [
        (participant.pk, "peer_response")
    ]


def test_a_removed_member_is_not_notified(case, group, participant, peer, third, fourth):
    services.set_members(group, [peer, third, fourth])
    Notification.objects.all().delete()
    services.advance(case)
    notified = set(Notification.objects.values_list("user", flat=True))
    assert notified == {third.pk, fourth.pk}
