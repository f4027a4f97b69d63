"""The privacy check covers tags, attachment captions and values answers, not just an entry's
text: findings are raised, highlighted where the participant edits them, block submission and
PDF export, and can be replaced by a pseudonym or marked not personal (issue 12, defect 5c)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import services as assessment_services
from assessment.services import TransitionError
from demo.factories.assessment import MilestoneFactory
from demo.factories.portfolio import (
    AttachmentFactory,
    FieldworkEntryFactory,
    RealNameFactory,
    ValuesAnswerFactory,
    ValuesReflectionFactory,
)
from portfolio import privacy
from portfolio.models import FieldworkTag, PrivacyFinding

pytestmark = pytest.mark.django_db

MARK = "<mark>{}</mark>"


@pytest.fixture
def names(portfolio):
    return RealNameFactory(portfolio=portfolio, name="Klaas de Boer")


@pytest.fixture
def owner(client, participant):
    client.force_login(participant)
    return client


def _post_entry(owner, tags, **extra):
    data = {"title": "Gesprek", "date": "2017-03-01", "setting": "street", "tags": tags, **extra}
    return owner.post(reverse("portfolio:entry_create"), data, follow=True)


def _pdf_refused(owner):
    response = owner.post(reverse("portfolio_pdf:own"), {"scope": "all"})
    return response.status_code == 400


# --- tags --------------------------------------------------------------------------------------


def test_a_real_name_as_tag_is_found_highlighted_and_blocks(owner, portfolio, names):
    response = _post_entry(owner, "Klaas de Boer, straat")
    assert response.redirect_chain[-1][0].endswith("/privacy/")
    html = response.content.decode()
    assert MARK.format("klaas de boer") in html and "in het label “klaas de boer”" in html
    entry = portfolio.entries.get()
    finding = PrivacyFinding.objects.get(tag__name="klaas de boer")
    assert (finding.kind, finding.portfolio, finding.entry, finding.subject) == (
        "name",
        portfolio,
        None,
        "tag",
    )
    # Where the tags are edited, the finding shows under the tag field.
    form = owner.get(reverse("portfolio:entry_edit", args=[entry.public_id])).content.decode()
    assert 'id="id_tags_findings"' in form and MARK.format("klaas de boer") in form
    assert 'aria-describedby="id_tags_helptext id_tags_findings"' in form
    # The log's card counts it; submission and PDF are refused.
    log = owner.get(reverse("portfolio:own_log")).content.decode()
    assert "1 privacybevinding" in log
    assert privacy.export_blockers(portfolio) == [
        "Het verslag “Gesprek” heeft 1 open privacybevinding."
    ]
    assert _pdf_refused(owner)
    submission = assessment_services.start(
        portfolio, MilestoneFactory(cohort=entry.portfolio.enrolment.cohort), portfolio.owner
    )
    with pytest.raises(TransitionError):
        assessment_services.submit(submission, portfolio.owner)
    # A story proposal runs the same check.
    assert privacy.check_entry(entry) == [finding]


def test_pseudonym_renames_the_tag_on_every_entry(owner, portfolio, names):
    first = FieldworkEntryFactory(portfolio=portfolio, tags=["klaas de boer", "straat"])
    second = FieldworkEntryFactory(portfolio=portfolio, tags=["klaas de boer"])
    privacy.check_portfolio(portfolio)
    finding = PrivacyFinding.objects.get(tag__name="klaas de boer")
    response = owner.post(
        reverse("portfolio:finding_replace", args=[second.public_id, finding.pk]),
        {f"f{finding.pk}-pseudonym": "Bewoner A"},
    )
    assert response.status_code == 302
    assert sorted(first.tags.names()) == ["bewoner a", "straat"]
    assert list(second.tags.names()) == ["bewoner a"]
    assert not PrivacyFinding.objects.exists() and privacy.export_blockers(portfolio) == []


def test_pseudonym_that_is_already_a_tag_merges_the_two(owner, portfolio, names):
    entry = FieldworkEntryFactory(portfolio=portfolio, tags=["klaas de boer", "bewoner a"])
    other = FieldworkEntryFactory(portfolio=portfolio, tags=["klaas de boer"])
    finding = privacy.check_entry(entry)[0]
    owner.post(
        reverse("portfolio:finding_replace", args=[entry.public_id, finding.pk]),
        {f"f{finding.pk}-pseudonym": "bewoner A"},
    )
    assert list(entry.tags.names()) == ["bewoner a"] and list(other.tags.names()) == ["bewoner a"]
    assert list(FieldworkTag.objects.values_list("name", flat=True)) == ["bewoner a"]


def test_a_tag_marked_not_personal_stays_so_and_unblocks(owner, portfolio):
    entry = FieldworkEntryFactory(portfolio=portfolio, title="Buurthuis", tags=["058-2123456"])
    finding = privacy.check_entry(entry)[0]
    assert finding.subject == "tag" and finding.kind == "phone"
    owner.post(reverse("portfolio:finding_dismiss", args=[entry.public_id, finding.pk]))
    privacy.check_entry(entry)
    finding.refresh_from_db()
    assert finding.status == PrivacyFinding.Status.NOT_PERSONAL
    assert privacy.export_blockers(portfolio) == []


def test_another_participants_tag_finding_is_not_reachable(client, peer, portfolio, names):
    entry = FieldworkEntryFactory(portfolio=portfolio, tags=["klaas de boer"])
    finding = privacy.check_entry(entry)[0]
    client.force_login(peer)
    url = reverse("portfolio:finding_dismiss", args=[entry.public_id, finding.pk])
    assert client.post(url).status_code == 404
    finding.refresh_from_db()
    assert finding.status == PrivacyFinding.Status.OPEN


# --- captions ----------------------------------------------------------------------------------


def test_a_real_name_in_a_caption_is_found_highlighted_and_blocks(owner, portfolio, names):
    entry = FieldworkEntryFactory(portfolio=portfolio, title="Bankje")
    attachment = AttachmentFactory(entry=entry, original_name="bankje.jpg")
    url = reverse("portfolio:attachment_edit", args=[attachment.public_id])
    response = owner.post(
        url, {"caption": "Klaas de Boer op het bankje", "consent": "not_identifiable"}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith("/privacy/")
    html = response.content.decode()
    assert "Onderschrift van bankje.jpg" in html
    assert MARK.format("Klaas de Boer") + " op het bankje" in html
    finding = attachment.findings.get()
    assert (finding.entry, finding.portfolio, finding.field) == (entry, portfolio, "caption")
    form = owner.get(url).content.decode()
    assert 'id="id_caption_findings"' in form and MARK.format("Klaas de Boer") in form
    assert privacy.export_blockers(portfolio) == [
        "Het verslag “Bankje” heeft 1 open privacybevinding."
    ]
    assert _pdf_refused(owner)
    # One step: the caption gets the pseudonym.
    owner.post(
        reverse("portfolio:finding_replace", args=[entry.public_id, finding.pk]),
        {f"f{finding.pk}-pseudonym": "bewoner A"},
    )
    attachment.refresh_from_db()
    assert attachment.caption == "bewoner A op het bankje"
    assert privacy.export_blockers(portfolio) == []


def test_a_caption_on_upload_is_checked(owner, portfolio, names):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from demo.factories.portfolio import image_bytes

    entry = FieldworkEntryFactory(portfolio=portfolio)
    upload = SimpleUploadedFile("foto.jpg", image_bytes(), content_type="image/jpeg")
    response = owner.post(
        reverse("portfolio:attachment_add", args=[entry.public_id]),
        {"file": upload, "caption": "Met Klaas de Boer", "consent": "not_identifiable"},
    )
    assert response.status_code == 302 and response["Location"].endswith("/privacy/")
    assert entry.findings.get().subject == "caption"


# --- values answers ----------------------------------------------------------------------------


def test_a_real_name_in_a_values_answer_is_found_highlighted_and_blocks(
    owner, portfolio, names, questions
):
    question = questions[0]
    response = owner.post(
        reverse("portfolio:values_edit", args=["intake"]),
        {f"q_{question.pk}": "Van Klaas de Boer leerde ik luisteren."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("portfolio:values_privacy", args=["intake"])
    html = response.content.decode()
    assert question.text in html and MARK.format("Klaas de Boer") + " leerde ik" in html
    finding = PrivacyFinding.objects.get()
    assert (finding.subject, finding.entry, finding.portfolio) == ("answer", None, portfolio)
    form = owner.get(reverse("portfolio:values_edit", args=["intake"])).content.decode()
    assert f'id="id_q_{question.pk}_findings"' in form and MARK.format("Klaas de Boer") in form
    overview = owner.get(reverse("portfolio:home")).content.decode()
    assert reverse("portfolio:values_privacy", args=["intake"]) in overview
    assert privacy.export_blockers(portfolio) == [
        "De waardenreflectie “Intake” heeft 1 open privacybevinding."
    ]
    assert _pdf_refused(owner)
    owner.post(
        reverse("portfolio:values_finding_replace", args=["intake", finding.pk]),
        {f"f{finding.pk}-pseudonym": "een bewoner"},
    )
    answer = finding.answer
    answer.refresh_from_db()
    assert "Van een bewoner leerde ik luisteren." in answer.text
    assert privacy.export_blockers(portfolio) == []


def test_a_values_answer_marked_not_personal_unblocks(owner, portfolio, questions):
    reflection = ValuesReflectionFactory(portfolio=portfolio, stage="midway")
    ValuesAnswerFactory(reflection=reflection, question=questions[0], text="<p>Bel 058-2123456</p>")
    finding = privacy.check_reflection(reflection)[0]
    assert privacy.export_blockers(portfolio)
    owner.post(reverse("portfolio:values_finding_dismiss", args=["midway", finding.pk]))
    assert privacy.export_blockers(portfolio) == []
    privacy.check_reflection(reflection)
    finding.refresh_from_db()
    assert finding.status == PrivacyFinding.Status.NOT_PERSONAL


def test_every_reflection_with_open_findings_blocks_in_one_count(portfolio, questions):
    """One blocker per reflection with open findings, in the reflections' order, with their
    counts; the queries do not grow with the number of reflections."""
    intake = ValuesReflectionFactory(portfolio=portfolio, stage="intake")
    ValuesAnswerFactory(reflection=intake, question=questions[0], text="<p>Bel 058-2123456</p>")
    ValuesAnswerFactory(reflection=intake, question=questions[1], text="<p>Of 06-12345678</p>")
    privacy.check_reflection(intake)
    with CaptureQueriesContext(connection) as one:
        blockers = privacy.export_blockers(portfolio)
    assert blockers == ["De waardenreflectie “Intake” heeft 2 open privacybevindingen."]
    quiet = ValuesReflectionFactory(portfolio=portfolio, stage="midway")
    ValuesAnswerFactory(reflection=quiet, question=questions[0], text="<p>Luisteren.</p>")
    final = ValuesReflectionFactory(portfolio=portfolio, stage="final")
    ValuesAnswerFactory(reflection=final, question=questions[0], text="<p>Bel 058-2123457</p>")
    privacy.check_reflection(quiet)
    privacy.check_reflection(final)
    with CaptureQueriesContext(connection) as three:
        blockers = privacy.export_blockers(portfolio)
    assert blockers == [
        "De waardenreflectie “Intake” heeft 2 open privacybevindingen.",
        f"De waardenreflectie “{final.get_stage_display()}” heeft 1 open privacybevinding.",
    ]
    assert len(three) == len(one)


def test_a_new_real_name_rechecks_tags_captions_and_answers(owner, portfolio, questions):
    entry = FieldworkEntryFactory(portfolio=portfolio, tags=["hendrik"])
    AttachmentFactory(entry=entry, caption="Hendrik bij de brug")
    reflection = ValuesReflectionFactory(portfolio=portfolio)
    ValuesAnswerFactory(reflection=reflection, question=questions[0], text="<p>Hendrik zei</p>")
    owner.post(reverse("portfolio:real_names"), {"name": "Hendrik"})
    subjects = sorted(f.subject for f in PrivacyFinding.objects.filter(kind="name"))
    assert subjects == ["answer", "caption", "tag"]
