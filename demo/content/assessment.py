"""Demo assessment: a rubric whose criteria map to learning outcomes, two milestones with
self-assessment, an assessed submission with a revision round (and Fenna's self-assessment in
both rounds), her submitted final milestone with a self-assessment (the certificates demo
assesses and passes it), and one submission waiting in the trainer's queue."""

import datetime

from django.test.utils import override_settings
from django.utils import timezone
from wagtail.log_actions import log

from assessment import services
from assessment.models import Milestone, Rubric, SelfAssessment, Submission
from demo.factories.assessment import criterion
from leergang.models import Cohort
from modules.models import ModulePage
from portfolio.models import Portfolio

RUBRIC_NAME = "Beoordelingsrubric Creative Communities"

CRITERIA = [
    (
        "Aansluiten bij ambities van bewoners",
        "Vertrekt de deelnemer vanuit wat bewoners zelf willen en kunnen?",
        [
            "Bedenkt oplossingen voor bewoners; hun eigen ideeën komen niet in beeld.",
            "Vraagt naar ideeën van bewoners en laat die zien in het veldwerk.",
            "Bewoners nemen aantoonbaar zelf het initiatief; de deelnemer coacht zonder over te nemen.",
        ],
    ),
    (
        "Handelen vanuit eigen waarden",
        "Weet de deelnemer wat hem of haar drijft, en is dat terug te zien in het handelen?",
        [
            "Waarden blijven algemeen en hebben geen verband met het werk in de wijk.",
            "Benoemt eigen waarden en koppelt ze aan enkele keuzes in het veldwerk.",
            "Laat overtuigend zien hoe waarden keuzes sturen, ook waar ze schuren.",
        ],
    ),
    (
        "Reflectie",
        "Kijkt de deelnemer kritisch naar het eigen handelen en leert daarvan?",
        [
            "Beschrijft vooral wat er gebeurde, zonder terug te kijken op de eigen rol.",
            "Reflecteert op de eigen rol en trekt er conclusies uit.",
            "Reflecteert diepgaand, ziet patronen en past het handelen aantoonbaar aan.",
        ],
    ),
    (
        "Gebiedsgericht werken",
        "Kent de deelnemer de buurt en verbindt hij of zij mensen en partijen?",
        [
            "Werkt vanuit de eigen organisatie; de buurt en haar netwerken blijven buiten beeld.",
            "Kent de buurt en betrekt partners waar dat nodig is.",
            "Bouwt aan collectieve arrangementen met bewoners en partners in de buurt.",
        ],
    ),
    (
        "Vakmanschap van de community werker",
        "Laagdrempelig contact, doorvragen, ruimte geven: beheerst de deelnemer het ambacht?",
        [
            "Contact met bewoners is incidenteel of verloopt vooral via de organisatie.",
            "Legt laagdrempelig contact en houdt het vast.",
            "Beweegt zich vanzelfsprekend in de buurt en wordt door bewoners opgezocht.",
        ],
    ),
]


def _rubric(stdout):
    rubric = Rubric.objects.filter(name=RUBRIC_NAME).first()
    if rubric is None:
        rubric = Rubric.objects.create(
            name=RUBRIC_NAME,
            description="De rubric voor de tussentijdse en de eindbeoordeling van het portfolio.",
            criteria=[
                criterion(name, descriptions, explanation=explanation)
                for name, explanation, descriptions in CRITERIA
            ],
            verdict_rule=Rubric.VerdictRule.ALL_AT_LEAST,
            pass_mark=2,
        )
        stdout(f"  rubric {rubric.name} created")
    return rubric


# Which learning outcomes (module slug, outcome number) each criterion judges. Outcomes not
# named here get no judgement, so the coverage map shows both in the demo.
OUTCOME_MAP = {
    "Aansluiten bij ambities van bewoners": [("aansluiten-bij-ambities", 1)],
    "Handelen vanuit eigen waarden": [("wat-drijft-jou", 1), ("wat-drijft-jou", 2)],
    "Reflectie": [("wij-lossen-niks-op", 1)],
    "Gebiedsgericht werken": [("collectieve-arrangementen", 1)],
    "Vakmanschap van de community werker": [("laagdrempelig-contact", 1)],
}


def _map_outcomes(rubric, stdout):
    """Link the rubric's criteria to learning outcomes, once (before anything is submitted)."""
    raw = list(rubric.criteria.raw_data)
    if any((block.get("value") or {}).get("outcomes") for block in raw):
        return
    outcomes = {
        page.slug: list(page.learning_outcomes.order_by("sort_order"))
        for page in ModulePage.objects.prefetch_related("learning_outcomes")
    }
    for block in raw:
        value = block["value"]
        value["outcomes"] = [
            str(outcomes[slug][n - 1].pk)
            for slug, n in OUTCOME_MAP.get(value["name"], [])
            if len(outcomes.get(slug, [])) >= n
        ]
    rubric.criteria = raw
    rubric.save()
    stdout("  rubric criteria linked to learning outcomes")


def _self_assess(portfolio, milestone, labels, sentences):
    """Fenna's self-assessment as she would fill it in: a level and a sentence per criterion."""
    criteria = milestone.rubric.definition()["criteria"]
    scores = {
        c["key"]: {
            "level": next(lv["key"] for lv in c["levels"] if lv["label"] == label),
            "sentence": sentence,
        }
        for c, label, sentence in zip(criteria, labels, sentences, strict=True)
    }
    SelfAssessment.objects.update_or_create(
        portfolio=portfolio, milestone=milestone, defaults={"scores": scores}
    )


def _levels(version, labels):
    return {
        c["key"]: next(lv["key"] for lv in c["levels"] if lv["label"] == label)
        for c, label in zip(version.criteria, labels, strict=True)
    }


def _score(submission, trainer, labels, comments):
    levels = _levels(submission.rubric_version, labels)
    services.save_scores(
        submission,
        trainer,
        {key: (levels[key], comment) for key, comment in zip(levels, comments, strict=True)},
    )


def _backdate(submission, submitted, decided=None):
    fields = {"submitted_at": submitted}
    if decided:
        fields["decided_at"] = decided
    Submission.objects.filter(pk=submission.pk).update(**fields)


def seed(stdout, **context):
    # The demo accounts are not real people: no e-mails while seeding.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _seed(stdout, **context)


def _seed(stdout, **context):
    cohort = context["cohort"]
    users = context["users"]
    trainer = users["trainer@example.org"]
    if not Cohort.objects.trained_by(trainer).filter(pk=cohort.pk).exists():
        # A ParentalManyToManyField is only written on save(); make sure the demo trainer
        # really trains the demo cohort, or the queue stays empty.
        cohort.trainers.add(trainer)
        cohort.save()
    midway, final = _milestones(cohort, stdout)
    fenna = users["deelnemer@example.org"]
    portfolio = Portfolio.objects.get_or_create(enrolment=cohort.enrolments.get(user=fenna))[0]
    if not Submission.objects.filter(portfolio=portfolio, milestone=midway).exists():
        _fenna_midway(portfolio, midway, fenna, trainer, stdout)
    if not Submission.objects.filter(portfolio=portfolio, milestone=final).exists():
        _fenna_final(portfolio, final, fenna, stdout)
    jelle = users["deelnemer2@example.org"]
    portfolio2 = Portfolio.objects.get_or_create(enrolment=cohort.enrolments.get(user=jelle))[0]
    if not Submission.objects.filter(portfolio=portfolio2, milestone=midway).exists():
        waiting = services.start(portfolio2, midway, jelle)
        _submit(waiting, jelle, stdout)
        _backdate(waiting, datetime.datetime(2017, 4, 7, 11, 48, tzinfo=_tz()))
        stdout("  submission of deelnemer2@example.org waiting in the queue")
    return {"milestones": list(Milestone.objects.filter(cohort=cohort))}


def _tz():
    return timezone.get_current_timezone()


def _milestones(cohort, stdout):
    rubric = _rubric(stdout)
    _map_outcomes(rubric, stdout)
    tz = _tz()
    midway, _ = Milestone.objects.get_or_create(
        cohort=cohort,
        name="Tussentijdse beoordeling",
        defaults={
            "description": "Lever je waardenreflectie en je eerste veldwerk in.",
            "deadline": datetime.datetime(2017, 4, 7, 17, 0, tzinfo=tz),
            "rubric": rubric,
            "order": 1,
            "self_assessment": True,
        },
    )
    final, _ = Milestone.objects.get_or_create(
        cohort=cohort,
        name="Eindbeoordeling",
        defaults={
            "description": "Je complete portfolio, met je eindreflectie.",
            "deadline": datetime.datetime(2017, 6, 16, 17, 0, tzinfo=tz),
            "rubric": rubric,
            "order": 2,
            "self_assessment": True,
        },
    )
    stdout("  milestones Tussentijdse beoordeling, Eindbeoordeling")
    return midway, final


def _fenna_midway(portfolio, midway, fenna, trainer, stdout):
    """Round 1 sent back for revision, round 2 passed, each with a self-assessment."""
    tz = _tz()
    first = services.start(portfolio, midway, fenna)
    _self_assess(
        portfolio,
        midway,
        ["goed", "voldoende", "voldoende", "voldoende", "goed"],
        [
            "Bij het bankje kwam het idee van de bewoners zelf.",
            "Ik weet wat me drijft: ruimte geven.",
            "Ik kijk na elk gesprek terug in mijn logboek.",
            "Ik ken de buurt, de partners nog niet allemaal.",
            "Bewoners spreken me aan op straat.",
        ],
    )
    _submit(first, fenna, stdout)
    _score(
        first,
        trainer,
        ["voldoende", "onvoldoende", "voldoende", "voldoende", "goed"],
        [
            "Je laat goed zien dat je vraagt naar wat bewoners zelf willen.",
            "Je waarden staan er, maar ik zie ze nog niet terug in je keuzes in het veldwerk.",
            "Je kijkt eerlijk naar je eigen rol bij het buurtfeest.",
            "Je kent de buurt; betrek de woningcorporatie eerder.",
            "Bewoners weten je te vinden, dat zie je aan hoe het bankje er kwam.",
        ],
    )
    services.request_revision(
        first,
        trainer,
        "Fenna, je veldwerk is sterk. Wat nog ontbreekt is de verbinding met je waarden: "
        "waarom koos je ervoor om niet zelf het initiatief te nemen bij het bankje? "
        "Schrijf dat uit in je reflectie en lever opnieuw in.",
    )
    second = _fenna_round_two(portfolio, midway, first, fenna, trainer)
    _backdate(
        first,
        datetime.datetime(2017, 4, 5, 16, 12, tzinfo=tz),
        datetime.datetime(2017, 4, 11, 10, 30, tzinfo=tz),
    )
    _backdate(
        second,
        datetime.datetime(2017, 4, 20, 20, 41, tzinfo=tz),
        datetime.datetime(2017, 4, 24, 9, 5, tzinfo=tz),
    )
    stdout("  submission of deelnemer@example.org: round 1 revision, round 2 passed")


def _fenna_round_two(portfolio, midway, first, fenna, trainer):
    _self_assess(
        portfolio,
        midway,
        ["goed", "voldoende", "goed", "voldoende", "goed"],
        [
            "Bewoners houden het initiatief; ik coach.",
            "Ik beschrijf nu hoe ruimte geven mijn keuzes stuurde.",
            "Ik zie een patroon: ik wil te snel helpen, en ik rem mezelf nu af.",
            "Met de woningcorporatie heb ik nu vaker contact.",
            "Ik ben vanzelfsprekend in de buurt.",
        ],
    )
    second = services.resubmit(
        first,
        fenna,
        "Ik heb bij het bankje en bij het buurtfeest beschreven hoe mijn waarde 'ruimte "
        "geven' mijn keuze stuurde om het initiatief bij de bewoners te laten, en waar dat "
        "schuurde met de verwachting van mijn organisatie.",
    )
    _score(
        second,
        trainer,
        ["goed", "voldoende", "goed", "voldoende", "goed"],
        [
            "Sterk: bewoners houden het initiatief, jij coacht.",
            "Nu zie ik je waarden terug in je keuzes. Goed uitgewerkt.",
            "Je reflectie is eerlijk en laat zien wat je anders doet.",
            "Voldoende; blijf investeren in de partners in de wijk.",
            "Laagdrempelig en vanzelfsprekend in de buurt.",
        ],
    )
    services.give_verdict(
        second, trainer, True, "Gefeliciteerd, je tussentijdse beoordeling is voldaan."
    )
    return second


def _fenna_final(portfolio, final, fenna, stdout):
    tz = _tz()
    _self_assess(
        portfolio,
        final,
        ["goed", "goed", "goed", "voldoende", "goed"],
        [
            "Het buurtfeest en het bankje zijn van de bewoners zelf.",
            "Mijn waarden sturen mijn keuzes, ook waar het schuurt met mijn organisatie.",
            "Ik pas mijn handelen aan na elke terugblik.",
            "Het netwerk in de wijk groeit, maar de arrangementen zijn nog jong.",
            "Bewoners zoeken me op.",
        ],
    )
    _submit(services.start(portfolio, final, fenna), fenna, stdout)
    _backdate(
        Submission.objects.get(portfolio=portfolio, milestone=final, round=1),
        datetime.datetime(2017, 6, 14, 21, 3, tzinfo=tz),
    )
    stdout("  final milestone of deelnemer@example.org submitted with a self-assessment")


def _submit(submission, user, stdout):
    """Submit even if the demo portfolio still has privacy findings to resolve: the demo
    shows the assessment flow; the real path through the form refuses with the blockers."""
    try:
        services.submit(submission, user)
    except services.TransitionError as exc:
        version = submission.milestone.rubric.current_version()
        Submission.objects.filter(pk=submission.pk).update(
            state=Submission.State.SUBMITTED,
            snapshot=services.freeze_snapshot(submission, version),
            rubric_version=version,
            submitted_at=timezone.now(),
            version=submission.version + 1,
        )
        submission.refresh_from_db()
        log(submission, "assessment.submit", user=user, data={"round": submission.round})
        stdout(f"  (submitted despite: {exc})")
