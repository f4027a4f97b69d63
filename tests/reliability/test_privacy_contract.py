"""The data-rights contract (leergang.privacy): every app's provider declares what it holds,
exports it and erases it, and no copy of a participant's data survives erasure anywhere.

The canary test seeds one participant whose name and sentences reach every place the platform
can put them (portfolio, history, tags, captions, real names, findings, submissions with
scores and comments, the audit log, a cached PDF, a trainer's cohort ZIP, story proposals
published and not, credits, the sent-mail log, login records), checks that a grep finds the
canary before, erases, and then greps every text column of every table and every stored file
(inside PDFs and ZIPs too)."""

import html
import io
import json
import os
import signal
import subprocess
import sys
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, transaction
from django.urls import reverse
from pypdf import PdfReader
from wagtail.log_actions import log
from wagtail.models import Revision, TaskState

from assessment.models import Assessment, EntryComment, Score
from demo.factories.assessment import MilestoneFactory, SubmissionFactory
from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
from demo.factories.modules import (
    CourseIndexPageFactory,
    ModulePageFactory,
    SectionCompletionFactory,
)
from demo.factories.portfolio import (
    FieldworkEntryFactory,
    PortfolioFactory,
    RealNameFactory,
    ValuesAnswerFactory,
    ValuesReflectionFactory,
    image_bytes,
    pdf_bytes,
)
from demo.factories.stories import StoryIndexPageFactory
from leergang import privacy
from leergang.models import SentEmail
from peerfeedback import services as peer_services
from portfolio.models import Attachment, EntryRevision, Portfolio, PortfolioShare, PrivacyFinding
from portfolio.snapshot import build_snapshot
from portfolio_pdf import pdf
from portfolio_pdf.models import ExportJob, RenderedPdf
from stories.models import StoryPage
from stories.services import propose_from_entry

from .child import ROOT, child_env

CANARY = "kanarie"  # in the participant's name, a resident's name and private sentences
OUR_APPS = {"leergang", "modules", "portfolio", "portfolio_pdf", "assessment", "stories"}

RECORDING = {"EMAIL_BACKEND": "leergang.mail.RecordingEmailBackend"}


# --- the contract -----------------------------------------------------------------------------


def test_every_app_has_a_provider():
    names = {p.name for p in privacy.providers()}
    assert names >= OUR_APPS


def test_every_model_with_personal_data_is_claimed_by_a_provider():
    """As Moodle's privacy test: a new model that points at a user, or any model of our apps,
    must be claimed (or declared free of personal data) by some provider's describe()."""
    claimed = privacy.claimed_models()
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    missing = []
    for model in apps.get_models(include_auto_created=False):
        label = model._meta.label
        points_at_user = any(
            f.is_relation and f.concrete and f.related_model is user_model
            for f in model._meta.get_fields()
        )
        if (model._meta.app_label in OUR_APPS or points_at_user) and label not in claimed:
            missing.append(label)
    assert not missing, f"no privacy provider claims: {missing}"


def test_every_category_is_fully_described():
    for provider, categories in privacy.register():
        assert categories, provider.name
        for category in categories:
            for field in ("label", "data", "purpose", "basis", "recipients", "retention"):
                assert str(getattr(category, field)).strip(), (category.key, field)
            for label in category.models:
                apps.get_model(label)  # every claimed model exists


def test_privacy_page_and_admin_register_are_generated_from_describe(client, administrator):
    page = client.get(reverse("privacy")).content.decode()
    client.force_login(administrator)
    register = client.get(reverse("leergang_privacy_register")).content.decode()
    for _provider, categories in privacy.register():
        for category in categories:
            assert html.escape(str(category.label)) in page
            assert html.escape(str(category.label)) in register
            assert category.models[0] in register  # the admin sees the tables too
    assert "Verwerkingsregister" in register


# --- the canary world -------------------------------------------------------------------------


def _png_named(name):
    return ContentFile(image_bytes(fmt="PNG"), name=name)


@pytest.fixture
def canary(
    db, cohort, trainer, peer, home_page, client, settings, django_capture_on_commit_callbacks
):
    """A participant whose data reaches every place the platform can put it."""
    settings.EMAIL_BACKEND = RECORDING["EMAIL_BACKEND"]
    user = ParticipantFactory(
        email="zwaantje.kanarie@example.org", first_name="Zwaantje", last_name="Kanarie"
    )
    portfolio = PortfolioFactory(enrolment=EnrolmentFactory(cohort=cohort, user=user))
    module = ModulePageFactory(parent=CourseIndexPageFactory(parent=home_page))
    SectionCompletionFactory(user=user, page=module)
    private_entry = FieldworkEntryFactory(
        portfolio=portfolio,
        title="Kanariegeel bankje op het plein",
        involved="bewoner A (kanariegele jas)",
        reflection="<p>Bij het kanariegele bankje vertelde bewoner A over haar buurt.</p>",
        autosave_data={"title": "Concept kanariegeel"},
        is_draft=False,
    )
    private_entry.tags.add("kanarie-plein")
    EntryRevision.objects.create(entry=private_entry, data={"title": "Kanarie oud"})
    Attachment.objects.create(
        entry=private_entry,
        file=ContentFile(pdf_bytes("Verslag van Kanariehof"), name="kanarie-verslag.pdf"),
        original_name="kanarie-verslag.pdf",
        content_type="application/pdf",
        caption="Aantekeningen kanarie",
        consent="recorded",
        consent_given_by="Berend Kanariehof",
        consent_use="portfolio",
    )
    RealNameFactory(portfolio=portfolio, name="Berend Kanariehof")
    ValuesAnswerFactory(
        reflection=ValuesReflectionFactory(portfolio=portfolio),
        text="<p>Ik, Zwaantje Kanarie, wil dat bewoners zelf beslissen.</p>",
    )
    public_entry = FieldworkEntryFactory(
        portfolio=portfolio,
        title="Bankjes bij de brug",
        involved="bewoners",
        residents_idea="<p>Buren wilden bankjes bij de brug.</p>",
        actions="<p>Ik vroeg wie wilde meedenken.</p>",
        outcome="<p>Drie bankjes.</p>",
        reflection="<p>Vragen werkt beter dan vertellen.</p>",
        is_draft=False,
    )
    Attachment.objects.create(
        entry=public_entry,
        file=_png_named("brug.png"),
        original_name="brug.png",
        content_type="image/png",
        caption="De bankjes",
        consent="not_identifiable",
    )
    draft_entry = FieldworkEntryFactory(
        portfolio=portfolio,
        title="Speeltuin Wierde",
        residents_idea="<p>Het kanariegele hek moest weg, zei bewoner B.</p>",
        actions="<p>Koffie bij het hek.</p>",
        outcome="<p>Een plan.</p>",
        reflection="<p>Luisteren.</p>",
        is_draft=False,
    )
    index = StoryIndexPageFactory(parent=home_page)
    index.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        published = propose_from_entry(public_entry, user).story
        propose_from_entry(draft_entry, user)
    client.force_login(trainer)
    task = TaskState.objects.get(
        workflow_state__object_id=str(published.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[published.pk, "approve", task.pk]),
        {"comment": ""},
    )
    published.refresh_from_db()
    assert published.live
    submission = SubmissionFactory(
        portfolio=portfolio,
        milestone=MilestoneFactory(cohort=cohort),
        snapshot=build_snapshot(portfolio),
        feedback="Zwaantje, mooi hoe bewoner A bij het kanariegele bankje sprak.",
        response="Dank, ik ga verder bij het kanariegele bankje.",
    )
    assessment = Assessment.objects.create(submission=submission, role="first", assessor=trainer)
    Score.objects.create(
        assessment=assessment,
        criterion_key="c1",
        level_key="good",
        points=3,
        comment="Kanarie-verhaal goed verteld.",
    )
    EntryComment.objects.create(
        submission=submission,
        entry_id=private_entry.pk,
        author=trainer,
        text="Kanariehof noemen mag niet.",
    )
    log(submission, "assessment.submit", user=user, data={"round": 1, "note": "Kanarie"})
    # A cached PDF of the portfolio and a trainer's cohort ZIP that contains it.
    pdf.get_or_render(build_snapshot(portfolio))
    job = ExportJob.objects.create(
        owner=trainer, kind=ExportJob.Kind.COHORT_PORTFOLIOS, cohort=cohort
    )
    from portfolio_pdf import jobs

    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.message
    PrivacyFinding.objects.create(
        portfolio=portfolio, entry=private_entry, field="involved", kind="name", text="Kanariehof"
    )
    # Peer feedback both ways: the peer on her work, she on the peer's.
    peer_portfolio = Portfolio.objects.get_or_create(enrolment=peer.enrolments.get())[0]
    PortfolioShare.objects.create(portfolio=portfolio, user=peer)
    PortfolioShare.objects.create(portfolio=peer_portfolio, user=user)
    peer_services.post(peer, portfolio, "Het kanariegele bankje is een mooi begin.")
    peer_services.post(user, peer_portfolio, "Groet van Zwaantje: kanariegeel werkt ook bij jou.")
    # A mail to the participant, a failed login.
    mail.send_mail("Welkom Zwaantje Kanarie", "…", None, [user.email])
    client.logout()
    client.post(reverse("login"), {"username": user.email, "password": "fout"})
    return {"user": user, "portfolio": portfolio, "job": job, "published": published}


def _db_hits(word):
    """(table, column, count) for every text column of every table containing ``word``."""
    hits = []
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            for column in introspection.get_table_description(cursor, table):
                name = connection.ops.quote_name(column.name)
                # Every column as text: a savepoint keeps PostgreSQL going after a failed cast.
                with transaction.atomic():
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608
                        f"WHERE LOWER(CAST({name} AS TEXT)) LIKE %s",
                        [f"%{word}%"],
                    )
                    count = cursor.fetchone()[0]
                if count:
                    hits.append((table, column.name, count))
    return hits


def _text_of(name, data):
    if data[:5] == b"%PDF-":
        reader = PdfReader(io.BytesIO(data))
        pages = "\n".join(p.extract_text() or "" for p in reader.pages)
        return (pages + str(reader.metadata)).lower()
    if name.endswith(".zip") or data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "\n".join(
                    n.lower() + "\n" + _text_of(n, archive.read(n)) for n in archive.namelist()
                )
        except zipfile.BadZipFile:
            pass
    return data.decode("latin-1").lower()


def _stored_names(storage, directory=""):
    """Every file in a storage (a directory on disk or an S3 bucket), walked through the
    storage API so that the check sees what the configured backend holds."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{directory}/{name}" if directory else name
    for sub in directories:
        yield from _stored_names(storage, f"{directory}/{sub}" if directory else sub)


def _file_hits(word):
    hits = []
    for alias in ("default", "private"):
        storage = storages[alias]
        for name in _stored_names(storage):
            with storage.open(name, "rb") as handle:
                data = handle.read()
            if word in name.lower() or word in _text_of(name, data):
                hits.append(name)
    return hits


def test_erasure_leaves_no_trace_of_the_canary_anywhere(canary, administrator):
    before_db, before_files = _db_hits(CANARY), _file_hits(CANARY)
    # The grep works: the canary is everywhere before erasure.
    tables = {t for t, _c, _n in before_db}
    for table in (
        "leergang_user",
        "portfolio_fieldworkentry",
        "portfolio_entryrevision",
        "portfolio_attachment",
        "portfolio_valuesanswer",
        "assessment_submission",
        "assessment_score",
        "stories_storyauthor",
        "stories_storyimage",
        "wagtailcore_revision",
        "wagtailcore_modellogentry",
        "leergang_sentemail",
        "axes_accessattempt",
    ):
        assert table in tables, f"seeding did not reach {table}"
    assert any(h.endswith(".zip") for h in before_files), before_files
    job = canary["job"]
    with job.result.open("rb") as handle:
        assert "zwaantje-kanarie.pdf" in zipfile.ZipFile(handle).namelist()
    assert any(h.endswith(".pdf") for h in before_files), before_files

    privacy.erase_user(canary["user"], by=administrator)

    assert _db_hits(CANARY) == []
    assert _file_hits(CANARY) == []
    # The published story stays, credited to a former participant; the other proposal is gone.
    story = StoryPage.objects.get()
    assert story.live and story.pk == canary["published"].pk
    assert [a.name for a in story.authors.all()] == ["Oud-deelnemer"]
    assert {i.photographer for i in story.gallery_images.all()} == {"Oud-deelnemer"}
    assert list(Revision.page_revisions.filter(object_id=str(story.pk))) == [story.live_revision]
    # The trainer's ZIP of the cohort is gone and cannot be downloaded.
    assert not ExportJob.objects.filter(pk=canary["job"].pk).exists()
    assert not RenderedPdf.objects.filter(portfolio_public_id=canary["portfolio"].public_id)


def test_the_participants_export_holds_every_kind_of_their_data(canary, client):
    user = canary["user"]
    user.set_password("leergang-demo")
    user.save()
    client.force_login(user)
    response = client.post(reverse("portfolio:export"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    manifest = json.loads(archive.read("inhoud.json"))
    written = {c["key"]: c["files"] for c in manifest["categories"]}
    for _provider, categories in privacy.register():
        for category in categories:
            if category.exported:
                assert written.get(category.key), f"nothing exported for {category.key}"
                for path in written[category.key]:
                    assert path in archive.namelist()
    text = {n: archive.read(n).decode("utf-8", "replace") for n in archive.namelist()}
    # What the review found missing: progress, submissions with scores and feedback, story
    # proposals, notifications sent.
    assert "kanariegele bankje" in text["inzendingen.json"]
    assert "Kanarie-verhaal goed verteld." in text["inzendingen.json"]
    assert json.loads(text["voortgang.json"])[0]["section"]
    assert "Speeltuin Wierde" in text["verhaalvoorstellen.json"]
    assert "Welkom Zwaantje Kanarie" in text["verstuurde-e-mails.json"]
    assert any(n.endswith("kanarie-verslag.pdf") for n in archive.namelist())


def test_the_export_streams_attachments_instead_of_holding_them(participant, monkeypatch):
    """200 entries and 50 attachments: the ZIP is written file by file in chunks."""
    portfolio = PortfolioFactory(enrolment=participant.enrolments.get())
    entries = [FieldworkEntryFactory(portfolio=portfolio) for _ in range(200)]
    big = os.urandom(256 * 1024)
    for n, entry in enumerate(entries[:50]):
        Attachment.objects.create(
            entry=entry,
            file=ContentFile(big, name=f"b{n}.pdf"),
            original_name=f"b{n}.pdf",
            content_type="application/pdf",
        )
    reads = []
    real_copy = privacy.shutil.copyfileobj

    class Counting:
        def __init__(self, source):
            self.source = source

        def read(self, size=-1):
            reads.append(size)
            return self.source.read(size)

    monkeypatch.setattr(
        privacy.shutil,
        "copyfileobj",
        lambda source, target, length=0: real_copy(Counting(source), target, length),
    )
    out = io.BytesIO()
    privacy.export_user(participant, out)
    archive = zipfile.ZipFile(out)
    assert sum(1 for n in archive.namelist() if n.endswith(".pdf")) == 50
    assert (
        len(
            json.loads(archive.read(f"portfolio-{portfolio.enrolment.cohort_id}/veldwerk.json"))[
                "entries"
            ]
        )
        == 200
    )
    assert reads and -1 not in reads and max(reads) <= privacy.ExportWriter.CHUNK


def test_erasure_dry_run_changes_nothing_and_lists_files(canary):
    plan = privacy.plan_erasure(canary["user"])
    listed = [f for step in plan.steps for f in step.files]
    assert any(f.endswith(".zip") for f in listed)  # the cohort ZIP is named
    assert _db_hits(CANARY) and _file_hits(CANARY)
    assert ExportJob.objects.filter(pk=canary["job"].pk).exists()


def test_erasure_removes_unpublished_story_titles_from_the_mail_log(canary):
    assert SentEmail.objects.filter(subject__contains="Speeltuin Wierde").exists()
    privacy.erase_user(canary["user"])
    assert not SentEmail.objects.filter(subject__contains="Speeltuin Wierde").exists()


# --- crash halfway ----------------------------------------------------------------------------

KILLED = """
import os, signal, sys, django
django.setup()
from leergang import privacy
from leergang.models import User
real = privacy.Plan.delete_files
def delete_then_die(self, storage, names, action):
    count = real(self, storage, names, action)
    if self._provider == "portfolio" and count:
        os.kill(os.getpid(), signal.SIGKILL)  # files gone, rows not yet
    return count
privacy.Plan.delete_files = delete_then_die
privacy.erase_user(User.objects.get(pk=int(sys.argv[1])))
"""


@pytest.mark.django_db(transaction=True)
def test_erasure_killed_halfway_is_finished_by_a_rerun(cohort):
    user = ParticipantFactory(email="kanarie.kill@example.org", last_name="Kanarie")
    portfolio = PortfolioFactory(enrolment=EnrolmentFactory(cohort=cohort, user=user))
    entry = FieldworkEntryFactory(portfolio=portfolio, title="Kanarie bij de kerk")
    attachment = Attachment.objects.create(
        entry=entry, file=_png_named("k.png"), original_name="k.png", content_type="image/png"
    )
    file_name = attachment.file.name
    env = child_env()
    child = subprocess.run(
        [sys.executable, "-c", KILLED, str(user.pk)], cwd=ROOT, env=env, timeout=120
    )
    assert child.returncode == -signal.SIGKILL
    private = storages["private"]
    assert not private.exists(file_name)  # the file went first...
    assert Attachment.objects.filter(pk=attachment.pk).exists()  # ...its row was rolled back
    user.refresh_from_db()
    assert user.last_name == "Kanarie"  # the account was not reached

    privacy.erase_user(user)  # the rerun: a missing file is not an error

    assert not Attachment.objects.exists()
    assert _db_hits(CANARY) == []
    assert privacy.plan_erasure(user).is_empty


# --- retention and expiry ---------------------------------------------------------------------


def test_retention_drops_unpublished_proposals_and_earlier_revisions(canary, cohort):
    import datetime

    from django.core.management import call_command

    from leergang.models import Cohort

    published = canary["published"]
    published.title = "Bankjes bij de brug (met naam van Kanariehof)"
    published.save_revision(user=canary["user"])  # a later draft with personal text
    Cohort.objects.filter(pk=cohort.pk).update(
        start_date=datetime.date(2017, 2, 16), end_date=datetime.date(2017, 6, 15)
    )
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "niet-gepubliceerde verhaalvoorstellen: 1" in out.getvalue()
    assert StoryPage.objects.count() == 2

    call_command("apply_retention", stdout=io.StringIO())

    story = StoryPage.objects.get()
    assert story.pk == published.pk and story.live
    revisions = list(Revision.page_revisions.filter(object_id=str(story.pk)))
    assert revisions == [story.live_revision]
    assert "Kanariehof" not in str(revisions[0].content)
    # The cohort's ZIP and the cached PDF went with the retention.
    assert not ExportJob.objects.filter(cohort=cohort).exists()
    assert not RenderedPdf.objects.exists()


def test_apply_retention_expires_old_exports_and_login_records(canary):
    import datetime

    from axes.models import AccessAttempt
    from django.core.management import call_command
    from django.utils import timezone

    job = canary["job"]
    name = job.result.name
    old = timezone.now() - datetime.timedelta(days=settings.LEERGANG_EXPORT_EXPIRY_DAYS + 1)
    ExportJob.objects.filter(pk=job.pk).update(created_at=old)
    AccessAttempt.objects.update(attempt_time=old - datetime.timedelta(days=40))
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "Expired (fixed lifetime):" in out.getvalue()
    assert not ExportJob.objects.filter(pk=job.pk).exists()
    assert not storages["private"].exists(name)
    assert not AccessAttempt.objects.exists()
