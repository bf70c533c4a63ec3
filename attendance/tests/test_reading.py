"""Reading attendance lists as people really send them: Excel's CSV flavours, workbooks, typed lines."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attendance import reading as reading_module
from attendance.reading import read_text, read_upload
from core.pseudonyms import key_for
from core.tabular import MAX_COLUMNS, MAX_UPLOAD_BYTES, row_ranges

pytestmark = pytest.mark.usefixtures("english")


def upload(content: bytes, name: str = "lijst.csv"):
    return read_upload(SimpleUploadedFile(name, content))


def workbook(rows, trailing_empty_rows: int = 0) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for number in range(trailing_empty_rows):
        sheet.cell(row=len(rows) + number + 1, column=1).number_format = "0.00"  # formatted but empty
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def problems(reading):
    return [(problem.row, problem.column, problem.message) for problem in reading.problems]


def test_semicolon_windows_1252_with_dutch_headers_and_accents():
    text = (
        "Naam;E-mailadres;Rol;Sector;Organisatie;Toestemming\r\n"
        "José Müller;jose@school.nl;Leerkracht;Primair onderwijs;Hogeschool Leiden;ja\r\n"
        "Zoë de Vries;zoe@school.nl;docent;vo;;nee\r\n"
    )
    reading = upload(text.encode("cp1252"))
    assert not reading.problems
    jose, zoe = reading.rows
    assert (jose.key, jose.name, jose.role, jose.sector, jose.organisation) == (
        key_for("jose@school.nl"),
        "José Müller",
        "Leerkracht",
        "po",
        "Hogeschool Leiden",
    )
    assert (zoe.name, zoe.sector, zoe.consent) == ("", "vo", False)  # no consent: no name


def test_utf8_with_bom_and_commas():
    text = '\ufeffname,email,role,sector\nAnna,anna@x.nl,teacher,Secondary education\n"Vries, Jan de",,student,mbo\n'
    reading = upload(text.encode("utf-8"))
    assert not reading.problems
    assert [(row.key, row.sector) for row in reading.rows] == [
        (key_for("anna@x.nl"), "vo"),
        (key_for("Vries, Jan de"), "mbo"),
    ]


def test_tab_separated_utf16_as_excel_saves_unicode_text():
    text = "naam\tsector\nŁukasz Kowalski\twelzijn en zorg\nMarie\tWelfare and care\n"
    reading = upload(text.encode("utf-16"), "lijst.txt")
    assert not reading.problems
    assert [row.sector for row in reading.rows] == ["welzijn_zorg", "welzijn_zorg"]


def test_first_and_last_name_columns_make_the_name():
    reading = read_text("Voornaam;Tussenvoegsel;Achternaam\nJan;van;Dijk\n")
    assert reading.rows[0].key == key_for("Jan van Dijk")


def test_typed_lines_without_header():
    reading = read_text("jan@school.nl; leerkracht; po; SCOL\n\nPiet Pieters; ouder\n   \n")
    assert not reading.problems
    assert [(row.key, row.role, row.sector, row.organisation) for row in reading.rows] == [
        (key_for("jan@school.nl"), "leerkracht", "po", "SCOL"),
        (key_for("Piet Pieters"), "ouder", "", ""),
    ]


def test_blank_lines_are_skipped_and_duplicates_counted_once_with_a_note():
    reading = read_text("email;sector\n\nA@x.nl;po\n\n\n a@x.nl ;po\nb@x.nl;vo\n")
    assert len(reading.rows) == 2 and reading.duplicates == 1
    assert problems(reading) == [(6, "email", "The same person as in row 3; counted once.")]
    assert not reading.errors


def test_every_bad_row_is_reported_by_row_and_column():
    reading = read_text("naam;e-mail;sector\nAnna;anna@x.nl;onderwijs\n;;po\nBob;geen-adres;po\nCor;cor@x.nl;\n")
    assert problems(reading) == [
        (
            2,
            "sector",
            "Unknown sector “onderwijs”. Use one of: kinderopvang, voorschool, po, vo, so, mbo, hbo, wo, "
            "gemeente, cultuur, welzijn_zorg, bedrijf, kennisinstelling, overheid, netwerk, fonds, overig.",
        ),
        (3, "naam", "This row has no name or e-mail address."),
        (4, "e-mail", "“geen-adres” is not an e-mail address."),
    ]
    assert [row.number for row in reading.rows] == [5]


def test_unreadable_characters_are_reported_per_row():
    raw = b"naam;sector\nAnna;po\nB\x81rt;po\n" + "Zoë;vo\n".encode("cp1252")
    reading = upload(raw)
    assert problems(reading) == [
        (3, "naam", "Some characters could not be read. Save the file as CSV UTF-8 and upload it again.")
    ]
    assert [row.key for row in reading.rows] == [key_for("Anna"), key_for("Zoë")]


def test_registration_exports_leave_out_who_did_not_come():
    reading = read_text("email;aanwezig\na@x.nl;ja\nb@x.nl;nee\nc@x.nl;\n")
    assert [row.key for row in reading.rows] == [key_for("a@x.nl"), key_for("c@x.nl")]
    assert reading.absent == 1


def test_unknown_consent_keeps_no_name_and_says_so():
    reading = read_text("naam;toestemming\nAnna;misschien\nBob;X\n")
    assert [(row.name, row.consent) for row in reading.rows] == [("", False), ("Bob", True)]
    assert [problem.row for problem in reading.notices] == [2]


def test_header_without_name_or_email_is_refused():
    reading = read_text("rol;sector\ndocent;po\n")
    assert reading.errors and reading.errors[0].row == 1


def test_empty_and_nobody_present():
    assert read_text("\n\n").errors[0].message == "The list is empty."
    assert read_text("email;aanwezig\na@x.nl;nee\n").errors[0].message == "The list names nobody who was present."


def test_xlsx_with_trailing_empty_rows_numbers_and_a_formula():
    raw = workbook(
        [
            ["Naam", "E-mail", "Sector", "Toestemming"],
            ["Anna", "anna@x.nl", "hbo", 1],
            ["Bob", '=HYPERLINK("x")', "po", None],
            [None, None, None, None],
            ["Cor", "cor@x.nl", "PO", True],
        ],
        trailing_empty_rows=3000,
    )
    reading = upload(raw, "lijst.xlsx")
    # The formula was never calculated by a spreadsheet, so it has no value: Bob is known by name.
    assert [(row.number, row.key, row.sector, row.name) for row in reading.rows] == [
        (2, key_for("anna@x.nl"), "hbo", "Anna"),
        (3, key_for("Bob"), "po", ""),
        (5, key_for("cor@x.nl"), "po", "Cor"),
    ]
    assert [problem.message for problem in reading.notices] == [
        "Reading stopped after 1000 empty rows in a row; anything below row 1005 was not read."
    ]


@pytest.mark.parametrize(
    ("content", "name", "says"),
    [
        (b"this is plain text, not a workbook", "lijst.xlsx", "not an Excel workbook"),
        (b"PK\x03\x04 broken zip", "lijst.xlsx", "could not be opened as an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", "lijst.xls", "old Excel file (.xls)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "foto.csv", "neither text (CSV) nor an Excel workbook"),
    ],
)
def test_files_that_are_not_lists_get_a_clear_message(content, name, says):
    reading = upload(content, name)
    assert len(reading.errors) == 1 and says in reading.errors[0].message


def test_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lijst.csv", "naam\nAnna\n")
    reading = upload(buffer.getvalue(), "lijst.xlsx")
    assert "could not be opened as an Excel workbook" in reading.errors[0].message


def test_too_large_files_are_refused_before_reading():
    class Huge:
        name, size = "groot.csv", MAX_UPLOAD_BYTES + 1

        def read(self):
            raise AssertionError("read although too large")

    reading = read_upload(Huge())
    assert "larger than 10 MB" in reading.errors[0].message


def test_fifty_thousand_rows_are_accepted():
    lines = ["email;rol;sector"] + [f"deelnemer-{n}@voorbeeld.invalid;docent;po" for n in range(50_000)]
    reading = upload("\r\n".join(lines).encode())
    assert not reading.problems and len(reading.rows) == 50_000


def test_more_rows_than_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr("attendance.reading.MAX_ROWS", 10)
    reading = read_text("\n".join(f"p{n}@x.nl" for n in range(11)))
    assert "more than 10 rows" in reading.errors[0].message and not reading.rows[10:]


def test_overlong_values_are_cut_with_a_note():
    reading = read_text(f"naam;rol\nAnna;{'r' * 150}\n")
    assert len(reading.rows[0].role) == 100
    assert reading.notices[0].column == "rol"


def test_an_unclosed_quote_runs_to_the_end_without_crashing():
    reading = read_text('naam;rol\n"Anna;docent\nBob;ouder\n')
    assert len(reading.rows) == 1 and not reading.errors


def test_the_same_problem_on_many_rows_is_shown_once_with_every_row_named():
    reading = read_text(
        "email;sector\n" + "".join(f"p{n}@x.nl;onderwijs\n" for n in range(5)) + "q@x.nl;po\n"
        "r@x.nl;onderwijs\ns@x.nl;zorgsector\n"
    )
    assert [(group.rows, group.column, group.message[:26]) for group in reading.grouped_errors] == [
        ("2–6, 8", "sector", "Unknown sector “onderwijs”"),
        ("9", "sector", "Unknown sector “zorgsector"),
    ]


def test_row_ranges():
    assert row_ranges([]) == ""
    assert row_ranges([4]) == "4"
    assert row_ranges([2, 3, 4, 7, 9, 10]) == "2–4, 7, 9–10"


def test_without_header_a_comma_belongs_to_the_name():
    reading = read_text("Vries, Jan de\nJansen, Piet; ouder\n")
    assert [(row.key, row.role) for row in reading.rows] == [
        (key_for("Vries, Jan de"), ""),
        (key_for("Jansen, Piet"), "ouder"),
    ]


# --- Which first row names the columns ----------------------------------------------------------------------------


def test_a_role_that_is_also_a_column_name_does_not_make_a_header():
    reading = read_text(
        "Jan Jansen; deelnemer; po; SCOL\nPiet Pieters; deelnemer; vo; SCOL\nKlaas Vaak; spreker; po; PROO\n"
    )
    assert not reading.problems
    assert [(row.key, row.role, row.sector, row.organisation) for row in reading.rows] == [
        (key_for("Jan Jansen"), "deelnemer", "po", "SCOL"),
        (key_for("Piet Pieters"), "deelnemer", "vo", "SCOL"),
        (key_for("Klaas Vaak"), "spreker", "po", "PROO"),
    ]


def test_a_row_with_an_email_address_is_never_a_header():
    reading = read_text(
        "jan@school.nl; participant; po\npiet@school.nl; participant; vo\nklaas@school.nl; participant; mbo\n"
    )
    assert not reading.problems
    assert [(row.key, row.role) for row in reading.rows] == [
        (key_for("jan@school.nl"), "participant"),
        (key_for("piet@school.nl"), "participant"),
        (key_for("klaas@school.nl"), "participant"),
    ]


def test_the_same_name_on_most_rows_is_refused():
    reading = read_text("spreker; Jan Jansen\nspreker; Piet Pieters\nspreker; Klaas Vaak\n")
    assert [(problem.row, problem.message[:40]) for problem in reading.errors] == [
        (None, "“spreker” is the name on 3 of 3 rows: th")
    ]


def test_a_header_taken_from_a_person_is_refused_when_its_words_come_back_below():
    reading = read_text("Jan Jansen; deelnemer; po; school\nPiet Pieters; deelnemer; vo; school\n")
    assert [(problem.row, problem.column) for problem in reading.errors] == [(2, "deelnemer"), (2, "school")]
    assert reading.errors[0].message.startswith("“deelnemer” also names this column in row 1.")


def test_a_first_row_that_may_be_either_is_refused():
    reading = read_text("Jan; deelnemer; po; school; ja\nPiet; spreker; vo; SCOL; nee\n")
    assert len(reading.errors) == 1 and reading.errors[0].row == 1
    assert "(deelnemer, school)" in reading.errors[0].message


def test_an_export_with_many_other_columns_is_read_by_its_email_column():
    reading = read_text(
        "Order #,Order Date,First Name,Last Name,Email,Ticket Type\n"
        "1,2025-01-01,Jan,Jansen,jan@x.nl,Vrij\n2,2025-01-01,Piet,Pieters,piet@x.nl,Vrij\n"
    )
    assert not reading.errors
    assert [row.key for row in reading.rows] == [key_for("jan@x.nl"), key_for("piet@x.nl")]


# --- Sheets that declare more than they hold ----------------------------------------------------------------------


def sparse_workbook(last_row: int, every: int, dimension: str) -> bytes:
    """A cell every so many rows, in a sheet whose declared size is patched to `dimension`."""
    book = openpyxl.Workbook()
    for number in range(1, last_row + 1, every):
        book.active.cell(row=number, column=1, value=f"p{number}@x.nl")
    buffer, patched = io.BytesIO(), io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), data)
            target.writestr(item, data)
    return patched.getvalue()


def test_a_sheet_is_read_no_wider_than_a_list_whatever_it_declares(monkeypatch):
    widths = []
    real = reading_module.interpret
    monkeypatch.setattr(
        reading_module,
        "interpret",
        lambda table, reading: real(((number, widths.append(len(cells)) or cells) for number, cells in table), reading),
    )
    reading = upload(sparse_workbook(3, 1, "A1:ZZ3"), "lijst.xlsx")
    assert len(reading.rows) == 3 and max(widths) <= MAX_COLUMNS


def test_a_sparse_sheet_that_never_ends_a_blank_run_is_refused(monkeypatch):
    monkeypatch.setattr(reading_module, "READ_ROW_LIMIT", 5000)
    # A cell every 999 rows never makes 1,000 empty rows in a row; the declared width made every row 702 cells.
    reading = upload(sparse_workbook(7000, 999, "A1:ZZ1048576"), "lijst.xlsx")
    assert [problem.message for problem in reading.errors] == [
        "The sheet goes on past row 5,000, empty rows included. Copy the data into a new sheet or save it as CSV, and "
        "split it if it is that long."
    ]
