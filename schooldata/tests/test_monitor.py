"""The segregation monitor on two small built school years (monitor_world): figures, suppression, permissions,
downloads."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from schooldata import monitor
from schooldata.models import AreaFigure
from schooldata.services import import_file
from schooldata.tests import files
from schooldata.tests.monitor_world import build_world
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("segregation:monitor")


@pytest.fixture
def world(db):
    return build_world()


def test_indices_per_year_against_the_worked_example(world):
    first, second = monitor.years()
    assert (first.school_year, second.school_year) == ("2023-2024", "2024-2025")
    assert first.threshold == pytest.approx(0.25)
    assert [name for name, _share in first.low_wijken] == ["Oost", "Noord"]
    assert first.indices is not None and second.indices is not None
    assert (first.indices.dissimilarity, first.indices.isolation, first.indices.share) == pytest.approx(
        (0.40, 0.60, 0.50)
    )
    assert (first.indices.schools, first.indices.pupils) == (4, 200)  # Kleine School and the outsiders left out
    assert (second.indices.dissimilarity, second.indices.isolation) == pytest.approx((0.10, 0.51))


def test_per_school_composition_gap_and_flows(world):
    first = monitor.years()[0]
    schools = {row.organisation.name: row for row in first.schools}
    noordster = schools["De Noordster"]
    # (25 × 30% + 15 × 40% + 10 × 10%) / 50 = 29%, against 30% in its own wijk Noord: a gap of −1 point.
    assert noordster.estimated_share == pytest.approx(0.29)
    assert (noordster.wijk_name, noordster.own_wijk_share) == ("Noord", pytest.approx(0.30))
    assert noordster.gap == pytest.approx(-0.01)
    assert noordster.outside_own_wijk == pytest.approx(0.5)
    assert noordster.weighting == pytest.approx(31.25)
    assert schools["Zuiderlicht"].outside_city == 7
    assert schools["Centrumschool"].suppressed_cells == 1
    kleine = schools["Kleine School"]
    assert (kleine.left_out, kleine.group_shown, kleine.suppressed_cells) == (["low", "other"], "<5", 2)
    assert {row.organisation.name for row in first.left_out_schools} == {"Centrumschool", "Kleine School"}
    noord = next(flow for flow in first.flows if flow.wijk_name == "Noord")
    assert noord.schools == [("De Noordster", 25), ("Zuiderlicht", 20), ("Centrumschool", 10)]
    assert noord.own_wijk == pytest.approx(25 / 55)


def test_public_page_shows_city_figures_not_schools(client, world):
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "40,0%" in page and "60,0%" in page and "10,0%" in page  # dissimilarity 2023, isolation, 2024
    assert "<svg" in page and "Segregatie-index per schooljaar" in page
    assert "Wat deze cijfers wel en niet zeggen" in page
    assert "De Noordster" not in page  # per school: coordinators and the municipality only
    assert "pupils_by_postcode-2023.csv" in page  # every figure names its release


def test_coordinator_and_municipality_see_schools_and_flows(client, coordinator, world):
    client.force_login(coordinator)
    page = client.get(URL).content.decode()  # the latest year first
    assert "Samenstelling per school in 2024-2025" in page and "Van wijk naar school" in page
    page_2023 = client.get(URL, {"jaar": "2023-2024"}).content.decode()
    assert "De Noordster" in page_2023 and "Kleine School" in page_2023
    assert "Kleine aantallen die niet meetellen" in page_2023 and "&lt;5" in page_2023  # named, shown as <5
    assert "beide groepen met minder dan 5 leerlingen" in page_2023
    clerk = UserFactory()
    OrganisationFactory(name="Gemeente", sector="gemeente").members.add(clerk)
    client.force_login(clerk)
    assert "De Noordster" in client.get(URL).content.decode()


def test_hostile_year_and_unknown_format_are_not_errors(client, coordinator, world):
    client.force_login(coordinator)
    assert client.get(URL, {"jaar": "<script>"}).status_code == 200
    assert client.get(reverse("segregation:download"), {"formaat": "pdf"}).status_code == 400
    assert client.get(reverse("segregation:download_details", args=["geheim"]), {"formaat": "csv"}).status_code == 404


def test_empty_state(client, coordinator):
    page = client.get(URL).content.decode()
    assert "Er zijn nog geen schoolgegevens ingelezen" in page and "duo.nl" in page
    client.force_login(coordinator)
    assert reverse("schooldata:releases") in client.get(URL).content.decode()  # the coordinator imports them


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_downloads_parse_back(client, coordinator, world):
    rows = _csv(client.get(reverse("segregation:download"), {"formaat": "csv"}))
    assert rows[1][0] == "2023-2024" and rows[1][4] == "40.0" and rows[2][5] == "51.0"
    sheet = load_workbook(io.BytesIO(client.get(reverse("segregation:download"), {"formaat": "xlsx"}).content)).active
    assert [cell.value for cell in sheet[2]][:5] == ["2023-2024", 4, 200, 50.0, 40.0]
    details = reverse("segregation:download_details", args=["scholen"])
    assert client.get(details, {"formaat": "csv"}).status_code == 302  # login first
    client.force_login(coordinator)
    schools = _csv(client.get(details, {"formaat": "csv"}))
    kleine = next(row for row in schools if row[1] == "Kleine School")
    assert kleine[5:7] == ["<5", "<5"]
    workbook = load_workbook(io.BytesIO(client.get(details, {"formaat": "xlsx"}).content))
    noordster = next(row for row in workbook.active.iter_rows(values_only=True) if row[1] == "De Noordster")
    assert noordster[4:7] == (50, 40, 10)
    flows = _csv(client.get(reverse("segregation:download_details", args=["wijken"]), {"formaat": "csv"}))
    assert ["2023-2024", "Noord", "WK054602", "De Noordster", "25"] in [row[:5] for row in flows]


def test_details_download_refused_to_others(client, editor_a, world):
    client.force_login(editor_a)
    url = reverse("segregation:download_details", args=["scholen"])
    assert client.get(url, {"formaat": "csv"}).status_code == 403


def test_from_imported_duo_and_cbs_files_to_the_monitor(client, tmp_path):
    """The files as published (schooldata.tests.files), through the import, for two years. Wijk 02 has 30%
    low-income households against wijk 01's 10% (median 20%), so pupils from 2312 form group A. 2023-2024: 10/40 and
    40/10 → dissimilarity ½(|0.2 − 0.8| + |0.8 − 0.2|) = 60%; 2024-2025: 20/30 and 30/20 → 20%."""
    OrganisationFactory(name="De Regenboog", sector="po", postcode="2311 AB", vestigingscode="12AB00")
    OrganisationFactory(name="De Sterrenwacht", sector="po", postcode="2312 BC", vestigingscode="12AB01")
    area_file = files.write(
        tmp_path / "kwb.csv",
        [
            files.AREA_HEADER,
            "GM0546;0546;Leiden;Leiden;Gemeente;125100;17200;20,0;31,2;1",
            "WK054601;054601;Binnenstad-Noord;Leiden;Wijk;10234;800;10,0;.;1",
            "WK054602;054602;Binnenstad-Zuid;Leiden;Wijk;9000;700;30,0;.;1",
        ],
    )
    for path in (area_file, files.postcode_file(tmp_path / "pc6hnr.csv")):
        result = import_file(path, municipality="GM0546", reference_date=dt.date(2023, 1, 1))
        assert result.release is not None, result.errors
    for peildatum, (a_home, a_far, b_home, b_far) in (("20231001", (40, 10, 40, 10)), ("20241001", (30, 20, 30, 20))):
        rows = [("12AB00", "2311", str(a_home)), ("12AB00", "2312", str(a_far))]
        rows += [("12AB01", "2312", str(b_home)), ("12AB01", "2311", str(b_far)), ("12AB01", "2313", "<5")]
        path = files.pupils_by_postcode(tmp_path / f"postcode-{peildatum}.csv", rows, peildatum=peildatum)
        assert import_file(path).release is not None
    first, second = monitor.years()
    assert first.indices is not None and second.indices is not None
    assert (first.indices.dissimilarity, second.indices.dissimilarity) == pytest.approx((0.60, 0.20))
    assert {row.organisation.name: row.suppressed_cells for row in first.schools}["De Sterrenwacht"] == 1
    page = client.get(URL).content.decode()
    assert "60,0%" in page and "20,0%" in page


def test_the_english_page_and_figures_that_are_not_numbers(client, world):
    page = client.get("/en" + URL).content.decode()
    assert "Segregation in primary schools" in page and "40.0%" in page
    AreaFigure.objects.filter(code="WK054604").update(figures={"p_hh_li": "veel"})  # Oost: no usable figure
    first = monitor.years()[0]
    assert [name for name, _share in first.low_wijken] == ["Noord"]  # Zuid 20%, Noord 30%; median of three 20%
