"""Sheets built to hold a worker (issue 20): each is refused while streaming, by its unpacked size or by a row's
cell count, with a clear message, within the 5 seconds the issue asks."""

import io
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attendance.reading import read_upload

pytestmark = pytest.mark.usefixtures("english")
SHEET = "xl/worksheets/sheet1.xml"


def with_sheet(cells, repeat: int = 1) -> bytes:
    """A workbook made by openpyxl whose first sheet is replaced by one row of the given cells' XML, repeated,
    written straight into the zip so that millions of cells take seconds to build, not minutes."""
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    buffer, patched = io.BytesIO(), io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != SHEET:
                target.writestr(item, source.read(item))
                continue
            with target.open(SHEET, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
                )
                block = cells * 100_000 if repeat >= 100_000 else cells
                for _ in range(repeat // 100_000 if repeat >= 100_000 else repeat):
                    sheet.write(block)
                sheet.write(b"</row></sheetData></worksheet>")
    return patched.getvalue()


def timed_upload(content: bytes, name: str):
    began = time.monotonic()
    reading = read_upload(SimpleUploadedFile(name, content))
    assert time.monotonic() - began < 5  # the "Done when"
    return reading


def test_a_small_workbook_with_six_million_cells_in_one_row_is_refused_by_its_unpacked_size():
    # 6 million cells of 40 bytes: 240 MB unpacked from well under a megabyte, as in the probe.
    content = with_sheet(b'<c r="A1" s="0" t="n"><v>12345</v></c>\n', 6_000_000)
    assert len(content) < 1024 * 1024
    reading = timed_upload(content, "lijst.xlsx")
    assert [problem.message for problem in reading.errors] == [
        "This workbook holds more than 100 MB once unpacked. Save it as CSV, or leave out sheets and columns that "
        "are not needed."
    ]


def test_a_row_of_too_many_cells_is_refused_while_streaming():
    # Varied values pack like a real sheet, so the size checks pass and the row count has to stop it.
    cells = b"".join(b"<c><v>%d</v></c>" % number for number in range(200_000))
    reading = timed_upload(with_sheet(cells), "lijst.xlsx")
    assert [problem.message for problem in reading.errors] == [
        "A row holds more than 1,000 cells. Copy the columns you need into a new sheet, or save the list as CSV "
        "with only those columns."
    ]


def test_a_row_of_a_thousand_cells_is_still_read():
    cells = b'<c t="inlineStr"><is><t>jan@example.nl</t></is></c>' + b"<c/>" * 999
    reading = read_upload(SimpleUploadedFile("lijst.xlsx", with_sheet(cells)))
    assert not reading.errors and len(reading.rows) == 1


def test_a_csv_with_a_million_columns_is_refused_before_its_row_is_built():
    reading = timed_upload(b"naam;" + b"x;" * 1_000_000 + b"\njan@example.nl\n", "lijst.csv")
    assert [problem.message for problem in reading.errors] == [
        "A row holds more than 1,000 cells. Copy the columns you need into a new sheet, or save the list as CSV "
        "with only those columns."
    ]


def test_a_zip_bomb_under_the_size_limit_is_refused_by_how_tightly_it_is_packed():
    reading = timed_upload(with_sheet(b" " * 1000, 50_000), "lijst.xlsx")
    assert [problem.message for problem in reading.errors] == [
        "This workbook is packed far tighter than a spreadsheet can be; it was not read. Save it as CSV."
    ]
