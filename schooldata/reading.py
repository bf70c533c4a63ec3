"""Reading DUO's and CBS's open data files as published: which file it is (by its headers), and the cells.

DUO's files are Windows-1252 with semicolons and capitalised headers; older years name a location by BRIN_NUMMER
and VESTIGINGSNUMMER, newer ones by INSTELLINGSCODE and VESTIGINGSCODE. Small numbers are suppressed as "<5".
CBS writes "." for a figure it does not have and "x" for one it keeps secret; both are missing, not errors.
National files are long (CBS's postcode file has millions of rows), so a file is read line by line, never whole.

Headers as published (test_real_formats.py builds each file): DUO's po files by age (LEEFTIJD_4 … or L3_MIN, L4 …,
since 2023 without TOTAAL and with LEEFTIJD_JONGER/_OUDER), its po file by pupil's postcode (03 totaaloverzicht:
PEILDATUM;GEMEENTENUMMER;…;POSTCODE_LEERLING;…;BRIN_NUMMER;VESTIGINGSNUMMER;…;L3_MIN;L4;…;L25_PLUS;TOTAAL), its vo
files with spaces in their headers ("BRIN NUMMER", "POSTCODE LEERLING", "LEER- OF VERBLIJFSJAAR 1 - MAN"), the
inspectorate's school weighting (OVT "12AB|C1", schoolweging, spreiding), CBS's key figures as csv/xlsx
(gwb_code_10, regio, a_inw, a_00_14), as StatLine download ("Regioaanduiding/Codering (code)", "Bevolking/Aantal
inwoners (aantal)") and as OData (Codering_3, AantalInwoners_5, k_0Tot15Jaar_8), and CBS's pc6hnr file
(PC6;Huisnummer;Buurt2022;Wijk2022;Gemeente2022, until 2019 Gem2019).
"""

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.tabular import MAX_ROW_CELLS, Problems, sniff_delimiter, workbook_rows
from schooldata.models import ReleaseKind

# The columns that may hold a location's pupils by age or year group, as DUO has named them over the years.
GROUP_COLUMN = re.compile(
    r"^(LEEFTIJD_(\d+(_JAAR)?|JONGER\w*|OUDER\w*)|L\d+|L3_MIN|L25_PLUS|(LEERJAAR|LEER_OF_VERBLIJFSJAAR)_\d+(_MAN|_VROUW)?"
    r"|GROEP_\d+|JAAR_\d+)$"
)
TOTAL_COLUMNS = ("TOTAAL", "TOTAAL_AANTAL_LEERLINGEN", "AANTAL_LEERLINGEN", "TOTAAL_LEERLINGEN")
DATE_COLUMNS = ("PEILDATUM_LEERLINGEN", "PEILDATUM")
# CBS's key figures: the code, name, inhabitants and children columns under the names of the csv, the
# StatLine download and the wijk- en buurtkaart.
AREA_CODE_COLUMNS = (
    "GWB_CODE_10",
    "GWB_CODE",
    "CODERING_3",
    "CODERING",
    "REGIOAANDUIDING_CODERING_CODE",
    "WK_CODE",
    "BU_CODE",
    "REGIOCODE",
)
AREA_NAME_COLUMNS = ("REGIO", "REGIOAANDUIDING", "WIJKEN_EN_BUURTEN", "WK_NAAM", "BU_NAAM", "GWB_NAAM")
INHABITANTS_COLUMNS = ("A_INW", "AANT_INW", "AANTALINWONERS_5", "AANTAL_INWONERS", "BEVOLKING_AANTAL_INWONERS_AANTAL")
CHILDREN_COLUMNS = (
    "A_00_14",
    "AANT_0_14",
    "K_0TOT15JAAR_8",
    "A_0_14",
    "BEVOLKING_LEEFTIJDSGROEPEN_0_TOT_15_JAAR_AANTAL",
)
# Identity and text columns of the CBS file that are not figures.
AREA_TEXT_COLUMNS = {
    "GWB_CODE_8",
    "GM_NAAM",
    "GM_CODE",
    "RECS",
    "IND_WBI",
    "WK_NAAM",
    "BU_NAAM",
    "POSTCODE",
    "ID",
    "WIJKENENBUURTEN",
    "GEMEENTENAAM_1",
    "SOORTREGIO_2",
    "REGIOAANDUIDING_GEMEENTENAAM_NAAM",
    "REGIOAANDUIDING_SOORT_REGIO_OMSCHRIJVING",
}
MISSING = {"", ".", "x", "X", "-", "?"}
MISSING_NUMBERS = {"-99999999", "-99999997", "-99999995"}  # the wijk- en buurtkaart's codes for "no figure"
WIJK_COLUMN = re.compile(r"WIJK(CODE|_CODE)?(\d{4})?")
BUURT_COLUMN = re.compile(r"BUURT(CODE|_CODE)?(\d{4})?")
GEMEENTE_COLUMN = re.compile(r"GEM(EENTE)?(CODE|_CODE)?(\d{4})?")  # Gemeente2022, and Gem2019 until 2019
PC4 = re.compile(r"^[1-9][0-9]{3}$")
# A postcode in a four-digit column: the four digits, or a whole postcode whose four digits are taken.
POSTCODE_CELL = re.compile(r"^([0-9]{4})(?: ?[A-Za-z]{2})?$")
# No row of DUO's or CBS's files is longer than a few kilobytes: a longer line is not read, let alone held.
MAX_LINE_BYTES = 1024 * 1024
# Workbooks here are the inspectorate's and CBS's sheets of thousands of rows; DUO's long files are CSV.
MAX_WORKBOOK_ROWS = 100_000
# openpyxl reads some 100,000 cells a second: past this many a sheet would hold the worker too long. CBS's key
# figures as .xlsx go past it; their CSV is read instead.
MAX_WORKBOOK_CELLS = 250_000
# Before a row is read, the sheet's XML is gone through whole (its width, its merged cells): a sheet of 8 MB read
# up to MAX_WORKBOOK_CELLS takes about 4 seconds of CPU. The inspectorate's sheets unpack to a few MB.
MAX_WORKBOOK_BYTES = 8 * 1024 * 1024
# Bytes no text file holds (tab, line ends, form feed and escape aside): a handful in a file's start is a binary.
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
BINARY_LIMIT = 8


def header_key(text: str) -> str:
    """A header as compared: capitals, and any run of other characters as one underscore ("Postcode leerling"
    and "POSTCODE_LEERLING" are one column)."""
    return re.sub(r"[^A-Z0-9]+", "_", text.strip().upper()).strip("_")


@dataclass
class Format:
    """A recognised file: its kind and where its columns are (by header key)."""

    kind: str
    label: str
    columns: dict[str, int]  # header key -> position
    headers: list[str]  # as the file writes them
    groups: list[str] = field(default_factory=list)  # header keys of age or year-group columns
    date_read: bool = False  # the reference date is read from the first data row only

    def has(self, *keys: str) -> str | None:
        """The first of the keys the file has."""
        return next((key for key in keys if key in self.columns), None)


# Other files of DUO and CBS, by a column only they have: what a coordinator may upload by mistake.
LOOKALIKES = (
    (("VMBO_GT_HAVO", "HAVO_VWO", "TOTAAL_ADVIES"), gettext_noop("DUO's file of school advice per location")),
    (("REKENEN_1F", "REKENEN_1S", "LV_2F"), gettext_noop("DUO's file of reference levels per location")),
    (
        ("IEP_AANTAL", "ROUTE8_AANTAL", "CET_AANTAL", "AMN_AANTAL"),
        gettext_noop("DUO's file of test scores per location"),
    ),
    (("EXAMENKANDIDATEN", "GESLAAGDEN", "SLAGINGSPERCENTAGE"), gettext_noop("DUO's file of exam results")),
    (("STRAATNAAM", "INTERNETADRES", "TELEFOONNUMMER"), gettext_noop("DUO's list of school addresses")),
    (("GEWICHT_0", "GEWICHT_0_3", "GEWICHT_1_2"), gettext_noop("DUO's older file of pupils by weight")),
    (("BU_CODE", "WK_CODE", "GM_CODE", "STATCODE"), gettext_noop("CBS's list of wijk or buurt codes, without figures")),
)


def describe(headers: list[str]) -> str | None:
    """What a file that is not recognised looks like, in words for a message; None when it is none we know."""
    keys = {header_key(header) for header in headers}
    if headers and headers[0].lstrip().startswith(("{", "<")):
        return _("a GeoJSON, XML or HTML file, not a table")
    for columns, label in LOOKALIKES:
        if keys.intersection(columns):
            return _(label)
    return None


def _location_columns(columns: dict[str, int]) -> bool:
    return ("INSTELLINGSCODE" in columns or "BRIN_NUMMER" in columns or "OVT" in columns) and (
        "VESTIGINGSCODE" in columns or "VESTIGINGSNUMMER" in columns or "OVT" in columns
    )


def recognise(headers: list[str]) -> Format | None:
    """Which published file the headers are; None when none of them."""
    keys = [header_key(header) for header in headers]
    columns: dict[str, int] = {}
    for position, key in enumerate(keys):
        columns.setdefault(key, position)
    groups = [key for key in columns if GROUP_COLUMN.match(key)]
    if _location_columns(columns):
        if "POSTCODE_LEERLING" in columns:
            return Format(ReleaseKind.PUPILS_BY_POSTCODE, "DUO", columns, headers, groups)
        if "SCHOOLWEGING" in columns:
            return Format(ReleaseKind.SCHOOL_WEIGHTING, "DUO", columns, headers)
        if groups or any(key in columns for key in TOTAL_COLUMNS):
            return Format(ReleaseKind.PUPILS, "DUO", columns, headers, groups)
        return None
    if any(key in columns for key in AREA_CODE_COLUMNS) and any(key in columns for key in INHABITANTS_COLUMNS):
        return Format(ReleaseKind.AREA_FIGURES, "CBS", columns, headers)
    postcode = next((key for key in ("PC6", "PC4", "POSTCODE", "POSTCODE4") if key in columns), None)
    wijk = next((key for key in columns if WIJK_COLUMN.fullmatch(key)), None)
    if postcode and wijk:
        return Format(ReleaseKind.POSTCODE_AREAS, "CBS", columns, headers)
    return None


def _lines(handle: BinaryIO, problems: Problems) -> Iterator[bytes]:
    """The file's lines as bytes, none longer than MAX_LINE_BYTES (a longer one ends the reading with a problem)."""
    number = 0
    while raw := handle.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            problems.fail(_too_long(), number)
            return
        yield raw


def _decoded(handle: BinaryIO, problems: Problems) -> Iterator[str]:
    """The file's lines as text: UTF-8 (a BOM dropped) until a line is not, and from that line on Windows-1252,
    which DUO writes: a published file has one encoding, and its first line that is not UTF-8 shows which."""
    encoding = "utf-8"
    first = True
    for raw in _lines(handle, problems):
        if first:
            raw = raw.removeprefix(codecs.BOM_UTF8)
            first = False
        if encoding == "utf-8":
            try:
                yield raw.decode("utf-8")
                continue
            except UnicodeDecodeError:
                encoding = "cp1252"
        yield raw.decode("cp1252", errors="replace")


def _utf16(handle: BinaryIO, problems: Problems) -> Iterator[str]:
    """Lines of a UTF-16 file with its BOM (Excel's "Unicode text"), none longer than MAX_LINE_BYTES."""
    text = io.TextIOWrapper(handle, encoding="utf-16", errors="replace", newline="")
    number = 0
    while line := text.readline(MAX_LINE_BYTES // 2 + 1):
        number += 1
        if len(line) > MAX_LINE_BYTES // 2:
            problems.fail(_too_long(), number)
            return
        yield line
    text.detach()


def rows(path: Path, problems: Problems) -> Iterator[tuple[int, list[str]]]:
    """Numbered rows of a CSV (streamed) or of the first sheet of an .xlsx; a row with more than MAX_ROW_CELLS
    cells, a line longer than MAX_LINE_BYTES or a quote never closed ends the reading with a problem."""
    with path.open("rb") as handle:
        start = handle.read(4096)
        handle.seek(0)
        if start.startswith(b"PK\x03\x04"):
            yield from _workbook(handle.read(), problems)
            return
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            lines = _utf16(handle, problems)
        elif len(BINARY_BYTES.findall(start)) > BINARY_LIMIT:
            problems.fail(_("This file is not a CSV or Excel table. Download the file again from DUO or CBS."))
            return
        else:
            lines = _decoded(handle, problems)
        sample = [line for _number, line in zip(range(20), lines, strict=False)]
        delimiter = sniff_delimiter("".join(sample))
        reader = csv.reader(_chain(sample, lines), delimiter=delimiter)
        number, line_number = 0, 0
        try:
            for number, cells in enumerate(reader, 1):
                # A published row is one line: a row over several lines, or whose last cell holds a line end (at
                # the end of the file), is a quote opened and not closed.
                if reader.line_num > line_number + 1 or (cells and "\n" in cells[-1]):
                    problems.fail(_unclosed(), number)
                    return
                line_number = reader.line_num
                if len(cells) > MAX_ROW_CELLS:
                    problems.fail(_("This row has too many columns."), number)
                    return
                yield number, cells
        except csv.Error:  # a cell past the csv module's limit: mostly a quote that swallowed the lines after it
            problems.fail(
                _(
                    'A cell here is longer than any of DUO or CBS, or a quote (") opens it and is not closed. '
                    "Nothing was read from this row on."
                ),
                number + 1,
            )


def _too_long() -> str:
    return _("This row is longer than 1 MB. No row of DUO or CBS is: is this the file as published?")


def _unclosed() -> str:
    return _('A quote (") opens a cell here and is not closed. Nothing was read from this row on.')


def _workbook(raw: bytes, problems: Problems) -> Iterator[tuple[int, list[str]]]:
    """Rows of an .xlsx, at most MAX_WORKBOOK_ROWS; an OpenDocument sheet (also a zip) is named as such."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            kind = archive.read("mimetype")[:100] if "mimetype" in archive.namelist() else b""
            unpacked = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, KeyError, OSError):
        kind, unpacked = b"", 0  # workbook_rows says it is no workbook
    if b"opendocument" in kind:
        problems.fail(
            _(
                "This is an OpenDocument sheet (.ods). Open it in your spreadsheet program and save it as .xlsx "
                "or as CSV."
            )
        )
        return
    if unpacked > MAX_WORKBOOK_BYTES:
        problems.fail(
            _(
                "This workbook is larger than %(size)s MB once unpacked: too large to read here. Save it as CSV "
                "(CBS and DUO publish their files as CSV too), or keep only your municipality's rows."
            )
            % {"size": MAX_WORKBOOK_BYTES // (1024 * 1024)}
        )
        return
    read = 0
    for number, cells in workbook_rows(raw, problems):
        read += sum(1 for text in cells if text)  # a row comes padded to MAX_COLUMNS
        if number > MAX_WORKBOOK_ROWS or read > MAX_WORKBOOK_CELLS:
            problems.fail(
                _(
                    "The sheet goes on past row %(count)s, or holds more cells than rimpel reads from a sheet. Save "
                    "it as CSV (CBS and DUO publish their files as CSV too), or keep only your municipality's rows."
                )
                % {"count": number_format(min(number, MAX_WORKBOOK_ROWS), force_grouping=True)},
                number,
            )
            return
        yield number, cells


def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest


@dataclass
class Count:
    """A published count: a number, suppressed ("<5"), or missing."""

    value: int | None
    suppressed: bool = False
    valid: bool = True


def count(text: str) -> Count:
    text = text.strip()
    if text.startswith("<"):
        return Count(None, suppressed=True)
    if text in MISSING:
        return Count(None)
    digits = re.fullmatch(r"([0-9]{1,9})(?:[.,]0+)?", text)  # ASCII digits, and no count above a billion
    if digits:
        return Count(int(digits.group(1)))
    return Count(None, valid=False)


def decimal(text: str) -> Decimal | None:
    """A decimal as DUO or CBS writes it ("31,27", "31.27", "-0,5"); None when missing. ValueError when it is
    none, or longer than any figure of theirs."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if text in MISSING or text in MISSING_NUMBERS:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"-?[0-9]{1,12}(\.[0-9]{1,6})?", text):
        raise ValueError(text)
    return Decimal(text)


def reference_date(text: str) -> dt.date | None:
    """A peildatum as DUO writes it: 20241001, 2024-10-01, 1-10-2024 or 01/10/2024."""
    text = text.strip()
    patterns = (
        (r"(\d{4})(\d{2})(\d{2})", (1, 2, 3)),
        (r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", (1, 2, 3)),
        (r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", (3, 2, 1)),
    )
    for pattern, (year, month, day) in patterns:
        match = re.fullmatch(pattern, text)
        if match:
            try:
                return dt.date(int(match.group(year)), int(match.group(month)), int(match.group(day)))
            except ValueError:
                return None
    return None


def date_from_name(name: str, kind: str, headers: list[str]) -> dt.date | None:
    """The reference date a file's name or headers give: "2024-2025" is 1 October 2024 (DUO counts then),
    "20230801" that day, a lone year 1 October (DUO) or 1 January (CBS, whose figures describe that date)."""
    cbs = kind in (ReleaseKind.AREA_FIGURES, ReleaseKind.POSTCODE_AREAS)
    if match := re.search(r"(20\d{2})\s*[-_/ ]\s*(20\d{2})", name):
        return dt.date(int(match.group(1)), 10, 1)
    if match := re.search(r"(20\d{2})(\d{2})(\d{2})", name):
        return reference_date(match.group(0))
    found = re.search(r"(?<!\d)(20\d{2})(?!\d)", name) or re.search(
        r"(20\d{2})$", next((header_key(h) for h in headers if header_key(h).startswith(("WIJK", "BUURT"))), "")
    )
    if found:
        return dt.date(int(found.group(1)), 1, 1) if cbs else dt.date(int(found.group(1)), 10, 1)
    return None


def cell(cells: list[str], position: int | None) -> str:
    if position is None or position >= len(cells):
        return ""
    return cells[position].strip()


def is_postcode4(text: str) -> bool:
    return bool(PC4.match(text))


def postcode4(text: str) -> str | None:
    """The four-digit postcode a cell gives ("2312" or "2312 AB"); None when it gives none."""
    match = POSTCODE_CELL.match(text.strip())
    return match.group(1) if match and is_postcode4(match.group(1)) else None
