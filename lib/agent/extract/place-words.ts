// Word lists for recognising places in chat: which names are also ordinary words, which
// words mark a place ("in", "uit", "regio"...), and which words may surround a bare answer.
// All entries are folded like tokens (lower case, no accents, "ij" written as "y").

const set = (words: string) => new Set(words.trim().split(/\s+/).map((w) => w.replace(/ij/g, 'y')));

/** Common Dutch and English chat words, and the recruitment and salon vocabulary candidates use.
 * A place named like one of these needs a context word, and a word here is never read as a typo. */
export const COMMON_WORDS = set(`
ik je jij u hij zij ze wij we jullie mij me mijn jouw jou uw zijn haar hun hen ons onze het de een den der des
dit dat deze die daar hier er waar wat wie welke welk hoe waarom wanneer of en maar want dus omdat als dan toen
nog al ook wel niet geen nooit altijd soms vaak meestal misschien zeker graag heel erg echt best zeer veel weinig
meer minder meest beetje alles iets niets niks iemand niemand elke ieder iedereen alle andere ander zelf samen
alleen even eens ja nee nou toch hoor he oke ok okay prima goed slecht leuk fijn mooi top super tof gaaf bedankt
dank dankjewel dankuwel alvast groet groeten groetjes hoi hallo hey hee hi doei dag goedemorgen goedemiddag
goedenavond sorry excuus pardon tot met van voor na naar om op aan in uit bij door over onder boven tegen tussen
zonder sinds vanaf tijdens per via rond rondom binnen buiten achter naast langs totdat terwijl zodat hoewel
zoals dezelfde hetzelfde zo zoveel te toe weg mee af terug thuis vandaag morgen gisteren overmorgen straks later
nu net zometeen meteen direct binnenkort vanavond vanochtend vanmiddag vannacht week weken weekend maand maanden
jaar jaren dagen uur uren minuut minuten tijd keer moment ochtend middag avond nacht maandag dinsdag woensdag
donderdag vrijdag zaterdag zondag januari februari maart april mei juni juli augustus september oktober november
december twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien twintig
dertig veertig vijftig honderd duizend eerste tweede derde half halve kwart ben bent is was waren geweest heb
hebt heeft hebben had hadden gehad word wordt worden werd geworden kan kun kunt kunnen kon konden wil wilt willen
wilde zal zult zullen zou zouden moet moeten moest mag mogen mocht hoef hoeft hoeven ga gaat gaan ging gegaan kom
komt komen kwam gekomen doe doet doen deed gedaan maak maakt maken gemaakt zie ziet zien zag gezien weet weten
wist denk denkt denken dacht vind vindt vinden vond zeg zegt zeggen zei gezegd vraag vraagt vragen vroeg
antwoord werk werkt werken werkte gewerkt woon woont wonen woonde gewoond zoek zoekt zoeken gezocht begin begint
beginnen begonnen start starten stop stoppen leer leert leren geleerd lees leest lezen schrijf schrijven stuur
stuurt sturen bel belt bellen gebeld app appen mail mailen reageer reageren solliciteer solliciteren
sollicitatie houd houdt houden hou sta staat staan stond zit zitten lig ligt liggen loop lopen rijd rijdt rijden
fiets fietsen reis reizen verhuis verhuizen verhuisd blijf blijft blijven krijg krijgt krijgen kreeg gekregen
geef geeft geven gaf gegeven neem neemt nemen nam genomen help helpt helpen geholpen hoop hoopt hopen verdien
verdienen betaal betalen knip knipt knippen geknipt kleur kleurt kleuren verf verven wassen fohnen fohn stylen
stylist styliste snijden scheer scheren trim trimmen vlecht vlechten krul krullen epileren waxen harsen lak
lakken masseer masseren behandel behandelen behandeling behandelingen adviseer adviseren verkoop verkopen
schoonmaken opruimen plannen passen past lukt lukken gelukt snap snappen begrijp begrijpen horen gehoord kijk
kijken gekeken wacht wachten kapper kappers kapster kapsters kapsalon salon salons barbier barbiers barber
barbershop kapperszaak zaak winkel winkels schoonheidsspecialiste schoonheidsspecialist schoonheidssalon
nagelstyliste nagelstylist nagelsalon visagie visagist makeup wimpers wenkbrauwen brows lashes pedicure manicure
massage huid huidverzorging gezicht haren kapsel kapsels knipbeurt coupe highlights balayage permanent
extensions baard product producten klant klanten collega collegas team eigenaar eigenaresse baas manager
leidinggevende stagiair stagiaire stage leerling student studente school opleiding diploma certificaat mbo hbo
niveau bol bbl cursus ervaring ervaren junior medior senior allround beginner starter vakkennis baan banen
vacature vacatures functie functies rol job werkgever werknemer contract vast tijdelijk uitzend zzp zzper
freelance freelancer fulltime parttime voltijd deeltijd oproep oproepkracht invalkracht bijbaan salaris loon
uurloon bruto netto euro euros cao reiskosten vakantie vrij vrije rooster diensten dienst shift shifts
beschikbaar beschikbaarheid flexibel gesprek kennismaking kennismaken proefdag meeloopdag afspraak afspraken cv
motivatie brief foto fotos portfolio instagram whatsapp bericht berichten nummer telefoon email adres postcode
straat plaats woonplaats regio omgeving buurt wijk stad steden dorp dorpen land landen gemeente
centrum huis huizen auto rijbewijs ov trein bus tram metro kilometer km afstand reistijd vervoer parkeren naam
leeftijd oud geboren kinderen kind zoon dochter moeder vader man vrouw vriend vriendin familie mensen persoon
nieuw nieuwe groot grote klein kleine lang lange kort korte snel langzaam vroeg laat dichtbij ver verder
vlakbij precies ongeveer rustig druk blij moe ziek beter slimmer liever liefst voorkeur mogelijk misschien
helaas natuurlijk inderdaad gewoon eigenlijk trouwens sowieso jammer klopt juist fout waar dingen ding manier
vraagje vragen info informatie reactie momentje gezellig zin leuker passie creatief enthousiast gemotiveerd
betrouwbaar zelfstandig punctueel klantvriendelijk representatief sociaal hardwerkend leergierig
i my you your he she it they them our their the a an and or but so if than because as at by for from into of on
to with without about after before near around area region city town village live living lived lives work
working worked jobs hair hairdresser hairstylist beauty beautician nails nail lash makeup experience experienced
years year months month weeks day days hours hour time full part available availability immediately asap yes no
sure thanks thank please hello good great fine well very really just also too not only can could would will want
like love need have has am are were be been do does did done go going gone come coming get got make made take see
know think looking look find new old big small here there where what who which when how why some any every more
most much many other same own one three four five six seven eight nine ten first second last next monday tuesday
wednesday thursday friday saturday sunday january february march may june july august october december
home house street place country name age school course diploma client clients boss owner team shop store
best born lent mill land horst doorn putten reek haren heel ter leiden son monster handel brand heide hem ven
berg beek veen raam grave vries balk boom peer mol lier spa manage silly lens hove bever geel beers ballast
halfweg waarde waarder dorst gracht leeuwen lint bree stein thorn kessel herten dalen helden rijen houten
dieren duiven menen schoten kampen petten ruinen leunen gieten zetten tienen bergen balen essen lille nazareth
waterloo bouillon clavier heron vorst forest goes leek sluis hoogland noordhoek meteren zegge goor halen tuk
haan panne rijp ham zand noord zuid oost west randstad dour hedel hoek heer lessen namen vuren waver gooi losser borne ravels
wellen brabander zuiderburen oosterpark dal zee dam
heren dames herenkapper dameskapper kinderkapper kapperskapsels stijl trends mode kleuring blonderen haarverf
haarverzorging haarwerken pruiken permanenten watergolven opsteken bruidskapsels bruid bruiloft gala grime
gellak gel acryl biab wimperextensions lashlift browlift henna microblading suikeren gezichtsbehandeling
peeling huidtype acne ontspanning wellness sauna zonnestudio tanning nagelriem uitnodigen uitnodiging
werkervaring referenties contracturen nuluren minuren plusuren overuren toeslag toeslagen pensioen vakantiegeld
vakantiedagen bonus provisie fooi fooien kassa afrekenen telefonisch ochtenden middagen avonden weekenden
zaterdagen zondagen doordeweeks koopavond koopzondag feestdagen zwanger zwangerschapsverlof verlof
kinderopvang schooltijden opzegtermijn ontslag gestopt afgestudeerd geslaagd leerjaar examen praktijk
praktijkervaring leerbedrijf leerplek stageplek stageplaats erkend thx tnx cool geweldig fantastisch prachtig
lekker heerlijk succes helemaal overal nergens hierbij eventueel alsjeblieft alstublieft ajb evt ivm bijv oa
mvg gr grtz xx xxx haha hahaha lol jaa jaaa neee okee oki perfect tuurlijk uiteraard wellicht namelijk
tenminste minstens maximaal minimaal circa ca zowel beide allebei allemaal dichter verder verderop
men women kids ladies gents haircut haircuts cutting coloring colouring color colour styling blowdry
barbering fade fades beard shave waxing threading facial facials salary wage contract shift shifts weekend
weekends morning afternoon evening night today tomorrow yesterday soon later now still already yet again ago
hi hey bye cheers regards kind dear sir madam name phone number email address move moving moved travel
drive driving car bike train bus distance far close nearby anywhere somewhere everywhere nowhere
`);

/** First names, also of places ('Axel', 'Brecht', 'Jette'; 'Adam' is Amsterdam). */
export const FIRST_NAMES = set(`
anna emma sophie julia lisa sanne lotte eva fleur iris sara sarah noa zoe mila tess nina lieke femke anouk britt
demi kim laura linda lynn maud nadia naomi romy roos yara esmee esther evi evie fenna floor ilse isa jade jasmijn
jet jette joyce julie kiki lana lara lieve lina liv luna maria marieke marloes melissa merel milou nikki noor puck
quinty renee robin rosa sabine samira sandra sharon shirley silvia sofie stephanie suzanne tamara vera wendy
yasmin yasmina zara fatima aisha amira ayse elif meryem hanna hannah chantal bianca daphne denise dewi elise ella
elena ellen emily marit mirthe nienke inge ingrid jolien marjolein petra anja annemarie ans ria tineke wilma karin
monique nicole patricia kelly jessica jennifer michelle nathalie natasha yvonne ilona mandy manon marleen mariska
astrid angela carla claudia diana eline hilde jolanda lies liesbeth mieke miranda paula ruth sandy tanja maren
daan sem lucas levi finn noah milan luuk bram jesse thijs lars tim tom max sven ruben stijn niels niek jens joep
mees teun thomas jan piet kees henk gert rick dennis kevin mark martijn mike michael jeroen jasper joris koen
wouter bas rob ronald peter paul mohamed mohammed ahmed ali omar youssef yusuf mehmet emre adam axel brecht herve
jules arne wout senne lander seppe wannes kobe jelle pieter dries bart ben sam alex david daniel nick joey mo
`);

/** Place names that are ordinary words right after "in" or "bij" ("ervaring in haren", "in spa en
 * wellness", "in brand") or as a whole reply ("best!"): these need a capital or a strong context. */
export const NOUNISH = set(`
best echt heel well haren spa brand winkel huizen landen made lens boom waarde rijen manage silly monster bergen
dieren heide beek berg veen born lent wijk zand
`);

/** Words right before a name that make it a place reference beyond doubt. */
export const STRONG_BEFORE = set(`
uit regio omgeving rond rondom nabij dichtbij vlakbij omstreken woonplaats woonachtig wonend wonende provincie
gemeente plaats vestiging
`);
/** Two-word phrases before a name with the same force ("woon in", "buurt van", "area of"). */
export const STRONG_BEFORE_PAIR = new Set(
  `woon in, wonen in, woont in, woonde in, live in, living in, lives in, based in, located in, gevestigd in,
  woon te, wonende te, woonachtig te, gevestigd te, geboren te, buurt van, omgeving van, regio van, area of,
  region of, close to, dicht bij, kom uit`.split(',').map((p) => p.trim().replace(/ij/g, 'y')),
);
/** Words that often precede a place, and as often an ordinary word ("te doen", "in haren",
 * "from well-known salons"). */
export const WEAK_BEFORE = set('in te bij naar richting tussen vanuit woon at to from near around region area');
/** Before a first name these mean a person ("ik werk bij Axel"), not the town Axel. */
export const AT_PERSON = set('bij naar met with');
/** Words that join a list of places ("Utrecht of Amersfoort", "Breda en Tilburg"). */
export const LIST_WORDS = set('of en or and');

/** Words that may surround the place in a bare answer: "regio Utrecht", "Utrecht e.o.", "ik woon in Zwolle". */
export const FILLERS = set(`
ik wil graag werken werk woon wonen in de het t regio omgeving rond rondom buurt van bij uit te provincie gemeente
stad centrum en e o eo omstreken zo dichtbij nabij vlakbij ergens liefst het voorkeur bij i live want to work
would like the area of near around region city please pls aub svp hoi hallo hey hi nederland nl belgie belgium
am m from living based
netherlands holland thanks dank bedankt groetjes groet ja is zou kom wel
`);
