"""Importing DUO's and CBS's files as data releases: recognised by their headers, one municipality's rows kept,
suppressed numbers kept as suppressed, every problem named by row and column, nothing written by a dry run."""

import datetime as dt
from decimal import Decimal

import pytest

from schooldata import figures
from schooldata.models import AreaFigure, DataRelease, PostcodeArea, PupilCount, PupilsByPostcode, SchoolWeighting
from schooldata.services import delete_release, import_file
from schooldata.tests import files
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

AGES_A = ["3", "<5", "10", "12", "11", "9", "14", "8", "7"]


@pytest.fixture
def schools(db):
    return {
        "12AB00": OrganisationFactory(name="De Regenboog", vestigingscode="12AB00", brin="12AB", municipality="Leiden"),
        "12AB01": OrganisationFactory(name="De Regenboog dépendance", vestigingscode="12AB01", municipality="Leiden"),
        "34CD00": OrganisationFactory(name="Het Kompas", vestigingscode="34CD00", municipality="Leiden"),
    }


def test_pupils_per_location_keep_the_directory_s_locations_and_count_the_rest(tmp_path, schools):
    path = files.pupils(
        tmp_path / "01-leerlingen-po-per-vestiging-naar-leeftijd-2024-2025.csv",
        [
            ("12AB00", "De Regenboog", AGES_A, "74"),
            ("34CD00", "Het Kompas", ["1"] * 9, "9"),
            ("99ZZ00", "Elders", ["1"] * 9, "9"),
            ("99ZZ01", "Elders", ["1"] * 9, "9"),
            ("98YY00", "Zuidpunt", ["1"] * 9, "9"),
        ],
    )
    result = import_file(path)
    assert not result.errors
    release = result.release
    assert release.kind == "pupils" and release.reference_date == dt.date(2024, 10, 1)
    assert release.school_year == "2024-2025"
    assert (release.rows_imported, release.rows_skipped) == (2, 3)
    assert [w["message"] for w in release.warnings] == [
        "Rijen van schoolvestigingen die niet in het adressenbestand staan, weggelaten: 3 (van 3 vestigingen)."
    ]
    count = PupilCount.objects.get(organisation=schools["12AB00"])
    assert count.total == 74
    assert count.by_group["LEEFTIJD_4"] == 3 and count.by_group["LEEFTIJD_5"] is None  # "<5": suppressed


def test_dry_run_writes_nothing_and_the_same_file_twice_is_refused(tmp_path, schools):
    path = files.pupils(tmp_path / "leerlingen-2024-2025.csv", [("12AB00", "De Regenboog", AGES_A, "74")])
    dry = import_file(path, dry_run=True)
    assert not dry.errors and dry.rows_imported == 1 and dry.release is None
    assert not DataRelease.objects.exists()
    assert import_file(path).release is not None
    again = import_file(path)
    assert again.errors and "al eerder geïmporteerd" in again.errors[0].message
    assert DataRelease.objects.count() == 1


def test_a_second_file_for_the_same_kind_and_date_is_refused(tmp_path, schools):
    import_file(files.pupils(tmp_path / "a.csv", [("12AB00", "De Regenboog", AGES_A, "74")]))
    second = import_file(files.pupils(tmp_path / "b.csv", [("12AB00", "De Regenboog", AGES_A, "75")]))
    assert "Verwijder die eerst" in second.errors[0].message


def test_pupils_by_postcode_keep_suppressed_cells_as_suppressed(tmp_path, schools):
    path = files.pupils_by_postcode(
        tmp_path / "03-leerlingen-po-totaaloverzicht.csv",
        [("12AB00", "2311", "41"), ("12AB00", "2312", "<5"), ("12AB01", "2316", "7"), ("55QQ00", "9999", "5")],
        bom=True,
    )
    result = import_file(path)
    assert not result.errors, result.errors
    rows = {row.postcode4: row for row in PupilsByPostcode.objects.all()}
    assert (rows["2311"].pupils, rows["2311"].suppressed) == (41, False)
    assert (rows["2312"].pupils, rows["2312"].suppressed) == (None, True)
    assert rows["2316"].organisation == schools["12AB01"]  # VESTIGINGSNUMMER 1 is location 01
    assert result.release.rows_skipped == 1


def test_every_problem_is_named_by_row_and_column(tmp_path, schools):
    path = files.pupils_by_postcode(
        tmp_path / "leerlingen-postcode-2024-2025.csv",
        [("12AB00", "2311", "veel"), ("12AB00", "2311", "4"), ("12AB00", "23", "4"), ("12AB00", "2311", "6")],
    )
    result = import_file(path)
    assert result.release is None
    assert [(p.row, p.column) for p in result.errors] == [(2, "TOTAAL"), (5, "POSTCODE_LEERLING")]
    assert [(p.row, p.column) for p in result.notices] == [(4, "POSTCODE_LEERLING")]


def test_school_weighting_with_decimal_commas_and_a_missing_optional_column(tmp_path, schools):
    path = files.weighting(tmp_path / "schoolweging-2024.csv", [("12AB00", "31,27", "5,1")], spread=False)
    result = import_file(path)
    assert not result.errors
    assert "SPREIDING" in result.release.warnings[0]["message"]
    weighting = SchoolWeighting.objects.get()
    assert weighting.weighting == Decimal("31.27") and weighting.spread is None and weighting.pupils == 210
    assert result.release.reference_date == dt.date(2024, 10, 1)


def test_cbs_key_figures_keep_one_municipality_with_missing_figures_empty(tmp_path, schools):
    result = import_file(files.areas(tmp_path / "kwb-2023.csv"))
    assert not result.errors, result.errors
    assert result.release.municipality_code == "GM0546"  # where the directory's schools are
    assert result.release.reference_date == dt.date(2023, 1, 1)
    areas = {area.code: area for area in AreaFigure.objects.all()}
    assert set(areas) == {"GM0546", "WK054601", "BU05460101"}
    wijk, buurt = areas["WK054601"], areas["BU05460101"]
    assert (wijk.kind, wijk.name, wijk.inhabitants, wijk.children) == ("wijk", "Binnenstad-Noord", 10234, 800)
    assert wijk.figures["p_hh_li"] == 11.0 and wijk.figures["g_ink_pi"] is None
    assert buurt.children is None and buurt.figures["p_hh_li"] is None


def test_cbs_postcode_file_gives_each_pc4_its_most_frequent_wijk(tmp_path, schools):
    result = import_file(files.postcode_file(tmp_path / "pc6hnr20230801_gwb.csv"), municipality="GM0546")
    assert not result.errors, result.errors
    areas = {area.postcode4: (area.wijk_code, area.buurt_code) for area in PostcodeArea.objects.all()}
    assert areas == {"2311": ("WK054601", "BU05460101"), "2312": ("WK054602", "BU05460203")}
    assert result.release.rows_skipped == 1 and result.release.reference_date == dt.date(2023, 8, 1)


def test_an_unknown_file_and_a_missing_date_are_said_plainly(tmp_path, schools):
    unknown = import_file(files.write(tmp_path / "x.csv", ["Naam;Adres", "a;b"]))
    assert "niet herkend" in unknown.errors[0].message
    undated = files.write(tmp_path / "leerlingen.csv", ["INSTELLINGSCODE;VESTIGINGSCODE;TOTAAL", "12AB;00;10"])
    assert "peildatum" in import_file(undated).errors[0].message
    assert import_file(undated, reference_date=dt.date(2023, 10, 1)).release.school_year == "2023-2024"


def test_an_extra_column_is_ignored_and_utf8_reads_as_well(tmp_path, schools):
    path = files.write(
        tmp_path / "leerlingen-2022-2023.csv",
        ["INSTELLINGSCODE;VESTIGINGSCODE;OPMERKING;TOTAAL", "12AB;00;Één locatie;120"],
        encoding="utf-8",
    )
    result = import_file(path)
    assert not result.errors and PupilCount.objects.get().total == 120


def test_pupil_history_and_removing_a_release(tmp_path, schools):
    school = schools["12AB00"]
    import_file(files.pupils(tmp_path / "a-2024-2025.csv", [("12AB00", "De Regenboog", AGES_A, "74")]))
    older = files.pupils(tmp_path / "b-2023-2024.csv", [("12AB00", "De Regenboog", AGES_A, "70")])
    older.write_text(older.read_text(encoding="cp1252").replace("20241001", "20231001"), encoding="cp1252")
    release = import_file(older).release
    assert figures.pupil_histories([school.pk]) == {school.pk: [("2023-2024", 70), ("2024-2025", 74)]}
    delete_release(release)
    assert figures.pupil_histories([school.pk]) == {school.pk: [("2024-2025", 74)]}
    assert PupilCount.objects.count() == 1


def test_a_national_file_of_8000_rows_keeps_the_directory_s_rows_quickly(tmp_path, schools):
    path = files.national_postcode_file(tmp_path / "leerlingen-postcode-2024-2025.csv", 8000, list(schools))
    result = import_file(path)
    assert not result.errors
    assert result.rows_read == 8000 and result.rows_imported + result.rows_skipped == 8000
    assert result.rows_imported == PupilsByPostcode.objects.count() == 3 * 4
    assert result.seconds < 10  # about 0.2 s on a development machine: a generous bound for a loaded CI runner


def test_hostile_values_are_problems_not_server_errors(tmp_path, schools):
    weighting = import_file(files.weighting(tmp_path / "schoolweging-2024.csv", [("12AB00", "1e999", "99999")]))
    assert [(p.row, p.column) for p in weighting.errors] == [(2, "SCHOOLWEGING"), (2, "")]
    huge = files.pupils(tmp_path / "leerlingen-2024-2025.csv", [("12AB00", "De Regenboog", ["1"] * 9, "9" * 40)])
    assert [(p.row, p.column) for p in import_file(huge).errors] == [(2, "TOTAAL")]
    nul = files.write(tmp_path / "nul.csv", ["INSTELLINGSCODE;VESTIGINGSCODE;TOTAAL", "12AB;\x00;10"], encoding="utf-8")
    assert import_file(nul, reference_date=dt.date(2024, 10, 1)).rows_skipped == 1


def test_an_excel_workbook_and_the_inspectorate_s_institution_codes(tmp_path, schools):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["OVT", "Naam", "BGNR", "schoolweging", "aantal_leerlingen", "spreiding"])
    sheet.append(["34CD|C1", "Het Kompas", "41234", 28.4, 190, 6.2])  # one location of 34CD in the directory
    sheet.append(["12AB|C1", "De Regenboog", "41234", 31.1, 210, 5.0])  # two of 12AB: not tied to one
    path = tmp_path / "schoolweging-2023-2024.xlsx"
    workbook.save(path)
    result = import_file(path)
    assert not result.errors, result.errors
    assert SchoolWeighting.objects.get().organisation == schools["34CD00"]
    assert result.release.rows_skipped == 1 and result.release.school_year == "2023-2024"


def test_a_simple_sheet_of_postcodes_and_wijken(tmp_path, schools):
    path = files.write(tmp_path / "postcodes-wijken-2024.csv", ["Postcode;Wijkcode", "2311;WK054601", "2312;054602"])
    result = import_file(path)
    assert not result.errors, result.errors
    assert dict(PostcodeArea.objects.values_list("postcode4", "wijk_code")) == {"2311": "WK054601", "2312": "WK054602"}


def test_the_municipality_by_name_or_code_and_an_unknown_one(tmp_path, schools):
    path = files.areas(tmp_path / "kwb-2023.csv")
    assert import_file(path, municipality="'s-Gravenhage", dry_run=True).municipality_code == "GM0518"
    assert import_file(path, municipality="518", dry_run=True).rows_imported == 2
    unknown = import_file(path, municipality="Atlantis", dry_run=True)
    assert "Atlantis" in unknown.errors[0].message
