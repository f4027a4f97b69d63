"""One shared world for the security tests: every role, and one of each thing they may or may
not reach (the participant's portfolio, entry, attachment, submission, export job, stories...).

Built once per test module inside a transaction that is rolled back at the end (see
``conftest.world``); each test runs in a savepoint inside it, so a POST that changes something
is undone before the next cell.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from assessment import services as assessment_services
from demo.factories.assessment import MilestoneFactory, RubricFactory, criterion
from demo.factories.leergang import (
    AdministratorFactory,
    CohortFactory,
    EnrolmentFactory,
    GuildMemberFactory,
    HomePageFactory,
    ParticipantFactory,
    TrainerFactory,
)
from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory
from demo.factories.portfolio import (
    AttachmentFactory,
    FieldworkEntryFactory,
    PortfolioFactory,
    RealNameFactory,
    ValuesAnswerFactory,
    ValuesReflectionFactory,
    ensure_default_questions,
)
from demo.factories.stories import StoryIndexPageFactory, StoryPageFactory, WagtailImageFactory
from portfolio.models import EntryRevision, PortfolioShare

from .expected_access import ROLES  # noqa: F401 - the roles of the world


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def user(self, role):
        """A fresh copy: logging in touches ``last_login``, which must not leak between cells
        (password reset tokens depend on it)."""
        user = self.users.get(role)
        return None if user is None else type(user).objects.get(pk=user.pk)

    def keep_files(self):
        """Remember the private files of the world, so that a cell that deletes them (entry or
        attachment deletion) can be undone like its database rows."""
        storage = self.attachment.file.storage
        names = [self.attachment.file.name, self.attachment.thumbnail, self.job.result.name]
        self.objects["files"] = {}
        for name in names:
            with storage.open(name, "rb") as handle:
                self.objects["files"][name] = handle.read()

    def restore_files(self):
        from django.core.files.base import ContentFile

        storage = self.attachment.file.storage
        for name, data in self.files.items():
            if not storage.exists(name):
                storage.save(name, ContentFile(data))


def _home_page():
    from wagtail.models import Page, Site

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="home-cc")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).filter(content_type__model="page").delete()
    return home


def _with_files(body, stream, document, image):
    """A module body (stream JSON) with a downloadable resource and an image added."""
    import json

    blocks = json.loads(body)
    extra = json.loads(
        stream(
            [
                ("resource", {"document": document.pk, "title": "", "description": ""}),
                ("image", {"image": image.pk, "caption": "", "credit": "", "alt": ""}),
            ]
        )
    )
    return json.dumps(blocks + extra)


def build_world():
    from wagtail.documents.models import Document

    from portfolio.privacy import check_entry, check_reflection
    from portfolio.uploads import make_thumbnail
    from portfolio_pdf import pdf
    from portfolio_pdf.models import ExportJob
    from stories import services as story_services

    w = World()
    trainer = TrainerFactory(email="trainer@example.org", first_name="Marieke", last_name="Postma")
    other_trainer = TrainerFactory(email="trainer2@example.org", first_name="Sietse")
    cohort = CohortFactory(name="Voorjaar 2017", trainers=[trainer])
    other_cohort = CohortFactory(name="Najaar 2017", trainers=[other_trainer])
    participant = ParticipantFactory(
        email="deelnemer@example.org", first_name="Fenna", last_name="de Vries"
    )
    peer = ParticipantFactory(email="deelnemer2@example.org", first_name="Jelle")
    outsider = ParticipantFactory(email="deelnemer3@example.org", first_name="Anouk")
    # A fourth participant in the cohort who is no role of the matrix: the share goes to them.
    bystander = ParticipantFactory(email="deelnemer4@example.org", first_name="Tjitske")
    for user, group in [
        (participant, cohort),
        (peer, cohort),
        (bystander, cohort),
        (outsider, other_cohort),
    ]:
        EnrolmentFactory(cohort=group, user=user)
    guild_member = GuildMemberFactory(email="gildelid@example.org", first_name="Hessel")
    other_author = GuildMemberFactory(email="gildelid2@example.org", first_name="Wietske")
    administrator = AdministratorFactory(email="beheerder@example.org")
    w.users = {
        "anonymous": None,
        "participant": participant,
        "peer": peer,
        "outsider": outsider,
        "trainer": trainer,
        "other_trainer": other_trainer,
        "guild_member": guild_member,
        "administrator": administrator,
    }
    o = w.objects
    o.update(cohort=cohort, other_cohort=other_cohort, bystander=bystander)

    # Pages: home, course, a module, stories (published by someone else, and a proposal).
    from wagtail.models import Collection

    from demo.factories.modules import sample_body, stream
    from demo.factories.stories import StoryImageFactory
    from stories.moderation import story_collection

    home = _home_page()
    root_collection = Collection.get_first_root_node()
    # The module's own files: in the root collection, uploaded by the administrator.
    document = Document.objects.create(
        title="Handleiding",
        file=ContentFile(b"%PDF-1.4 handleiding", name="handleiding.pdf"),
        collection=root_collection,
        uploaded_by_user=administrator,
    )
    module_image = WagtailImageFactory(
        title="Buurtkaart", collection=root_collection, uploaded_by_user=administrator
    )
    course = CourseIndexPageFactory(parent=home)
    module = ModulePageFactory(
        parent=course,
        title="Laagdrempelig contact",
        slug="laagdrempelig-contact",
        outcomes=["Je legt contact met bewoners.", "Je vraagt naar ideeën."],
        tag_names=["bewonersinitiatief"],
        body=_with_files(sample_body(), stream, document, module_image),
    )
    module.save_revision().publish()
    module.refresh_from_db()
    # An unpublished module with files of its own: for its editors only.
    draft_document = Document.objects.create(
        title="Werkblad in wording",
        file=ContentFile(b"%PDF-1.4 werkblad", name="werkblad-concept.pdf"),
        collection=root_collection,
        uploaded_by_user=administrator,
    )
    draft_module_image = WagtailImageFactory(
        title="Schets", collection=root_collection, uploaded_by_user=administrator
    )
    draft_module = ModulePageFactory(
        parent=course,
        title="Module in wording",
        slug="module-in-wording",
        live=False,
        body=_with_files(sample_body(), stream, draft_document, draft_module_image),
    )
    draft_module.save_revision()
    story_index = StoryIndexPageFactory(parent=home)
    story_index.save_revision().publish()
    story = StoryPageFactory(
        parent=story_index,
        title="Een bankje bij de brug",
        owner=other_author,
        tags=["bewonersinitiatief"],
        date=datetime.date(2017, 5, 1),
    )
    story_image = WagtailImageFactory(
        title="Het bankje", collection=story_collection(), uploaded_by_user=other_author
    )
    StoryImageFactory(page=story, image=story_image)
    story.save_revision(user=other_author).publish()
    own_story = StoryPageFactory(
        parent=story_index, title="Mijn eigen verhaal", owner=guild_member, live=False
    )
    own_story.save_revision(user=guild_member)
    o.update(
        home=home,
        course=course,
        module=module,
        draft_module=draft_module,
        story_index=story_index,
        story=story,
        own_story=own_story,
        # Another guild member's unused photo in the stories collection.
        image=WagtailImageFactory(title="Straatfoto", uploaded_by_user=other_author),
        own_image=WagtailImageFactory(title="Mijn foto", uploaded_by_user=guild_member),
        story_image=story_image,
        module_image=module_image,
        draft_module_image=draft_module_image,
        document=document,
        draft_document=draft_document,
    )

    # The participant's portfolio: values, an entry with a photo, one with a privacy finding.
    for user in (participant, peer, bystander, outsider):
        PortfolioFactory(enrolment=user.enrolments.get())
    portfolio = participant.enrolments.get().portfolio
    questions = ensure_default_questions()
    reflection = ValuesReflectionFactory(portfolio=portfolio, stage="intake")
    ValuesAnswerFactory(reflection=reflection, question=questions[0])
    entry = FieldworkEntryFactory(
        portfolio=portfolio, title="Grofvuil bij de containers", module=module
    )
    EntryRevision.objects.create(
        entry=entry, data={"title": entry.title, "date": "2017-03-01"}, created_by=participant
    )
    attachment = AttachmentFactory(entry=entry)
    make_thumbnail(attachment)
    RealNameFactory(portfolio=portfolio, name="Klaas de Boer")
    share = PortfolioShare.objects.create(portfolio=portfolio, user=bystander)

    rubric = RubricFactory(
        name="Rubric matrix", criteria=[criterion("Reflectie"), criterion("Aansluiten")]
    )
    milestone = MilestoneFactory(
        cohort=cohort, rubric=rubric, name="Tussentijds", self_assessment=True
    )
    draft = assessment_services.start(portfolio, milestone, participant)
    submission = assessment_services.submit(draft, participant)

    # Added after submitting: an open privacy finding would have blocked the submission.
    findings_entry = FieldworkEntryFactory(
        portfolio=portfolio,
        title="Gesprek met de buurvrouw",
        outcome="<p>Mail haar op buurvrouw@example.nl over het plan.</p>",
    )
    finding = check_entry(findings_entry)[0]
    midway = ValuesReflectionFactory(portfolio=portfolio, stage="midway")
    ValuesAnswerFactory(
        reflection=midway, question=questions[1], text="<p>Ik belde 06-12345678 terug.</p>"
    )
    values_finding = check_reflection(midway)[0]

    proposal = story_services.propose_from_entry(entry, participant)
    job = ExportJob.objects.create(
        owner=participant,
        kind=ExportJob.Kind.PORTFOLIO,
        portfolio=portfolio,
        status=ExportJob.Status.DONE,
        total=1,
        done=1,
        result_name="portfolio.pdf",
        finished_at=timezone.now(),
    )
    job.result.save("portfolio.pdf", ContentFile(b"%PDF-1.4 test\n%%EOF\n"), save=True)

    o.update(
        portfolio=portfolio,
        peer_portfolio=peer.enrolments.get().portfolio,
        entry=entry,
        findings_entry=findings_entry,
        finding=finding,
        values_finding=values_finding,
        revision=entry.revisions.first(),
        attachment=attachment,
        real_name=portfolio.real_names.get(),
        share=share,
        rubric=rubric,
        milestone=milestone,
        submission=submission,
        proposal=proposal,
        draft_story=proposal.story,
        proposal_photo=proposal.story.gallery_images.get().image,
        job=job,
        question=questions[0],
        assignment_block=next(b for b in module.body if b.block_type == "assignment"),
    )
    # A module discussion of the cohort: a thread the participant started, with a reply by the
    # peer (the posts that the edit, delete and report rows use are made by their builders).
    from discussions import services as discussion_services

    o["discussion_thread"] = discussion_services.start_thread(
        participant, module, cohort, "Hoe begin je?", "Hoe begin je een gesprek op straat?"
    )
    discussion_services.reply(peer, o["discussion_thread"], "Met een kop koffie.")
    # The submission PDF is rendered once here; every cell then gets it from the cache.
    pdf.get_or_render(
        submission.snapshot,
        options=pdf.RenderOptions(include_feedback=False),
        submission_label=_submission_label(submission),
    )
    o.update(_intervisie(cohort, participant, peer, bystander, entry))
    o.update(_peerfeedback(participant, bystander))
    w.keep_files()
    return w


def _intervisie(cohort, participant, peer, bystander, entry):
    """Two intervisie groups in the cohort: the participant's (with the bystander and a fifth
    participant) and another one the peer is in. The participant brought in a case that the
    trainers may read, with a clarifying question of the bystander; the bystander brought in
    one the participant may respond to."""
    from intervisie import services as intervisie_services

    fifth = ParticipantFactory(email="deelnemer5@example.org", first_name="Sjoukje")
    EnrolmentFactory(cohort=cohort, user=fifth)
    group = intervisie_services.create_group(
        cohort, "Groep Wergea", [participant, bystander, fifth]
    )
    intervisie_services.create_group(cohort, "Groep Grou", [peer, bystander, fifth])
    case = intervisie_services.bring_in(group, participant, entry, "Hoe betrek ik de buren?")
    intervisie_services.set_trainer_access(case, True)
    question = intervisie_services.respond(case, bystander, "Wie waren erbij?")
    bystander_entry = FieldworkEntryFactory(
        portfolio=bystander.enrolments.get().portfolio, title="Buurtfeest"
    )
    bystander_case = intervisie_services.bring_in(group, bystander, bystander_entry, "Wat nu?")
    return {
        "intervisie_group": group,
        "case": case,
        "case_question": question,
        "bystander_case": bystander_case,
    }


def _peerfeedback(participant, bystander):
    """Peer feedback both ways between the participant and the bystander: the bystander (who
    reads the participant's portfolio) commented on it, and the bystander shares their own
    portfolio with the participant, who may comment on it (the edit and delete rows make the
    participant's comments with their builders)."""
    from peerfeedback import services as peer_services

    bystander_portfolio = bystander.enrolments.get().portfolio
    PortfolioShare.objects.create(portfolio=bystander_portfolio, user=participant)
    received = peer_services.post(
        bystander, participant.enrolments.get().portfolio, "Mooi hoe je de buren betrekt."
    )
    return {"bystander_portfolio": bystander_portfolio, "received_comment": received}


def _submission_label(submission):
    from portfolio_pdf import sources

    return sources.submission_label(submission)
