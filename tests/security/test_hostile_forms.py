"""Every form of the site with hostile text: random unicode, control characters, huge strings,
HTML and script. None may answer 500, store script in a sanitised field, show script on a page,
or lose what was saved before."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from portfolio.models import FieldworkEntry, RealName, ValuesAnswer

from .hostile import (
    BOUNDED,
    FEW,
    PDF_PAYLOADS,
    SCRIPT_PAYLOADS,
    SEARCH_SYNTAX,
    assert_safe_html,
    assert_safe_stored,
    hostile_text,
)

ENTRY_TEXT_FIELDS = (
    "title",
    "place",
    "involved",
    "residents_idea",
    "actions",
    "outcome",
    "reflection",
)


def _entry_state(entry):
    entry.refresh_from_db()
    return {
        **{name: getattr(entry, name) for name in ENTRY_TEXT_FIELDS},
        "date": entry.date,
        "tags": sorted(entry.tags.names()),
        "module": entry.module_id,
    }


def _assert_entry_safe(entry):
    for name in FieldworkEntry.RICH_TEXT_FIELDS:
        assert_safe_stored(getattr(entry, name), f"FieldworkEntry.{name}")


@pytest.fixture
def owner(client, participant, portfolio):
    client.force_login(participant)
    return client


# --- accounts -----------------------------------------------------------------------------------


@FEW
@given(email=hostile_text, password=hostile_text)
def test_login_and_password_reset(client, participant, email, password):
    response = client.post(reverse("login"), {"username": email, "password": password})
    assert response.status_code in (200, 302, 403, 429)
    assert_safe_html(response.content, "login")
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.status_code in (200, 302)
    assert_safe_html(response.content, "password reset")


# --- fieldwork ----------------------------------------------------------------------------------


entry_data = st.fixed_dictionaries(
    {name: hostile_text for name in ENTRY_TEXT_FIELDS},
    optional={
        "date": st.one_of(
            st.sampled_from(["2017-03-01", "3000-01-01", "0000-00-00"]), hostile_text
        ),
        "setting": st.one_of(st.just("street"), hostile_text),
        "tags": hostile_text,
        "module": st.one_of(st.integers(-(2**70), 2**70).map(str), hostile_text),
        "learning_outcomes": st.lists(st.one_of(st.integers().map(str), hostile_text), max_size=3),
        "assignment_id": hostile_text,
    },
)


@BOUNDED
@given(data=entry_data)
def test_entry_edit_keeps_the_saved_entry_on_a_failed_save(owner, entry, data):
    data.setdefault("date", "2017-03-01")
    data.setdefault("setting", "street")
    before = _entry_state(entry)
    response = owner.post(reverse("portfolio:entry_edit", args=[entry.public_id]), data)
    assert response.status_code in (302, 400)
    assert_safe_html(response.content, "entry form")
    if response.status_code == 400:
        assert _entry_state(entry) == before, "a failed save changed the saved entry"
    entry.refresh_from_db()
    _assert_entry_safe(entry)
    page = owner.get(reverse("portfolio:entry", args=[entry.public_id]))
    assert page.status_code == 200
    assert_safe_html(page.content, "entry page")


@BOUNDED
@given(data=entry_data)
def test_entry_create_and_autosave(owner, entry, data):
    before = _entry_state(entry)
    response = owner.post(reverse("portfolio:entry_create"), data)
    assert response.status_code in (302, 400)
    assert_safe_html(response.content, "new entry form")
    for created in FieldworkEntry.objects.exclude(pk=entry.pk):
        _assert_entry_safe(created)
    # Autosave keeps what was typed (JSON), never touches the saved text, and the edit form
    # that restores it escapes it.
    response = owner.post(reverse("portfolio:entry_autosave", args=[entry.public_id]), data)
    assert response.status_code == 200
    assert response.json()["status"] == "saved"
    after = _entry_state(entry)
    assert {k: v for k, v in after.items() if k != "title"} == {
        k: v for k, v in before.items() if k != "title"
    }
    form = owner.get(reverse("portfolio:entry_edit", args=[entry.public_id]))
    assert form.status_code == 200
    assert_safe_html(form.content, "restored autosave")
    response = owner.post(reverse("portfolio:entry_autosave_new"), data)
    assert response.status_code == 200


# --- values, names, shares, privacy ---------------------------------------------------------------


@BOUNDED
@given(
    answers=st.lists(hostile_text, min_size=1, max_size=4),
    stage=st.sampled_from(["intake", "midway"]),
)
def test_values_reflection_and_autosave(owner, portfolio, answers, stage):
    from portfolio.models import ValuesQuestion

    questions = list(ValuesQuestion.objects.order_by("sort_order", "pk"))
    data = {f"q_{q.pk}": text for q, text in zip(questions, answers, strict=False)}
    response = owner.post(reverse("portfolio:values_autosave", args=[stage]), data)
    assert response.status_code == 200
    page = owner.get(reverse("portfolio:values_edit", args=[stage]))
    assert_safe_html(page.content, "values form after autosave")
    response = owner.post(reverse("portfolio:values_edit", args=[stage]), data)
    assert response.status_code in (302, 400)
    assert_safe_html(response.content, "values form")
    for answer in ValuesAnswer.objects.all():
        assert_safe_stored(answer.text, "ValuesAnswer.text")
    growth = owner.get(reverse("portfolio:own_growth"), {"van": "intake", "naar": stage})
    assert growth.status_code == 200
    assert_safe_html(growth.content, "growth")


@BOUNDED
@given(name=hostile_text, user=st.one_of(st.integers(-(2**70), 2**70).map(str), hostile_text))
def test_real_names_and_shares(owner, portfolio, peer, outsider, name, user):
    count = RealName.objects.count()
    response = owner.post(reverse("portfolio:real_names"), {"name": name})
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert RealName.objects.count() == count
    assert_safe_html(response.content, "real names")
    response = owner.post(reverse("portfolio:shares"), {"user": user})
    assert response.status_code in (302, 400)
    # Never shared with someone outside the cohort, whatever the id says.
    assert not portfolio.shares.filter(user=outsider).exists()
    response = owner.post(reverse("portfolio:shares"), {"user": str(outsider.pk)})
    assert response.status_code == 400
    assert not portfolio.shares.filter(user=outsider).exists()


@BOUNDED
@given(pseudonym=hostile_text)
def test_privacy_finding_replace(owner, portfolio, pseudonym):
    from demo.factories.portfolio import FieldworkEntryFactory
    from portfolio import privacy

    entry = FieldworkEntryFactory(
        portfolio=portfolio, outcome="<p>Mail haar op buurvrouw@example.nl over het plan.</p>"
    )
    finding = privacy.check_entry(entry)[0]
    before = _entry_state(entry)
    url = reverse("portfolio:finding_replace", args=[entry.public_id, finding.pk])
    response = owner.post(url, {f"f{finding.pk}-pseudonym": pseudonym})
    assert response.status_code in (302, 400)
    assert_safe_html(response.content, "privacy page")
    if response.status_code == 400:
        assert _entry_state(entry) == before
    entry.refresh_from_db()
    _assert_entry_safe(entry)
    page = owner.get(reverse("portfolio:entry", args=[entry.public_id]))
    assert_safe_html(page.content, "entry after pseudonym")


# --- modules: progress toggles, search, tags --------------------------------------------------------


@pytest.fixture
def module(home_page):
    from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory

    course = CourseIndexPageFactory(parent=home_page)
    return ModulePageFactory(parent=course, tag_names=["bewonersinitiatief"])


@BOUNDED
@given(
    section=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#%"),
        min_size=1,
        max_size=80,
    ),
    done=hostile_text,
    page_id=st.one_of(st.none(), st.integers(0, 2**63 - 1)),
)
def test_progress_toggles(owner, module, section, done, page_id):
    from modules.models import SectionCompletion

    page_id = module.pk if page_id is None else page_id
    for key in (section, module.section_keys[0]):
        url = reverse("modules:mark_section", args=[page_id, key])
        response = owner.post(
            url, {"done": done, "user": "1"}, headers={"x-requested-with": "fetch"}
        )
        assert response.status_code in (200, 302, 404)
    assert not SectionCompletion.objects.exclude(user__email="deelnemer@example.org").exists()


@pytest.mark.parametrize("q", SEARCH_SYNTAX)
def test_search_syntax_is_not_a_server_error(client, participant, story_index, q):
    for user in (None, participant):
        if user is not None:
            client.force_login(user)
        assert client.get(reverse("modules:search"), {"q": q}).status_code == 200
        assert client.get(story_index.url, {"q": q}).status_code == 200


@pytest.fixture
def story_index(module):
    from demo.factories.stories import StoryIndexPageFactory

    index = StoryIndexPageFactory(parent=module.get_parent().get_parent())
    index.save_revision().publish()
    return index


@BOUNDED
@given(q=hostile_text, tag=hostile_text, place=hostile_text, page=hostile_text)
def test_search_and_filters(client, participant, story_index, q, tag, place, page):
    for user in (None, participant):
        if user is not None:
            client.force_login(user)
        for url, params in [
            (reverse("modules:search"), {"q": q}),
            (story_index.url, {"q": q, "tag": tag, "place": place, "page": page}),
            (reverse("portfolio:own_log"), {"tag": tag, "start": q, "pagina": page}),
        ]:
            response = client.get(url, params)
            assert response.status_code in (200, 302), (url, response.status_code)
            assert_safe_html(response.content, url)
        slug = "".join(c for c in tag if c not in "/?#%") or "x"
        response = client.get(reverse("modules:tag", args=[slug[:200]]))
        assert response.status_code in (200, 404)


# --- stories ------------------------------------------------------------------------------------


@FEW
@given(texts=st.lists(st.sampled_from(SCRIPT_PAYLOADS + PDF_PAYLOADS), min_size=4, max_size=4))
def test_story_proposal_stores_no_script(owner, portfolio, home_page, texts):
    from demo.factories.portfolio import FieldworkEntryFactory
    from demo.factories.stories import StoryIndexPageFactory
    from stories.models import StoryIndexPage, StoryPage

    if not StoryIndexPage.objects.exists():
        StoryIndexPageFactory(parent=home_page).save_revision().publish()
    entry = FieldworkEntryFactory(portfolio=portfolio, title="Voorstel")
    data = {
        "title": "Een <script>alert(1)</script> verhaal",
        "date": "2017-03-01",
        "setting": "street",
        **dict(zip(FieldworkEntry.RICH_TEXT_FIELDS, texts, strict=True)),
    }
    response = owner.post(reverse("portfolio:entry_edit", args=[entry.public_id]), data)
    assert response.status_code == 302
    response = owner.post(reverse("stories:propose_from_entry", args=[entry.pk]))
    assert response.status_code in (302, 400)
    assert_safe_html(response.content, "proposal")
    for story in StoryPage.objects.all():
        for name in ("question", "approach", "outcome", "lessons"):
            assert_safe_stored(getattr(story, name), f"StoryPage.{name}")


# --- assessment ---------------------------------------------------------------------------------


@pytest.fixture
def submission(participant, trainer, cohort, entry):
    from assessment import services
    from demo.factories.assessment import MilestoneFactory, RubricFactory, criterion

    rubric = RubricFactory(name="Hostile", criteria=[criterion("Reflectie"), criterion("Contact")])
    milestone = MilestoneFactory(cohort=cohort, rubric=rubric, name="Tussentijds")
    return services.submit(services.start(entry.portfolio, milestone, participant), participant)


versions = st.one_of(
    st.integers(-(2**70), 2**70).map(str), hostile_text, st.sampled_from(["1", "2", "1.0", "1e3"])
)


@BOUNDED
@given(
    version=versions,
    level=hostile_text,
    comment=hostile_text,
    action=st.sampled_from(["scores", "decision", "comment", "second", "x"]),
)
def test_assessment_scoring_with_version(
    client, trainer, submission, version, level, comment, action
):
    from assessment.models import Submission

    client.force_login(trainer)
    data = {
        "action": action,
        "version": version,
        "decision": level,
        "message": comment,
        "text": comment,
    }
    for criterion in submission.rubric_version.criteria:
        data[f"level_{criterion['key']}"] = level
        data[f"comment_{criterion['key']}"] = comment
    data["entry_id"] = version
    data["assessor"] = version
    url = reverse("assessment:assess", args=[submission.pk])
    response = client.post(url, data)
    assert response.status_code in (200, 302, 400, 409)
    assert_safe_html(response.content, "assess")
    page = client.get(url)
    assert page.status_code == 200
    assert_safe_html(page.content, "assess page")
    assert Submission.objects.get(pk=submission.pk).state in Submission.State.values


@BOUNDED
@given(
    version=versions,
    response_text=hostile_text,
    action=st.sampled_from(["submit", "resubmit", "", "x"]),
    milestone=hostile_text,
)
def test_milestone_submit_and_respond(owner, submission, version, response_text, action, milestone):
    url = reverse("assessment:submission", args=[submission.pk])
    response = owner.post(url, {"action": action, "version": version, "response": response_text})
    assert response.status_code in (302, 400, 409)
    assert_safe_html(response.content, "submission")
    response = owner.post(reverse("assessment:submissions"), {"milestone": milestone})
    assert response.status_code == 302


# --- PDF selection and cohort export ------------------------------------------------------------


@BOUNDED
@given(
    scope=st.one_of(st.sampled_from(["selection", ""]), hostile_text),
    entries=st.lists(st.one_of(st.integers(-(2**70), 2**70).map(str), hostile_text), max_size=4),
    feedback=hostile_text,
)
def test_pdf_selection_and_preview(owner, entry, scope, entries, feedback):
    response = owner.post(
        reverse("portfolio_pdf:own"), {"scope": scope, "entries": entries, "feedback": feedback}
    )
    assert response.status_code in (200, 302, 400)
    assert_safe_html(response.content, "pdf options")
    preview = owner.get(
        reverse("portfolio_pdf:preview"), {"scope": scope, "entries": entries, "feedback": feedback}
    )
    assert preview.status_code == 200


def test_pdf_preview_of_hostile_entries_fetches_nothing(owner, portfolio):
    from demo.factories.portfolio import FieldworkEntryFactory

    entry = FieldworkEntryFactory(portfolio=portfolio, title="PDF")
    data = {
        "title": PDF_PAYLOADS[0],
        "date": "2017-03-01",
        "setting": "street",
        **dict(zip(FieldworkEntry.RICH_TEXT_FIELDS, PDF_PAYLOADS, strict=False)),
    }
    assert (
        owner.post(reverse("portfolio:entry_edit", args=[entry.public_id]), data).status_code == 302
    )
    html = owner.get(reverse("portfolio_pdf:preview")).content.decode()
    for needle in ('src="file:', 'href="file:', "url(file:", "127.0.0.1:9", "@import url(http"):
        assert needle not in html, needle
    assert_safe_html(html, "pdf preview")


@BOUNDED
@given(
    kind=st.one_of(st.just("submissions"), hostile_text),
    milestone=st.one_of(st.integers(-(2**70), 2**70).map(str), hostile_text),
)
def test_cohort_export_options(client, trainer, cohort, submission, kind, milestone):
    from portfolio_pdf.models import ExportJob

    client.force_login(trainer)
    count = ExportJob.objects.count()
    response = client.post(
        reverse("portfolio_pdf:cohort", args=[cohort.pk]), {"kind": kind, "milestone": milestone}
    )
    assert response.status_code in (302, 400)
    assert_safe_html(response.content, "cohort export")
    if response.status_code == 400:
        assert ExportJob.objects.count() == count


# --- the enrol form in the admin ------------------------------------------------------------------


@FEW
@given(email=hostile_text, first=hostile_text, last=hostile_text, csv_text=hostile_text)
def test_enrol_one_and_csv(client, administrator, cohort, email, first, last, csv_text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(administrator)
    url = reverse("leergang_enrol", args=[cohort.pk])
    response = client.post(url, {"email": email, "first_name": first, "last_name": last})
    assert response.status_code in (200, 302)
    assert_safe_html(response.content, "enrol one")
    body = f"naam;e-mail\n{csv_text};{email}\n{first} {last};ok@example.org\n".encode(
        "utf-8", "surrogatepass"
    )
    upload = SimpleUploadedFile("groep.csv", body, content_type="text/csv")
    response = client.post(url, {"csv_file": upload, "action": "csv"})
    assert response.status_code in (200, 302)
    assert_safe_html(response.content, "enrol csv")
