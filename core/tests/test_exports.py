"""Every list page downloads its selection as CSV or XLSX, with formulas neutralised (core.exports)."""

import csv
import io

import pytest
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import ActivityKind
from core import exports
from core.models import PublicationStatus
from offerings.tests.factories import OfferingFactory
from projects.models import ProjectStatus
from questions.models import Question
from questions.services import save_question
from tests.factories import ActivityFactory, OrganisationFactory, ProjectFactory, UserFactory, in_days

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'
SAFE = "'" + FORMULA


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def xlsx_sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_TYPE
    return load_workbook(io.BytesIO(response.content)).active


def xlsx_rows(response):
    return [list(row) for row in xlsx_sheet(response).iter_rows(values_only=True)]


def column(rows, header):
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def get(client, url, **params):
    return client.get(url, params)


# --- The shared module ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+31 71", "'+31 71"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Gewoon", "Gewoon"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_safe_cell_neutralises_formula_starts(text, safe):
    assert exports.safe_cell(text) == safe


def _response(kind, rows, columns=None):
    request = RequestFactory().get("/", {"formaat": kind} if kind is not None else {})
    columns = columns or [
        ("Titel", lambda row: row["title"]),
        ("Datum", lambda row: row["date"]),
        ("Aantal", lambda row: row["count"]),
    ]
    return exports.export_response(request, "lijst", columns, rows)


def test_an_unknown_format_is_a_400_with_a_plain_message():
    for kind in ("pdf", "", "CSV"):
        response = _response(kind, [])
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/plain")
        assert b"formaat=csv" in response.content


def test_the_filename_carries_the_date_and_the_extension():
    today = timezone.localdate().isoformat()
    assert _response("csv", [])["Content-Disposition"] == f'attachment; filename="lijst-{today}.csv"'
    assert _response("xlsx", [])["Content-Disposition"] == f'attachment; filename="lijst-{today}.xlsx"'


def test_formulas_stay_text_in_both_formats_and_dates_and_numbers_keep_their_type():
    day = timezone.localdate()
    rows = [{"title": FORMULA, "date": day, "count": 3}]
    assert csv_rows(_response("csv", rows)) == [["Titel", "Datum", "Aantal"], [SAFE, day.isoformat(), "3"]]
    sheet = xlsx_sheet(_response("xlsx", rows))
    assert [cell.value for cell in sheet[1]] == ["Titel", "Datum", "Aantal"]
    assert all(cell.font.bold for cell in sheet[1])
    title, date, count = sheet[2]
    # XLSX shows the value itself: a text cell with the quote-prefix style, no apostrophe in the value.
    assert title.value == FORMULA and title.data_type == "s" and title.quotePrefix
    assert not sheet["B1"].quotePrefix
    assert date.value.date() == day and count.value == 3


def test_a_header_that_looks_like_a_formula_is_neutralised_too():
    response = _response("csv", [], columns=[("=kop", lambda row: row)])
    assert csv_rows(response) == [["'=kop"]]
    header = xlsx_sheet(_response("xlsx", [], columns=[("=kop", lambda row: row)]))["A1"]
    assert header.value == "=kop" and header.data_type == "s" and header.quotePrefix


def test_an_export_stops_at_the_limit(monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_LIMIT", 3)
    rows = [{"title": f"r{n}", "date": None, "count": n} for n in range(10)]
    assert len(csv_rows(_response("csv", rows))) == 1 + 3
    assert len(xlsx_rows(_response("xlsx", iter(rows)))) == 1 + 3


# --- Each list page ---------------------------------------------------------------------------------------------


def _check_formula_and_draft(client, url, title_header, **filters):
    """The formula title comes out neutralised in both formats; the draft never reaches an anonymous export."""
    rows = csv_rows(get(client, url, formaat="csv", **filters))
    titles = column(rows, title_header)
    assert SAFE in titles
    assert "Concept" not in titles
    sheet = xlsx_sheet(get(client, url, formaat="xlsx", **filters))
    headers = [cell.value for cell in sheet[1]]
    cells = [row[headers.index(title_header)] for row in sheet.iter_rows(min_row=2)]
    formula_cell = next(cell for cell in cells if cell.value == FORMULA)
    assert formula_cell.data_type == "s" and formula_cell.quotePrefix
    assert "Concept" not in [cell.value for cell in cells]
    return titles


def test_organisations_export_the_filtered_selection(anonymous_client):
    OrganisationFactory(name=FORMULA, sector="po")
    OrganisationFactory(name="Een mbo", sector="mbo")
    url = "/en/organisaties/"
    rows = csv_rows(get(anonymous_client, url, formaat="csv"))
    assert rows[0][:5] == ["Name", "Abbreviations", "Sector", "Part of", "Activities"]
    assert rows[0][5:] == [
        "Street",
        "House number",
        "Postcode",
        "Place",
        "Municipality",
        "Neighbourhood",
        "Phone",
        "Website",
        "Denomination",
        "School concept",
        "BRIN",
        "Location code",
        "Competent authority",
        "KvK number",
    ]
    assert set(column(rows, "Name")) == {"Een mbo", SAFE}
    filtered = xlsx_rows(get(anonymous_client, url, formaat="xlsx", sector="po"))
    assert [row[0] for row in filtered[1:]] == [FORMULA]
    assert get(anonymous_client, url, formaat="pdf").status_code == 400


def test_the_organisation_list_in_dutch_has_dutch_headers_and_the_links(anonymous_client):
    OrganisationFactory(name="Een school", sector="po")
    rows = csv_rows(get(anonymous_client, "/organisaties/", formaat="csv"))
    assert rows[0][0] == "Naam"
    html = anonymous_client.get("/organisaties/", {"sector": "po"}).content.decode()
    assert 'href="/organisaties/?sector=po&amp;formaat=csv"' in html
    assert 'href="/organisaties/?sector=po&amp;formaat=xlsx"' in html


def test_the_calendar_exports_the_whole_filtered_selection_without_drafts(anonymous_client):
    ActivityFactory(title=FORMULA, kind=ActivityKind.EVENT)
    ActivityFactory(title="Een werkbezoek", kind=ActivityKind.MEETING)
    ActivityFactory(title="Concept", kind=ActivityKind.EVENT, publication_status=PublicationStatus.DRAFT)
    for number in range(30):  # more than one page
        ActivityFactory(title=f"Bijeenkomst {number}", kind=ActivityKind.EVENT)
    titles = _check_formula_and_draft(anonymous_client, "/en/agenda/", "Title")
    assert len(titles) == 32
    filtered = column(csv_rows(get(anonymous_client, "/en/agenda/", formaat="csv", soort=ActivityKind.EVENT)), "Title")
    assert "Een werkbezoek" not in filtered and SAFE in filtered
    response = get(anonymous_client, "/en/agenda/", formaat="csv")
    assert f"agenda-{timezone.localdate().isoformat()}.csv" in response["Content-Disposition"]
    assert get(anonymous_client, "/en/agenda/", formaat="pdf").status_code == 400


def test_the_calendar_month_view_exports_that_month(anonymous_client):
    ActivityFactory(title=FORMULA)
    month = in_days(7)
    ActivityFactory(title="Later", start=in_days(400))
    titles = column(
        csv_rows(get(anonymous_client, "/en/agenda/", formaat="csv", weergave="maand", maand=month.strftime("%Y-%m"))),
        "Title",
    )
    assert SAFE in titles and "Later" not in titles


def test_the_calendar_shows_download_links_that_keep_the_filters(anonymous_client):
    html = anonymous_client.get("/en/agenda/", {"soort": ActivityKind.EVENT}).content.decode()
    assert f"soort={ActivityKind.EVENT}&amp;formaat=csv" in html
    assert "formaat=xlsx" in html


def test_the_portfolio_exports_without_drafts_and_with_filters(anonymous_client):
    ProjectFactory(title=FORMULA, status=ProjectStatus.RUNNING)
    ProjectFactory(title="Concept", publication_status=PublicationStatus.DRAFT)
    ProjectFactory(title="Klaar", status=ProjectStatus.COMPLETED)
    titles = _check_formula_and_draft(anonymous_client, "/en/projecten/", "Title")
    assert "Klaar" in titles
    filtered = column(
        csv_rows(get(anonymous_client, "/en/projecten/", formaat="csv", status=ProjectStatus.RUNNING)), "Title"
    )
    assert "Klaar" not in filtered and SAFE in filtered


def test_offerings_export_without_drafts_and_with_filters(anonymous_client):
    OfferingFactory(title=FORMULA)
    OfferingFactory(title="Concept", publication_status=PublicationStatus.DRAFT)
    OfferingFactory(title="Betaald", is_free=False, price=12)
    titles = _check_formula_and_draft(anonymous_client, "/en/aanbod/", "Title")
    assert "Betaald" in titles
    filtered = column(csv_rows(get(anonymous_client, "/en/aanbod/", formaat="csv", gratis="on")), "Title")
    assert "Betaald" not in filtered and SAFE in filtered
    assert get(anonymous_client, "/en/aanbod/", formaat="pdf").status_code == 400


def test_open_days_export_without_drafts_and_with_filters(anonymous_client):
    ActivityFactory(title=FORMULA, kind=ActivityKind.OPEN_DAY, school_type="po")
    ActivityFactory(title="Concept", kind=ActivityKind.OPEN_DAY, publication_status=PublicationStatus.DRAFT)
    ActivityFactory(title="Open dag vo", kind=ActivityKind.OPEN_DAY, school_type="vo")
    ActivityFactory(title="Geen open dag", kind=ActivityKind.EVENT)
    titles = _check_formula_and_draft(anonymous_client, "/en/open-dagen/", "Title")
    assert "Open dag vo" in titles and "Geen open dag" not in titles
    filtered = column(csv_rows(get(anonymous_client, "/en/open-dagen/", formaat="csv", schooltype="po")), "Title")
    assert filtered == [SAFE]


def test_questions_export_only_what_the_reader_may_see(anonymous_client, member_client):
    asker = UserFactory(username="vrager")
    save_question(
        Question(title=FORMULA, looking_for="Hulp", asker=asker, visibility="public"), themes=[], sector_codes=[]
    )
    save_question(
        Question(title="Voor leden", looking_for="Hulp", asker=asker, visibility="members"), themes=[], sector_codes=[]
    )
    public = column(csv_rows(get(anonymous_client, "/en/vragen/", formaat="csv")), "Question")
    assert public == [SAFE]
    members = xlsx_rows(get(member_client, "/vragen/", formaat="xlsx"))
    assert {row[0] for row in members[1:]} == {FORMULA, "Voor leden"}
    assert get(anonymous_client, "/vragen/", formaat="pdf").status_code == 400
