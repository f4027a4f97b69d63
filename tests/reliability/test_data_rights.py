"""Erasure on request and retention per cohort (GDPR/AVG), as the privacy page promises."""

import datetime
import io

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from assessment.models import Assessment, EntryComment, Score, Submission
from demo.factories.assessment import MilestoneFactory, SubmissionFactory
from demo.factories.modules import (
    CourseIndexPageFactory,
    ModulePageFactory,
    SectionCompletionFactory,
)
from demo.factories.portfolio import (
    AttachmentFactory,
    FieldworkEntryFactory,
    PortfolioFactory,
    PortfolioShareFactory,
    RealNameFactory,
    ValuesAnswerFactory,
    ValuesReflectionFactory,
)
from demo.factories.stories import StoryAuthorFactory, StoryIndexPageFactory, StoryPageFactory
from leergang import privacy
from leergang.models import Cohort, User
from modules.models import SectionCompletion
from portfolio.models import Attachment, EntryRevision, FieldworkEntry, Portfolio, RealName

pytestmark = pytest.mark.django_db

private = storages["private"]


@pytest.fixture
def portfolio(participant):
    return PortfolioFactory(enrolment=participant.enrolments.get())


@pytest.fixture
def full_portfolio(portfolio, peer, trainer):
    """A portfolio with everything erasure and retention must deal with."""
    entry = FieldworkEntryFactory(
        portfolio=portfolio,
        title="Gesprek met Klaas de Boer",
        involved="Klaas de Boer, bewoner B",
        reflection="<p>Klaas woont op Heechterpstraat 12.</p>",
        autosave_data={"title": "Concept met naam"},
    )
    EntryRevision.objects.create(entry=entry, data={"title": entry.title}, created_by=None)
    attachment = AttachmentFactory(entry=entry)
    RealNameFactory(portfolio=portfolio, name="Klaas de Boer")
    ValuesAnswerFactory(reflection=ValuesReflectionFactory(portfolio=portfolio))
    PortfolioShareFactory(portfolio=portfolio, user=peer)
    submission = SubmissionFactory(
        portfolio=portfolio,
        milestone=MilestoneFactory(cohort=portfolio.enrolment.cohort),
        feedback="Mooi hoe je Klaas liet vertellen.",
        response="Dank je, ik ga verder met Klaas.",
    )
    assessment = Assessment.objects.create(submission=submission, role="first", assessor=trainer)
    Score.objects.create(
        assessment=assessment,
        criterion_key="c1",
        level_key="good",
        points=3,
        comment="Klaas komt goed uit de verf.",
    )
    EntryComment.objects.create(
        submission=submission, entry_id=entry.pk, author=trainer, text="Noem Klaas niet."
    )
    from wagtail.log_actions import log

    log(submission, "assessment.submit", user=portfolio.owner, data={"round": 1})
    return {"entry": entry, "attachment": attachment, "submission": submission}


def _exists(name):
    return bool(name) and private.exists(name)


# --- erasure ----------------------------------------------------------------------------------


def test_erasure_dry_run_lists_and_changes_nothing(participant, full_portfolio):
    out = io.StringIO()
    call_command("erase_participant", participant.email, "--dry-run", stdout=out)
    text = out.getvalue()
    assert "portfolio: veldwerkverslagen: 1" in text
    assert "portfolio: bijlagen: 1" in text
    assert "Gesprek met Klaas de Boer" in text  # every row is listed
    assert "assessment: inzendingen bewaard zonder inhoud: 1" in text
    assert "Dry run" in text
    participant.refresh_from_db()
    assert participant.is_active and participant.email == "deelnemer@example.org"
    assert FieldworkEntry.objects.count() == 1
    assert _exists(full_portfolio["attachment"].file.name)


def test_erasure_removes_portfolio_content_and_keeps_the_assessment_record(
    participant, full_portfolio, home_page, administrator, django_capture_on_commit_callbacks
):
    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=index, title="Bankje bij de brug", owner=participant)
    StoryAuthorFactory(page=story, name="Fenna de Vries", user=participant)
    story.save_revision(user=participant)
    module = ModulePageFactory(parent=CourseIndexPageFactory(parent=home_page))
    SectionCompletionFactory(user=participant, page=module)
    file_name = full_portfolio["attachment"].file.name
    submission = full_portfolio["submission"]

    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_user(participant, by=administrator)

    participant.refresh_from_db()
    assert participant.first_name == "Oud-deelnemer" and participant.last_name == ""
    assert "deelnemer@example.org" not in participant.email
    assert not participant.is_active and not participant.has_usable_password()
    assert not participant.groups.exists()
    # The portfolio is empty; its files are gone.
    assert not FieldworkEntry.objects.exists()
    assert not Attachment.objects.exists()
    assert not RealName.objects.exists()
    assert not SectionCompletion.objects.filter(user=participant).exists()
    assert not _exists(file_name)
    portfolio = Portfolio.objects.get()
    assert not portfolio.reflections.exists() and not portfolio.shares.exists()
    # The assessment happened (state, dates, points) but its content is gone.
    submission = Submission.objects.get(pk=submission.pk)
    assert submission.state == Submission.State.SUBMITTED and submission.submitted_at
    assert submission.feedback == "" and submission.response == ""
    assert "Klaas" not in str(submission.snapshot)
    score = Score.objects.get()
    assert score.points == 3 and score.comment == ""
    assert not EntryComment.objects.exists()
    # The story credits a former participant, live and in its stored revision.
    assert [a.name for a in story.authors.all()] == ["Oud-deelnemer"]
    story.refresh_from_db()
    assert "Fenna" not in str(story.get_latest_revision().content)
    assert story.author_names == ["Oud-deelnemer"]
    # The audit log is kept without the name, and the erasure itself is logged.
    submit_log = ModelLogEntry.objects.get(action="assessment.submit")
    assert "Fenna" not in submit_log.label and submit_log.label.startswith("Oud-deelnemer")
    erased_log = ModelLogEntry.objects.get(action="leergang.erase_participant")
    assert erased_log.user_id == administrator.pk
    steps = erased_log.data["steps"]
    assert steps["portfolio"]["veldwerkverslagen"] == 1
    assert steps["portfolio"]["bijlagen"] == 1
    assert "Fenna" not in str(erased_log.data) and "Klaas" not in str(erased_log.data)


def test_erased_participant_cannot_log_in(client, participant, full_portfolio):
    client.force_login(participant)
    assert client.get(reverse("portfolio:home")).status_code == 200
    privacy.erase_user(participant)
    response = client.get(reverse("portfolio:home"))
    assert response.status_code == 302  # the old session no longer counts
    login = client.post(
        reverse("login"), {"username": "deelnemer@example.org", "password": "leergang-demo"}
    )
    assert login.status_code == 200  # the form again, with an error
    assert client.get(reverse("portfolio:home")).status_code == 302


def test_erasure_is_idempotent(participant, full_portfolio):
    privacy.erase_user(participant)
    participant.refresh_from_db()
    again = privacy.erase_user(participant)
    assert again.is_empty and privacy.is_erased(participant)
    assert ModelLogEntry.objects.filter(action="leergang.erase_participant").count() == 1


def test_erase_command_refuses_trainers_and_unknown_addresses(trainer):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("erase_participant", trainer.email)
    with pytest.raises(CommandError):
        call_command("erase_participant", "niemand@example.org")


def test_admin_erasure_view_previews_then_erases(
    client, administrator, participant, full_portfolio
):
    url = reverse("leergang_erase_participant")
    client.force_login(administrator)
    assert client.get(url).status_code == 200
    preview = client.post(url, {"email": "DEELNEMER@example.org", "action": "preview"})
    assert preview.status_code == 200
    assert "Wat er gewist wordt" in preview.content.decode()
    assert User.objects.get(pk=participant.pk).is_active  # preview changes nothing
    unconfirmed = client.post(url, {"email": participant.email, "action": "erase"})
    assert unconfirmed.status_code == 400
    assert "Vink het vakje aan" in unconfirmed.content.decode()
    assert User.objects.get(pk=participant.pk).is_active
    done = client.post(url, {"email": participant.email, "action": "erase", "confirm": "on"})
    assert done.status_code == 302
    assert not User.objects.get(pk=participant.pk).is_active
    assert not FieldworkEntry.objects.exists()


@pytest.mark.parametrize("who", ["participant", "trainer", "guild_member"])
def test_only_administrators_reach_the_erasure_view(client, request, participant, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(
        reverse("leergang_erase_participant"),
        {"email": "deelnemer@example.org", "action": "erase", "confirm": "on"},
    )
    assert response.status_code in (302, 403)
    assert User.objects.filter(email="deelnemer@example.org", is_active=True).exists()


def test_admin_erasure_view_refuses_trainers(client, administrator, trainer):
    client.force_login(administrator)
    response = client.post(
        reverse("leergang_erase_participant"), {"email": trainer.email, "action": "preview"}
    )
    assert response.status_code == 400
    assert "alleen deelnemers" in response.content.decode()


# --- retention --------------------------------------------------------------------------------


@pytest.fixture
def ended_cohort(cohort):
    Cohort.objects.filter(pk=cohort.pk).update(
        start_date=datetime.date(2017, 2, 16),
        end_date=datetime.date(2017, 6, 15),
        retention_months=24,
    )
    cohort.refresh_from_db()
    return cohort


def test_retention_ends_months_after_the_end_date(ended_cohort):
    assert ended_cohort.retention_ends() == datetime.date(2019, 6, 15)
    ended_cohort.end_date = datetime.date(2020, 1, 31)
    ended_cohort.retention_months = 1
    assert ended_cohort.retention_ends() == datetime.date(2020, 2, 29)


def test_retention_dry_run_lists_and_changes_nothing(ended_cohort, full_portfolio):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Voorjaar 2017: retention ended 15-06-2019" in text
    assert "portfolio: bijlagen: 1" in text and "foto.jpg" in text
    assert "portfolio: veldwerkverslagen anonimiseren: 1" in text
    assert "portfolio: echte namen: 1" in text
    assert "assessment: veldwerk in momentopnamen van inzendingen anonimiseren: 1" in text
    entry = FieldworkEntry.objects.get()
    assert entry.title == "Gesprek met Klaas de Boer"
    assert Attachment.objects.count() == 1 and RealName.objects.count() == 1
    assert _exists(full_portfolio["attachment"].file.name)
    assert not ModelLogEntry.objects.filter(action="leergang.retention").exists()


def test_retention_anonymises_and_deletes_then_has_nothing_left(
    ended_cohort, full_portfolio, django_capture_on_commit_callbacks
):
    file_name = full_portfolio["attachment"].file.name
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=io.StringIO())
    entry = FieldworkEntry.objects.get()
    for name in ("title", "involved", "reflection"):
        assert getattr(entry, name) == "[geanonimiseerd]"
    assert entry.place == "[geanonimiseerd]"
    assert entry.autosave_data == {}
    assert entry.date == full_portfolio["entry"].date  # dates and settings stay
    assert not entry.revisions.exists() and not entry.findings.exists()
    assert not Attachment.objects.exists() and not _exists(file_name)
    assert not RealName.objects.exists()
    submission = Submission.objects.get()
    assert "Klaas" not in str(submission.snapshot["entries"])
    assert submission.snapshot["entries"][0]["attachments"] == []
    assert submission.feedback  # study results stay
    assert Score.objects.get().points == 3
    assert ModelLogEntry.objects.filter(action="leergang.retention").count() == 1

    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "nothing left to do" in out.getvalue()
    assert ModelLogEntry.objects.filter(action="leergang.retention").count() == 1


def test_retention_leaves_cohorts_within_their_period_alone(cohort, full_portfolio):
    today = datetime.date.today()
    Cohort.objects.filter(pk=cohort.pk).update(
        start_date=today - datetime.timedelta(days=400),
        end_date=today - datetime.timedelta(days=200),
        retention_months=24,
    )
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "No cohort has reached the end of its retention period." in out.getvalue()
    assert FieldworkEntry.objects.get().title == "Gesprek met Klaas de Boer"
    assert Attachment.objects.count() == 1


def test_retention_does_not_touch_other_cohorts(ended_cohort, outsider, full_portfolio):
    other = PortfolioFactory(enrolment=outsider.enrolments.get())
    FieldworkEntryFactory(portfolio=other, title="Buurtfeest in Camminghaburen")
    Cohort.objects.filter(pk=other.enrolment.cohort_id).update(
        end_date=datetime.date.today() + datetime.timedelta(days=30)
    )
    privacy.run_retention(dry_run=False)
    assert FieldworkEntry.objects.get(portfolio=other).title == "Buurtfeest in Camminghaburen"
