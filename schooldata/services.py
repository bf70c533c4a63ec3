"""Importing a DUO or CBS open data file as a data release, and removing a release.

`import_file(path, …)` reads the file, recognises it by its headers, checks every row and, unless it is a dry run
or a problem blocks it, writes the release and its rows in one transaction. It takes a path and returns a result,
so the web page, the command and a background task call it alike.

DUO's files are national: only rows of school locations in the directory (by location code) are kept, the rest
counted. CBS's files are cut to one municipality: the one named, or else the one most school locations in the
directory lie in.
"""

import datetime as dt
import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.tabular import Problems
from network.models import Organisation
from schooldata import reading
from schooldata.models import (
    AreaFigure,
    AreaKind,
    DataRelease,
    PostcodeArea,
    PupilCount,
    PupilsByPostcode,
    ReleaseKind,
    SchoolWeighting,
    school_year_of,
)
from schooldata.reading import Format, cell, count

# More pupils than any school location has: a cell this high is not a count of pupils (DUO's largest locations
# count a few thousand; DUO splits some over several rows, which are added up after this check).
MAX_PUPILS = 20_000
# More inhabitants than any Dutch municipality has.
MAX_INHABITANTS = 2_000_000
# The header is looked for among the first rows that hold something: StatLine's downloads put a title above it.
HEADER_ROWS = 5
MAX_ERRORS = 1000
# A text cell starting with one of these is taken for a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@")


@dataclass
class ImportResult(Problems):
    """What an import read, kept and left out, every problem by row and column, and the release it made."""

    source_name: str = ""
    kind: str = ""
    reference_date: dt.date | None = None
    municipality_code: str = ""
    rows_read: int = 0
    rows_imported: int = 0
    rows_skipped: int = 0
    locations: set[int] = field(default_factory=set)  # organisations the kept rows are about
    release: DataRelease | None = None
    dry_run: bool = False
    seconds: float = 0.0

    @property
    def kind_label(self) -> str:
        return str(ReleaseKind(self.kind).label) if self.kind else ""

    @property
    def school_year(self) -> str:
        return school_year_of(self.reference_date) if self.reference_date else ""

    def warnings_json(self) -> list[dict[str, Any]]:
        return [
            {"row": problem.row or 0, "column": problem.column, "message": problem.message} for problem in self.notices
        ]


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    path: Path,
    *,
    user: User | None = None,
    dry_run: bool = False,
    source_name: str = "",
    municipality: str = "",
    reference_date: dt.date | None = None,
) -> ImportResult:
    """Read the file and, unless dry_run or a problem blocks it, keep it as a new release (atomically).

    municipality: for CBS's files, a CBS code (GM0546, 0546) or a name (Leiden); by default the municipality
    most school locations in the directory lie in. reference_date: when neither the file nor its name gives one.
    """
    started = time.perf_counter()
    result = ImportResult(source_name=source_name or path.name, dry_run=dry_run)
    digest = file_hash(path)
    earlier = DataRelease.objects.filter(sha256=digest).first()
    if earlier:
        result.fail(
            _("This file was imported before, on %(date)s, as “%(release)s”. A file is imported only once.")
            % {"date": date_format(earlier.imported_at, "j F Y"), "release": earlier}
        )
        return _done(result, started)
    table = reading.rows(path, result)
    recognised, first = _find_header(table)
    if first is None:
        if not result.errors:  # a file that could not be read is not called empty as well
            result.fail(_("The file is empty."))
        return _done(result, started)
    if recognised is None:
        looks_like = reading.describe(first)
        result.fail(
            _(
                "This file is not recognised. rimpel reads DUO's files of pupils per school location (by age, "
                "or by the pupil's postcode), the school weighting per location, and CBS's key figures of wijken "
                "and buurten and its postcode file, with their headers as published."
            )
            if looks_like is None
            else _("This looks like %(kind)s. rimpel does not read that file here.") % {"kind": looks_like}
        )
        return _done(result, started)
    result.kind = recognised.kind
    readers: dict[str, Callable[..., list[models.Model]]] = {
        ReleaseKind.PUPILS: _pupils,
        ReleaseKind.PUPILS_BY_POSTCODE: _pupils_by_postcode,
        ReleaseKind.SCHOOL_WEIGHTING: _weightings,
        ReleaseKind.AREA_FIGURES: _area_figures,
        ReleaseKind.POSTCODE_AREAS: _postcode_areas,
    }
    data_rows = _counted(table, result)
    if recognised.kind == ReleaseKind.POSTCODE_AREAS and _gemeente_column(recognised) is None:
        records = readers[recognised.kind](recognised, data_rows, result)  # a sheet of one municipality's pc4s
    elif recognised.kind in (ReleaseKind.AREA_FIGURES, ReleaseKind.POSTCODE_AREAS):
        code = _municipality_code(municipality, recognised, path, result)
        if code is None:
            return _done(result, started)
        result.municipality_code = code
        records = readers[recognised.kind](recognised, data_rows, result)
    else:
        records = readers[recognised.kind](recognised, data_rows, result, _directory())
    if result.rows_read == 0 and not result.errors:
        result.fail(_("The file has no rows below its header."))
    if result.reference_date is None:
        result.reference_date = reference_date or reading.date_from_name(
            result.source_name, recognised.kind, recognised.headers
        )
    if result.reference_date is None:
        result.fail(_("The file does not say its reference date (peildatum). Give it with the upload."))
    elif DataRelease.objects.filter(kind=result.kind, reference_date=result.reference_date).exists():
        result.fail(
            _("A release of %(kind)s on %(date)s is there already. Remove it first to import this file instead.")
            % {"kind": result.kind_label.lower(), "date": date_format(result.reference_date, "j F Y")}
        )
    result.rows_imported = len(records)
    if not result.errors and not dry_run:
        try:
            _write(result, records, digest, user)
        except IntegrityError:  # the same file, or one of the same kind and date, imported at the same moment
            result.fail(_("Another import of this file or of the same kind and date came first. Nothing was saved."))
    return _done(result, started)


def _find_header(table: Iterator[tuple[int, list[str]]]) -> tuple[Format | None, list[str] | None]:
    """The recognised header among the first filled rows (StatLine's downloads put a title above it), and the
    first filled row (None: the file holds nothing)."""
    first: list[str] | None = None
    for filled, (_number, cells) in enumerate((row for row in table if any(text.strip() for text in row[1])), 1):
        first = first or cells
        if (recognised := reading.recognise(cells)) is not None:
            return recognised, first
        if filled >= HEADER_ROWS:
            break
    return None, first


def _done(result: ImportResult, started: float) -> ImportResult:
    result.seconds = time.perf_counter() - started
    return result


def _counted(table: Iterator[tuple[int, list[str]]], result: ImportResult) -> Iterator[tuple[int, list[str]]]:
    """The rows that hold something; reading stops at MAX_ERRORS problems that block (a file that wrong is not
    worth reading to its end, nor listing every problem of)."""
    for number, cells in table:
        if result.error_count >= MAX_ERRORS:
            result.fail(
                _("More than %(count)s problems: reading stopped at row %(row)s.")
                % {"count": MAX_ERRORS, "row": number}
            )
            return
        if "".join(cells).strip():
            result.rows_read += 1
            yield number, cells


def _write(result: ImportResult, records: list[models.Model], digest: str, user: User | None) -> None:
    assert result.reference_date is not None  # noqa: S101  # checked before: a missing date blocks
    with transaction.atomic():
        release = DataRelease.objects.create(
            kind=result.kind,
            reference_date=result.reference_date,
            source_name=result.source_name[:255],
            sha256=digest,
            municipality_code=result.municipality_code,
            imported_by=user,
            rows_imported=len(records),
            rows_skipped=result.rows_skipped,
            warnings=result.warnings_json(),
        )
        by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        for record in records:
            record.release = release  # type: ignore[attr-defined]
            by_model[type(record)].append(record)
        for model, batch in by_model.items():
            model.objects.bulk_create(batch, batch_size=1000)  # type: ignore[attr-defined]
    result.release = release


def delete_release(release: DataRelease) -> None:
    """Remove a release and its rows (they go with it: CASCADE)."""
    release.delete()


# --- DUO's files: rows of the directory's school locations ---


@dataclass
class Directory:
    """The directory's school locations by DUO's location code, and by BRIN where an institution has one."""

    by_code: dict[str, int]
    by_brin: dict[str, list[int]]


def _directory() -> Directory:
    by_code: dict[str, int] = {}
    by_brin: dict[str, list[int]] = defaultdict(list)
    for pk, code in Organisation.objects.exclude(vestigingscode="").values_list("pk", "vestigingscode"):
        by_code[code.upper()] = pk
        by_brin[code[:4].upper()].append(pk)
    return Directory(by_code, dict(by_brin))


class Locator:
    """From a DUO row to the organisation it is about (None when not in the directory). The columns are looked up
    once: national files have hundreds of thousands of rows."""

    def __init__(self, found: Format, directory: Directory) -> None:
        columns = found.columns
        self.brin_at = columns.get("INSTELLINGSCODE", columns.get("BRIN_NUMMER"))
        self.number_at = columns.get("VESTIGINGSCODE", columns.get("VESTIGINGSNUMMER"))
        self.ovt_at = columns.get("OVT")
        self.directory = directory

    def __call__(self, cells: list[str]) -> int | None:
        number = cell(cells, self.number_at).upper()
        if len(number) == 6:  # the whole location code: 12AB00
            return self.directory.by_code.get(number)
        brin = cell(cells, self.brin_at).upper()
        if brin and number.isdigit():
            return self.directory.by_code.get(f"{brin}{int(number):02d}")
        if self.ovt_at is not None:
            # The inspectorate's list names the institution ("12AB|C1") and numbers locations its own way: a row
            # is tied to a location only when the directory has one location of that institution.
            locations = self.directory.by_brin.get(cell(cells, self.ovt_at).split("|")[0].strip().upper(), [])
            return locations[0] if len(locations) == 1 else None
        return None

    def key(self, cells: list[str]) -> tuple[str, str, str]:
        """The location as the file names it, to count the locations left out."""
        return cell(cells, self.brin_at), cell(cells, self.number_at), cell(cells, self.ovt_at)


def _outside(result: ImportResult, skipped_locations: set[tuple[str, str, str]]) -> None:
    if result.rows_skipped:
        result.note(
            _(
                "Rows of school locations that are not in the directory, left out: %(rows)s "
                "(of %(locations)s locations)."
            )
            % {"rows": result.rows_skipped, "locations": len(skipped_locations)}
        )


def _located_rows(
    found: Format, data: Iterator[tuple[int, list[str]]], result: ImportResult, directory: Directory
) -> Iterator[tuple[int, list[str], int]]:
    """The rows of school locations in the directory, with the organisation's id; the rows of other locations are
    counted and reported in one note once the file is read."""
    skipped: set[tuple[str, str, str]] = set()
    locate = Locator(found, directory)
    for number, cells in data:
        _peildatum(found, cells, number, result)
        organisation = locate(cells)
        if organisation is None:
            result.rows_skipped += 1
            skipped.add(locate.key(cells))
            continue
        yield number, cells, organisation
    _outside(result, skipped)


def _peildatum(found: Format, cells: list[str], number: int, result: ImportResult) -> None:
    """Take the reference date from the first row (DUO writes it on every row)."""
    if found.date_read:
        return
    found.date_read = True
    column = found.has(*reading.DATE_COLUMNS)
    if column is None:
        return
    text = cell(cells, found.columns[column])
    parsed = reading.reference_date(text)
    if parsed is None and text:
        result.note(_("This is not a date DUO writes; the reference date is taken elsewhere."), number, column)
    result.reference_date = parsed


def _groups(found: Format, cells: list[str], number: int, result: ImportResult) -> dict[str, int | None]:
    values: dict[str, int | None] = {}
    for key in found.groups:
        published = count(cell(cells, found.columns[key]))
        if published.valid and (published.value or 0) > MAX_PUPILS:
            result.fail(_too_many(MAX_PUPILS), number, _header(found, key))
            published = reading.Count(None)
        elif not published.valid:
            result.note(_("Not a number; left empty."), number, _header(found, key))
        values[key] = published.value
    return values


def _header(found: Format, key: str) -> str:
    return found.headers[found.columns[key]].strip()


def _no_total(found: Format, result: ImportResult) -> str | None:
    total = found.has(*reading.TOTAL_COLUMNS)
    if total is None:
        result.note(_("The file has no total column (TOTAAL): the total is the sum of the age columns."))
    return total


def _total(
    found: Format, cells: list[str], total: str | None, groups: dict[str, int | None], number: int, result: ImportResult
) -> reading.Count | None:
    """The row's total: its TOTAAL cell, or the sum of its groups; None (with an error) when unreadable."""
    if total is None:
        known = [value for value in groups.values() if value is not None]
        # Every group suppressed: the total is as unknown as DUO's own "<5" total, not 0.
        return reading.Count(sum(known) if known else None, suppressed=len(known) < len(groups))
    published = count(cell(cells, found.columns[total]))
    if not published.valid:
        result.fail(_("Not a number of pupils."), number, _header(found, total))
        return None
    if (published.value or 0) > MAX_PUPILS:
        result.fail(_too_many(MAX_PUPILS), number, _header(found, total))
        return None
    return published


def _too_many(maximum: int) -> str:
    return _("More than %(count)s: no school location or area has that many.") % {
        "count": number_format(maximum, force_grouping=True)
    }


def _pupils(found: Format, data: Iterator[tuple[int, list[str]]], result: ImportResult, directory: Directory) -> list:
    total_column = _no_total(found, result)
    if not found.groups:
        result.note(_("The file has no columns by age or year group: only totals are kept."))
    counts: dict[int, PupilCount] = {}
    seen: dict[tuple[str, ...], int] = {}  # the directory's rows, to tell DUO's split rows from a row given twice
    for number, cells, organisation in _located_rows(found, data, result, directory):
        row = tuple(text.strip() for text in cells)
        if row in seen:
            message = _("This row is the same as row %(row)s: its pupils would count twice.")
            result.fail(message % {"row": seen[row]}, number)
            continue
        seen[row] = number
        groups = _groups(found, cells, number, result)
        total = _total(found, cells, total_column, groups, number, result)
        if total is None:
            continue
        if total.value is None:
            result.note(_("DUO left this total out (fewer than 5 pupils); the row is not kept."), number)
            continue
        if organisation in counts:  # DUO splits some locations over rows (by school type): added up
            current = counts[organisation]
            current.total += total.value
            for key, value in groups.items():
                before = current.by_group.get(key)
                current.by_group[key] = None if value is None or before is None else before + value
            continue
        counts[organisation] = PupilCount(organisation_id=organisation, total=total.value, by_group=groups)
        result.locations.add(organisation)
    return list(counts.values())


def _pupils_by_postcode(
    found: Format, data: Iterator[tuple[int, list[str]]], result: ImportResult, directory: Directory
) -> list:
    total_column = _no_total(found, result)
    postcode_column = found.columns["POSTCODE_LEERLING"]
    records: dict[tuple[int, str], PupilsByPostcode] = {}
    first_row: dict[tuple[int, str], int] = {}
    for number, cells, organisation in _located_rows(found, data, result, directory):
        postcode = reading.postcode4(cell(cells, postcode_column))
        if postcode is None:
            result.note(
                _("Not a Dutch postcode (four digits); the row is not kept."),
                number,
                _header(found, "POSTCODE_LEERLING"),
            )
            continue
        total = _total(found, cells, total_column, _groups(found, cells, number, result), number, result)
        if total is None:
            continue
        key = (organisation, postcode)
        if key in records:
            result.fail(
                _("Row %(row)s already gave this school location and postcode.") % {"row": first_row[key]},
                number,
                _header(found, "POSTCODE_LEERLING"),
            )
            continue
        first_row[key] = number
        records[key] = PupilsByPostcode(
            organisation_id=organisation, postcode4=postcode, pupils=total.value, suppressed=total.suppressed
        )
        result.locations.add(organisation)
    return list(records.values())


def _weightings(
    found: Format, data: Iterator[tuple[int, list[str]]], result: ImportResult, directory: Directory
) -> list:
    spread_column = found.has("SPREIDING")
    pupils_column = found.has("AANTAL_LEERLINGEN", "LEERLINGEN", "TOTAAL")
    if spread_column is None:
        result.note(_("The file has no column SPREIDING (spread): it is left empty."))
    records: dict[int, SchoolWeighting] = {}
    for number, cells, organisation in _located_rows(found, data, result, directory):
        values = {}
        for name, column in (("weighting", "SCHOOLWEGING"), ("spread", spread_column)):
            try:
                values[name] = reading.decimal(cell(cells, found.columns[column])) if column else None
            except ValueError:
                result.fail(_("Not a number."), number, _header(found, column or ""))
                values[name] = None
        if any(value is not None and abs(value) >= 1000 for value in values.values()):
            result.fail(_("This is not a school weighting (CBS's run from about 20 to 40)."), number)
            continue
        if values["weighting"] is None:
            if not result.errors or result.errors[-1].row != number:
                result.note(_("No school weighting for this location; the row is not kept."), number)
            continue
        pupils = count(cell(cells, found.columns[pupils_column])) if pupils_column else reading.Count(None)
        if organisation in records:
            result.fail(_("This school location is in the file twice."), number)
            continue
        records[organisation] = SchoolWeighting(
            organisation_id=organisation,
            weighting=values["weighting"].quantize(Decimal("0.01")),
            spread=values["spread"].quantize(Decimal("0.01")) if values["spread"] is not None else None,
            pupils=pupils.value,
        )
        result.locations.add(organisation)
    return list(records.values())


# --- CBS's files: one municipality ---


def _municipality_code(given: str, found: Format, path: Path, result: ImportResult) -> str | None:
    """The CBS code (GM0546) of the municipality to keep: given as a code, or a name looked up in the file's
    municipality rows or in an earlier release of key figures; by default the directory's own."""
    given = given.strip()
    if given and (digits := given.upper().removeprefix("GM")).isdigit():
        return f"GM{int(digits):04d}"
    name = given or _directory_municipality()
    if not name:
        result.fail(
            _(
                "Say which municipality to keep (its CBS code, such as GM0546, or its name): the directory has no "
                "school locations with a municipality yet."
            )
        )
        return None
    known = AreaFigure.objects.filter(kind=AreaKind.GEMEENTE, name__iexact=name).values_list("code", flat=True)
    code = known.first() or (
        _municipality_in_file(name, found, path) if found.kind == ReleaseKind.AREA_FIGURES else None
    )
    if code is None:
        result.fail(_("The municipality “%(name)s” is not found. Give its CBS code, such as GM0546.") % {"name": name})
    return code


def _directory_municipality() -> str:
    places = Counter(
        Organisation.objects.exclude(vestigingscode="").exclude(municipality="").values_list("municipality", flat=True)
    )
    return places.most_common(1)[0][0] if places else ""


def _municipality_in_file(name: str, found: Format, path: Path) -> str | None:
    """The code of the municipality row (GM…) named so in CBS's key figures."""
    code_column = found.columns[found.has(*reading.AREA_CODE_COLUMNS) or ""]
    name_columns = [found.columns[key] for key in (*reading.AREA_NAME_COLUMNS, "GM_NAAM") if key in found.columns]
    wanted = name.strip().lower()
    for _number, cells in reading.rows(path, Problems()):
        code = cell(cells, code_column).upper()
        if code.startswith("GM") and any(cell(cells, column).lower() == wanted for column in name_columns):
            return code
    return None


def _area_figures(found: Format, data: Iterator[tuple[int, list[str]]], result: ImportResult) -> list:
    code_column = found.columns[found.has(*reading.AREA_CODE_COLUMNS) or ""]
    name_key = found.has(*reading.AREA_NAME_COLUMNS)
    inhabitants_key = found.has(*reading.INHABITANTS_COLUMNS) or ""
    children_key = found.has(*reading.CHILDREN_COLUMNS)
    if children_key is None:
        result.note(_("The file has no column of children (0 to 15 years): it is left empty."))
    used = {found.has(*reading.AREA_CODE_COLUMNS), name_key, inhabitants_key, children_key}
    figure_keys = [
        key
        for key in found.columns
        if key not in used and key not in reading.AREA_TEXT_COLUMNS and key not in reading.AREA_CODE_COLUMNS
    ]
    wanted = result.municipality_code[2:]
    records: list[AreaFigure] = []
    for number, cells in data:
        code = cell(cells, code_column).upper().replace(" ", "")
        kind = {"GM": AreaKind.GEMEENTE, "WK": AreaKind.WIJK, "BU": AreaKind.BUURT}.get(code[:2])
        if kind is None or code[2:6] != wanted:
            result.rows_skipped += 1
            continue
        numbers: dict[str, int | None] = {}
        for name, key in (("inhabitants", inhabitants_key), ("children", children_key)):
            published = count(cell(cells, found.columns[key])) if key else reading.Count(None)
            if published.valid and (published.value or 0) > MAX_INHABITANTS:
                result.fail(_too_many(MAX_INHABITANTS), number, _header(found, key or ""))
            elif not published.valid:
                result.note(_("Not a number; left empty."), number, _header(found, key or ""))
            numbers[name] = published.value
        figures: dict[str, float | None] = {}
        for key in figure_keys:
            text = cell(cells, found.columns[key])
            try:
                value = reading.decimal(text)
            except ValueError:
                continue  # a text column (a name, a postcode): not a figure
            figures[key.lower()] = float(value) if value is not None else None
        area_name = cell(cells, found.columns[name_key]) if name_key else code
        if area_name.startswith(FORMULA_START):
            result.note(
                _("This name starts like a formula; it is kept without the sign in front."),
                number,
                _header(found, name_key or ""),
            )
            area_name = area_name.lstrip("".join(FORMULA_START) + " ") or code
        records.append(
            AreaFigure(
                code=code[:10],
                kind=kind,
                name=area_name[:200],
                municipality_code=result.municipality_code,
                figures=figures,
                **numbers,
            )
        )
    if not records:
        result.fail(_("The file has no rows of municipality %(code)s.") % {"code": result.municipality_code})
    return records


def _postcode_areas(found: Format, data: Iterator[tuple[int, list[str]]], result: ImportResult) -> list:
    """Each four-digit postcode's wijk: the one most of its addresses (or six-digit postcodes) lie in, and the
    most frequent buurt of that wijk."""
    columns = found.columns
    postcode_key = found.has("PC6", "PC4", "POSTCODE", "POSTCODE4") or ""
    wijk_key = next(key for key in columns if reading.WIJK_COLUMN.fullmatch(key))
    buurt_key = next((key for key in columns if reading.BUURT_COLUMN.fullmatch(key)), None)
    gemeente_key = _gemeente_column(found)
    wanted = result.municipality_code.removeprefix("GM").lstrip("0")
    tally: dict[str, Counter[tuple[str, str | None]]] = defaultdict(Counter)
    for number, cells in data:
        if gemeente_key and cell(cells, columns[gemeente_key]).upper().removeprefix("GM").lstrip("0") != wanted:
            result.rows_skipped += 1
            continue
        postcode = cell(cells, columns[postcode_key]).replace(" ", "")[:4]
        wijk = _area_code("WK", cell(cells, columns[wijk_key]), 6)
        if not reading.is_postcode4(postcode) or wijk is None:
            result.note(_("No postcode and wijk code here; the row is not kept."), number)
            continue
        buurt = _area_code("BU", cell(cells, columns[buurt_key]), 8) if buurt_key else None
        tally[postcode][(wijk, buurt)] += 1
    records = []
    for postcode, counted in sorted(tally.items()):
        wijken: Counter[str] = Counter()
        for (wijk, _buurt), times in counted.items():
            wijken[wijk] += times
        wijk = wijken.most_common(1)[0][0]
        buurten = Counter({buurt: times for (in_wijk, buurt), times in counted.items() if in_wijk == wijk and buurt})
        buurt = buurten.most_common(1)[0][0] if buurten else None
        records.append(PostcodeArea(postcode4=postcode, wijk_code=wijk, buurt_code=buurt))
    if not records:
        result.fail(_("The file has no postcodes with a wijk of this municipality."))
    return records


def _gemeente_column(found: Format) -> str | None:
    return next((key for key in found.columns if reading.GEMEENTE_COLUMN.fullmatch(key)), None)


def _area_code(prefix: str, text: str, digits: int) -> str | None:
    """A CBS wijk or buurt code as WK054601 or BU05460101, from the code with or without its prefix."""
    text = text.strip().upper().removeprefix(prefix)
    if not text.isdigit() or len(text) > digits:
        return None
    return f"{prefix}{int(text):0{digits}d}"
