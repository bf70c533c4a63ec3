"""A small Dutch network to search in: about fifty records of every findable kind, made with the factories.

Titles are unique, so tests can name what they expect to find by its title. Some records are there only to
compete (a title beats a body, an upcoming activity beats last year's twin, "AI" must not find "Aikido"),
some must never be found (a draft activity, a draft project, a story meant for internal analysis only).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from core.models import PublicationStatus
from stories.tests.factories import ENCOUNTER, KNOWLEDGE, make_line, make_programme, make_story
from tests.factories import (
    ActivityFactory,
    AliasFactory,
    LineFactory,
    LineQuestionFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
    in_days,
)

DRAFT = PublicationStatus.DRAFT


@dataclass
class Corpus:
    themes: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    activities: dict = field(default_factory=dict)
    projects: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    programme: object = None
    public_story: object = None
    internal_story: object = None


def _organisation(name, aliases=(), sector="po", description="", themes=()):
    organisation = OrganisationFactory(name=name, sector=sector, description=description)
    for alias in aliases:
        AliasFactory(organisation=organisation, alias=alias)
    if themes:
        organisation.themes.set(themes)
    return organisation


def build() -> Corpus:
    c = Corpus()
    t = c.themes
    for slug, name, name_en in [
        ("duurzaamheid", "Duurzaamheid", "Sustainability"),
        ("natuur", "Natuur", "Nature"),
        ("kansengelijkheid", "Kansengelijkheid", "Equal opportunities"),
        ("brede-vorming", "Brede vorming", "Broad education"),
        ("ai", "AI", "Artificial intelligence"),
        ("taal", "Taal", "Language"),
        ("cultuur", "Cultuur", "Culture"),
    ]:
        t[slug] = ThemeFactory(slug=slug, name=name, name_en=name_en)

    o = c.organisations
    o["hsl"] = _organisation(
        "Hogeschool Leiden",
        ["HsL"],
        "hbo",
        "Hogeschool voor toegepaste wetenschappen met opleidingen voor leraren en zorg.",
    )
    o["ul"] = _organisation("Universiteit Leiden", ["UL"], "wo", "Onderzoek en onderwijs in de oudste stad.")
    o["mbor"] = _organisation("mboRijnland", ["mboR"], "mbo", "Beroepsonderwijs in de regio Rijnland.")
    o["gl"] = _organisation("Gemeente Leiden", ["GL"], "gemeente", "De gemeente van Leiden.")
    o["bieb"] = _organisation("Bibliotheek Leiden", ["BplusC"], "cultuur", "Lezen, leren en ontmoeten.", [t["taal"]])
    o["hortus"] = _organisation(
        "Hortus botanicus Leiden", ["Hortus"], "cultuur", "De oudste botanische tuin van Nederland.", [t["natuur"]]
    )
    o["lef"] = _organisation("Het LEF", ["LEF"], "gemeente", "Leids Educatief Front: het netwerk zelf.")
    o["regenboog"] = _organisation("Basisschool De Regenboog", [], "po", "Een basisschool in de Merenwijk.")
    o["skc"] = _organisation(
        "Stichting Kunstkracht", ["SKK"], "cultuur", "Cultuureducatie voor alle scholen.", [t["cultuur"]]
    )
    o["sport"] = _organisation("Sportbedrijf Leiden", [], "welzijn_zorg", "Bewegen voor iedereen.")
    o["naturalis"] = _organisation(
        "Naturalis Biodiversity Center",
        ["Naturalis"],
        "cultuur",
        "Museum en onderzoeksinstituut over biodiversiteit.",
        [t["natuur"]],
    )

    a = c.activities

    def activity(key, title, organisers, description="", themes=(), start=None, **extra):
        a[key] = ActivityFactory(
            title=title,
            slug=extra.pop("slug", slugify(title)),
            organisers=organisers,
            description=description,
            themes=list(themes),
            start=start or in_days(14),
            **extra,
        )
        return a[key]

    activity(
        "duurzame_scholen",
        "Duurzame scholen in Leiden",
        [o["gl"]],
        "Scholen delen wat werkt bij energie besparen en groene pleinen.",
    )
    activity(
        "natuurwandeling",
        "Natuurwandeling in de Hortus",
        [o["hortus"]],
        "Een wandeling langs bomen en planten voor groep 5 tot en met 8.",
        [t["natuur"]],
    )
    activity(
        "week_duurzaamheid",
        "Week van de Duurzaamheid",
        [o["gl"], o["lef"]],
        "Een week vol activiteiten over klimaat, energie en afval.",
        [t["duurzaamheid"]],
    )
    activity(
        "hsl_bouwen",
        "Duurzaam bouwen met studenten",
        [o["hsl"]],
        "Studenten bouwen een tiny house van hergebruikt materiaal.",
        [t["duurzaamheid"]],
    )
    activity(
        "hsl_open", "Open dag pabo", [o["hsl"]], "Kom kijken bij de lerarenopleiding basisonderwijs.", kind="open_day"
    )
    activity("hsl_zorg", "Zorgtechnologie in de praktijk", [o["hsl"], o["mbor"]], "Robots en sensoren in de wijkzorg.")
    activity(
        "cafe",
        "Café de Wereld",
        [o["bieb"]],
        "Ontmoeten en oefenen met Nederlands praten bij een kop koffie.",
        [t["taal"]],
    )
    activity("lees_titel", "Leesbevordering in de klas", [o["bieb"]], "Praktische tips voor leerkrachten.", [t["taal"]])
    activity(
        "lees_body",
        "Voorlezen op het plein",
        [o["bieb"]],
        "Leesbevordering buiten: leesbevordering met prentenboeken, leesbevordering voor peuters.",
        [t["taal"]],
    )
    activity("ai_klas", "AI in de klas", [o["ul"]], "Wat kunnen leerlingen en leraren met chatbots?", [t["ai"]])
    activity("aikido", "Aikido voor kinderen", [o["sport"]], "Bewegen en samenwerken op de mat.")
    activity("podium_upcoming", "Open podium voorjaar", [o["skc"]], "Leerlingen treden op.", start=in_days(60))
    activity("podium_past", "Open podium najaar", [o["skc"]], "Leerlingen treden op.", start=in_days(-300))
    activity(
        "taalontwikkeling",
        "Taalontwikkeling bij peuters",
        [o["bieb"], o["regenboog"]],
        "Over de eerste woordjes en voorlezen thuis.",
        [t["taal"], t["kansengelijkheid"]],
    )
    activity(
        "techniek",
        "Techniekmiddag voor meiden",
        [o["mbor"]],
        "Solderen, programmeren en ontdekken.",
        [t["kansengelijkheid"]],
    )
    activity(
        "erfgoed",
        "Erfgoedspeurtocht door de binnenstad",
        [o["skc"]],
        "Zoek de gevelstenen en ontdek de geschiedenis.",
        [t["cultuur"]],
    )
    activity(
        "bijen",
        "Bijenhotels bouwen",
        [o["hortus"], o["regenboog"]],
        "Leerlingen timmeren een hotel voor wilde bijen.",
        [t["natuur"], t["duurzaamheid"]],
    )
    activity(
        "brede_vorming_dag",
        "Studiedag brede vorming",
        [o["lef"]],
        "Burgerschap, kunst en sport als vanzelfsprekend deel van de schooldag.",
        [t["brede-vorming"]],
    )
    activity("sportdag", "Sportdag voor het hele gezin", [o["sport"]], "Hardlopen, voetbal en zwemmen.")
    activity(
        "ouders",
        "Ouderavond kansengelijkheid",
        [o["regenboog"]],
        "Hoe betrekken we alle ouders bij het leren van hun kind?",
        [t["kansengelijkheid"]],
    )
    activity(
        "script", "<script>alert(1)</script> Natuur", [o["hortus"]], "Een titel die HTML lijkt.", slug="script-natuur"
    )
    activity(
        "muziek",
        "Muziekles op de basisschool",
        [o["regenboog"], o["skc"]],
        "Elke week zingen en spelen met een vakdocent.",
        [t["cultuur"], t["brede-vorming"]],
    )
    activity(
        "lerarendag", "Lerarendag Leiden", [o["lef"]], "Een dag voor alle leraren, van po tot wo.", start=in_days(120)
    )
    activity(
        "draft",
        "Conceptbijeenkomst robotica",
        [o["hsl"]],
        "Nog niet openbaar: robotica in het mbo.",
        publication_status=DRAFT,
    )

    p = c.projects

    def project(key, code, title, leads, description="", themes=(), **extra):
        p[key] = ProjectFactory(
            code=code, title=title, leads=leads, description=description, themes=list(themes), **extra
        )
        return p[key]

    project(
        "hsl_pleinen",
        "2b",
        "Klimaatadaptieve schoolpleinen",
        [o["hsl"]],
        "Onderzoek naar groene, duurzame schoolpleinen met de gemeente.",
        [t["duurzaamheid"]],
        partners=[o["gl"]],
    )
    project(
        "ai_mbo",
        "3a",
        "Kunstmatige intelligentie in het mbo",
        [o["mbor"]],
        "Docenten leren werken met generatieve modellen.",
        [t["ai"]],
    )
    project(
        "schooltuinen",
        "1c",
        "Schooltuinen voor iedereen",
        [o["gl"]],
        "Elke leerling een eigen moestuin.",
        [t["natuur"]],
    )
    project(
        "leesoffensief",
        "4d",
        "Leesoffensief Leiden",
        [o["bieb"], o["lef"]],
        "Meer kinderen lezen voor hun plezier.",
        [t["taal"], t["kansengelijkheid"]],
    )
    project(
        "ul_talent",
        "5e",
        "Talentprogramma wetenschap",
        [o["ul"]],
        "Scholieren doen mee aan echt onderzoek.",
        [t["brede-vorming"]],
    )
    project("gezond", "6f", "Gezond opgroeien in de wijk", [o["sport"]], "Bewegen en gezond eten dicht bij huis.")
    project("draft", "9z", "Geheim conceptproject stikstof", [o["gl"]], "Nog niet openbaar.", publication_status=DRAFT)

    ln = c.lines
    ln["taal"] = LineFactory(
        name="Dwarslijn Taal",
        slug="dwarslijn-taal",
        kind="dwarslijn",
        purpose="Alle kinderen geletterd: van voorschool tot mbo.",
    )
    ln["brede_vorming"] = LineFactory(
        name="Zichtlijn Brede vorming",
        slug="zichtlijn-brede-vorming",
        kind="zichtlijn",
        purpose="Kunst, cultuur, sport en burgerschap voor elk kind.",
    )
    ln["aansluiting"] = LineFactory(
        name="Zichtlijn Doorlopende leerlijnen",
        slug="zichtlijn-leerlijnen",
        kind="zichtlijn",
        purpose="Soepele overgangen tussen po, vo en mbo.",
    )
    ln["gezondheid"] = LineFactory(
        name="Dwarslijn Gezondheid",
        slug="dwarslijn-gezondheid",
        kind="dwarslijn",
        purpose="Bewegen, voeding en welzijn op school en in de wijk.",
    )
    LineQuestionFactory(line=ln["aansluiting"], text="Hoe maken we de overstap naar het vo kleiner?")

    pe = c.people
    pe["annelies"] = PersonFactory(
        name="Annelies Verhoeven", organisation=o["hsl"], role="zichthouder", job_title="Lector duurzaam onderwijs"
    )
    pe["karim"] = PersonFactory(
        name="Karim Bouzid", organisation=o["gl"], role="verkenner", job_title="Beleidsadviseur onderwijs"
    )

    c.programme = make_programme(slug="gelijke-kansen", name="Gelijke kansen 2024-2026", organisations=[o["gl"]])
    c.programme.description = "Het programma voor kansengelijkheid in Leiden."
    c.programme.save()
    ambition = make_line(c.programme, "1", "Elk kind een goede start", activities=[a["taalontwikkeling"]])
    c.public_story = make_story(
        programme=c.programme,
        line=ambition,
        activity=a["natuurwandeling"],
        role="leerkracht groep 6",
        consent="role",
        themes=[t["natuur"]],
        quote="Mijn klas wil nu elke week naar buiten.",
        parts={1: (ENCOUNTER, "De kinderen zagen voor het eerst een ijsvogel.")},
        collected_on=timezone.localdate() - dt.timedelta(days=10),
    )
    c.internal_story = make_story(
        programme=c.programme,
        line=ambition,
        activity=a["cafe"],
        role="taalvrijwilliger",
        consent="internal",
        quote="Vertrouwelijk: over de zeldzame orchideeën van mijn buurvrouw.",
        parts={1: (KNOWLEDGE, "Ik leerde over orchideeën en ijsvogels.")},
    )
    return c
