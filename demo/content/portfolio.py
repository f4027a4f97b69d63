"""Demo portfolios: Fenna (deelnemer@) with a full log, Jelle (deelnemer2@) with a smaller one.

All residents appear by role and pseudonym only, as the course asks.
"""

import datetime

from django.core.files.base import ContentFile

from demo.factories.portfolio import ensure_default_questions, image_bytes, pdf_bytes
from modules.assignments import assignments_for_user
from modules.models import ModulePage
from portfolio import privacy
from portfolio.models import (
    Attachment,
    EntryRevision,
    FieldworkEntry,
    Portfolio,
    PortfolioShare,
    PrivacyFinding,
    RealName,
    ValuesAnswer,
    ValuesReflection,
)
from portfolio.richtext import text_to_html
from portfolio.services import revision_data

FENNA_VALUES = {
    "intake": [
        "Ik ben opbouwwerker geworden omdat ik zie hoeveel mensen zelf kunnen als je ze de "
        "ruimte geeft. Wat me drijft is het moment waarop iemand zegt: dit hebben wíj gedaan.",
        "**Gelijkwaardigheid**: de bewoner is expert van zijn eigen straat, ik niet.\n\n"
        "**Betrouwbaarheid**: als ik iets toezeg, doe ik het. Dat heb ik van mijn vader, die "
        "dertig jaar postbode was in hetzelfde dorp.",
        "Ik probeer vooral goed te luisteren. Eerlijk gezegd merk ik dat ik vaak al een "
        "oplossing in mijn hoofd heb voordat de bewoner is uitgepraat.",
        "Bij een klacht over overlast wilde de corporatie dat ik 'de bewoners even "
        "toesprak'. Ik deed het, maar het voelde niet goed.",
    ],
    "midway": [
        "Ik ben opbouwwerker geworden omdat ik zie hoeveel mensen zelf kunnen als je ze de "
        "ruimte geeft. Wat me drijft is het moment waarop bewoners zeggen: dit hebben wij "
        "gedaan, en ik er zelf nauwelijks in voorkom.",
        "**Gelijkwaardigheid**: de bewoner is expert van zijn eigen straat, ik niet.\n\n"
        "**Geduld**: een idee van bewoners heeft tijd nodig om te rijpen. Dat is nieuw voor "
        "mij; ik was gewend aan snelle resultaten.",
        "Ik vraag door naar wat iemand zelf wil en kan, en ik zwijg vaker. Bij het hekwerk in "
        "Heechterp heb ik geen enkele keer zelf gebeld: de bewoners deden het.",
        "Bij een klacht over overlast wilde de corporatie dat ik 'de bewoners even "
        "toesprak'. Nu zou ik voorstellen dat de corporatie zelf aanschuift bij een "
        "bewonersavond, en dat heb ik bij het trapveld ook gedaan.",
    ],
}

JELLE_VALUES = [
    "Als dorpsondersteuner wil ik dat iedereen in het dorp mee kan doen, ook wie niet "
    "vanzelf naar het dorpshuis komt.",
    "**Nieuwsgierigheid** en **eerlijkheid**. Ik zeg het als ik iets niet weet.",
    "Ik ga langs bij mensen thuis en vraag waar ze trots op zijn in het dorp.",
    "Toen dorpsbelang een plan wilde doorzetten waar de jongeren niets van wisten.",
]

# (title, date, place, setting, involved, idea, actions, outcome, reflection, tags, module slug)
FENNA_ENTRIES = [
    (
        "Koffie op het pleintje",
        datetime.date(2017, 2, 22),
        "Heechterp, Leeuwarden",
        "street",
        "bewoner A, bewoner B, twee kinderen",
        "Bewoner A wil 'iets met het groen' op het plein; nu is het vooral tegels.",
        "Ik zette met een collega een statafel en een thermoskan koffie neer en vroeg "
        "voorbijgangers wat ze van hun plein vonden. Ik schreef niets op tijdens het gesprek.",
        "Zeven gesprekken in twee uur. Drie mensen noemden het grofvuil bij de containers, "
        "niemand had het over groen behalve bewoner A.",
        "Ik had zelf 'eenzaamheid' als thema verwacht. Goed dat ik niet met een vragenlijst "
        "kwam: dan had ik het grofvuil gemist.",
        ["kennismaking", "straat"],
        "laagdrempelig-contact",
    ),
    (
        "Grofvuil naast de containers",
        datetime.date(2017, 3, 1),
        "Heechterp, Leeuwarden",
        "street",
        "bewoner A (gepensioneerd timmerman), bewoner B, bewoner C",
        "Naast de ondergrondse containers staan steeds matrassen, kasten en zakken. De "
        "bewoners willen zelf een omheining bouwen: een vaste plek waar grofvuil netjes "
        "staat tot de ophaaldag, in plaats van een rommelige hoop op de stoep.",
        "Ik vroeg wie zich er nog meer aan stoorde en wie wilde meedenken. Bewoner A had al "
        "een schets op een bierviltje. Ik heb alleen gevraagd wat ze nodig hadden en wie ze "
        "daarvoor kenden.\n\n- bewoner B kent iemand bij de corporatie\n- bewoner C wil "
        "de buren langs de deuren vragen",
        "Afgesproken dat bewoner A en B een tekening maken en die zelf naar de corporatie "
        "brengen. Ik kom over twee weken terug.",
        "Het kostte me moeite om de corporatie níet zelf te bellen. Wij lossen niks op: het "
        "is hún plan, en dat merkte je aan hoe trots bewoner A over zijn schets vertelde.",
        ["grofvuil", "bewonersinitiatief"],
        "aansluiten-bij-ambities",
    ),
    (
        "Huisbezoek: moestuin bij het dorpshuis",
        datetime.date(2017, 3, 8),
        "Wergea",
        "home",
        "bewoner D (ruim tachtig), haar buurvrouw",
        "Bewoner D wil een moestuin naast het dorpshuis, 'zoals vroeger bij de school'.",
        "Ik ging op de koffie en liet haar vertellen over de schooltuin van vroeger. Ik vroeg "
        "wie er in het dorp nog meer van tuinieren houdt.",
        "Ze noemde vier mensen. De buurvrouw bood aan om mee te gaan naar dorpsbelang.",
        "Ik merkte dat ik haar leeftijd eerst als beperking zag. Zij zag het als kennis.",
        ["moestuin", "dorp"],
        "",
    ),
    (
        "Bewonersavond over de omheining",
        datetime.date(2017, 3, 15),
        "Buurthuis De Schakel, Leeuwarden",
        "meeting",
        "bewoner A, bewoner B, bewoner C, medewerker corporatie, zes andere bewoners",
        "De omheining van de containers: hoe hoog, van welk hout, en wie bouwt hem.",
        "Ik zorgde voor de zaal en de koffie en gaf bewoner A het woord. Toen de medewerker "
        "van de corporatie over regels begon, vroeg ik hem wat hij wél mogelijk maakte.",
        "De corporatie levert het hout en de palen; de bewoners bouwen op een zaterdag. "
        "Bewoner C maakt een lijstje wie wat meeneemt. Het nummer van het buurthuis "
        "(058-2123456) staat op de uitnodiging.",
        "Mijn rol was klein en dat was goed. Wel had ik de medewerker van de corporatie "
        "beter vooraf kunnen spreken.",
        ["grofvuil", "bewonersinitiatief", "corporatie"],
        "collectieve-arrangementen",
    ),
    (
        "Dorpsbelang en de moestuin",
        datetime.date(2017, 3, 22),
        "Wergea",
        "partners",
        "bewoner D, haar buurvrouw, bestuur dorpsbelang",
        "De moestuin naast het dorpshuis.",
        "Ik had bewoner D en haar buurvrouw geholpen hun verhaal op één A4 te zetten. In de "
        "vergadering zei ik zelf bijna niets.",
        "Dorpsbelang vond het idee goed maar wil eerst weten wie de tuin onderhoudt.",
        "Ik voelde de neiging om te beloven dat 'wij' dat regelen. Niet gedaan.",
        ["moestuin", "dorp"],
        "wij-lossen-niks-op",
    ),
    (
        "Bouwdag bij de containers",
        datetime.date(2017, 4, 1),
        "Heechterp, Leeuwarden",
        "event",
        "bewoner A, bewoner B, bewoner C, ongeveer twaalf buren, kinderen",
        "De omheining bouwen, samen.",
        "Ik hielp palen sjouwen, verder niets. Ik maakte foto's van het resultaat, zonder "
        "herkenbare mensen erop.",
        "Om vier uur stond er een houten omheining met een klep voor het grofvuil. De "
        "kinderen hebben een bord geschilderd.",
        "Dit was het moment dat ik in mijn waardenreflectie beschreef: zij zeggen 'wij'.",
        ["grofvuil", "bewonersinitiatief"],
        "",
    ),
    (
        "Jongeren bij het trapveld",
        datetime.date(2017, 4, 12),
        "Vrijheidswijk, Leeuwarden",
        "street",
        "vier jongeren (jongere E en vrienden), ondernemer F (snackbar)",
        "De jongeren willen een voetbaltoernooi tegen de jongeren uit de wijk ernaast.",
        "Ik stond bij het hek en vroeg wat ze zelf zouden willen organiseren. Ik vroeg "
        "ondernemer F of hij de jongeren wilde ontmoeten.",
        "Ondernemer F wil prijzen sponsoren als de jongeren het zelf vragen.",
        "Ik was enthousiast, misschien te enthousiast.",
        ["jongeren", "sport"],
        "",
    ),
    (
        "Het toernooi loopt vast",
        datetime.date(2017, 4, 26),
        "Vrijheidswijk, Leeuwarden",
        "street",
        "jongere E",
        "Het toernooi.",
        "Ik appte twee keer om te vragen hoe het ging.",
        "Jongere E zei dat ze 'er geen zin meer in hadden'. De vrienden waren afgehaakt.",
        "Ik heb te hard geduwd: het werd míjn toernooi. Volgende keer wacht ik tot zij "
        "bellen. Ook geleerd: een idee van één persoon is nog geen gedragen idee.",
        ["jongeren", "reflectie"],
        "wij-lossen-niks-op",
    ),
    (
        "Zes weken later: geen grofvuil meer",
        datetime.date(2017, 5, 10),
        "Heechterp, Leeuwarden",
        "street",
        "bewoner A, bewoner C",
        "Bewoner A wil nu ook bloembakken bij de omheining.",
        "Ik liep langs en vroeg hoe het ging, en of ik een foto mocht maken voor mijn "
        "portfolio. Bewoner A gaf daar toestemming voor.",
        "Er slingert geen grofvuil meer naast de containers. Bewoners spreken elkaar aan als "
        "iemand iets naast de omheining zet. Bewoner C houdt een afsprakenlijstje bij.",
        "Een eenvoudige oplossing, bedacht door mensen die er elke dag langslopen. Mijn "
        "bijdrage was vooral: vragen, en uit de weg blijven.",
        ["grofvuil", "bewonersinitiatief", "evaluatie"],
        "aansluiten-bij-ambities",
    ),
]

JELLE_ENTRIES = [
    (
        "Rondje door het dorp",
        datetime.date(2017, 3, 3),
        "Wergea",
        "street",
        "bewoner G, bewoner H",
        "Bewoner G wil een bankje bij de brug, waar ouderen kunnen uitrusten.",
        "Ik fietste door het dorp en maakte praatjes.",
        "Twee mensen willen meedenken over het bankje.",
        "Ik was verrast hoe makkelijk mensen praten als je niet met een klembord komt.",
        ["dorp", "kennismaking"],
        "laagdrempelig-contact",
    ),
    (
        "Gesprek met de ijsclub",
        datetime.date(2017, 3, 29),
        "Wergea",
        "partners",
        "bestuur ijsclub",
        "De ijsclub wil de kantine vaker openstellen voor het dorp.",
        "Ik vroeg wat ze nodig hebben en wie in het dorp kan helpen.",
        "Ze gaan een oproep doen in de dorpskrant.",
        "Ik wilde meteen een subsidie aanvragen; ik heb het voorstel ingeslikt.",
        ["dorp"],
        "",
    ),
    (
        "Bankje bij de brug",
        datetime.date(2017, 4, 20),
        "Wergea",
        "event",
        "bewoner G, bewoner H, vrijwilligers",
        "Het bankje plaatsen.",
        "Ik was erbij en maakte een foto van het bankje.",
        "Het bankje staat er.",
        "Klein, maar het begin van meer.",
        ["dorp", "bewonersinitiatief"],
        "",
    ),
]


def _modules_by_slug():
    return {p.slug: p for p in ModulePage.objects.all().prefetch_related("learning_outcomes")}


def _assignment_for(user, module, kind):
    if module is None:
        return None
    for a in assignments_for_user(user):
        if a.module.pk == module.pk and a.kind == kind:
            return a
    return None


def _reflection(portfolio, stage, texts, questions, created_at):
    reflection, created = ValuesReflection.objects.get_or_create(
        portfolio=portfolio, stage=stage, defaults={"created_at": created_at}
    )
    if created:
        for question, text in zip(questions, texts, strict=False):
            ValuesAnswer.objects.create(
                reflection=reflection,
                question=question,
                question_text=question.text,
                text=text_to_html(text),
            )
    return reflection


def _entries(portfolio, rows, modules, user, stdout):
    entries = []
    linked_assignment = False
    for row in rows:
        title, date, place, setting, involved, idea, actions, outcome, refl, tags, slug = row
        entry = FieldworkEntry.objects.filter(portfolio=portfolio, title=title).first()
        if entry is None:
            module = modules.get(slug) if slug else None
            entry = FieldworkEntry.objects.create(
                portfolio=portfolio,
                title=title,
                date=date,
                place=place,
                setting=setting,
                involved=involved,
                residents_idea=text_to_html(idea),
                actions=text_to_html(actions),
                outcome=text_to_html(outcome),
                reflection=text_to_html(refl),
                module=module,
                is_draft=False,
                created_at=datetime.datetime.combine(
                    date, datetime.time(17, 0), tzinfo=datetime.UTC
                ),
            )
            entry.tags.set(tags)
            if module is not None:
                outcomes = list(module.learning_outcomes.all()[:2])
                entry.learning_outcomes.set(outcomes)
                if not linked_assignment:
                    assignment = _assignment_for(user, module, "fieldwork")
                    if assignment is not None:
                        entry.assignment_id = f"{module.pk}:{assignment.block_id}"
                        entry.save(update_fields=["assignment_id"])
                        linked_assignment = True
            EntryRevision.objects.create(entry=entry, data=revision_data(entry), created_by=user)
        entries.append(entry)
    stdout(f"  {len(entries)} fieldwork entries for {user.email}")
    return entries


def _attach(entry, name, content_type, data, caption, consent, given_by="", use="", size=None):
    if entry.attachments.filter(original_name=name).exists():
        return
    Attachment.objects.create(
        entry=entry,
        file=ContentFile(data, name=name),
        original_name=name,
        content_type=content_type,
        size=len(data),
        width=size[0] if size else None,
        height=size[1] if size else None,
        caption=caption,
        consent=consent,
        consent_given_by=given_by,
        consent_use=use,
    )


def seed(stdout, **context):
    users = context.get("users") or {}
    fenna, jelle = users.get("deelnemer@example.org"), users.get("deelnemer2@example.org")
    if fenna is None or jelle is None:
        stdout("  no demo participants; skipped")
        return {}
    questions = ensure_default_questions()
    stdout(f"  {len(questions)} values questions")
    modules = _modules_by_slug()
    fenna_portfolio = _fenna(fenna, questions, modules, stdout)
    jelle_portfolio = _jelle(jelle, questions, modules, stdout)
    PortfolioShare.objects.get_or_create(portfolio=jelle_portfolio, user=fenna)
    stdout("  deelnemer2 shares the portfolio with deelnemer for peer review")
    return {"portfolios": {fenna.email: fenna_portfolio, jelle.email: jelle_portfolio}}


def _fenna(fenna, questions, modules, stdout):
    """Two values reflections, the fieldwork log with photos and a real name to pseudonymise."""
    fenna_portfolio = Portfolio.objects.get_or_create_for(fenna)
    _reflection(
        fenna_portfolio,
        "intake",
        FENNA_VALUES["intake"],
        questions,
        datetime.datetime(2017, 2, 17, 20, 0, tzinfo=datetime.UTC),
    )
    midway = _reflection(
        fenna_portfolio,
        "midway",
        FENNA_VALUES["midway"],
        questions,
        datetime.datetime(2017, 4, 5, 20, 0, tzinfo=datetime.UTC),
    )
    values_assignment = _assignment_for(fenna, modules.get("wat-drijft-jou"), "values")
    if values_assignment is not None and not midway.assignment_id:
        key = f"{values_assignment.module.pk}:{values_assignment.block_id}"
        ValuesReflection.objects.filter(portfolio=fenna_portfolio, stage="intake").update(
            assignment_id=key
        )
    entries = _entries(fenna_portfolio, FENNA_ENTRIES, modules, fenna, stdout)
    by_title = {e.title: e for e in entries}
    RealName.objects.get_or_create(portfolio=fenna_portfolio, name="Hendrik Zijlstra")
    _attach(
        by_title["Bouwdag bij de containers"],
        "omheining-klaar.jpg",
        "image/jpeg",
        image_bytes("JPEG", (640, 420), (120, 84, 50), "Omheining containers"),
        "De nieuwe omheining bij de ondergrondse containers, net af.",
        Attachment.Consent.NOT_IDENTIFIABLE,
        size=(640, 420),
    )
    _attach(
        by_title["Zes weken later: geen grofvuil meer"],
        "zes-weken-later.png",
        "image/png",
        image_bytes("PNG", (480, 320), (70, 120, 80), "Geen grofvuil"),
        "De omheining zes weken later; bewoner A staat op de rug gezien in beeld.",
        Attachment.Consent.RECORDED,
        given_by="bewoner A",
        use=Attachment.ConsentUse.PORTFOLIO,
        size=(480, 320),
    )
    _attach(
        by_title["Zes weken later: geen grofvuil meer"],
        "afsprakenlijstje.pdf",
        "application/pdf",
        pdf_bytes("Afspraken omheining containers"),
        "Het afsprakenlijstje dat bewoner C bijhoudt (zonder namen).",
        Attachment.Consent.NOT_IDENTIFIABLE,
    )
    privacy.check_portfolio(fenna_portfolio)
    # The community centre's number is not personal data; Fenna said so.
    PrivacyFinding.objects.filter(portfolio=fenna_portfolio, text="058-2123456").update(
        status=PrivacyFinding.Status.NOT_PERSONAL
    )
    return fenna_portfolio


def _jelle(jelle, questions, modules, stdout):
    jelle_portfolio = Portfolio.objects.get_or_create_for(jelle)
    _reflection(
        jelle_portfolio,
        "intake",
        JELLE_VALUES,
        questions,
        datetime.datetime(2017, 2, 18, 19, 0, tzinfo=datetime.UTC),
    )
    jelle_entries = _entries(jelle_portfolio, JELLE_ENTRIES, modules, jelle, stdout)
    _attach(
        jelle_entries[-1],
        "bankje-bij-de-brug.jpg",
        "image/jpeg",
        image_bytes("JPEG", (480, 360), (60, 90, 140), "Bankje bij de brug"),
        "Het nieuwe bankje bij de brug.",
        Attachment.Consent.NOT_IDENTIFIABLE,
        size=(480, 360),
    )
    privacy.check_portfolio(jelle_portfolio)
    return jelle_portfolio
