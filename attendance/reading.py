"""Reading an attendance list from an uploaded file (CSV or XLSX) or pasted text into checked rows.

Every problem names its row (as a spreadsheet numbers it) and column. Problems that would make the
figures wrong block saving; the rest are notices. Only pseudonym keys and consented names leave here.
"""

import csv
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.columns import ColumnNames
from core.models import Sector
from core.pseudonyms import is_email, key_for, normalise_name
from core.tabular import (
    BLANK_RUN_LIMIT,
    Problems,
    Table,
    filled_rows,
    recognise,
    sniff_delimiter,
    text_rows,
    workbook_rows,
)
from core.text import normalise_key

MAX_ROWS = 100_000
# Every row read counts, empty or not (see core.tabular.filled_rows).
READ_ROW_LIMIT = MAX_ROWS + 10 * BLANK_RUN_LIMIT
MAX_IDENTIFIER = 320
NAME_MAX, ROLE_MAX, ORGANISATION_MAX = 150, 100, 200

HEADERS = {
    "name": {"naam", "name", "volledigenaam", "fullname", "deelnemer", "participant"},
    "first_name": {"voornaam", "roepnaam", "firstname", "givenname"},
    "infix": {"tussenvoegsel", "tussenvoegsels", "infix"},
    "last_name": {"achternaam", "familienaam", "lastname", "surname", "familyname"},
    "email": {"email", "emailadres", "emailaddress", "mail", "mailadres"},
    "role": {"rol", "role", "functie", "function"},
    "sector": {"sector"},
    "organisation": {"organisatie", "organisation", "organization", "instelling", "school"},
    "consent": {"toestemming", "consent"},
    # Registration exports mark who did not show up; those rows are not attendance.
    "present": {"aanwezig", "present", "attended"},
}
COLUMNS = ColumnNames(HEADERS)
NAME_PARTS = ("first_name", "infix", "last_name")
# Without a header row: "name or e-mail; role; sector; organisation; consent".
POSITIONS = ["identifier", "role", "sector", "organisation", "consent"]
YES = {"ja", "j", "yes", "y", "1", "x", "true", "waar", "akkoord"}
NO = {"nee", "n", "no", "0", "false", "onwaar"}


@dataclass
class Row:
    number: int
    key: str
    consent: bool | None  # None: the list says nothing about consent
    name: str  # only when consent is given
    role: str
    sector: str
    organisation: str


@dataclass
class Reading(Problems):
    rows: list[Row] = field(default_factory=list)
    duplicates: int = 0
    absent: int = 0


def read_upload(uploaded: UploadedFile) -> Reading:
    """Read an uploaded file, recognised by its content rather than its name."""
    reading = Reading()
    upload = recognise(uploaded, reading)
    if upload is None:
        return reading
    if upload.workbook is not None:
        interpret(workbook_rows(upload.workbook, reading), reading)
        return reading
    return read_text(upload.text or "")


def read_text(text: str) -> Reading:
    """Read CSV text, or lines typed as "name or e-mail; role; sector; organisation"."""
    delimiter = sniff_delimiter(text)
    if delimiter == "," and not starts_with_header(text):
        # Without a header, a comma is more likely "Vries, Jan de" than a column break.
        delimiter = ";"
    reading = Reading()
    interpret(text_rows(text, delimiter, reading), reading)
    return reading


def starts_with_header(text: str) -> bool:
    first = next((line for line in text[:65536].splitlines() if line.strip()), "")
    return any(header_name(cell) for cell in next(csv.reader([first]), []))


def header_name(cell: str) -> str | None:
    return COLUMNS.field(cell)


def is_header(cells: list[str]) -> bool:
    """Whether a first row names the columns. Some column names are also roles or values ("deelnemer",
    "participant", "school"), so one of them among a person's details does not make a header: at least half of
    the filled cells must be column names, and no cell an e-mail address."""
    filled = [cell for cell in cells if cell.strip()]
    if not filled or any(is_email(cell) for cell in filled):
        return False
    return 2 * sum(header_name(cell) is not None for cell in filled) >= len(filled)


def sector_codes() -> dict[str, str]:
    """Sector by its code or its label in Dutch or English, folded."""
    lookup = {}
    for code, label in Sector.choices:
        lookup[normalise_key(code)] = code
        for language in ("nl", "en"):
            with translation.override(language):
                lookup[normalise_key(str(label))] = code
    return lookup


@dataclass
class Columns:
    """Where each field sits in a row, and the column names to use in messages."""

    index: dict[str, int]
    labels: dict[str, str]

    def cell(self, cells: list[str], name: str) -> str:
        position = self.index.get(name)
        return cells[position].strip() if position is not None and position < len(cells) else ""

    def name(self, cells: list[str]) -> str:
        if "name" in self.index:
            return self.cell(cells, "name")
        return " ".join(part for part in (self.cell(cells, name) for name in NAME_PARTS) if part)

    def identifier(self, cells: list[str]) -> tuple[str, str]:
        """(column, text) of what identifies the row's person: the e-mail address where there is one, else the name."""
        if "identifier" in self.index:
            return self.label("identifier"), self.cell(cells, "identifier")
        email = self.cell(cells, "email")
        if is_email(email):
            return self.label("email"), email
        return self.label("name", "last_name", "first_name"), self.name(cells)

    def label(self, *names: str) -> str:
        return next((self.labels[name] for name in names if name in self.labels), "")

    def label_at(self, position: int) -> str:
        return next((self.labels[name] for name, at in self.index.items() if at == position), str(position + 1))


def header_columns(cells: list[str], number: int, reading: Reading) -> Columns:
    """The columns named by a header row. Unknown headers are noted."""
    index, labels, unknown = {}, {}, []
    for position, cell in enumerate(cells):
        name = header_name(cell)
        if name is not None and name not in index:
            index[name], labels[name] = position, cell.strip()
        elif cell.strip():
            unknown.append(cell.strip())
    for cell in unknown:
        reading.note(_("This column is not used."), number, cell)
    return Columns(index, labels)


def positional_columns() -> Columns:
    labels = [_("name or e-mail"), _("role"), _("sector"), _("organisation"), _("consent")]
    return Columns(
        {name: position for position, name in enumerate(POSITIONS)},
        {
            name: f"{position + 1} ({label})"
            for position, (name, label) in enumerate(zip(POSITIONS, labels, strict=True))
        },
    )


def layout(rows: Iterator[tuple[int, list[str]]], reading: Reading) -> tuple[Columns, int | None, Iterator] | None:
    """(columns, the header row's number or None, the data rows) from the list's first rows; None when the list
    is empty or its columns cannot be told (reported)."""
    first = next(rows, None)
    if first is None:
        return None
    number, cells = first
    if is_header(cells):
        return header_layout(number, cells, rows, reading)
    named = [position for position, cell in enumerate(cells) if header_name(cell)]
    if not named or any(is_email(cell) for cell in cells):
        return positional_columns(), None, itertools.chain([first], rows)
    # A column name or two among other cells: a header with columns not used here (as ticketing exports have), or
    # someone whose role is "deelnemer". An e-mail address in the next row under the row's "e-mail" settles it.
    second = next(rows, None)
    email_at = next((position for position in named if header_name(cells[position]) == "email"), None)
    if second is not None and email_at is not None and email_at < len(second[1]) and is_email(second[1][email_at]):
        return header_layout(number, cells, itertools.chain([second], rows), reading)
    if len(named) > 1:
        reading.fail(
            _(
                "It is not clear whether this row names the columns (%(names)s) or is someone who took part. "
                "Start the list with a row of column names such as naam; e-mail; rol; sector; organisatie, "
                "leaving out columns that are not needed, or give each person as: name or e-mail; role; "
                "sector; organisation."
            )
            % {"names": ", ".join(cells[position].strip() for position in named)},
            number,
        )
        return None
    return positional_columns(), None, itertools.chain([first, *([second] if second else [])], rows)


def header_layout(
    number: int, cells: list[str], rows: Iterator[tuple[int, list[str]]], reading: Reading
) -> tuple[Columns, int, Iterator] | None:
    columns = header_columns(cells, number, reading)
    if not ({"name", "email", *NAME_PARTS} & columns.index.keys()):
        reading.fail(
            _("The header row has no column for the name or e-mail address (naam, name, e-mail or email)."), number
        )
        return None
    return columns, number, rows


def interpret(table: Table, reading: Reading) -> None:
    """Turn numbered rows of cells into checked rows, collecting problems in reading."""
    found = layout(filled_rows(table, reading, READ_ROW_LIMIT), reading)
    if found is None:
        if not reading.error_count:
            reading.fail(_("The list is empty."))
        return
    columns, header, data = found
    sectors = sector_codes()
    seen: dict[str, int] = {}
    data_rows = 0
    names: Counter[tuple[str, str, str]] = Counter()
    identified = 0  # people known by name rather than e-mail address, by normalised name
    for number, cells in data:
        data_rows += 1
        if data_rows > MAX_ROWS:
            reading.fail(
                _("The list has more than %(count)s rows. Split it into smaller lists.")
                % {"count": number_format(MAX_ROWS, force_grouping=True)}
            )
            return
        if header is not None:
            check_header_repeated(number, cells, columns, header, reading)
        if normalise_key(columns.cell(cells, "present")) in NO:
            reading.absent += 1
            continue
        row = check_row(number, cells, columns, sectors, reading)
        if row is None:
            continue
        identified += 1
        column, identifier = columns.identifier(cells)
        if not is_email(identifier):
            names[(column, normalise_name(identifier), identifier)] += 1
        if row.key in seen:
            reading.duplicates += 1
            reading.note(
                _("The same person as in row %(first)s; counted once.") % {"first": seen[row.key]},
                number,
                columns.label("identifier", "email", "name", *NAME_PARTS),
            )
            continue
        seen[row.key] = number
        reading.rows.append(row)
    check_names_vary(names, identified, reading)
    if not reading.rows and not reading.error_count:
        reading.fail(_("The list names nobody who was present."))
    if reading.absent:
        reading.note(
            ngettext(
                "%(count)s row is marked as not present and was left out.",
                "%(count)s rows are marked as not present and were left out.",
                reading.absent,
            )
            % {"count": reading.absent}
        )


def check_header_repeated(number: int, cells: list[str], columns: Columns, header: int, reading: Reading) -> None:
    """A column name that comes back below it: the header row was a person after all, or lists were pasted
    together with their headers."""
    for name, position in columns.index.items():
        if position < len(cells) and normalise_key(cells[position]) == normalise_key(columns.labels[name]):
            reading.fail(
                _(
                    "“%(value)s” also names this column in row %(header)s. If row %(header)s is someone who "
                    "took part, start the list with a row of column names; if this row repeats the column "
                    "names, remove it."
                )
                % {"value": cells[position].strip(), "header": header},
                number,
                columns.labels[name],
            )


def check_names_vary(names: Counter, identified: int, reading: Reading) -> None:
    """One name on most rows is a role or a fixed value in the name column, not a person who came that often."""
    if not names:
        return
    (column, _folded, identifier), count = names.most_common(1)[0]
    if count > 1 and 2 * count > identified:
        reading.fail(
            _(
                "“%(value)s” is the name on %(count)s of %(rows)s rows: that looks like a role or a value "
                "everyone shares, not who took part. Check which column holds the names; without a row of "
                "column names a list reads: name or e-mail; role; sector; organisation."
            )
            % {"value": identifier, "count": count, "rows": identified},
            column=column,
        )


def check_row(number: int, cells: list[str], columns: Columns, sectors: dict, reading: Reading) -> Row | None:
    errors_before = reading.error_count
    for position, cell in enumerate(cells):
        if "\ufffd" in cell:
            reading.fail(
                _("Some characters could not be read. Save the file as CSV UTF-8 and upload it again."),
                number,
                columns.label_at(position),
            )
    identifier_column, identifier = identifier_of(cells, columns, number, reading)
    key = None
    if len(identifier) > MAX_IDENTIFIER:
        reading.fail(_("This is too long to be a name or e-mail address."), number, identifier_column)
    elif identifier:
        key = key_for(identifier)
        if key is None:
            reading.fail(
                _("“%(value)s” is not a name or e-mail address.") % {"value": identifier}, number, identifier_column
            )
    sector_text = columns.cell(cells, "sector")
    sector = sectors.get(normalise_key(sector_text), "") if sector_text else ""
    if sector_text and not sector:
        reading.fail(
            _("Unknown sector “%(value)s”. Use one of: %(known)s.")
            % {"value": sector_text, "known": ", ".join(Sector.values)},
            number,
            columns.label("sector"),
        )
    consent = consent_of(columns.cell(cells, "consent"), number, columns, reading)
    if key is None or reading.error_count > errors_before:
        return None
    name = columns.name(cells) or ("" if is_email(identifier) else identifier)
    return Row(
        number=number,
        key=key,
        consent=consent,
        name=clipped(
            name if consent else "", NAME_MAX, number, columns.label("name", "last_name", "identifier"), reading
        ),
        role=clipped(columns.cell(cells, "role"), ROLE_MAX, number, columns.label("role"), reading),
        sector=sector,
        organisation=clipped(
            columns.cell(cells, "organisation"), ORGANISATION_MAX, number, columns.label("organisation"), reading
        ),
    )


def identifier_of(cells: list[str], columns: Columns, number: int, reading: Reading) -> tuple[str, str]:
    """(column, e-mail address or else name) of a row; reports a row that has neither."""
    email = columns.cell(cells, "email")
    if email and not is_email(email) and normalise_key(email):
        reading.fail(_("“%(value)s” is not an e-mail address.") % {"value": email}, number, columns.label("email"))
        return columns.label("email"), ""
    column, identifier = columns.identifier(cells)
    if not identifier:
        reading.fail(_("This row has no name or e-mail address."), number, column or columns.label("email"))
    return column, identifier


def consent_of(text: str, number: int, columns: Columns, reading: Reading) -> bool | None:
    folded = normalise_key(text)
    if not folded:
        return None
    if folded in YES:
        return True
    if folded not in NO:
        reading.note(
            _("“%(value)s” was not understood as yes or no; the name is not kept.") % {"value": text},
            number,
            columns.label("consent"),
        )
    return False


def clipped(text: str, limit: int, number: int, column: str, reading: Reading) -> str:
    if len(text) <= limit:
        return text
    reading.note(_("Longer than %(count)s characters; the rest was left off.") % {"count": limit}, number, column)
    return text[:limit]
