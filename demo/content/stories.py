"""Demo content: the stories index, four published practice stories and one in moderation."""

import datetime

from wagtail.images.models import Image
from wagtail.search.index import insert_or_update_object

from demo.factories.stories import make_image_file
from modules.models import ModulePage
from stories.models import StoryAuthor, StoryImage, StoryIndexPage, StoryModuleLink, StoryPage
from stories.moderation import WORKFLOW_NAME, ensure_moderation, story_collection

INDEX_INTRO = (
    "<p>Praktijkverhalen zijn de manier waarop het gilde het ambacht deelt: wat bewoners "
    "bedachten, hoe een community werker bij hen aansloot, en wat er daarna veranderde. "
    "Geen succesverhalen van professionals, maar verhalen over wat bewoners zelf voor elkaar "
    "kregen.</p>"
)

STORIES = [
    {
        "slug": "hekwerk-bij-de-containers",
        "title": "Een hek om de containers, bedacht door de buurt",
        "date": datetime.date(2017, 5, 22),
        "place": "Amsterdam Nieuw-West",
        "summary": "Naast de ondergrondse containers stapelde het grofvuil zich op. Bewoners "
        "bedachten zelf een omheinde verzamelplek, en sindsdien blijft het schoon.",
        "question": "<p>Elke week lag er weer een bank, een kapotte kast of een berg vuilniszakken "
        "náást de ondergrondse containers aan het plein. Bewoners ergerden zich en belden de "
        "gemeente, die het opruimde, waarna het een paar dagen later weer lag. De vraag die een "
        "groep buren stelde was niet: ‘kan de gemeente vaker komen?’, maar: ‘hoe zorgen we dat "
        "het hier niet meer neergezet wordt?’</p>",
        "approach": "<p>De community werker ging niet met een plan naar de buurt, maar met een "
        "thermoskan koffie naar het plein. Ze vroeg voorbijgangers wat hen opviel en wat zij zelf "
        "zouden doen. Een bewoner die bij een hoveniersbedrijf werkt, kwam met het idee van een "
        "laag hekwerk met één opening: een vaste plek voor grofvuil, zodat niemand meer "
        "‘ergens’ iets neerzet.</p><p>De community werker hielp de groep de weg te vinden naar de "
        "woningcorporatie en de afdeling afval, en bleef zelf op de achtergrond: de bewoners "
        "presenteerden hun tekening en maakten afspraken over het ophaalmoment.</p>",
        "outcome": "<p>Binnen twee maanden stond het hekwerk er. Grofvuil wordt nu op één plek "
        "en op de goede dag aangeboden, en rond de containers slingert geen zwerfvuil meer. "
        "Belangrijker nog: de buren die het bedachten, kennen elkaar nu en hebben al een "
        "volgend idee, een bankje bij de speeltuin.</p>",
        "lessons": "<ul><li>Vraag naar ideeën, niet naar klachten: een klacht vraagt om een "
        "oplossing van een ander, een idee om eigenaarschap.</li><li>Bewoners kennen hun "
        "omgeving als geen ander; de kunst is hun oplossing serieus te nemen, ook als die "
        "simpel lijkt.</li><li>Help met de weg naar instanties, maar laat het woord aan de "
        "bewoners.</li></ul>",
        "tags": ["bewonersinitiatief", "laagdrempelig contact", "gebiedsgericht werken"],
        "authors": ["Sjoerd Bakker"],
        "caption": "Het nieuwe hekwerk naast de ondergrondse containers aan het plein",
        "photographer": "Sjoerd Bakker",
        "licence": "cc-by-4.0",
    },
    {
        "slug": "moestuin-achter-het-dorpshuis",
        "title": "De moestuin achter het dorpshuis",
        "date": datetime.date(2017, 4, 28),
        "place": "Wergea",
        "summary": "Een paar ouderen misten hun volkstuin. Samen met jonge gezinnen maakten ze "
        "van een braakliggend veldje een moestuin waar het halve dorp nu langskomt.",
        "question": "<p>Bij de koffieochtend in het dorpshuis vertelden drie oudere bewoners dat "
        "ze hun eigen tuin te groot vonden geworden, maar het werken in de grond misten. Achter "
        "het dorpshuis lag een veldje dat alleen gemaaid werd.</p>",
        "approach": "<p>De community werker vroeg door: wie zou er nog meer mee willen doen? Via "
        "de basisschool kwamen twee jonge gezinnen erbij die wel wilden tuinieren maar niet "
        "wisten hoe. De ouderen brachten de kennis, de gezinnen de handen. Het dorpshuisbestuur "
        "gaf toestemming; de community werker hielp alleen bij het schrijven van een kleine "
        "aanvraag bij het dorpsfonds.</p>",
        "outcome": "<p>Er zijn nu twaalf bakken, een gezamenlijke gereedschapskist en een "
        "schema voor water geven in de zomer. De oogst gaat deels naar de maaltijd die het "
        "dorpshuis eens per maand kookt. Een van de ouderen zegt: ‘Ik ben weer iemand die "
        "iets weet.’</p>",
        "lessons": "<ul><li>Een gemis kan het begin van een initiatief zijn.</li><li>Verbind "
        "mensen die elkaar iets te bieden hebben: kennis en energie.</li><li>Een collectief "
        "arrangement hoeft niet groot te zijn om te werken.</li></ul>",
        "tags": ["collectieve arrangementen", "bewonersinitiatief", "waarden"],
        "authors": ["Tineke Dijkstra"],
        "caption": "Tuinbakken achter het dorpshuis, in het voorjaar",
        "photographer": "Tineke Dijkstra",
        "licence": "cc-by-sa-4.0",
    },
    {
        "slug": "portiekgesprekken-in-heechterp",
        "title": "Portiekgesprekken in Heechterp",
        "date": datetime.date(2017, 3, 30),
        "place": "Heechterp, Leeuwarden",
        "summary": "In plaats van een bewonersavond waar niemand kwam, ging een wijkcoach "
        "portiek voor portiek langs. Zo kwamen de ideeën van bewoners boven tafel.",
        "question": "<p>Op de jaarlijkse bewonersavond over de wijk kwamen acht mensen, steeds "
        "dezelfde. Toch wisten de wijkcoaches dat er in de portieken genoeg te bespreken was: "
        "over de trappenhuizen, de fietsen, het contact met nieuwe buren.</p>",
        "approach": "<p>Een wijkcoach die de leergang volgde, besloot het om te draaien. Met een "
        "stapel kaartjes met één vraag, ‘Wat zou u in uw portiek willen veranderen, en wie zou "
        "daarbij kunnen helpen?’, belde ze aan, vaak op zaterdagochtend. Ze schreef op wat ze "
        "hoorde en bracht bewoners met hetzelfde idee met elkaar in contact, in plaats van het "
        "zelf op te pakken.</p>",
        "outcome": "<p>In vier portieken ontstonden kleine groepjes. Eén groep regelde een "
        "opruimdag voor de fietsenberging, een andere maakte een welkomstbriefje voor nieuwe "
        "buren in drie talen. De wijkcoach zegt: ‘Ik heb niks opgelost, ik heb alleen "
        "aangebeld.’</p>",
        "lessons": "<ul><li>Laagdrempelig betekent: naar mensen toe, op hun tijd.</li><li>Eén "
        "open vraag werkt beter dan een enquête.</li><li>Verbinden is iets anders dan "
        "overnemen.</li></ul>",
        "tags": ["laagdrempelig contact", "gebiedsgericht werken"],
        "authors": ["Sjoerd Bakker", "Aukje Zijlstra"],
        "caption": "Een portiek in Heechterp op zaterdagochtend",
        "photographer": "Aukje Zijlstra",
        "licence": "permission",
    },
    {
        "slug": "wat-drijft-jou-op-het-schoolplein",
        "title": "Wat drijft jou? Een ouderinitiatief op het schoolplein",
        "date": datetime.date(2017, 2, 24),
        "place": "Bilgaard, Leeuwarden",
        "summary": "Ouders wilden een veiliger oversteek bij school. Door eerst te praten over "
        "wat hen drijft, bleef de groep bij elkaar toen het lang duurde.",
        "question": "<p>Een groep ouders maakte zich zorgen over de oversteek bij de school: "
        "auto's reden te hard en er was geen zebrapad. Ze wilden ‘dat er iets gebeurt’, maar "
        "wisten niet waar te beginnen.</p>",
        "approach": "<p>De community werker begon niet bij het verkeer, maar bij de ouders zelf: "
        "waarom vinden jullie dit belangrijk, en wat wil je er zelf voor doen? Uit die gesprekken "
        "kwam dat een paar ouders verkeersbrigadier wilden worden, en dat een vader bij een "
        "architectenbureau een schets kon maken van een verhoogde oversteek. De community "
        "werker zocht met hen uit bij wie bij de gemeente ze moesten zijn.</p>",
        "outcome": "<p>Er staan nu elke ochtend twee ouders als verkeersbrigadier bij de school. "
        "De verhoogde oversteek staat in de planning van de gemeente voor volgend jaar. De groep "
        "bleef bij elkaar, ook toen de gemeente lang nodig had, omdat ze wisten waarom ze het "
        "deden.</p>",
        "lessons": "<ul><li>Waarden zijn brandstof: wie weet waarom hij iets doet, houdt het "
        "langer vol.</li><li>Een initiatief heeft vaak een snel en een langzaam deel; vier het "
        "snelle.</li></ul>",
        "tags": ["waarden", "bewonersinitiatief"],
        "authors": ["Marieke Postma"],
        "caption": "Ouders als verkeersbrigadier bij de school in Bilgaard",
        "photographer": "Marieke Postma",
        "licence": "cc-by-4.0",
    },
]

PENDING = {
    "slug": "de-buurtbieb-in-de-bushalte",
    "title": "De buurtbieb in de oude bushalte",
    "date": datetime.date(2017, 6, 8),
    "place": "Oranjewijk, Leeuwarden",
    "summary": "Toen de buslijn verdween, bleef het abri staan. Twee buurvrouwen maakten er een "
    "ruilkast voor boeken van, en de buurt deed mee.",
    "question": "<p>Na het opheffen van de buslijn stond het bushokje leeg en werd het een plek "
    "waar rommel bleef liggen. Twee buurvrouwen vroegen zich af of het niet een "
    "ontmoetingsplek kon worden.</p>",
    "approach": "<p>Ik hoorde het idee tijdens een wandeling door de wijk en vroeg wie ze er nog "
    "bij wilden hebben. Een buurman timmerde een kast, de school leverde de eerste boeken. Ik "
    "hielp alleen met de vraag aan de gemeente of het hokje mocht blijven staan.</p>",
    "outcome": "<p>De kast is elke week opnieuw gevuld. Mensen blijven staan om te praten, en "
    "er hangt nu ook een prikbord voor buurtnieuws.</p>",
    "lessons": "<ul><li>Een lege plek is een uitnodiging.</li><li>Vraag wie er nog bij moet, "
    "dan groeit een idee vanzelf.</li></ul>",
    "tags": ["bewonersinitiatief", "laagdrempelig contact"],
    "authors": ["Sjoerd Bakker"],
    "caption": "De ruilkast voor boeken in het oude bushokje",
    "photographer": "Sjoerd Bakker",
    "licence": "cc-by-4.0",
}


def _image(title, seed):
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image.objects.create(
            title=title,
            file=make_image_file(f"verhaal-{seed}.png", seed=seed),
            collection=story_collection(),
        )
    return image


def _modules_for(tags):
    """Course modules that share a theme with the story (at most two)."""
    return list(
        ModulePage.objects.live().filter(tags__name__in=tags).distinct().order_by("path")[:2]
    )


def _build(index, data, seed, owner=None, live=True):
    story = StoryPage(
        title=data["title"],
        slug=data["slug"],
        date=data["date"],
        place=data["place"],
        summary=data["summary"],
        question=data["question"],
        approach=data["approach"],
        outcome=data["outcome"],
        lessons=data["lessons"],
        owner=owner,
        search_description=data["summary"],
        live=live,
        gallery_images=[
            StoryImage(
                image=_image(data["caption"], seed),
                caption=data["caption"],
                photographer=data["photographer"],
                licence=data["licence"],
            )
        ],
        module_links=[StoryModuleLink(module=m) for m in _modules_for(data["tags"])],
        authors=[
            StoryAuthor(name=name, user=owner if owner and name == str(owner) else None)
            for name in data["authors"]
        ],
    )
    story.tags.add(*data["tags"])
    index.add_child(instance=story)
    return story


def seed(stdout, home=None, users=None, **context):
    users = users or {}
    index = StoryIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=StoryIndexPage(
                title="Praktijkverhalen",
                slug="verhalen",
                intro=INDEX_INTRO,
                seo_title="Praktijkverhalen van het gilde",
                search_description="Wat bewoners bedachten, hoe community werkers aansloten en "
                "wat er veranderde: praktijkverhalen uit wijken en dorpen.",
            )
        )
        index.save_revision().publish()
        stdout("  stories index created")
    ensure_moderation(index)
    stdout(f"  workflow '{WORKFLOW_NAME}' on {index.url_path}")

    guild_member = users.get("gildelid@example.org")
    # The published demo stories went through moderation: the trainer published them.
    moderator = users.get("trainer@example.org")
    for seed_number, data in enumerate(STORIES, start=1):
        if StoryPage.objects.child_of(index).filter(slug=data["slug"]).exists():
            continue
        owner = guild_member if "Sjoerd Bakker" in data["authors"] else None
        story = _build(index, data, seed_number, owner=owner)
        story.save_revision(user=owner).publish(user=moderator)
        stdout(f"  published story: {story.title}")

    if guild_member and not StoryPage.objects.child_of(index).filter(slug=PENDING["slug"]).exists():
        story = _build(index, PENDING, 9, owner=guild_member, live=False)
        story.save_revision(user=guild_member)
        index.get_workflow().start(story, guild_member)
        stdout(f"  story in moderation: {story.title}")
    # Search indexing normally runs as a background task (make worker); the demo should be
    # searchable right away, so the stories are indexed here.
    for story in StoryPage.objects.child_of(index).specific():
        insert_or_update_object(story)
    return {"story_index": index}
