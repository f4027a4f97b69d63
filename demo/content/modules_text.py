"""The five demo modules of the course, in Dutch. Used by content/modules.py and the bench.

Each body is a list of (block type, value) pairs; the factories turn it into stream data.
"""

COURSE_INTRO = """
<p>De leergang Creative Communities bestaat uit vijf modules. Ze volgen de weg die een community
werker in de praktijk aflegt: eerst weten wat jou drijft, dan de straat op, luisteren naar wat
bewoners zelf willen, samen iets opbouwen dat de buurt draagt en ten slotte coachen zonder het over
te nemen.</p>
<p>Elke module hoort bij een of twee bijeenkomsten. Tussen de bijeenkomsten werk je in je eigen wijk,
buurt of dorp en houd je je portfolio bij. Markeer een onderdeel als gedaan wanneer je het hebt
gelezen en de vragen voor jezelf hebt beantwoord: zo zie je waar je staat, en je trainer ook.</p>
"""

MODULES = [
    {
        "title": "Wat drijft jou? Waarden in community werk",
        "slug": "wat-drijft-jou",
        "intro": "<p>Voordat je aansluit bij de motivatie van bewoners, onderzoek je je eigen "
        "motivatie. Welke waarden sturen jouw werk, en waar botsen ze met de opdracht "
        "van je organisatie?</p>",
        "hours": 10,
        "tags": ["waarden"],
        "outcomes": [
            "Je benoemt drie kernwaarden die jouw werk in de wijk sturen en licht ze toe "
            "met voorbeelden uit je eigen praktijk.",
            "Je herkent situaties waarin jouw waarden botsen met die van bewoners of van je "
            "opdrachtgever en je beschrijft hoe je daarmee omgaat.",
            "Je vertelt in een paar zinnen vanuit welke overtuiging je als community werker werkt.",
        ],
        "body": [
            ("section", {"heading": "Waarom beginnen bij jezelf?"}),
            (
                "text",
                "<p>Community werk is geen techniek die je uit een handboek toepast. Je werkt met "
                "mensen die je niet kunt dwingen en die niet op je zitten te wachten. Wat je dan "
                "overeind houdt, is niet je functieomschrijving maar je overtuiging: waarom doe je "
                "dit werk, en wat wil je dat er in de buurt verandert?</p>"
                "<p>Bewoners merken feilloos of iemand komt omdat het moet of omdat hij of zij "
                "werkelijk benieuwd is. Wie zijn eigen drijfveren kent, kan eerlijk zijn over wat "
                "hij wel en niet kan beloven. Dat is de basis van wederzijds vertrouwen, en zonder "
                "vertrouwen gebeurt er in een wijk weinig.</p>"
                "<p>In deze module kijk je daarom eerst naar binnen. Niet om een mooie tekst over "
                "jezelf te schrijven, maar om scherp te krijgen waar je staat als het schuurt.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Als je niet weet waarom je aanbelt, weet de bewoner het ook niet.",
                    "attribution": "Een community werker uit het gilde",
                },
            ),
            ("section", {"heading": "Waarden zichtbaar maken"}),
            (
                "text",
                "<p>Waarden zijn abstract: rechtvaardigheid, gelijkwaardigheid, eigen kracht, "
                "verbondenheid. Iedereen is er voor. Pas in concrete keuzes wordt zichtbaar wat "
                "je werkelijk belangrijk vindt. Ga je mee in het tempo van een bewonersgroep, ook "
                "als je manager resultaten wil zien? Laat je een initiatief mislukken, omdat het "
                "van de bewoners is en niet van jou?</p>"
                "<p>Een bruikbare manier om je waarden te vinden is terugkijken op momenten waarop "
                "je boos, trots of ongemakkelijk was in je werk. Zulke momenten wijzen bijna "
                "altijd op een waarde die geraakt werd. Schrijf drie van die momenten op en vraag "
                "je bij elk af: wat vond ik hier eigenlijk belangrijk?</p>",
            ),
            (
                "reflection",
                {
                    "prompt": "Denk aan een moment in je werk waarop je je echt ergerde. Welke "
                    "waarde van jou werd daar geraakt?",
                    "guidance": "<p>Schrijf eerst op wat er gebeurde, zonder oordeel. Kijk daarna "
                    "pas naar je eigen reactie.</p>",
                },
            ),
            ("section", {"heading": "Als waarden botsen"}),
            (
                "text",
                "<p>Jouw waarden zijn niet die van iedereen. Een bewoner die vooral rust wil in de "
                "straat, kijkt anders naar een speelplek dan een jong gezin. Je opdrachtgever wil "
                "misschien bereik en cijfers, terwijl jij gelooft in langzaam bouwen. Botsingen "
                "zijn normaal; het gaat erom dat je ze herkent en bespreekbaar maakt.</p>"
                "<p>Neem in de bijeenkomst een eigen voorbeeld mee van zo'n botsing. We bespreken "
                "ze in kleine groepen met de vraag: wat deed je, wat had je ook kunnen doen, en "
                "welke waarde gaf de doorslag?</p>",
            ),
            (
                "assignment",
                {
                    "title": "Jouw waardenreflectie",
                    "kind": "values",
                    "instructions": "<p>Schrijf in je portfolio een waardenreflectie van "
                    "ongeveer 800 woorden. Beschrijf drie kernwaarden en onderbouw elke waarde "
                    "met een situatie uit je eigen praktijk. Beschrijf ook één situatie waarin "
                    "jouw waarden botsten met die van een bewoner of je organisatie, en wat je "
                    "daarvan leerde.</p><p>Sluit af met een korte persoonlijke "
                    "overtuiging: waarom doe jij dit werk?</p>",
                    "outcomes": "1, 2, 3",
                },
            ),
        ],
    },
    {
        "title": "Laagdrempelig contact met bewoners",
        "slug": "laagdrempelig-contact",
        "intro": "<p>Community werk begint op straat, bij de voordeur en op het bankje. Je leert "
        "contact te maken met bewoners die je niet kent, zonder formulier en zonder "
        "agenda.</p>",
        "hours": 12,
        "tags": ["gebiedsgericht werken", "bewonersinitiatief"],
        "outcomes": [
            "Je legt op een ontspannen manier contact met bewoners die je nog niet kent.",
            "Je stelt open vragen naar de ideeën van bewoners over hun straat of buurt.",
            "Je legt je waarnemingen en gesprekken vast zonder persoonsgegevens van bewoners "
            "prijs te geven.",
        ],
        "body": [
            ("section", {"heading": "Drempels zien"}),
            (
                "text",
                "<p>Veel professionals ontmoeten bewoners vooral als die een probleem hebben: in "
                "een spreekuur, een keukentafelgesprek of een overleg. Daar ligt de drempel hoog, "
                "want de bewoner moet zich eerst melden en zich daarna verantwoorden. Wie "
                "alleen zo contact heeft, hoort vooral klachten en zelden ideeën.</p>"
                "<p>Laagdrempelig contact draait dat om. Jij gaat naar de plekken waar bewoners al "
                "zijn: het schoolplein, de supermarkt, de bank bij het speelveld, het "
                "dorpshuis. Je hebt geen folder bij je en geen vragenlijst. Je bent er gewoon, en "
                "je bent nieuwsgierig.</p>",
            ),
            ("section", {"heading": "Het eerste gesprek"}),
            (
                "text",
                "<p>Een goed eerste gesprek gaat over de straat, niet over de bewoner zelf. Vragen "
                "als 'Wat vindt u van deze plek?' of 'Wat zou u hier anders willen?' nodigen uit "
                "tot een mening zonder dat iemand iets over zijn eigen leven hoeft te vertellen. "
                "Luister vooral. Schrijf niets op terwijl je praat; dat doe je later.</p>"
                "<p>Vertel eerlijk wie je bent en waarom je er bent. Beloof niets wat je niet kunt "
                "waarmaken. 'Ik kan het niet voor u regelen, maar ik ben benieuwd wat u zelf zou "
                "willen' is een prima zin. Het maakt meteen duidelijk dat de bewoner de "
                "eigenaar is van het idee.</p>",
            ),
            (
                "quote",
                {
                    "quote": "De beste ideeën over een straat liggen bij de mensen die er elke "
                    "dag lopen.",
                    "attribution": "",
                },
            ),
            ("section", {"heading": "Kijken en vastleggen"}),
            (
                "text",
                "<p>Naast praten is kijken een vak. Waar spelen kinderen echt, en waar mogen ze "
                "volgens de bordjes spelen? Waar ligt het zwerfvuil? Welke tuinen zijn verzorgd en "
                "welke niet? Zulke waarnemingen vertellen veel over wat bewoners belangrijk "
                "vinden, ook als ze het niet zeggen.</p>"
                "<p>Leg je waarnemingen vast in je portfolio als veldwerk. Schrijf over plekken, "
                "patronen en ideeën, niet over personen: gebruik geen namen, adressen of "
                "herkenbare details van bewoners. Het portfolio waarschuwt je als je dat toch "
                "doet.</p>"
                "<p>Neem na elke ronde even de tijd om terug te kijken. Welke plekken voelden "
                "open, waar werd je met argwaan bekeken? Wie sprak jou aan in plaats van "
                "andersom? Juist die kleine signalen laten zien waar in de buurt ruimte is voor "
                "iets nieuws, en waar je eerst vertrouwen moet verdienen door vaker terug te "
                "komen.</p>",
            ),
            (
                "reflection",
                {
                    "prompt": "Wat maakte het voor jou spannend of juist makkelijk om een "
                    "onbekende bewoner aan te spreken?",
                    "guidance": "",
                },
            ),
            (
                "assignment",
                {
                    "title": "Een middag op straat",
                    "kind": "fieldwork",
                    "instructions": "<p>Breng een middag door op een plek in je werkgebied waar "
                    "bewoners vanzelf komen. Voer minstens vijf korte gesprekken waarin je vraagt "
                    "naar ideeën voor de straat of buurt.</p><p>Beschrijf in een veldwerkverslag "
                    "de plek, wat je zag, welke ideeën je hoorde en wat je zelf merkte tijdens de "
                    "gesprekken. Noem geen namen of adressen.</p>",
                    "outcomes": "1, 2, 3",
                },
            ),
        ],
    },
    {
        "title": "Aansluiten bij motivatie en ambities van bewoners",
        "slug": "aansluiten-bij-ambities",
        "intro": "<p>Een idee van een bewoner is pas het begin. Je leert doorvragen naar wat "
        "iemand drijft en wat hij of zij zelf wil en kan bijdragen, zodat het idee van de "
        "bewoner blijft.</p>",
        "hours": 12,
        "tags": ["bewonersinitiatief"],
        "outcomes": [
            "Je onderscheidt een klacht, een wens en een ambitie in wat een bewoner vertelt.",
            "Je vraagt door naar de motivatie achter een idee en naar wat de bewoner zelf wil "
            "doen.",
            "Je beschrijft welke kracht en welk netwerk een bewoner of bewonersgroep al heeft.",
        ],
        "body": [
            ("section", {"heading": "Van klacht naar ambitie"}),
            (
                "text",
                "<p>'Er wordt hier te hard gereden.' Het is een klacht, en de reflex van veel "
                "professionals is een oplossing zoeken: een drempel aanvragen, de gemeente "
                "bellen. Maar achter een klacht zit bijna altijd iets wat iemand belangrijk vindt: "
                "veilig kunnen buitenspelen, een straat waar je elkaar groet. Daar zit de "
                "energie.</p>"
                "<p>Door te vragen 'Wat zou u dan willen zien?' en 'Wat zou u daar zelf aan willen "
                "doen?' verschuift het gesprek van klagen naar willen. Niet iedere bewoner wil "
                "iets doen, en dat is ook goed. Je zoekt de mensen bij wie de vraag iets losmaakt.</p>",
            ),
            ("section", {"heading": "Doorvragen naar motivatie"}),
            (
                "text",
                "<p>Motivatie is persoonlijk. De één wil iets voor de kinderen, de ander wil zich "
                "nuttig voelen na zijn pensioen, een derde wil laten zien dat haar straat beter "
                "is dan zijn naam. Wie die motivatie kent, kan aansluiten: je weet wat iemand "
                "volhoudt en waar het zal knellen.</p>"
                "<p>Goede vragen zijn kort en open. Waarom is dit belangrijk voor u? Wanneer "
                "was het hier wel zoals u wilt? Wie denkt er nog zo over? Wat heeft u al "
                "geprobeerd? Vermijd vragen die al een oplossing bevatten, zoals 'Zou een "
                "buurtapp helpen?'.</p>",
            ),
            (
                "reflection",
                {
                    "prompt": "Wanneer nam jij de laatste keer een idee van een bewoner over en "
                    "maakte je het, ongemerkt, tot jouw project?",
                    "guidance": "<p>Let op de woorden die je gebruikte: 'we gaan', 'ik regel'. "
                    "Wat had je ook kunnen zeggen?</p>",
                },
            ),
            ("section", {"heading": "Kracht en netwerk zien"}),
            (
                "text",
                "<p>Bewoners hebben meer in huis dan ze zelf denken. Iemand die jarenlang de "
                "voetbalkantine runde, kan plannen en geld beheren. Een buurvrouw die iedereen "
                "kent, is goud waard om mensen bij elkaar te brengen. Jouw taak is die kracht "
                "zichtbaar te maken, ook voor de bewoner zelf.</p>"
                "<p>Een eenvoudige oefening: teken samen met een bewoner wie hij of zij kent in de "
                "straat en wat die mensen kunnen. Vaak ontstaat er tijdens het tekenen al een "
                "plan, en het is hun plan. In de bijeenkomst oefenen we dit in tweetallen met "
                "een casus uit je eigen praktijk.</p>",
            ),
            (
                "assignment",
                {
                    "title": "Het ideeëngesprek",
                    "kind": "fieldwork",
                    "instructions": "<p>Voer een gesprek van minstens een half uur met een "
                    "bewoner of een kleine groep bewoners die een idee heeft voor de buurt. Vraag "
                    "door naar de motivatie en naar wat zij zelf willen doen.</p><p>Beschrijf in "
                    "je veldwerkverslag het idee, de motivatie, de kracht en het netwerk die je "
                    "zag, en welke vragen het gesprek verder hielpen. Schrijf ook op waar je de "
                    "neiging had het over te nemen.</p>",
                    "outcomes": "1, 2, 3",
                },
            ),
        ],
    },
    {
        "title": "Collectieve arrangementen op buurtniveau",
        "slug": "collectieve-arrangementen",
        "intro": "<p>Wat bewoners samen regelen, houdt vaak langer stand dan wat voor hen wordt "
        "geregeld. Je leert hoe een individuele vraag kan uitgroeien tot een gezamenlijke "
        "voorziening in de buurt.</p>",
        "hours": 14,
        "tags": ["gebiedsgericht werken", "bewonersinitiatief"],
        "outcomes": [
            "Je herkent in individuele vragen een gedeeld belang dat collectief kan worden "
            "opgepakt.",
            "Je brengt de partijen in een buurt in kaart die een collectief arrangement kunnen "
            "dragen.",
            "Je beschrijft hoe bewoners, vrijwilligers en professionals samen een voorziening "
            "kunnen opzetten en volhouden.",
        ],
        "body": [
            ("section", {"heading": "Van één vraag naar een gedeeld belang"}),
            (
                "text",
                "<p>Sociale wijkteams zijn vaak ingericht op individuele hulp: één huishouden, "
                "één vraag, één plan. Dat is nodig, maar het mist iets. Vijf ouderen in "
                "dezelfde straat die elk hulp zoeken bij boodschappen, hebben samen misschien "
                "geen vijf hulpverleners nodig maar één goed geregelde boodschappenronde met "
                "een buurjongen en een bakfiets.</p>"
                "<p>Een collectief arrangement is een afspraak tussen bewoners, soms met steun "
                "van een organisatie, waarmee ze samen iets regelen wat ze alleen niet "
                "kunnen. De kunst is om het gedeelde belang te zien achter losse vragen.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Het grofvuil lag steeds naast de containers. Bewoners bedachten "
                    "zelf een hekwerk, en daarna lag er niets meer.",
                    "attribution": "Uit een bewonersproject in Amsterdam Nieuw-West",
                },
            ),
            ("section", {"heading": "De buurt in kaart"}),
            (
                "text",
                "<p>Wie kan een arrangement dragen? Denk aan bewonersgroepen, de school, de kerk "
                "of moskee, de voetbalclub, de woningcorporatie, de huisarts, het dorpshuis en "
                "ondernemers. Maak een kaart van je werkgebied met deze partijen en met wat ze "
                "te bieden hebben: ruimte, mensen, geld, kennis of gewoon een sleutel van de "
                "deur.</p>"
                "<p>Let vooral op de verbindingen die er al zijn. Een arrangement dat aansluit "
                "bij bestaande contacten, heeft een betere kans dan een nieuw netwerk dat je "
                "als professional moet onderhouden. Jij wilt op den duur overbodig zijn.</p>",
            ),
            ("section", {"heading": "Samen opzetten, samen volhouden"}),
            (
                "text",
                "<p>Een arrangement begint klein: één middag, één ronde, één maaltijd. Evalueer "
                "met de bewoners wat werkte en wie het de volgende keer trekt. Leg afspraken "
                "vast op een manier die bij de groep past, een appgroep of een papier op de "
                "deur van het buurthuis.</p>"
                "<p>Als professional bewaak je twee dingen: dat het van de bewoners blijft, en "
                "dat niemand eraan onderdoor gaat. Vrijwilligers die alles dragen, haken af. "
                "Verdeel taken, vier successen en durf te stoppen met wat niet werkt.</p>"
                "<p>Let ook op wie er niet bij is. Een arrangement dat vooral de mensen bereikt "
                "die toch al actief waren, vergroot soms de afstand tot de rest van de straat. "
                "Vraag de groep daarom regelmatig: wie missen we nog, en hoe zouden we die buren "
                "kunnen uitnodigen zonder dat het voelt als een verplichting?</p>",
            ),
            (
                "reflection",
                {
                    "prompt": "Welke vragen in jouw werkgebied behandel je nu één voor één, "
                    "terwijl ze misschien samen opgepakt kunnen worden?",
                    "guidance": "",
                },
            ),
            (
                "assignment",
                {
                    "title": "Kaart van de buurt",
                    "kind": "fieldwork",
                    "instructions": "<p>Maak een kaart van een buurt of dorp in je werkgebied met "
                    "de partijen die een collectief arrangement kunnen dragen en de verbindingen "
                    "tussen hen. Kies één gedeeld belang dat je tegenkwam.</p><p>Beschrijf in je "
                    "veldwerkverslag welk arrangement bewoners zelf zouden kunnen opzetten, wie "
                    "erbij nodig zijn en wat jouw rol wel en niet is.</p>",
                    "outcomes": "1, 2, 3",
                },
            ),
        ],
    },
    {
        "title": "Wij lossen niks op: coachen zonder over te nemen",
        "slug": "wij-lossen-niks-op",
        "intro": "<p>Het motto van het gilde klinkt uitdagend, en dat is de bedoeling. Je leert "
        "bewoners te coachen bij hun eigen ambities, zodat zij het doen en jij ernaast "
        "staat.</p>",
        "hours": 12,
        "tags": ["waarden", "bewonersinitiatief"],
        "outcomes": [
            "Je herkent je eigen neiging om problemen van bewoners op te lossen en stelt die "
            "bewust uit.",
            "Je coacht een bewoner of bewonersgroep met vragen in plaats van adviezen.",
            "Je beschrijft hoe je een initiatief loslaat op het moment dat bewoners het zelf "
            "kunnen dragen.",
        ],
        "body": [
            ("section", {"heading": "De reflex van de redder"}),
            (
                "text",
                "<p>Professionals in het sociaal domein zijn opgeleid om te helpen. Dat is een "
                "mooie eigenschap, maar in community werk zit ze soms in de weg. Wie voor "
                "bewoners de subsidie aanvraagt, het zaaltje regelt en de flyer ontwerpt, krijgt "
                "snel resultaat. Maar als jij weggaat, valt het stil. Erger: bewoners leren dat "
                "het zonder professional niet lukt.</p>"
                "<p>'Wij lossen niks op' betekent niet dat je niets doet. Het betekent dat je de "
                "oplossing laat waar ze hoort: bij de mensen die er het meeste belang bij hebben "
                "en die de buurt het beste kennen.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Wij lossen niks op. Wij zorgen dat bewoners het zelf kunnen.",
                    "attribution": "Motto van het gilde Creative Tinkers",
                },
            ),
            ("section", {"heading": "Coachen met vragen"}),
            (
                "text",
                "<p>Coachen is vooral vragen stellen en het antwoord afwachten, ook als de stilte "
                "ongemakkelijk wordt. Wat is de volgende stap? Wie kan daarbij helpen? Wat heb je "
                "nodig om het te durven? Wat doe je als het tegenvalt? Een bewoner die zelf een "
                "antwoord vindt, voert het ook uit.</p>"
                "<p>Soms is informatie nodig die de bewoner niet heeft: hoe werkt een "
                "vergunning, bij wie vraag je geld aan? Geef die informatie, maar laat het bellen "
                "en schrijven aan de bewoner. Ga eventueel mee, maar laat de bewoner het woord "
                "voeren.</p>",
            ),
            (
                "reflection",
                {
                    "prompt": "Wat vind jij moeilijk aan toekijken terwijl een bewoner iets doet "
                    "wat jij sneller of beter zou kunnen?",
                    "guidance": "<p>Koppel je antwoord aan de waarden die je in de eerste module "
                    "beschreef.</p>",
                },
            ),
            ("section", {"heading": "Loslaten"}),
            (
                "text",
                "<p>Het lastigste moment in community werk is het moment waarop je je terugtrekt. "
                "Een initiatief dat draait, voelt ook als jouw succes. Toch is het juist dan tijd "
                "om een stap terug te doen: minder vaak aanschuiven, vragen in plaats van "
                "voorstellen, en tenslotte alleen nog bereikbaar zijn als het nodig is.</p>"
                "<p>Spreek het loslaten uit. Vertel de groep wat je van plan bent en vraag wat ze "
                "nog van je nodig hebben. In de laatste bijeenkomst presenteer je een initiatief "
                "uit je praktijk en vertel je hoe je jezelf overbodig maakte, of waarom dat nog "
                "niet lukte.</p>",
            ),
            (
                "assignment",
                {
                    "title": "Een coachgesprek zonder advies",
                    "kind": "fieldwork",
                    "instructions": "<p>Voer een coachgesprek met een bewoner of bewonersgroep "
                    "over hun eigen initiatief. Geef geen adviezen; stel alleen vragen en geef "
                    "informatie als erom wordt gevraagd.</p><p>Beschrijf in je veldwerkverslag "
                    "het gesprek, de vragen die werkten, de momenten waarop je wilde ingrijpen en "
                    "wat de bewoners als volgende stap kozen.</p>",
                    "outcomes": "1, 2",
                },
            ),
            (
                "assignment",
                {
                    "title": "Terugblik op je waarden",
                    "kind": "values",
                    "instructions": "<p>Lees je waardenreflectie uit de eerste module terug. "
                    "Schrijf een aanvulling van ongeveer 400 woorden: welke waarde is tijdens de "
                    "leergang belangrijker geworden, en hoe zie je dat terug in de manier waarop "
                    "je nu coacht?</p>",
                    "outcomes": "1, 3",
                },
            ),
        ],
    },
]
