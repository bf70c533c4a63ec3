"""Reading spreadsheets people send: CSV in any of the usual encodings and delimiters, or the first sheet of an
XLSX workbook, as numbered rows of text cells.

Shared by the attendance lists and the data imports. Every problem names its row (as a spreadsheet numbers it)
and column; problems that make the data wrong block, the rest are notices. Nothing here evaluates a formula.
"""

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import openpyxl
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.utils.cell import range_boundaries
from openpyxl.xml.functions import iterparse

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# An .xlsx is a zip archive: this bounds what a small file may unpack to, in all and per part. Spreadsheets pack
# about 5 to 20 times; a part packed far tighter than any real sheet is a zip bomb.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PACKING_RATIO = 100
# Spreadsheets often carry formatting far below the data; reading stops after this many empty rows in a row.
BLANK_RUN_LIMIT = 1000
# Columns read from a sheet: a sheet may declare all 16,384, and openpyxl would fill every row up to them.
MAX_COLUMNS = 50
# Cells (fields) one row may hold at all: readers build a row whole before MAX_COLUMNS can cut it, so a row of
# millions of cells is refused while streaming, before it is built.
MAX_ROW_CELLS = 1000
# A cell or the end of a row in a sheet's XML (the elements may carry a namespace prefix).
SHEET_XML_MARK = re.compile(rb"<(?:\w+:)?c[\s>/]|</(?:\w+:)?row>")
# Cells merged over more rows than this are read down this far only, and sheets with merges over more rows than
# MAX_MERGED_ROWS have the rest read as they are (each merge's top cell only).
MERGED_ROWS = 1000
MAX_MERGED_ROWS = 20_000

Table = Iterable[tuple[int, list[str]]]


@dataclass
class Problem:
    row: int | None  # None: about the whole file
    column: str
    message: str
    blocking: bool


@dataclass
class ProblemGroup:
    """The same problem in the same column on several rows, e.g. an unknown sector spelled alike everywhere."""

    rows: str  # "2–4, 9"; empty for the file as a whole
    column: str
    message: str


def row_ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] as "2–4, 7"."""
    ranges: list[list[int]] = []
    for number in numbers:
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in ranges)


def grouped(problems: list[Problem]) -> list[ProblemGroup]:
    """Problems by column and message, in the order their first row comes, so a thousand rows with one
    misspelling take one line while every row is still named."""
    groups: dict[tuple, list] = {}
    for problem in problems:
        groups.setdefault((problem.column, problem.message), []).append(problem.row)
    ordered = sorted(groups.items(), key=lambda item: (item[1][0] is not None, item[1][0] or 0))
    return [
        ProblemGroup(row_ranges([row for row in rows if row is not None]), column, message)
        for (column, message), rows in ordered
    ]


@dataclass
class Problems:
    """What went wrong while reading, blocking (errors) or not (notices)."""

    problems: list[Problem] = field(default_factory=list)
    error_count: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.blocking]

    @property
    def notices(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.blocking]

    @property
    def grouped_errors(self) -> list[ProblemGroup]:
        return grouped(self.errors)

    @property
    def grouped_notices(self) -> list[ProblemGroup]:
        return grouped(self.notices)

    def fail(self, message: str, row: int | None = None, column: str = "") -> "Problems":
        self.problems.append(Problem(row, column, message, blocking=True))
        self.error_count += 1
        return self

    def note(self, message: str, row: int | None = None, column: str = "") -> None:
        self.problems.append(Problem(row, column, message, blocking=False))


@dataclass
class Upload:
    """An uploaded file recognised by its content: the text of a CSV, or the bytes of a workbook."""

    text: str | None = None
    workbook: bytes | None = None


def recognise(uploaded: UploadedFile, problems: Problems, max_bytes: int = MAX_UPLOAD_BYTES) -> Upload | None:
    """Read an uploaded file after checking its size (before reading it), and tell a workbook from text by its
    first bytes rather than its name. None, with the reason in problems, when it is neither."""
    if (uploaded.size or 0) > max_bytes:
        problems.fail(
            _("The file is larger than %(size)s MB. Split it, or leave out columns that are not needed.")
            % {"size": number_format(max_bytes // (1024 * 1024), force_grouping=True)}
        )
        return None
    raw = uploaded.read()
    name = (uploaded.name or "").lower()
    if raw.startswith(b"PK\x03\x04"):
        return Upload(workbook=raw)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        problems.fail(_("This is an old Excel file (.xls). Save it as .xlsx or as CSV and upload it again."))
        return None
    if name.endswith((".xlsx", ".xlsm")):
        problems.fail(
            _(
                "This file is not an Excel workbook, although its name ends in .xlsx. "
                "Save it from your spreadsheet program as .xlsx or CSV."
            )
        )
        return None
    text = decode(raw)
    if "\x00" in text:
        problems.fail(_("This does not look like a table: it is neither text (CSV) nor an Excel workbook."))
        return None
    return Upload(text=text)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or else Windows-1252 line by line.

    Line by line, because lists pasted together from several sources mix the two; a byte that
    Windows-1252 does not define becomes U+FFFD, which the row checks report.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = []
    for line in raw.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
    return "\n".join(lines)


def sniff_delimiter(text: str) -> str:
    """Tab, semicolon or comma: whichever splits the first lines into the most columns, most consistently."""
    sample = "\n".join([line for line in text[:65536].splitlines() if line.strip()][:50])
    best, best_score = ";", (0.0, 1)
    for delimiter in ("\t", ";", ","):
        counts = [len(row) for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if row]
        if not counts:
            continue
        columns, times = Counter(counts).most_common(1)[0]
        score = (round(times / len(counts), 1), columns)
        if columns > 1 and score > best_score:
            best, best_score = delimiter, score
    return best


def too_wide(cells: int, problems: Problems, row: int | None = None) -> None:
    problems.fail(
        _(
            "A row holds more than %(count)s cells. Copy the columns you need into a new sheet, "
            "or save the list as CSV with only those columns."
        )
        % {"count": number_format(MAX_ROW_CELLS, force_grouping=True)},
        row,
    )


def text_rows(text: str, delimiter: str, problems: Problems) -> Iterator[tuple[int, list[str]]]:
    """Numbered rows of CSV text; a row the csv module cannot read ends the table with a problem. A line with
    more than MAX_ROW_CELLS delimiters is refused before any row is built."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.count(delimiter) >= MAX_ROW_CELLS:
            too_wide(MAX_ROW_CELLS, problems, number)
            return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, 1)
    except csv.Error as error:
        problems.fail(_("Row %(row)s could not be read (%(reason)s).") % {"row": reader.line_num, "reason": error})


def workbook_rows(raw: bytes, problems: Problems) -> Iterator[tuple[int, list[str]]]:
    """Numbered rows of the first sheet. Formulas are never evaluated: a formula cell gives the value Excel saved."""
    not_a_workbook = _(
        "This file could not be opened as an Excel workbook. Save it from your spreadsheet program as .xlsx or CSV."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        problems.fail(not_a_workbook)
        return
    packed_tight = any(
        part.file_size > 1024 * 1024 and part.file_size > MAX_PACKING_RATIO * max(part.compress_size, 1)
        for part in parts
    )
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        problems.fail(
            _(
                "This workbook holds more than %(size)s MB once unpacked. Save it as CSV, or leave out "
                "sheets and columns that are not needed."
            )
            % {"size": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
        return
    if packed_tight:
        problems.fail(
            _("This workbook is packed far tighter than a spreadsheet can be; it was not read. Save it as CSV.")
        )
        return
    # openpyxl raises many kinds of errors on damaged or foreign archives; to the reader they are all one.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            if not narrow_enough(workbook, sheet, problems):
                return
            # A read-only sheet names its part of the archive only privately; without it, merges are not read down.
            merged = _merged_down(raw, getattr(sheet, "_worksheet_path", ""))
            tops: dict[tuple[int, int, int], list[str]] = {}
            # The size a sheet declares is not to be trusted: rows are read as they come, at most MAX_COLUMNS wide.
            sheet.reset_dimensions()
            for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
                cells = [cell_text(value) for value in values]
                for first_row, first_column, last_column in merged.get(number, ()):
                    cells += [""] * (last_column - len(cells))
                    if first_row == number:
                        tops[first_row, first_column, last_column] = cells[first_column - 1 : last_column]
                    else:
                        cells[first_column - 1 : last_column] = tops.get((first_row, first_column, last_column), [])
                yield number, cells
        finally:
            workbook.close()
    except Exception:
        problems.fail(not_a_workbook)


def narrow_enough(workbook: openpyxl.Workbook, sheet: object, problems: Problems) -> bool:
    """Whether every row of the sheet holds at most MAX_ROW_CELLS cells, counted in its XML as it streams by,
    so a row of millions of cells is refused after its first thousand. False with the problem noted."""
    cells = row = 0
    with workbook._archive.open(sheet._worksheet_path) as xml:  # type: ignore[attr-defined]  # read-only internals
        tail = b""
        while chunk := xml.read(1024 * 1024):
            data = tail + chunk
            # Marks hold one "<" each: from the last "<" on, a mark may be cut off; it is read in the next round.
            cut = data.rfind(b"<") if b"<" in data else len(data)
            for mark in SHEET_XML_MARK.finditer(data, 0, cut):
                if mark.group().startswith(b"</"):
                    row, cells = row + 1, 0
                else:
                    cells += 1
                    if cells > MAX_ROW_CELLS:
                        too_wide(MAX_ROW_CELLS, problems, row + 1)
                        return False
            tail = data[cut:]
    return True


def _merged_down(raw: bytes, path: str) -> dict[int, list[tuple[int, int, int]]]:
    """Cells merged over several rows (a sector written once beside the three schools it is for): row number →
    (first row, first column, last column) of each merge it lies in, so its rows read the value each. Merges
    within one row (a title, a group header over its columns) stay as they are: one value, empty cells beside."""
    by_row: dict[int, list[tuple[int, int, int]]] = {}
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        if path.lstrip("/") not in archive.namelist():
            return by_row
        # openpyxl's parser, defusedxml's as openpyxl reads the sheet itself with it.
        with archive.open(path.lstrip("/")) as xml:
            for _event, element in iterparse(xml):
                if element.tag.endswith("}mergeCell"):
                    first_column, first_row, last_column, last_row = range_boundaries(element.get("ref", "A1"))
                    if not first_column or not first_row or not last_row or last_row <= first_row:
                        continue
                    last_column = min(last_column or first_column, MAX_COLUMNS)
                    for number in range(first_row, min(last_row or first_row, first_row + MERGED_ROWS) + 1):
                        by_row.setdefault(number, []).append((first_row, first_column, last_column))
                    if len(by_row) > MAX_MERGED_ROWS:
                        break
                elif element.tag.endswith("}row"):
                    element.clear()  # the cells themselves are read by openpyxl
    return by_row


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time.min:
        return value.date().isoformat()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def filled_rows(table: Table, problems: Problems, read_row_limit: int) -> Iterator[tuple[int, list[str]]]:
    """The rows that hold something. Stops at a long run of empty rows (noted), and refuses a sheet that goes on
    past read_row_limit rows, empty ones included: a sheet with a cell every few hundred rows never ends a blank
    run, and each empty row in between is handed over."""
    blank_run = 0
    for number, cells in table:
        if number > read_row_limit:
            problems.fail(
                _(
                    "The sheet goes on past row %(count)s, empty rows included. Copy the data into a new "
                    "sheet or save it as CSV, and split it if it is that long."
                )
                % {"count": number_format(read_row_limit, force_grouping=True)}
            )
            return
        if not any(cell.strip() for cell in cells):
            blank_run += 1
            if blank_run >= BLANK_RUN_LIMIT:
                problems.note(
                    _("Reading stopped after %(count)s empty rows in a row; anything below row %(row)s was not read.")
                    % {"count": BLANK_RUN_LIMIT, "row": number}
                )
                return
            continue
        blank_run = 0
        yield number, cells
