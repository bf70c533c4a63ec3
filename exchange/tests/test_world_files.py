"""Files as the world makes them, for every kind: headers a Dutch coordinator types, references that are spelled
otherwise than in rimpel (left out with a suggestion, never a reason to refuse a row), a municipality clerk's
workbook (a title above the headers, merged cells, a totals row, an empty column) and an agenda exported from
Outlook or Excel (day numbers, "ma 3 mrt 2025", "9.30 uur"). The fixtures are built here, the way such files look."""

import codecs
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation

from activities.models import Activity
from core.columns import column_key
from exchange.import_kinds import KINDS
from exchange.references import Lookups
from exchange.spreadsheet import Outcome, map_columns, read_sheet, run
from impact.models import ActivityFigures
from network.models import Organisation
from offerings.models import Offering
from projects.models import Project
from stories.models import Consent, Story
from stories.tests.factories import make_programme
from tests.factories import ActivityFactory, LineFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def xlsx(rows, merged=()) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for cells in merged:
        book.active.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def excel_csv(rows, *, bom=False) -> bytes:
    """As Excel saves "CSV UTF-8" on a Dutch machine: semicolons, a byte order mark."""
    text = "\r\n".join(";".join(row) for row in rows) + "\r\n"
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


def do(kind: str, content: bytes, *, name="lijst.xlsx", write=False, accept=False, preset=None, programme=None):
    sheet = read_sheet(SimpleUploadedFile(name, content), KINDS[kind])
    return run(KINDS[kind], sheet, Lookups(programme, None, accept_suggestions=accept), write=write, preset=preset)


def notices(outcome):
    return [(problem.row, problem.column, problem.message) for problem in outcome.notices]


def errors(outcome):
    return sorted((problem.row, problem.column, problem.message) for problem in outcome.errors)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_header_belongs_to_two_fields_of_a_kind(kind, language):
    owner: dict[str, str] = {}
    with translation.override(language):
        for field in KINDS[kind].fields:
            for name in {column_key(header) for header in (*field.headers, field.name, str(field.label))}:
                assert owner.setdefault(name, field.name) == field.name, (name, owner[name], field.name)


STRANGERS = {
    "organisations": {
        "Naam school": "name",
        "Soort school": "sector",
        "Adres": "street",
        "Postcode": "postcode",
        "Woonplaats": "place",
        " Tel. ": "phone",
        "E-mail": None,  # organisations keep no address of their own: listed as not read
        "Internetadres": "website",
        "Denominatie": "denomination",
        "BRIN": "brin",
        "Gemeente": "municipality",
        "Wijk": "wijk",
    },
    "people": {
        "Naam": "name",
        "Werkzaam bij": "organisation",
        "Functie": "job_title",
        "E-mailadres": "email",
        "Tel.": "phone",
        "Rol in het netwerk": "role",
    },
    "activities": {
        "Naam activiteit": "title",
        "Begindatum": "date",
        "Tijd": "start_time",
        "Einddatum": "end_date",
        "Eindtijd": "end_time",
        "Plek": "place",
        "Organisator(en)": "organisers",
        "Voor wie": "sectors",
        "Inschrijven link": "registration_url",
        "Omschrijving": "description",
        "Zichtlijn": "lines",
        "Thema's": "themes",
    },
    "projects": {
        "Projectnummer": "code",
        "Projectnaam": "title",
        "Cluster": "cluster",
        "Penvoerder": "leads",
        "Partnerorganisaties": "partners",
        "Fase": "project_status",
        "Korte omschrijving": "description",
        "Thema": "themes",
    },
    "offerings": {
        "Naam aanbod": "title",
        "Aanbieder": "provider",
        "Soort aanbod": "kind",
        "Omschrijving": "description",
        "Voor wie": "audiences",
        "Groepen": "grades",
        "Kosten": "price",
        "Duur": "duration",
        "Plek": "place",
        "Op school": "at_school",
        "Voertaal": "languages",
        "Contactpersoon": "contact",
        "Hoe aanmelden": "booking",
        "Geldig tot": "expires_on",
    },
    "figures": {
        "Naam activiteit": "activity",
        "Datum": "date",
        "Aantal bezoekers": "participants",
        "Waarvan nieuw": "first_timers",
        "Betrokken organisaties": "involved",
        "Bron": "source",
    },
    "budget": {"Actielijn": "line", "Begrotingsjaar": "year", "Begroot bedrag": "planned", "Werkelijk": "realised"},
    "stories": {"Activiteit": "activity", "Ambitie": "line", "Wie": "respondent_role", "Tekst ring 1": "ring1_text"},
}
# The same kinds as others type them: other words for the same fields.
OTHERS = {
    "organisations": {"Schoolnaam": "name", "Straat": "street", "Huisnummer": "house_number", "Plaats": "place"},
    "activities": {
        "Titel": "title",
        "Datum": "date",
        "Van": "start_time",
        "Tot": "end_time",
        "Locatie": "place",
        "Door": "organisers",
        "Doelgroep": "sectors",
        "Aanmelden": "registration_url",
    },
    "outlook": {
        "Onderwerp": "title",
        "Begindatum": "date",
        "Begintijd": "start_time",
        "Einddatum": "end_date",
        "Eindtijd": "end_time",
        "Hele dag": None,
        "Locatie": "place",
        "Beschrijving": "description",
    },
}


@pytest.mark.parametrize(
    ("kind", "headers"),
    [
        *STRANGERS.items(),
        ("organisations", OTHERS["organisations"]),
        ("activities", OTHERS["activities"]),
        ("activities", OTHERS["outlook"]),
    ],
)
def test_a_sheet_as_a_stranger_types_it_is_mapped_column_by_column(kind, headers):
    outcome = Outcome()
    with translation.override("nl"):
        map_columns(KINDS[kind], list(headers), None, outcome)
    assert {column.header: column.field.name if column.field else None for column in outcome.columns} == headers
    assert all(column.recognised for column in outcome.columns if column.field)


def test_a_people_list_with_first_name_prefix_and_last_name_in_columns_of_their_own():
    school = OrganisationFactory(name="De Viersprong")
    rows = [
        ["Voornaam", "Tussenvoegsel", "Achternaam", "School", "Functie", "E-mailadres", "Mobiel"],
        ["Fatima", "el", "Amrani", "De Viersprong", "Leerkracht groep 7", "f.elamrani@viersprong.nl", "06-12345678"],
        ["Joost", "", "de Vries", "De Viersprong", "Directeur", "", ""],
        ["", "", "", "De Viersprong", "Conciërge", "", ""],
    ]
    outcome = do("people", xlsx(rows))
    assert errors(outcome) == [(4, "Achternaam", "A person needs a name.")] and outcome.counts == {"create": 2}
    outcome = do("people", xlsx(rows[:3]), write=True)
    assert outcome.applied
    assert sorted(school.people.values_list("name", "job_title", "phone")) == [
        ("Fatima el Amrani", "Leerkracht groep 7", "06-12345678"),
        ("Joost de Vries", "Directeur", ""),
    ]
    assert do("people", xlsx(rows[:3])).counts == {"unchanged": 2}
    # Without a column for a name of any kind, the file says so once.
    outcome = do("people", xlsx([["School", "Functie"], ["De Viersprong", "Directeur"]]))
    assert [problem.message for problem in outcome.errors] == ["No column holds name, which is needed."]


def test_a_row_of_totals_is_skipped_but_a_story_that_begins_with_the_word_is_not():
    from exchange.spreadsheet import _is_totals

    assert _is_totals(["Totaal", "", "908"]) and _is_totals(["", "Totaal aantal scholen", "", "4", "€ 1.250,50"])
    assert not _is_totals(["Totaal anders dan ik dacht", "Kennis en bewustzijn"])


# Optional references: not found exactly, a row goes in without them, with the nearest names.


def test_an_activitys_line_and_themes_are_left_out_with_suggestions_or_taken_when_accepted():
    leiden = OrganisationFactory(name="Gemeente Leiden")
    line = LineFactory(name="Gelijke kansen", slug="gelijke-kansen")
    ThemeFactory(name="Leesplezier", slug="leesplezier")
    rows = [
        ["Titel", "Datum", "Organisator", "Zichtlijn", "Thema"],
        ["Werkplaats lezen", "3-3-2031", "Gemeente Leiden", "Gelijke kans", "Leesplezir"],
    ]
    outcome = do("activities", xlsx(rows))
    assert not outcome.errors and outcome.counts == {"create": 1}
    assert notices(outcome) == [
        (2, "Zichtlijn", "No line is called “Gelijke kans”. Did you mean Gelijke kansen? It is left out."),
        (2, "Thema", "Unknown theme “Leesplezir”. Did you mean Leesplezier? It is left out."),
    ]
    outcome = do("activities", xlsx(rows), write=True, accept=True)
    assert outcome.applied
    activity = Activity.objects.get()
    assert list(activity.lines.all()) == [line] and [theme.name for theme in activity.themes.all()] == ["Leesplezier"]
    assert list(activity.organisers.all()) == [leiden]


def test_a_projects_partner_and_an_organisations_parent_are_optional():
    OrganisationFactory(name="Hogeschool Leiden")
    OrganisationFactory(name="Stichting Openbaar Onderwijs")
    rows = [
        ["Projectnummer", "Projectnaam", "Cluster", "Penvoerder", "Partnerorganisaties"],
        ["P7", "Leesbevordering", "Kennisstad", "Hogeschool Leiden", "Hogeschool Leiden; Bibliotheek Leiden"],
    ]
    outcome = do("projects", xlsx(rows), write=True)
    assert outcome.applied
    assert notices(outcome) == [
        (2, "Partnerorganisaties", "Unknown organisation “Bibliotheek Leiden”. It is left out.")
    ]
    assert Project.objects.get().partners.count() == 0
    school = [["Naam school", "Sector", "Koepel"], ["De Viersprong", "po", "Stichting Openbaar Ondewijs"]]
    outcome = do("organisations", xlsx(school), write=True)
    assert outcome.applied and notices(outcome) == [
        (
            2,
            "Koepel",
            "Unknown organisation “Stichting Openbaar Ondewijs”. Did you mean Stichting Openbaar Onderwijs? "
            "It is left out.",
        )
    ]
    assert Organisation.objects.get(name="De Viersprong").parent is None
    do("organisations", xlsx(school), write=True, accept=True)
    assert Organisation.objects.get(name="De Viersprong").parent.name == "Stichting Openbaar Onderwijs"


def test_an_offerings_themes_and_a_figures_organisations_are_optional():
    museum = OrganisationFactory(name="Naturalis")
    ThemeFactory(name="Natuur", slug="natuur")
    rows = [
        ["Naam aanbod", "Aanbieder", "Soort aanbod", "Omschrijving", "Voor wie", "Groepen", "Thema"],
        ["Dino's in de klas", "Naturalis", "Gastles", "Een paleontoloog op bezoek.", "Basisonderwijs", "5-8", "Natur"],
    ]
    outcome = do("offerings", xlsx(rows), write=True)
    assert outcome.applied and notices(outcome) == [
        (2, "Thema", "Unknown theme “Natur”. Did you mean Natuur? It is left out.")
    ]
    offering = Offering.objects.get()
    assert (offering.provider, offering.grade_from, offering.grade_to) == (museum, 5, 8)
    assert not offering.themes.exists()

    start = timezone.make_aware(dt.datetime(2025, 10, 3, 20, 0))
    night = ActivityFactory(title="Nacht van de Leraar", start=start, end=start + dt.timedelta(hours=4))
    rows = [
        ["Naam activiteit", "Datum", "Aantal bezoekers", "Waarvan nieuw", "Betrokken organisaties", "Bron"],
        ["Nacht van de Leraar", "3-10-2025", "350", "210", "Naturalis, Museum Volkenkunde", "telling aan de deur"],
    ]
    outcome = do("figures", xlsx(rows), write=True)
    assert outcome.applied and notices(outcome) == [
        (2, "Betrokken organisaties", "Unknown organisation “Museum Volkenkunde”. It is left out.")
    ]
    figures = ActivityFigures.objects.get(activity=night)
    assert (figures.participants, figures.first_timers, list(figures.involved_organisations.all())) == (
        350,
        210,
        [museum],
    )


def test_every_problem_of_a_row_is_listed_at_once_for_activities_and_offerings():
    OrganisationFactory(name="Gemeente Leiden")
    rows = [
        ["Titel", "Datum", "Tijd", "Organisator", "Soort", "Inschrijven link"],
        ["Werkplaats", "31-02-2031", "half tien", "Gemeente Leiden", "borrel", "aanmelden via de mail"],
    ]
    outcome = do("activities", xlsx(rows))
    assert [(row, column) for row, column, _message in errors(outcome)] == [
        (2, "Datum"),
        (2, "Inschrijven link"),
        (2, "Soort"),
        (2, "Tijd"),
    ]
    rows = [
        ["Naam aanbod", "Aanbieder", "Soort aanbod", "Omschrijving", "Voor wie", "Kosten"],
        ["Dino's", "Gemeente Leiden", "feest", "", "Basisonderwijs", "gratis?"],
    ]
    outcome = do("offerings", xlsx(rows))
    assert [(row, column) for row, column, _message in errors(outcome)] == [
        (2, "Kosten"),
        (2, "Omschrijving"),
        (2, "Soort aanbod"),
    ]


# Known snags.


def test_a_consent_set_for_every_row_is_the_one_names_are_kept_by(tmp_path, capsys):
    make_programme(slug="lnos25", name="LNOS25")
    path = tmp_path / "verhalen.csv"
    path.write_bytes(
        excel_csv(
            [
                ["Naam", "E-mail", "Rol", "Dimensie ring 1", "Tekst ring 1"],
                ["Fatima el Amrani", "fatima@example.org", "Leerkracht", "Kennis en bewustzijn", "Ik weet meer."],
            ]
        )
    )
    call_command("import_data", "stories", str(path), "--programme", "lnos25", "--set", "consent=named")
    story = Story.objects.get()
    assert (story.consent, story.respondent_name, story.email) == (
        Consent.NAMED,
        "Fatima el Amrani",
        "fatima@example.org",
    )
    # Without it, the most careful consent keeps no name, and a later "role only" takes the name away.
    Story.objects.all().delete()
    call_command("import_data", "stories", str(path), "--programme", "lnos25")
    assert Story.objects.values_list("consent", "respondent_name", "email").get() == (Consent.INTERNAL, "", "")


def test_two_new_rows_that_may_be_one_organisation_are_noted_on_both():
    rows = [
        ["Naam school", "Sector", "Postcode", "Plaats"],
        ["KBS Pacelli", "po", "2313 AK", "Leiden"],
        ["De Viersprong", "po", "2315 BZ", "Leiden"],
        ["Pacelli", "po", "2313 AK", "Leiden"],
    ]
    outcome = do("organisations", xlsx(rows))
    message = (
        "Looks like row %s (a similar name at postcode 2313 AK); both are imported as new records. If they are one, "
        "keep one row, or give both the same name."
    )
    assert notices(outcome) == [(4, "", message % 2), (2, "", message % 4)]
    assert outcome.counts == {"create": 3}


# A municipality clerk's list of schools.

CLERK_ROWS = [
    ["Overzicht basisscholen gemeente Leiden, peildatum 1 oktober 2025", None, None, None, None, None, None, None],
    [None] * 8,
    ["Naam school", "Soort", None, "Adres", "Postcode", "Plaats", " Tel. ", "Website", "Aantal leerlingen"],
    [
        "KBS Pacelli",
        "Basisonderwijs",
        None,
        "Herenstraat 36",
        "2313AK",
        "Leiden",
        "071 - 512 34 56",
        "www.pacelli.nl",
        312,
    ],
    ["De Viersprong", None, None, "Kooilaan 7", "2315 BZ", "Leiden", "zie website", "viersprong-leiden.nl", 208],
    ["Het Mozaïek", None, None, "Prinsessekade 1-3", "2312 AB", "Leiden", "071-5140000", "", 292],
    ["De Brug", "Speciaal onderwijs", None, "Vijf Meilaan 102 A", "2321 RR", "Leiden", "", "www.debrug leiden.nl", 96],
    ["Totaal", None, None, None, None, None, None, None, 908],
]


def test_a_clerks_workbook_imports_with_notes_not_refusals(tmp_path, capsys):
    # The title is merged over the table's width; "Basisonderwijs" is merged down beside the three schools.
    content = xlsx(CLERK_ROWS, merged=["A1:H1", "B4:B6"])
    outcome = do("organisations", content)
    assert not outcome.errors and outcome.counts == {"create": 4}
    assert outcome.unread == ["Aantal leerlingen"]
    assert notices(outcome) == [
        (None, "", "The rows above row 3 were taken as a title and not read."),
        (None, "", "Row 8 holds totals and was not read."),
        (5, "Tel.", "“zie website” is not a phone number; it is left out."),
        (7, "Website", "“www.debrug leiden.nl” is not a web address. It is left out."),
    ]
    path = tmp_path / "scholen.xlsx"
    path.write_bytes(content)
    call_command("import_data", "organisations", str(path))
    school = Organisation.objects.get(name="KBS Pacelli")
    assert (school.sector, school.street, school.house_number, school.postcode, school.phone, school.website) == (
        "po",
        "Herenstraat",
        "36",
        "2313 AK",
        "071 - 512 34 56",
        "https://www.pacelli.nl",
    )
    assert Organisation.objects.get(name="Het Mozaïek").sector == "po"
    assert Organisation.objects.get(name="De Viersprong").website == "https://viersprong-leiden.nl"
    brug = Organisation.objects.get(name="De Brug")
    assert (brug.sector, brug.house_number, brug.website) == ("so", "102 A", "")
    capsys.readouterr()
    call_command("import_data", "organisations", str(path))
    assert "4 rows: 0 new, 0 changed, 4 unchanged." in capsys.readouterr().out


def test_the_clerks_list_as_csv_with_a_bom_semicolons_and_decimal_commas():
    rows = [
        ["Naam school", "Soort", "Adres", "Plaats", "Tel.", "Internetadres", "Subsidie 2025"],
        [
            "KBS Pacelli",
            "basisschool",
            "Herenstraat 36, 2313 AK Leiden",
            "",
            "071-5123456",
            "www.pacelli.nl",
            "1.250,50",
        ],
        ["De Viersprong", "basisschool", "Kooilaan 7", "Leiden", "", "", "980,00"],
    ]
    outcome = do("organisations", excel_csv(rows, bom=True), name="scholen.csv", write=True)
    assert outcome.applied and not outcome.notices and outcome.unread == ["Subsidie 2025"]
    pacelli = Organisation.objects.get(name="KBS Pacelli")
    assert (pacelli.street, pacelli.house_number, pacelli.postcode, pacelli.place) == (
        "Herenstraat",
        "36",
        "2313 AK",
        "Leiden",
    )
    assert [column.header for column in outcome.columns][0] == "Naam school"  # the BOM is not part of the name


# An agenda exported from Outlook, or kept in Excel.

AGENDA_HEADERS = [
    "Onderwerp",
    "Begindatum",
    "Begintijd",
    "Einddatum",
    "Eindtijd",
    "Hele dag",
    "Locatie",
    "Beschrijving",
    "Organisator",
    "Zichtlijn",
]


@pytest.fixture
def organiser(db):
    LineFactory(name="Gelijke kansen", slug="gelijke-kansen")
    return OrganisationFactory(name="Gemeente Leiden")


def agenda_rows(first_day, first_time, end_time):
    return [
        AGENDA_HEADERS,
        [
            "Nacht van de Leraar",
            first_day,
            first_time,
            "",
            end_time,
            "Onwaar",
            "Hooglandse Kerk",
            "Een avond voor leraren.",
            "Gemeente Leiden",
            "Gelijke kansen",
        ],
        [
            "Werkplaats lezen",
            "ma 3 mrt 2031",
            "9.30 - 12.00 uur",
            "",
            "",
            "Onwaar",
            "Bibliotheek",
            "",
            "Gemeente Leiden",
            "Lezen voor iedereen",
        ],
        ["Studiedag", "vr 7 mrt 2031", "", "", "", "Waar", "", "", "Gemeente Leiden", ""],
    ]


@pytest.mark.parametrize(
    ("make", "first_day", "first_time", "end_time"),
    [
        # A CSV saved from a sheet whose date column was not formatted as a date: Excel's day numbers.
        (lambda rows: excel_csv(rows), "47394", "20.00 uur", "23.30 uur"),
        # The workbook itself: real dates and times.
        (xlsx, dt.datetime(2029, 10, 3), dt.time(20, 0), dt.time(23, 30)),
    ],
)
def test_an_exported_agenda_imports_with_notes(make, first_day, first_time, end_time, organiser):
    content = make(agenda_rows(first_day, first_time, end_time))
    outcome = do("activities", content, name="agenda.xlsx" if make is xlsx else "agenda.csv", write=True)
    assert outcome.applied and outcome.counts == {"create": 3}
    assert notices(outcome) == [(3, "Zichtlijn", "No line is called “Lezen voor iedereen”. It is left out.")]
    assert outcome.unread == ["Hele dag"]
    local = {
        activity.title: (timezone.localtime(activity.start), timezone.localtime(activity.end), activity.all_day)
        for activity in Activity.objects.all()
    }
    amsterdam = timezone.get_default_timezone()
    assert local["Nacht van de Leraar"][:2] == (
        dt.datetime(2029, 10, 3, 20, 0, tzinfo=amsterdam),
        dt.datetime(2029, 10, 3, 23, 30, tzinfo=amsterdam),
    )
    assert local["Werkplaats lezen"][:2] == (
        dt.datetime(2031, 3, 3, 9, 30, tzinfo=amsterdam),
        dt.datetime(2031, 3, 3, 12, 0, tzinfo=amsterdam),
    )
    assert local["Studiedag"][2] is True
    assert Activity.objects.get(title="Nacht van de Leraar").lines.get().name == "Gelijke kansen"


def test_the_agendas_dry_run_lists_every_problem_by_row_and_column(organiser, tmp_path, capsys):
    rows = agenda_rows("47394", "20.00 uur", "23.30 uur")
    rows.append(["Ouderavond", "31 februari 2031", "half acht", "", "", "", "", "", "Gemeente Leiden", ""])
    rows.append(["Open dag", "za 5 apr 2031", "10.00 uur", "", "9.00 uur", "", "", "", "Gemeente Leidn", ""])
    path = tmp_path / "agenda.csv"
    path.write_bytes(excel_csv(rows))
    with pytest.raises(Exception, match="Nothing was imported: 4 problems"):
        call_command("import_data", "activities", str(path), "--dry-run")
    err = capsys.readouterr().err
    assert "error: row 5, Begindatum: “31 februari 2031” is not a date." in err
    assert "error: row 5, Begintijd: “half acht” is not a time. Write it as 19:30." in err
    assert "error: row 6, Organisator: Unknown organisation “Gemeente Leidn”. Did you mean Gemeente Leiden?" in err
    assert "error: row 6, Eindtijd: The end lies before the start." in err
    assert not Activity.objects.exists()
