"""The spreadsheet import pipeline with files shaped like the ones networks keep: semicolon files in
Windows-1252 from DUO-style exports, workbooks with a title above merged header cells, CSV with a BOM, story
sheets with their own spellings of the dimensions, and hostile or broken files."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from activities.models import Activity
from exchange import cells
from exchange.import_kinds import KINDS
from exchange.references import Lookups
from exchange.spreadsheet import read_sheet, run
from impact.models import ActivityFigures
from network.models import Organisation, Person
from offerings.models import Offering
from programmes.models import BudgetLine
from projects.models import Project
from stories.models import Consent, Story, StoryStatus
from stories.tests.factories import make_line, make_programme
from tests.factories import ActivityFactory, AliasFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def csv_file(text: str, name="data.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding))


def workbook(rows, merge=(), name="data.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cell_range in merge:
        sheet.merge_cells(cell_range)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def do(kind, upload, *, write=False, mapping=None, programme=None, user=None, accept=False):
    kind = KINDS[kind]
    sheet = read_sheet(upload, kind, mapping)
    return run(kind, sheet, Lookups(programme, user, accept_suggestions=accept), mapping=mapping, write=write)


def problems(outcome):
    return [(problem.row, problem.column, problem.message) for problem in outcome.errors]


@pytest.fixture
def hsl(db):
    organisation = OrganisationFactory(name="Hogeschool Leiden", sector="hbo")
    AliasFactory(organisation=organisation, alias="HsL")
    return organisation


@pytest.fixture
def gemeente(db):
    return OrganisationFactory(name="Gemeente Leiden", sector="gemeente")


# --- reading cells ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "3-10-2025",
        "03/10/2025",
        "2025-10-03",
        "3 oktober 2025",
        "vr 3 okt. 2025",
        "October 3, 2025",
        "3.10.25",
        "2025-10-03T00:00:00",
    ],
)
def test_dates_in_the_ways_people_type_them(typed):
    assert cells.date(typed) == dt.date(2025, 10, 3)


@pytest.mark.parametrize("typed", ["31-02-2025", "morgen", "3 brumaire 2025", "2025-13-01"])
def test_what_is_not_a_date_says_how_to_write_one(typed):
    with pytest.raises(cells.CellError, match="is not a date. Write it as 3-10-2025"):
        cells.date(typed)


def test_amounts_times_and_numbers():
    assert cells.amount("€ 1.234,50") == Decimal("1234.50")
    assert cells.amount("1,234.50") == Decimal("1234.50")
    assert cells.amount("12500") == Decimal("12500.00")
    assert cells.time("19.30") == cells.time("19u30") == cells.time("19:30") == dt.time(19, 30)
    assert cells.date_and_time("3-10-2025 19:30") == (dt.date(2025, 10, 3), dt.time(19, 30))
    assert cells.integer("1.250") == 1250
    with pytest.raises(cells.CellError):
        cells.integer("12,5")
    with pytest.raises(cells.CellError):
        cells.amount("-5")


# --- organisations: a DUO-style semicolon file in Windows-1252 -----------------------------------------------------

DUO_STYLE = (
    "INSTELLINGSNAAM;Sector;Afkorting;Website;Omschrijving\r\n"
    "Basisschool De Vlieger;basisonderwijs;BSV;www.devlieger.example;Openbare school in de Merenwijk\r\n"
    "Scholengemeenschap Het Duin;voortgezet onderwijs;SHD;https://hetduin.example;Mavo, havo en vwo\r\n"
    "Kinderopvang Zonneschijn;Kinderopvang;;;Zorg voor 0–4 jaar, met peuteropvang\r\n"
)


def test_a_windows_1252_semicolon_file_with_dutch_headers_imports_once(coordinator):
    data = DUO_STYLE.replace("0–4", "0-4").replace("Openbare", "Openbare basisschool (één locatie)")
    upload = lambda: csv_file(data, "duo.csv", "cp1252")  # noqa: E731
    dry = do("organisations", upload(), mapping={"INSTELLINGSNAAM": "name"})
    assert not dry.errors and dry.counts == {"create": 3}
    assert Organisation.objects.count() == 0
    applied = do("organisations", upload(), mapping={"INSTELLINGSNAAM": "name"}, write=True, user=coordinator)
    assert applied.applied and applied.counts == {"create": 3}
    vlieger = Organisation.objects.get(name="Basisschool De Vlieger")
    assert vlieger.sector == "po" and vlieger.website == "https://www.devlieger.example"
    assert "één locatie" in vlieger.description
    assert list(vlieger.aliases.values_list("alias", flat=True)) == ["BSV"]
    again = do("organisations", upload(), mapping={"INSTELLINGSNAAM": "name"}, write=True)
    assert again.counts == {"unchanged": 3} and Organisation.objects.count() == 3


def test_an_abbreviation_in_the_name_column_updates_that_organisation(hsl):
    outcome = do("organisations", csv_file("Naam;Website\nHsL;https://www.hsleiden.example\n"), write=True)
    assert outcome.counts == {"update": 1}
    hsl.refresh_from_db()
    assert hsl.name == "Hogeschool Leiden" and hsl.website == "https://www.hsleiden.example"


def test_a_new_organisation_without_a_sector_is_refused_by_row_and_column():
    outcome = do("organisations", csv_file("Naam;Sector\nStichting Nieuw;\nMuseum X;museum\n"))
    assert problems(outcome) == [
        (2, "Sector", "A new organisation needs a sector. Add a column for it, or a value for all rows."),
        (
            3,
            "Sector",
            "Unknown value “museum”. Use one of: bedrijf, cultuur, fonds, gemeente, hbo, kennisinstelling, "
            "kinderopvang, mbo, netwerk, overheid, overig, po, so, vo, voorschool, welzijn_zorg, wo.",
        ),
    ]


# --- activities: a workbook with a title, merged header cells and trailing empty rows -----------------------------


def test_a_workbook_with_a_title_merged_headers_and_empty_rows_below(hsl, gemeente):
    rows = [
        ["Jaarkalender onderwijsnetwerk 2031", None, None, None, None],
        ["Activiteit", "Datum", "Tijd", None, "Organisator"],
        [None, None, "van", "tot", None],
        ["Netwerkdag", "3-10-2031", "13:00", "17:00", "HsL, Gemeente Leiden"],
        ["Open dag", dt.datetime(2031, 11, 1), None, None, "Gemeente Leiden"],
        *[[None] * 5 for _ in range(30)],
    ]
    upload = workbook(rows, merge=["A1:E1", "C2:D2"])
    outcome = do("activities", upload, write=True)
    assert not outcome.errors, problems(outcome)
    assert outcome.counts == {"create": 2}
    assert any("taken as a title" in notice.message for notice in outcome.notices)
    netwerkdag = Activity.objects.get(title="Netwerkdag")
    assert timezone.localtime(netwerkdag.start) == timezone.make_aware(dt.datetime(2031, 10, 3, 13))
    assert set(netwerkdag.organisers.all()) == {hsl, gemeente}
    assert netwerkdag.publication_status == "draft"
    open_day = Activity.objects.get(title="Open dag")
    assert open_day.all_day and timezone.localtime(open_day.start).date() == dt.date(2031, 11, 1)


def test_mixed_date_formats_and_an_end_before_the_start(hsl):
    data = (
        "Titel;Datum;Begintijd;Eindtijd;Organisator\n"
        "A;3-10-2031;10:00;12:00;HsL\n"
        "B;2031-10-04;10:00;09:00;HsL\n"
        "C;5 oktober 2031;;;Hogeschool Leiden\n"
        "D;gisteren;;;HsL\n"
    )
    outcome = do("activities", csv_file(data), write=True)
    assert problems(outcome) == [
        (3, "Eindtijd", "The end lies before the start."),
        (5, "Datum", "“gisteren” is not a date. Write it as 3-10-2025 or 2025-10-03."),
    ]
    assert not outcome.applied and Activity.objects.count() == 0  # all or nothing


def test_a_near_miss_organisation_is_suggested_and_can_be_accepted(hsl):
    data = "Titel;Datum;Organisator\nLezing;3-10-2031;Hogeschool Leyden\n"
    refused = do("activities", csv_file(data))
    assert problems(refused) == [
        (2, "Organisator", "Unknown organisation “Hogeschool Leyden”. Did you mean Hogeschool Leiden?")
    ]
    accepted = do("activities", csv_file(data), accept=True, write=True)
    assert accepted.applied and [n.message for n in accepted.notices] == [
        "“Hogeschool Leyden” read as Hogeschool Leiden."
    ]
    assert Activity.objects.get().organisers.get() == hsl


def test_a_column_mapped_by_hand_and_a_required_field_without_a_column(hsl):
    data = "Wat;Wanneer;Wie organiseert\nLezing;3-10-2031;HsL\n"
    unmapped = do("activities", csv_file(data))
    assert [message for _row, _column, message in problems(unmapped)] == [
        "No column holds organisers, which is needed."
    ]
    assert unmapped.unmapped_required_labels == ["organisers"] and unmapped.unread == ["Wie organiseert"]
    mapped = do("activities", csv_file(data), mapping={"Wie organiseert": "organisers"}, write=True)
    assert mapped.applied and Activity.objects.get().title == "Lezing"


def test_twenty_thousand_rows_are_checked_in_one_pass(hsl):
    lines = ["Titel;Datum;Begintijd;Organisator"] + [
        f"Spreekuur {number};{1 + number % 28}-{1 + number % 12}-2031;{8 + number % 10}:00;HsL"
        for number in range(20_000)
    ]
    outcome = do("activities", csv_file("\n".join(lines)))
    assert not outcome.errors and outcome.counts == {"create": 20_000} and outcome.rows_read == 20_000
    assert len(outcome.samples) == 50


def test_updates_are_found_again_and_empty_cells_leave_values_alone(hsl):
    ActivityFactory(
        title="Netwerkdag",
        organisers=[hsl],
        place="Aula",
        description="Oud",
        start=timezone.make_aware(dt.datetime(2031, 10, 3, 13)),
        end=timezone.make_aware(dt.datetime(2031, 10, 3, 17)),
    )
    data = (
        "Titel;Datum;Begintijd;Eindtijd;Organisator;Locatie;Omschrijving\nNetwerkdag;3-10-2031;13:00;17:00;HsL;;Nieuw\n"
    )
    outcome = do("activities", csv_file(data), write=True)
    assert outcome.counts == {"update": 1}
    activity = Activity.objects.get()
    assert (activity.place, activity.description) == ("Aula", "Nieuw")
    assert do("activities", csv_file(data)).counts == {"unchanged": 1}


# --- people: a CSV with a BOM -------------------------------------------------------------------------------------


def test_people_from_a_csv_with_a_bom(hsl):
    data = (
        "\ufeffNaam,Organisatie,Functie,E-mail\nAnna de Wit,HsL,lector,anna@hsl.example\n"
        "Bas Kok,Hogeschool Leiden,,geen-adres\n"
    )
    outcome = do("people", csv_file(data))
    assert problems(outcome) == [(3, "E-mail", "“geen-adres” is not an e-mail address.")]
    fixed = do("people", csv_file(data.replace("geen-adres", "bas@hsl.example")), write=True)
    assert fixed.counts == {"create": 2}
    assert Person.objects.get(name="Anna de Wit").job_title == "lector"


# --- stories: a sheet with spelling variants of the dimensions -----------------------------------------------------


@pytest.fixture
def programme(hsl):
    programme = make_programme(organisations=[hsl])
    make_line(programme, "A1", "Brede vorming")
    return programme


STORIES = [
    [
        "Datum",
        "Rol",
        "Sector",
        "Organisatie",
        "Naam",
        "Toestemming",
        "Ambitie",
        "Ring 1",
        "Dimensie ring 1",
        "Ring 2",
        "Dimensie ring 2",
        "Ring 3",
        "Dimensie ring 3",
        "Citaat",
    ],
    [
        "3 oktober 2025",
        "leerkracht groep 7",
        "basisonderwijs",
        "De Vlieger",
        "Els",
        "alleen rol",
        "A1",
        "Ik sprak collega's uit het mbo.",
        "Ontmoeting en bereik",
        "We plannen nu samen een project.",
        "Verbinding & initiatieven",
        "",
        "",
        "Nieuwe collega's leren kennen",
    ],
    [
        "2025-10-04",
        "wethouder",
        "gemeente",
        "Gemeente Leiden",
        "Jan",
        "met naam",
        "A1 Brede vorming",
        "Ik zag hoe docenten samenwerken.",
        "Kennis & bewustzijn",
        "Ik kijk anders naar het mbo.",
        "Begrip en beeldvorming",
        "De gemeente neemt het op in beleid.",
        "Sociaal culturele effecten",
        "",
    ],
]


def test_a_stories_sheet_with_spelling_variants_of_dimensions(programme, coordinator):
    outcome = do("stories", workbook(STORIES), programme=programme, write=True, user=coordinator)
    assert not outcome.errors, problems(outcome)
    assert outcome.counts == {"create": 2}
    teacher = Story.objects.get(respondent_role="leerkracht groep 7")
    assert teacher.respondent_name == "" and teacher.consent == Consent.ROLE  # no consent to be named
    assert teacher.status == StoryStatus.NEW and teacher.line.code == "A1" and teacher.entered_by == coordinator
    assert {part.ring: part.dimension.name for part in teacher.parts.all()} == {
        1: "Ontmoeting & bereik",
        2: "Verbindingen & initiatieven",
    }
    alderman = Story.objects.get(respondent_role="wethouder")
    assert (
        alderman.respondent_name == "Jan" and alderman.parts.get(ring=3).dimension.name == "Sociaal-culturele effecten"
    )
    assert alderman.parts.get(ring=2).dimension.name == "Begrip & beeldvorming"
    again = do("stories", workbook(STORIES), programme=programme, write=True)
    assert again.counts == {"unchanged": 2} and Story.objects.count() == 2


def test_story_rows_with_half_a_ring_or_an_unknown_dimension(programme):
    rows = [
        STORIES[0],
        ["1-10-2025", "ouder", "", "", "", "ja", "", "Leuk", "", "", "", "", "", ""],
        ["1-10-2025", "ouder", "", "", "", "nee", "", "Leuk", "Plezier", "", "", "", "", ""],
        ["1-10-2025", "", "", "", "", "misschien", "B9", "", "", "", "", "", "", ""],
    ]
    outcome = do("stories", workbook(rows), programme=programme, write=True)
    found = problems(outcome)
    assert (2, "Dimensie ring 1", "Ring 1 has a text but no dimension.") in found
    assert any(
        row == 3 and column == "Dimensie ring 1" and "Ring 1 has no dimension “Plezier”" in message
        for row, column, message in found
    )
    # Every problem of row 4 at once; an empty role and an unknown ambition do not block it.
    assert [(column, message) for row, column, message in found if row == 4] == [
        ("Toestemming", "Unknown value “misschien”. Use one of: internal, named, role."),
        ("Ring 1", "The story tells nothing about any ring."),
    ]
    assert (4, "Ambitie", "The programme has no ambition “B9”. The row is imported without it.") in [
        (problem.row, problem.column, problem.message) for problem in outcome.notices
    ]
    assert Story.objects.count() == 0


def test_stories_need_a_programme():
    outcome = do("stories", workbook(STORIES))
    assert [problem.message for problem in outcome.errors] == ["Choose the programme these records belong to."]


# --- the other kinds ----------------------------------------------------------------------------------------------


def test_projects_offerings_figures_and_budget_lines(programme, hsl, gemeente):
    theme = ThemeFactory(name="Duurzaamheid")
    projects = do(
        "projects",
        csv_file(
            "Code;Titel;Cluster;Trekker;Partners;Thema's;Status\n"
            "P1;Groene schoolpleinen;duurzaamheid;HsL;Gemeente Leiden;Duurzaamheid;loopt\n"
        ),
        write=True,
    )
    assert projects.applied, problems(projects)
    project = Project.objects.get(code="P1")
    assert project.cluster == "biodiversiteit-duurzaamheid" and list(project.themes.all()) == [theme]

    offerings = do(
        "offerings",
        csv_file(
            "Titel;Aanbieder;Soort;Omschrijving;Voor;Vanaf groep;Tot en met groep;"
            "Prijs;Talen\n"
            "Bodemles;HsL;gastles;Wat leeft er onder het plein?;basisschool;5;8;"
            "€ 75,00;Nederlands, Engels\n"
        ),
        write=True,
    )
    assert offerings.applied, problems(offerings)
    offering = Offering.objects.get()
    assert offering.price == Decimal("75.00") and set(offering.language_list) == {"Dutch", "English"}

    activity = ActivityFactory(title="Nacht van de Leraar", organisers=[hsl])
    sheet = f"Activiteit;Deelnemers;Nieuwe deelnemers;Bron\n{activity.slug};350;210;telling\n"
    figures = do("figures", csv_file(sheet), write=True)
    assert figures.applied, problems(figures)
    assert ActivityFigures.objects.get().participants == 350
    too_many = do("figures", csv_file("Activiteit;Nieuwe deelnemers\nNacht van de Leraar;400\n"))
    assert problems(too_many) == [(2, "Nieuwe deelnemers", "More first-time participants than participants.")]

    budget = do(
        "budget",
        csv_file("Lijn;Jaar;Begroot;Gerealiseerd\nA1;2025;12.500;€ 9.800,50\n"),
        programme=programme,
        write=True,
    )
    assert budget.applied, problems(budget)
    line = BudgetLine.objects.get()
    assert (line.planned, line.realised) == (Decimal("12500.00"), Decimal("9800.50"))
    assert do(
        "budget", csv_file("Lijn;Jaar;Begroot;Gerealiseerd\nA1;2025;12.500;€ 9.800,50\n"), programme=programme
    ).counts == {"unchanged": 1}


# --- files that are not what they seem ----------------------------------------------------------------------------


def test_a_formula_is_kept_as_text_and_never_evaluated(gemeente):
    data = 'Naam;Omschrijving\nGemeente Leiden;=HYPERLINK("https://kwaad.example","klik")\n'
    do("organisations", csv_file(data), write=True)
    gemeente.refresh_from_db()
    assert gemeente.description == '=HYPERLINK("https://kwaad.example","klik")'


def test_a_formula_cell_in_a_workbook_gives_no_value(gemeente):
    book = workbook([["Naam", "Omschrijving"], ["Gemeente Leiden", '=HYPERLINK("https://kwaad.example")']])
    do("organisations", book, write=True)
    gemeente.refresh_from_db()
    assert gemeente.description == ""  # the saved value, which a file written without Excel does not have


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("leeg.csv", b""), "The file is empty."),
        (SimpleUploadedFile("alleen-kop.csv", b"Naam;Sector\n"), "The file has column names but no rows below them."),
        (
            SimpleUploadedFile("foto.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50),
            "not an Excel workbook, although its name",
        ),
        (SimpleUploadedFile("oud.xlsx", b"\xd0\xcf\x11\xe0" + b"\x00" * 50), "old Excel file (.xls)"),
        (SimpleUploadedFile("kapot.xlsx", b"PK\x03\x04" + b"\x00" * 50), "could not be opened as an Excel workbook"),
    ],
)
def test_broken_files_are_refused_with_a_reason(upload, message):
    outcome = do("organisations", upload)
    assert len(outcome.errors) == 1 and message in outcome.errors[0].message


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (300 * 1024 * 1024))
    outcome = do("organisations", SimpleUploadedFile("bom.xlsx", out.getvalue()))
    assert "more than 100 MB once unpacked" in outcome.errors[0].message


def test_a_200_mb_file_is_refused_before_it_is_read():
    class Huge(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read")

    upload = Huge("groot.csv", b"")
    upload.size = 200 * 1024 * 1024
    outcome = do("organisations", upload)
    assert outcome.errors[0].message.startswith("The file is larger than 10 MB.")


@pytest.mark.django_db(transaction=True)  # the map's version is renewed when the import commits
def test_an_import_indexes_each_record_once_at_the_end_and_renews_the_map_once(hsl):
    from core.models import CacheVersion
    from search.models import SearchEntry

    def versions() -> int:
        return CacheVersion.objects.filter(topic="map").count()

    before = versions()
    data = "Titel;Datum;Organisator;Status\n" + "".join(
        f"Lezing {number};{number}-10-2031;HsL;gepubliceerd\n" for number in range(1, 4)
    )
    outcome = do("activities", csv_file(data), write=True)
    assert outcome.applied
    assert set(SearchEntry.objects.filter(kind="activity").values_list("title", flat=True)) == {
        "Lezing 1",
        "Lezing 2",
        "Lezing 3",
    }
    assert versions() == before + 1
    failed = do("activities", csv_file(data.replace("Lezing 3;3-10", "Lezing 4;31-2")), write=True)
    assert not failed.applied and SearchEntry.objects.filter(kind="activity").count() == 3
    assert versions() == before + 1


def test_new_activities_are_saved_together_with_free_addresses_links_and_sectors(hsl, gemeente):
    ActivityFactory(title="Lezing", slug="lezing", organisers=[gemeente])
    theme = ThemeFactory(name="Taal")
    data = (
        "Titel;Datum;Organisator;Thema's;Doelgroep\n"
        "Lezing;3-10-2031;HsL;Taal;basisschool\nLezing;4-10-2031;HsL, Gemeente Leiden;;vo, po\n"
    )
    outcome = do("activities", csv_file(data), write=True)
    assert outcome.applied, problems(outcome)
    first, second = Activity.objects.filter(organisers=hsl).order_by("start")
    assert (first.slug, second.slug) == ("lezing-2", "lezing-3")
    assert list(first.themes.all()) == [theme] and set(second.organisers.all()) == {hsl, gemeente}
    assert sorted(second.target_sectors.values_list("sector", flat=True)) == ["po", "vo"]


def test_a_repeated_row_is_read_once_and_a_contradicting_one_refused(hsl):
    data = (
        "Titel;Datum;Organisator;Locatie\nLezing;3-10-2031;HsL;Aula\nLezing;3-10-2031;HsL;Aula\n"
        "Debat;4-10-2031;HsL;Aula\nDebat;4-10-2031;HsL;Zaal 2\n"
    )
    outcome = do("activities", csv_file(data))
    assert [(n.row, n.message) for n in outcome.notices] == [(3, "The same as row 2; read once.")]
    assert problems(outcome) == [
        (5, "", "This row is about the same record as row 4, with other values. Keep one of the two.")
    ]


# --- found in review --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["NaN", "Infinity", "1e999999", "12,5", "-"])
def test_odd_numbers_are_row_problems_not_crashes(hsl, cell):
    activity = ActivityFactory(title="Nacht", organisers=[hsl])
    outcome = do("figures", csv_file(f"Activiteit;Deelnemers\n{activity.slug};{cell}\n"), write=True)
    assert [(row, column) for row, column, _message in problems(outcome)] == [(2, "Deelnemers")]


def test_odd_amounts_and_dates_are_row_problems(programme):
    outcome = do("budget", csv_file("Lijn;Jaar;Begroot\nA1;2025;NaN\nA1;2026;99999999999999\n"), programme=programme)
    assert [(row, column) for row, column, _message in problems(outcome)] == [(2, "Begroot"), (3, "Begroot")]
    assert "larger than this field holds" in problems(outcome)[1][2]
    dated = do(
        "stories",
        workbook(
            [
                STORIES[0],
                [
                    "3 oktober 99999999999999999999",
                    "ouder",
                    "",
                    "",
                    "",
                    "ja",
                    "",
                    "Leuk",
                    "Ontmoeting & bereik",
                    "",
                    "",
                    "",
                    "",
                    "",
                ],
            ]
        ),
        programme=programme,
    )
    assert [(row, column) for row, column, _message in problems(dated)] == [(2, "Datum")]


def test_reimports_find_everything_unchanged(hsl, gemeente, programme):
    activity = ActivityFactory(title="Nacht", organisers=[hsl])
    sheets = [
        ("figures", f"Activiteit;Deelnemers;Partners\n{activity.slug};350;Gemeente Leiden\n"),
        ("people", "Naam;Organisatie\nels jansen;HsL\n"),
        ("projects", "Code;Titel;Cluster;Trekker;Partners\nP1;Plein;erfgoed;HsL;Gemeente Leiden, HsL\n"),
    ]
    Person.objects.create(name="Els Jansen", organisation=hsl, role="medewerker")
    for kind, sheet in sheets:
        assert do(kind, csv_file(sheet), write=True).applied
        assert do(kind, csv_file(sheet)).counts == {"unchanged": 1}, kind


def test_an_activity_is_found_under_any_of_its_organisers(hsl, gemeente):
    do("activities", csv_file("Titel;Datum;Organisator\nA;3-10-2031;HsL\n"), write=True)
    again = do("activities", csv_file("Titel;Datum;Organisator\nA;3-10-2031;Gemeente Leiden, HsL\n"), write=True)
    assert again.counts == {"update": 1} and Activity.objects.count() == 1
    assert set(Activity.objects.get().organisers.all()) == {hsl, gemeente}


def test_a_curators_correction_and_a_publication_survive_a_reimport(programme):
    rows = [[*STORIES[0], "Status"], [*STORIES[1], "nieuw"]]
    do("stories", workbook(rows), programme=programme, write=True)
    story = Story.objects.get()
    part = story.parts.get(ring=1)
    part.original_text, part.text = part.text, "Ik sprak collega's uit het mbo (gecorrigeerd)."
    part.save()
    Story.objects.filter(pk=story.pk).update(status=StoryStatus.PUBLISHED)
    rows[1][13] = "Een nieuw citaat"
    outcome = do("stories", workbook(rows), programme=programme, write=True)
    assert outcome.counts == {"update": 1}
    story.refresh_from_db()
    assert story.quote == "Een nieuw citaat" and story.status == StoryStatus.PUBLISHED
    assert story.parts.get(ring=1).text.endswith("(gecorrigeerd).")
    assert do("stories", workbook(rows), programme=programme).counts == {"unchanged": 1}


def test_accepting_suggestions_still_reads_exact_names_exactly(hsl):
    sheet = "Naam;Sector\nHsL;hbo\n"
    dry = do("organisations", csv_file(sheet), accept=True)
    real = do("organisations", csv_file(sheet), accept=True, write=True)
    assert dry.counts == real.counts == {"unchanged": 1} and real.applied


def test_too_long_web_addresses_and_two_columns_of_one_name(hsl):
    long_site = "example.nl/" + "b" * 189
    outcome = do("organisations", csv_file(f"Naam;Website\nHsL;{long_site}\n"))
    # An organisation's web address that cannot be kept is left out with a notice; the row imports.
    assert not outcome.errors
    assert [(notice.row, notice.column) for notice in outcome.notices] == [(2, "Website")]
    sheet = "Titel;Datum;Datum;Organisator\nA;3-10-2031;5-10-2031;HsL\n"
    mapped = do("activities", csv_file(sheet), mapping={"Datum (2)": "end_date"}, write=True)
    assert mapped.applied, problems(mapped)
    assert timezone.localtime(Activity.objects.get().end).date() == dt.date(2031, 10, 5)


@pytest.mark.parametrize("header", ["Onderwijsconcept", "Concept", "school concept"])
def test_the_school_concept_is_read_under_the_headers_people_write(header):
    school = OrganisationFactory(name="De Regenboog", sector="po", concept="")
    outcome = do("organisations", csv_file(f"Naam;{header}\nDe Regenboog;Jenaplan\n"), write=True)
    assert outcome.counts == {"update": 1}
    school.refresh_from_db()
    assert school.concept == "Jenaplan"
    assert do("organisations", csv_file(f"Naam;{header}\nDe Regenboog;\n")).counts == {"unchanged": 1}
