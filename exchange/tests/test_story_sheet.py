"""A story sheet as a communication team keeps it: one story per row, ambition and activity by name (not as the
calendar spells them), each ring as a dimension column and a text column under headers rimpel never chose, roles
sometimes empty, no date and no consent. It goes in as delivered, from the command line and the check page."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from exchange.import_kinds import KINDS
from exchange.references import Lookups
from exchange.spreadsheet import read_sheet, run
from stories.models import Consent, Story
from stories.tests.factories import make_line, make_programme
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "Evenement",
    "Ambitie",
    "Respondent",
    "Dimensie ring 1",
    "Eerstegraads impact",
    "Ring 2 - dimensie",
    "Verhaal (ring 2)",
    "Dimensie ring 3",
    "Tekst ring 3",
    "Opmerking comms",
]
ROWS = [
    [
        "Nacht vd Leraar",  # the calendar says "Nacht van de Leraar"
        "Professional in het zonnetje",  # the ambition by name
        "Docent VO",
        "Waardering & Betrokkenheid",
        "Ik voelde me gezien als leraar.",
        "Begrip & Beeldvorming",
        "Ik begrijp het mbo nu beter.",
        "",
        "",
        "mooi verhaal",
    ],
    [
        "Opening studiejaar",  # not in the calendar at all
        "a2",  # the ambition by code, in lower case
        "",  # nobody wrote down who told it
        "Ontmoeting en bereik",
        "Ik sprak collega's uit drie sectoren.",
        "Verbinding & initiatief",
        "We plannen nu samen een les.",
        "Sociaal Culturele Effecten",
        "Het wordt een vast onderdeel van ons jaar.",
        "",
    ],
    [
        "",
        "Onderwijs in de wijk",  # no such ambition
        "Bestuurder",
        "Kennis en bewustzijn",
        "Ik weet nu wat er speelt.",
        "",
        "",
        "",
        "",
        "",
    ],
]


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def programme(db):
    programme = make_programme(slug="lnos25", name="LNOS25")
    make_line(programme, "A1", "Professional in het zonnetje")
    make_line(programme, "A2", "Samen sterker")
    return programme


@pytest.fixture
def night(db):
    start = timezone.make_aware(dt.datetime(2025, 10, 3, 20, 0))
    return ActivityFactory(title="Nacht van de Leraar", start=start, end=start + dt.timedelta(hours=4))


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv(rows) -> bytes:
    # Saved by Excel on a Dutch Windows machine: semicolons and Windows-1252.
    return "\r\n".join(";".join(row) for row in rows).encode("cp1252")


def do(content: bytes, programme, *, write=False, accept=False, name="verhalen.xlsx"):
    sheet = read_sheet(SimpleUploadedFile(name, content), KINDS["stories"])
    return run(KINDS["stories"], sheet, Lookups(programme, None, accept_suggestions=accept), write=write)


def notices(outcome):
    return [(problem.row, problem.column, problem.message) for problem in outcome.notices]


@pytest.mark.parametrize("make", [xlsx, csv])
def test_the_sheet_goes_in_as_delivered(make, programme, night, tmp_path, capsys):
    path = tmp_path / ("verhalen.xlsx" if make is xlsx else "verhalen.csv")
    path.write_bytes(make([HEADERS, *ROWS]))
    call_command("import_data", "stories", str(path), "--programme", "lnos25", "--dry-run")
    dry = capsys.readouterr().out
    assert "3 rows: 3 new, 0 changed, 0 unchanged." in dry and "Dry run: nothing was saved." in dry
    assert "Not read: Opmerking comms." in dry
    assert "every new story is kept for internal analysis only" in dry
    assert not Story.objects.exists()

    call_command("import_data", "stories", str(path), "--programme", "lnos25")
    assert Story.objects.count() == 3
    assert set(Story.objects.values_list("consent", flat=True)) == {Consent.INTERNAL}
    teacher = Story.objects.get(respondent_role="Docent VO")
    # "Nacht vd Leraar" is one activity alike enough to be meant, yet only taken when suggestions are accepted.
    assert teacher.activity is None and teacher.collected_on is None and teacher.line.code == "A1"
    assert {part.ring: (part.dimension.name, part.text) for part in teacher.parts.all()} == {
        1: ("Waardering & betrokkenheid", "Ik voelde me gezien als leraar."),
        2: ("Begrip & beeldvorming", "Ik begrijp het mbo nu beter."),
    }
    unnamed = Story.objects.get(respondent_role="")
    assert unnamed.line.code == "A2"
    assert {part.ring: part.dimension.name for part in unnamed.parts.all()} == {
        1: "Ontmoeting & bereik",
        2: "Verbindingen & initiatieven",
        3: "Sociaal-culturele effecten",
    }
    assert Story.objects.get(respondent_role="Bestuurder").line is None

    call_command("import_data", "stories", str(path), "--programme", "lnos25")
    assert "0 new, 0 changed, 3 unchanged" in capsys.readouterr().out and Story.objects.count() == 3


def test_references_that_do_not_resolve_are_warnings_with_suggestions(programme, night):
    outcome = do(xlsx([HEADERS, *ROWS]), programme)
    assert not outcome.errors and outcome.counts == {"create": 3}
    assert notices(outcome) == [
        (
            2,
            "Evenement",
            "No activity is called “Nacht vd Leraar”. Did you mean Nacht van de Leraar (03-10-2025)? "
            "The row is imported without it.",
        ),
        (3, "Ring 2 - dimensie", "“Verbinding & initiatief” read as Verbindingen & initiatieven."),
        (3, "Evenement", "No activity is called “Opening studiejaar”. The row is imported without it."),
        (4, "Ambitie", "The programme has no ambition “Onderwijs in de wijk”. The row is imported without it."),
    ]


def test_accepted_suggestions_take_the_activity_and_its_date(programme, night):
    outcome = do(xlsx([HEADERS, *ROWS]), programme, write=True, accept=True)
    assert outcome.applied
    assert (2, "Evenement", "“Nacht vd Leraar” read as Nacht van de Leraar (03-10-2025).") in notices(outcome)
    teacher = Story.objects.get(respondent_role="Docent VO")
    assert teacher.activity == night and teacher.collected_on == dt.date(2025, 10, 3)
    # An ambition far from every line is not taken, even then.
    assert Story.objects.get(respondent_role="Bestuurder").line is None


def test_every_problem_of_a_row_at_once(programme):
    rows = [HEADERS, ["", "A1", "ouder", "Plezier", "Leuk", "Houding & gedrag", "", "", "", ""]]
    outcome = do(xlsx(rows), programme, write=True)
    assert (
        sorted((problem.column, problem.message) for problem in outcome.errors)
        == [
            (
                "Dimensie ring 1",
                "Ring 1 has no dimension “Plezier”. Its dimensions: Kennis & bewustzijn, Ontmoeting & bereik, "
                "Waardering & betrokkenheid.",
            ),
            ("Verhaal (ring 2)", "Ring 2 has a dimension but no text."),
        ]
        and not Story.objects.exists()
    )


def test_a_consent_column_or_a_later_date_column_still_finds_the_stories(programme):
    do(xlsx([HEADERS, *ROWS]), programme, write=True)
    rows = [[*HEADERS, "Toestemming", "Datum"], *[[*row, "alleen rol", "1-11-2025"] for row in ROWS]]
    outcome = do(xlsx(rows), programme)
    assert outcome.counts == {"update": 3} and Story.objects.count() == 3
    changes = {(change.label, change.old, change.new) for change in outcome.samples[0].changes}
    assert changes == {("consent", "internal", "role"), ("collected on", "—", "01-11-2025")}


def test_the_check_page_says_what_changes_and_what_it_assumes(coordinator_client, programme):
    def check(content: bytes):
        response = coordinator_client.post(
            reverse("exchange:data_import"),
            {"kind": "stories", "programme": programme.pk, "file": SimpleUploadedFile("verhalen.xlsx", content)},
        )
        return coordinator_client.get(response.url).content.decode()

    page = check(xlsx([HEADERS, *ROWS]))
    assert "every new story is kept for internal analysis only" in page
    assert "Not read:" in page and "Opmerking comms" in page
    Story.objects.all().delete()
    do(xlsx([HEADERS, *ROWS]), programme, write=True)
    page = check(xlsx([[*HEADERS, "Datum"], *[[*row, "1-11-2025"] for row in ROWS]]))
    assert "Collected on: — → 01-11-2025" in page


def test_the_check_page_names_missing_columns_by_their_labels(coordinator_client):
    response = coordinator_client.post(
        reverse("exchange:data_import"),
        {
            "kind": "activities",
            "file": SimpleUploadedFile("agenda.csv", b"Wat;Wanneer;Wie organiseert\nx;3-10-2031;y\n"),
        },
    )
    page = coordinator_client.get(response.url).content.decode()
    assert "Still needed: organisers." in page and "Field(" not in page


def test_the_command_speaks_dutch_by_default(programme, tmp_path, capsys):
    path = tmp_path / "verhalen.csv"
    path.write_bytes(csv([HEADERS, *ROWS]))
    with translation.override("en"):
        translation.deactivate()  # as from the shell: no language chosen, so settings.LANGUAGE_CODE
        call_command("import_data", "stories", str(path), "--programme", "lnos25", "--dry-run")
    out = capsys.readouterr().out
    assert "Niet gelezen: Opmerking comms." in out and "alleen voor interne analyse" in out
    assert "De rij wordt zonder deze waarde geïmporteerd." in out
