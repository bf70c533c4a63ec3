"""Hostile files through the service, the page and the command: every case ends in a Dutch message (by row and
column where it applies), never a server error, never a long-held worker, and nothing half-written."""

import datetime as dt
import io
import random
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import StagedUpload
from schooldata import reading
from schooldata.models import AreaFigure, DataRelease, PupilCount, PupilsByPostcode
from schooldata.services import import_file
from schooldata.tests import files
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("schooldata:releases")
OCTOBER = dt.date(2024, 10, 1)
HEADER = "INSTELLINGSCODE;VESTIGINGSCODE;TOTAAL"


@pytest.fixture
def school(db):
    return OrganisationFactory(name="De Regenboog", vestigingscode="12AB00", brin="12AB", municipality="Leiden")


def _import(path, **options):
    """The import, timed: no hostile file may hold a worker for more than a few seconds."""
    started = time.process_time()
    result = import_file(path, reference_date=OCTOBER, **options)
    assert time.process_time() - started < 5, path.name
    assert not DataRelease.objects.exists() or result.release is not None
    return result


def _messages(result):
    return " ".join(problem.message for problem in result.errors)


def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _sheet(rows_xml: bytes) -> bytes:
    """A minimal workbook around a sheet's rows, built by hand (openpyxl is too slow for a million rows)."""
    return _zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
            b'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.worksheet+xml"/></Types>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
            b'name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>',
            "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
            b'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
            "xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>' + rows_xml + b"</sheetData></worksheet>",
        }
    )


def _row(number: int, *values: str) -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values)
    return f'<row r="{number}">{cells}</row>'.encode()


def test_an_empty_file_and_a_file_of_only_a_header(tmp_path, school):
    empty = _import(files.write(tmp_path / "leeg-2024.csv", []))
    assert "leeg" in _messages(empty)
    (tmp_path / "niets.csv").write_bytes(b"")
    assert "leeg" in _messages(_import(tmp_path / "niets.csv"))
    header_only = _import(files.write(tmp_path / "kop-2024.csv", [HEADER, "", ";;", ""]))
    assert "geen rijen" in _messages(header_only)
    assert not DataRelease.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
        + bytes(range(256)) * 40,
        bytes((n * 7919) % 251 for n in range(20000)),  # junk
        "INSTELLINGSCODE;VESTIGINGSCODE;TOTAAL\r\n".encode("utf-16-le"),  # UTF-16 without its BOM
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
    ],
    ids=["png", "junk", "utf16-without-bom", "pdf"],
)
def test_binary_files_are_said_to_be_no_table(tmp_path, school, content):
    path = tmp_path / "leerlingen-2024.csv"
    path.write_bytes(content)
    message = _messages(_import(path))
    assert "geen CSV- of Excel-tabel" in message or "niet herkend" in message


def test_utf16_as_excel_saves_unicode_text_is_read(tmp_path, school):
    text = f"{HEADER}\r\n12AB;00;120\r\n".replace(";", "\t")
    path = tmp_path / "leerlingen-2024.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    result = _import(path)
    assert not result.errors, result.errors
    assert PupilCount.objects.get().total == 120


def test_a_zip_bomb_renamed_xlsx(tmp_path, school):
    path = tmp_path / "schoolweging-2024.xlsx"
    path.write_bytes(_zip({"xl/worksheets/sheet1.xml": b"<a>" + b" " * 50_000_000 + b"</a>"}))
    assert "als CSV" in _messages(_import(path))


def test_an_opendocument_sheet_is_named(tmp_path, school):
    path = tmp_path / "schoolweging-2022-2025.ods"
    parts = {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
    path.write_bytes(_zip(parts, zipfile.ZIP_STORED))
    assert "OpenDocument" in _messages(_import(path))


def test_a_workbook_of_a_million_rows_is_refused_quickly(tmp_path, school):
    row = b'<row><c t="inlineStr"><is><t>99ZZ</t></is></c><c t="inlineStr"><is><t>00</t></is></c><c><v>7</v></c></row>'
    path = tmp_path / "leerlingen-2024.xlsx"
    path.write_bytes(_sheet(_row(1, "INSTELLINGSCODE", "VESTIGINGSCODE", "TOTAAL") + row * 1_000_000))
    assert "op als CSV" in _messages(_import(path)) and not DataRelease.objects.exists()


def test_a_workbook_past_the_row_limit(tmp_path, school, monkeypatch):
    monkeypatch.setattr(reading, "MAX_WORKBOOK_ROWS", 50)
    rows = b"".join(_row(number, "99ZZ", "00", str(number)) for number in range(2, 60))
    path = tmp_path / "leerlingen-2024.xlsx"
    path.write_bytes(_sheet(_row(1, "INSTELLINGSCODE", "VESTIGINGSCODE", "TOTAAL") + rows))
    assert "voorbij rij 50" in _messages(_import(path))


def test_a_workbook_past_the_cell_limit(tmp_path, school, monkeypatch):
    monkeypatch.setattr(reading, "MAX_WORKBOOK_CELLS", 100)
    rows = b"".join(_row(number, "99ZZ", "00", str(number)) for number in range(2, 60))
    path = tmp_path / "leerlingen-2024.xlsx"
    path.write_bytes(_sheet(_row(1, "INSTELLINGSCODE", "VESTIGINGSCODE", "TOTAAL") + rows))
    result = _import(path)
    assert [p.row for p in result.errors] == [34] and "als CSV" in _messages(result)


def test_a_workbook_with_a_huge_cell(tmp_path, school):
    digits = "".join(random.Random(1).choices("0123456789", k=2_000_000))  # random: a repeated digit packs like a bomb
    rows = _row(1, "INSTELLINGSCODE", "VESTIGINGSCODE", "TOTAAL") + _row(2, "12AB", "00", digits)
    path = tmp_path / "leerlingen-2024.xlsx"
    path.write_bytes(_sheet(rows))
    result = _import(path)
    assert [(p.row, p.column) for p in result.errors] == [(2, "TOTAAL")]


def test_a_line_of_ten_megabytes_and_a_quote_never_closed(tmp_path, school):
    long_line = files.write(tmp_path / "lang-2024.csv", [HEADER, "12AB;00;" + "9" * 10_000_000])
    result = _import(long_line)
    assert [(p.row, p.column) for p in result.errors] == [(2, "")] and "langer dan 1 MB" in _messages(result)
    unclosed = files.write(tmp_path / "quote-2024.csv", [HEADER, '12AB;00;"120', *(["12AB;01;5"] * 50_000)])
    result = _import(unclosed)
    assert [p.row for p in result.errors] == [2] and "aanhalingsteken" in _messages(result)


def test_a_cell_past_the_csv_limit(tmp_path, school):
    path = files.write(tmp_path / "cel-2024.csv", [HEADER, "12AB;00;5", "12AB;01;" + "x" * 200_000])
    result = _import(path)
    assert [p.row for p in result.errors] == [3] and "langer dan" in _messages(result)


def test_a_hundred_thousand_columns(tmp_path, school):
    path = files.write(tmp_path / "breed-2024.csv", [HEADER + ";X" * 100_000, "12AB;00;5"])
    assert "te veel kolommen" in _messages(_import(path))


def test_formulas_are_never_kept_as_formulas(tmp_path, school):
    path = files.write(tmp_path / "leerlingen-2024.csv", [HEADER, '12AB;00;"=HYPERLINK(""http://x"",""klik"")"'])
    assert [(p.row, p.column) for p in _import(path).errors] == [(2, "TOTAAL")]
    areas = files.write(
        tmp_path / "kwb-2023.csv",
        [files.AREA_HEADER, 'WK054601;054601;"=HYPERLINK(""http://x"",""Binnenstad"")";Leiden;Wijk;10234;800;11,0;.;1'],
    )
    result = import_file(areas, municipality="GM0546")
    assert not result.errors, result.errors
    assert not AreaFigure.objects.get().name.startswith("=")
    assert [(p.row, p.column) for p in result.notices] == [(2, "regio")]


def test_negative_and_absurd_numbers(tmp_path, school):
    path = files.write(tmp_path / "leerlingen-2024.csv", [HEADER, "12AB;00;-5", "12AB;00;999999999"])
    assert [(p.row, p.column) for p in _import(path).errors] == [(2, "TOTAAL"), (3, "TOTAAL")]


def test_postcodes_that_are_none(tmp_path, school):
    path = files.pupils_by_postcode(
        tmp_path / "postcode-2024-2025.csv",
        [("12AB00", "0000", "5"), ("12AB00", "ABCD", "5"), ("12AB00", "2312AB", "6"), ("12AB00", "23120", "7")],
    )
    result = _import(path)
    assert not result.errors, result.errors
    assert [(p.row, p.column) for p in result.notices if p.row] == [
        (2, "POSTCODE_LEERLING"),
        (3, "POSTCODE_LEERLING"),
        (5, "POSTCODE_LEERLING"),
    ]
    assert PupilsByPostcode.objects.get().postcode4 == "2312"


def test_a_duplicated_row_is_not_counted_twice(tmp_path, school):
    path = files.pupils(
        tmp_path / "leerlingen-2024-2025.csv",
        [("12AB00", "De Regenboog", ["8"] * 9, "72"), ("12AB00", "De Regenboog", ["8"] * 9, "72")],
    )
    result = _import(path)
    assert [(p.row, p.column) for p in result.errors] == [(3, "")] and "rij 2" in _messages(result)
    assert not DataRelease.objects.exists()


def test_the_same_school_twice_in_a_postcode_release(tmp_path, school):
    path = files.pupils_by_postcode(tmp_path / "pc-2024-2025.csv", [("12AB00", "2311", "41"), ("12AB00", "2311", "9")])
    result = _import(path)
    assert [(p.row, p.column) for p in result.errors] == [(3, "POSTCODE_LEERLING")]
    assert not PupilsByPostcode.objects.exists()


HOSTILE_UPLOADS = {
    "leeg.csv": b"\r\n\r\n",
    "foto.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10,
    "utf16.csv": b"\xff\xfe" + "a;b\r\n1;2\r\n".encode("utf-16-le"),
    "bom.xlsx": b"PK\x03\x04" + b"\x00" * 200,
    "quote.csv": (HEADER + '\r\n12AB;00;"5\r\n').encode(),
    "nul.csv": (HEADER + "\r\n12AB;00;\x00\x00\r\n").encode(),
}


def test_an_empty_upload_is_refused_by_the_form(coordinator_client):
    response = coordinator_client.post(URL, {"file": SimpleUploadedFile("leeg.csv", b""), "municipality": "Leiden"})
    assert response.status_code == 400 and "leeg" in response.content.decode()
    assert 'value="Leiden"' in response.content.decode()


@pytest.mark.parametrize("name", HOSTILE_UPLOADS)
def test_hostile_uploads_through_the_page(coordinator_client, school, name):
    upload = SimpleUploadedFile(name, HOSTILE_UPLOADS[name])
    check_url = coordinator_client.post(URL, {"file": upload, "reference_date": "2024-10-01"}).url
    page = coordinator_client.get(check_url)
    assert page.status_code == 200 and 'value="import"' not in page.content.decode()
    response = coordinator_client.post(check_url, {"action": "import"})
    assert response.status_code == 400 and not DataRelease.objects.exists()
    assert StagedUpload.objects.exists()


@pytest.mark.parametrize("name", HOSTILE_UPLOADS)
def test_hostile_files_through_the_command(tmp_path, school, name):
    path = tmp_path / name
    path.write_bytes(HOSTILE_UPLOADS[name])
    with pytest.raises(CommandError, match="Er is niets geïmporteerd"):
        call_command("import_school_data", str(path), "--reference-date", "2024-10-01")
    assert not DataRelease.objects.exists()


@pytest.mark.parametrize(
    ("header", "named"),
    [
        (
            "PEILDATUM_LEERLINGEN;PRIKDATUM;INSTELLINGSCODE;VESTIGINGSCODE;INSTELLINGSNAAM_VESTIGING;VMBO_GT;"
            "VMBO_GT_HAVO;HAVO;HAVO_VWO;VWO;ADVIES_NIET_MOGELIJK;TOTAAL_ADVIES",
            "schooladviezen",
        ),
        ("INSTELLINGSCODE;VESTIGINGSCODE;REKENEN_LAGER1F;REKENEN_1F;REKENEN_1S;LV_2F", "referentieniveaus"),
        ("PROVINCIE;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM;STRAATNAAM;POSTCODE;INTERNETADRES", "adressen"),
        ('{"type": "FeatureCollection", "features": []}', "GeoJSON"),
    ],
)
def test_a_file_of_another_kind_is_named(tmp_path, school, header, named):
    path = files.write(tmp_path / "bestand-2024.csv", [header, "12AB;00;1;2;3;4;5;6;7;8;9;10"])
    message = _messages(_import(path))
    assert "Dit lijkt" in message and named in message


def test_reading_stops_after_a_thousand_problems(tmp_path, school):
    rows = [f"12AB;00;{number}x" for number in range(5000)]
    result = _import(files.write(tmp_path / "leerlingen-2024.csv", [HEADER, *rows]))
    assert result.error_count == 1001 and "gestopt bij rij 1002" in result.errors[-1].message
