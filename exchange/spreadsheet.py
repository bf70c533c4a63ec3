"""The one import pipeline every kind of record shares: read → map → validate → preview → apply.

A kind (exchange.import_kinds) only declares its fields, how a row finds the record it is about, how that
record compares and how it is saved. The dry run and the real run are the same pass over the rows: the real one
also saves, inside one transaction that is rolled back when any row has a problem, so it is all or nothing and
shows exactly what the dry run showed. Importing the same file twice finds every record unchanged.

Empty cells leave what a record already holds; a column that is not mapped is not read.
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, models, transaction
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core.batching import batched
from core.columns import column_key
from core.tabular import Problems, filled_rows, recognise, sniff_delimiter, text_rows, workbook_rows
from core.text import normalise_key
from exchange.cells import CellError, Noted
from exchange.references import Lookups

MAX_ROWS = 200_000
READ_ROW_LIMIT = MAX_ROWS + 10_000
HEADER_SEARCH_ROWS = 10
SAMPLE_ROWS = 50
CREATE_BATCH = 1000
# What the first cell of a row of totals under a table says ("Totaal", "Totaal aantal scholen: 12").
TOTALS = frozenset({"totaal", "totalen", "total", "totals", "subtotaal", "eindtotaal", "som"})
NUMBER = re.compile(r"[€\d.,\s%-]+")


@dataclass(frozen=True)
class Field:
    name: str
    label: Promise
    headers: tuple[str, ...]  # column names recognised for it, compared by core.columns.column_key
    read: Callable[[str, Lookups], Any]
    required: bool = False
    # Fields whose columns together stand in for this one (a first and a last name for a name): a required field
    # needs no column of its own when one of them has a column, and Kind.complete makes the value from them.
    parts: tuple[str, ...] = ()

    def recognises(self, header: str) -> bool:
        # The label is read in the active language, so the names are gathered when asked.
        return column_key(header) in {column_key(name) for name in (*self.headers, self.name, str(self.label))}


@dataclass(frozen=True)
class Profile:
    """A header set as a known source publishes it (DUO's list of school locations): recognised by a few of its
    headers, it maps every column it can without a mapping."""

    label: Promise
    signature: tuple[str, ...]  # headers that together tell the source apart, compared by column_key
    columns: tuple[tuple[str, str], ...]  # (header, field name) pairs; other columns are recognised as usual

    def matches(self, headers: list[str]) -> bool:
        present = {column_key(header) for header in headers}
        return all(column_key(name) in present for name in self.signature)

    def field_name(self, header: str) -> str | None:
        return next((name for known, name in self.columns if column_key(known) == column_key(header)), None)


@dataclass(frozen=True)
class Kind:
    name: str
    label: Promise
    fields: tuple[Field, ...]
    key: Callable[[dict], Hashable]  # the natural key of a row's values: which record it is about
    # key → the record's current values under the fields' names (and "pk"), for the records already there
    existing: Callable[[Lookups], dict]
    save: Callable[[dict, dict | None, Lookups], Any]  # (values, current or None, lookups) → record
    describe: Callable[[dict], str]
    # Turns cells that make one value together (a date and a time) into it; returns problems (field, message),
    # or Remark(field, message) for what is worth saying but does not block the row.
    complete: Callable[[dict, Lookups], list] = lambda values, lookups: []
    # Checks against the record the row is about (None for a new one); returns problems (field, message).
    check: Callable[[dict, dict | None], list[tuple[str, str]]] = lambda values, current: []
    needs_programme: bool = False
    # The record a row is about when its key alone may miss it (e.g. an activity under any of its organisers).
    find: Callable[[dict, dict], dict | None] | None = None
    # Saves many new records at once (checked rows only); without it each is saved through save.
    create_many: Callable[[list[dict], Lookups], None] | None = None
    # Known header sets (see Profile).
    profiles: tuple[Profile, ...] = ()
    # For a row about no record yet: a record it may well mean (a near-duplicate) and why, (existing, values) →
    # (current, reason). Never a problem: the row is new unless the suggestion is accepted, when adopt(values,
    # current) makes the row about that record.
    near: Callable[[dict, dict], tuple[dict, str] | None] | None = None
    adopt: Callable[[dict, dict], None] = lambda values, current: None
    # The new rows of the file as near looks them up (made empty, each new row added as (index, values, row
    # number)), so two new rows that may well be one record are noted on both.
    newcomers: Callable[[], Any] | None = None
    add_newcomer: Callable[[Any, dict, int], None] = lambda index, values, number: None

    # Values a new record gets for a field its row leaves empty (field name → value, why), e.g. the most careful
    # consent for a story; a value the row or the user gives wins.
    defaults: dict[str, tuple[Any, Promise]] = field(default_factory=dict)
    # complete copes with a row whose failed cells are left out, so every problem of a row is listed at once.
    complete_without_failed: bool = False

    def field(self, name: str) -> Field | None:
        return next((candidate for candidate in self.fields if candidate.name == name), None)

    def profile(self, headers: list[str]) -> Profile | None:
        return next((profile for profile in self.profiles if profile.matches(headers)), None)

    def profiled(self, header: str) -> bool:
        return any(profile.field_name(header) for profile in self.profiles)


@dataclass(frozen=True)
class Remark:
    """A row's remark from Kind.complete that does not block it: a reference left out, with suggestions."""

    field: str
    message: str


@dataclass
class Sheet(Problems):
    headers: list[str] = field(default_factory=list)
    header_row: int = 0
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


@dataclass
class Column:
    position: int
    header: str
    field: Field | None
    recognised: bool  # found by its name rather than chosen


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class PlannedRow:
    number: int
    action: str  # "create", "update" or "unchanged"
    description: str
    changes: list[Change] = field(default_factory=list)  # for an update: each field with its old and new value


@dataclass
class Suggestion:
    """A new row that may be about a record already there; accepted, the row is about that record."""

    number: int
    description: str
    suggested: str
    reason: str
    accepted: bool


@dataclass
class Outcome(Problems):
    columns: list[Column] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    samples: list[PlannedRow] = field(default_factory=list)
    rows_read: int = 0
    applied: bool = False
    required_fields: list[Field] = field(default_factory=list)
    profile: Profile | None = None
    # field name → the value for rows without one (run's preset, read)
    preset: dict[str, Any] = field(default_factory=dict)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def unmapped_required(self) -> list[Field]:
        mapped = {column.field for column in self.columns}
        return [
            candidate
            for candidate in self.required_fields
            if candidate not in mapped and candidate.name not in self.preset
        ]

    @property
    def unmapped_required_labels(self) -> list[str]:
        return [str(candidate.label) for candidate in self.unmapped_required]

    @property
    def unread(self) -> list[str]:
        """The file's columns that no field takes: listed, never a reason to refuse the file."""
        return [column.header for column in self.columns if column.field is None]


class _Rollback(Exception):
    pass


def read_sheet(
    uploaded: UploadedFile, kind: Kind, mapping: dict[str, str] | None = None, max_bytes: int | None = None
) -> Sheet:
    """The sheet's rows under its header row, which is the row among the first few that names most fields (a
    title above it is skipped)."""
    sheet = Sheet()
    upload = recognise(uploaded, sheet, **({"max_bytes": max_bytes} if max_bytes else {}))
    if upload is None:
        return sheet
    table = (
        workbook_rows(upload.workbook, sheet)
        if upload.workbook is not None
        else text_rows(upload.text or "", sniff_delimiter(upload.text or ""), sheet)
    )
    rows = []
    for number, cells in filled_rows(table, sheet, READ_ROW_LIMIT):
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            sheet.fail(
                _("The file has more than %(count)s rows. Split it into smaller files.")
                % {"count": number_format(MAX_ROWS, force_grouping=True)}
            )
            return sheet
    if not rows:
        if not sheet.error_count:
            sheet.fail(_("The file is empty."))
        return sheet
    known = {normalise_key(header) for header in (mapping or {})}
    scores = [
        sum(
            1
            for cell in cells
            if cell.strip()
            and (
                normalise_key(cell) in known
                or kind.profiled(cell)
                or any(candidate.recognises(cell) for candidate in kind.fields)
            )
        )
        for _number, cells in rows[:HEADER_SEARCH_ROWS]
    ]
    at = scores.index(max(scores))
    if at:
        sheet.note(_("The rows above row %(row)s were taken as a title and not read.") % {"row": rows[at][0]})
    sheet.header_row, sheet.headers = rows[at][0], _distinct([cell.strip() for cell in rows[at][1]])
    sheet.rows = []
    for number, cells in rows[at + 1 :]:
        if _is_totals(cells):
            sheet.note(_("Row %(row)s holds totals and was not read.") % {"row": number})
        else:
            sheet.rows.append((number, cells))
    if sheet.rows and _is_subheader(sheet.headers, sheet.rows[0][1]):
        sheet.headers = _combined(sheet.headers, sheet.rows[0][1], kind)
        sheet.rows = sheet.rows[1:]
    if not sheet.rows:
        sheet.fail(_("The file has column names but no rows below them."))
    return sheet


def _is_totals(cells: list[str]) -> bool:
    """A row of totals under the table: "Totaal" first, or "Totaal aantal scholen" with nothing but numbers beside
    it (a story that begins "Totaal anders dan ik dacht" has more to say)."""
    first, *rest = [cell.strip() for cell in cells if cell.strip()] or [""]
    key = normalise_key(first)
    return key in TOTALS or (key.split(" ")[0] in TOTALS and all(NUMBER.fullmatch(cell) for cell in rest))


def _distinct(headers: list[str]) -> list[str]:
    """Column names made distinct ("Datum", "Datum (2)"), so two columns of one name can go to two fields."""
    seen: Counter = Counter()
    names = []
    for header in headers:
        seen[normalise_key(header)] += 1
        count = seen[normalise_key(header)]
        names.append(f"{header} ({count})" if header and count > 1 else header)
    return names


def _spans(headers: list[str]) -> dict[int, str]:
    """Columns under a merged header cell (one name, empty cells to its right): position → the group's name."""
    spans, group = {}, ""
    for position, header in enumerate(headers):
        if header:
            group = header if position + 1 < len(headers) and not headers[position + 1] else ""
        if group:
            spans[position] = group
    return spans


def _is_subheader(headers: list[str], cells: list[str]) -> bool:
    """A second header row names the columns under merged cells ("Tijd" over "van" and "tot") and nothing else."""
    spans = _spans(headers)
    # A header merged over both rows (read into each, see core.tabular) is no name of its own.
    filled = [
        position
        for position, cell in enumerate(cells)
        if cell.strip() and not (position < len(headers) and cell.strip() == headers[position])
    ]
    return bool(spans) and bool(filled) and all(position in spans for position in filled)


def _combined(headers: list[str], cells: list[str], kind: Kind) -> list[str]:
    """Headers of two rows as one: the lower name where a field goes by it, else "group: lower"."""
    spans, names = _spans(headers), list(headers) + [""] * max(0, len(cells) - len(headers))
    for position, group in spans.items():
        lower = cells[position].strip() if position < len(cells) else ""
        if lower:
            recognised = any(candidate.recognises(lower) for candidate in kind.fields)
            names[position] = lower if recognised else f"{group}: {lower}"
    return names


def map_columns(kind: Kind, headers: list[str], mapping: dict[str, str] | None, outcome: Outcome) -> None:
    """Each column's field: chosen in mapping (folded header → field name, "" to leave it out), else recognised
    by its name. Two columns for one field, or a required field without a column, block the import."""
    chosen = {normalise_key(header): name for header, name in (mapping or {}).items()}
    taken: dict[str, str] = {}
    outcome.profile = kind.profile(headers)
    for position, header in enumerate(headers):
        if not header:
            continue
        folded = normalise_key(header)
        if folded in chosen:
            target, recognised = kind.field(chosen[folded]) if chosen[folded] else None, False
            if chosen[folded] and target is None:
                outcome.fail(
                    _("“%(name)s” is not a field of this import. Fields: %(known)s.")
                    % {"name": chosen[folded], "known": ", ".join(candidate.name for candidate in kind.fields)},
                    column=header,
                )
                continue
        elif outcome.profile is not None and (name := outcome.profile.field_name(header)) is not None:
            target, recognised = kind.field(name) if name else None, True
        else:
            target = next((candidate for candidate in kind.fields if candidate.recognises(header)), None)
            recognised = True
        if target is not None and target.name in taken:
            if recognised:
                target = None  # a second column with a recognised name is left for the user to map
            else:
                outcome.fail(
                    _("Both “%(first)s” and “%(second)s” are mapped to %(field)s. Choose one.")
                    % {"first": taken[target.name], "second": header, "field": target.label}
                )
                continue
        if target is not None:
            taken[target.name] = header
        outcome.columns.append(Column(position, header, target, recognised and target is not None))
    mapped = {column.field.name for column in outcome.columns if column.field}
    outcome.required_fields = [
        candidate for candidate in kind.fields if candidate.required and not mapped.intersection(candidate.parts)
    ]
    for missing in outcome.unmapped_required:
        # Where to choose the column differs (the check page's table, the command's --mapping): each one says so.
        outcome.fail(_("No column holds %(field)s, which is needed.") % {"field": missing.label})


def run(
    kind: Kind,
    sheet: Sheet,
    lookups: Lookups,
    *,
    mapping: dict[str, str] | None = None,
    write: bool = False,
    preset: dict[str, str] | None = None,
    choices: dict[int, bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Check every row (dry run), or check and save them all in one transaction (write).

    preset: field name → a value (as typed in a cell) for rows without one, whether the file lacks the column or
    leaves the cell empty; a record that already has a value keeps it. choices: row number → whether the row is
    about its suggested near-duplicate (else lookups.accept_suggestions decides). progress(rows read, rows) hears
    after each row."""
    outcome = Outcome(problems=list(sheet.problems), error_count=sheet.error_count)
    if sheet.error_count:
        return outcome
    _read_preset(kind, preset or {}, lookups, outcome)
    if outcome.error_count:
        return outcome
    map_columns(kind, sheet.headers, mapping, outcome)
    if outcome.error_count:
        return outcome
    if kind.needs_programme and lookups.programme is None:
        outcome.fail(_("Choose the programme these records belong to."))
        return outcome
    try:
        with transaction.atomic(), batched():
            _rows(kind, sheet, lookups, outcome, write, choices or {}, progress)
            if write:
                if outcome.error_count:
                    raise _Rollback
                outcome.applied = True
    except _Rollback:
        pass
    return outcome


def _read_preset(kind: Kind, preset: dict[str, str], lookups: Lookups, outcome: Outcome) -> None:
    """The values for rows without one, read as a cell of their field is."""
    for name, cell in preset.items():
        target = kind.field(name)
        if target is None:
            outcome.fail(
                _("“%(name)s” is not a field of this import. Fields: %(known)s.")
                % {"name": name, "known": ", ".join(candidate.name for candidate in kind.fields)}
            )
            continue
        try:
            value = target.read(cell, lookups)
        except CellError as error:
            outcome.fail(str(error), column=str(target.label))
            continue
        except (ValueError, ArithmeticError):
            outcome.fail(_("“%(value)s” could not be read here.") % {"value": cell[:100]}, column=str(target.label))
            continue
        if isinstance(value, Noted):
            for notice in value.notices:
                outcome.note(notice, column=str(target.label))
            value = value.value
        if value not in (None, "", []):
            outcome.preset[name] = value


def _preset(values: dict, current: dict | None, preset: dict[str, Any]) -> None:
    """Fills what neither the row nor the record holds with the value for rows without one."""
    for name, value in preset.items():
        if values.get(name) in (None, "", []) and (current is None or current.get(name) in (None, "", [])):
            values[name] = value


def _rows(
    kind: Kind,
    sheet: Sheet,
    lookups: Lookups,
    outcome: Outcome,
    write: bool,
    choices: dict[int, bool],
    progress: Callable[[int, int], None] | None = None,
) -> None:
    existing = kind.existing(lookups)
    newcomers = kind.newcomers() if kind.newcomers is not None else None
    seen: dict[Hashable, tuple[int, int]] = {}
    creating: list[dict] = []
    columns = [column for column in outcome.columns if column.field is not None]
    for number, cells in sheet.rows:
        outcome.rows_read += 1
        if progress is not None:
            progress(outcome.rows_read, len(sheet.rows))
        values, failed = _values(number, cells, columns, lookups, outcome, set(outcome.preset))
        if failed and not kind.complete_without_failed:
            continue
        # A field whose cell failed has its problem already; what complete finds about it follows from that.
        completed = [problem for problem in kind.complete(values, lookups) if _field_of(problem) not in failed]
        if _report(completed, kind, columns, number, outcome) or failed:
            continue
        key = kind.key(values)
        # A row's values by their digest only: a 100,000-row sheet would otherwise be held twice.
        digest = hash(tuple(sorted((name, comparable(value)) for name, value in values.items())))
        if key in seen:
            first, earlier = seen[key]
            if earlier == digest:
                outcome.note(_("The same as row %(row)s; read once.") % {"row": first}, number)
            else:
                outcome.fail(
                    _("This row is about the same record as row %(row)s, with other values. Keep one of the two.")
                    % {"row": first},
                    number,
                )
            continue
        seen[key] = (number, digest)
        current = kind.find(existing, values) if kind.find else existing.get(key)
        if current is None and kind.near is not None:
            current = _near(kind, existing, values, number, outcome, choices.get(number, lookups.accept_suggestions))
        _preset(values, current, outcome.preset)
        if current is None:
            for name, (default, _reason) in kind.defaults.items():
                if values.get(name) in (None, "", []):
                    values[name] = default
        if _report(kind.check(values, current), kind, columns, number, outcome):
            continue
        action = "create" if current is None else ("update" if _differs(current, values) else "unchanged")
        if action == "create" and newcomers is not None:
            _near_newcomer(kind, newcomers, values, number, outcome)
        outcome.counts[action] += 1
        if outcome.counts[action] <= SAMPLE_ROWS:
            changes = _changes(kind, current, values) if current is not None and action == "update" else []
            outcome.samples.append(PlannedRow(number, action, kind.describe(values), changes))
        if write and action != "unchanged" and not outcome.error_count:
            if action == "create" and kind.create_many is not None:
                creating.append(values)
                if len(creating) >= CREATE_BATCH:
                    _create(kind, creating, lookups, outcome)
                continue
            _save(outcome, number, kind.save, values, current, lookups)
    if write and creating and not outcome.error_count:
        _create(kind, creating, lookups, outcome)


def _near(kind: Kind, existing: dict, values: dict, number: int, outcome: Outcome, accept: bool) -> dict | None:
    """The near-duplicate a new row may be about: noted, and the row's record when accepted."""
    assert kind.near is not None  # _rows asks kinds that find near-duplicates only
    found = kind.near(existing, values)
    if found is None:
        return None
    suggested, reason = found
    suggestion = Suggestion(number, kind.describe(values), kind.describe(suggested), reason, accept)
    outcome.suggestions.append(suggestion)
    if not accept:
        outcome.note(
            _("Looks like %(name)s (%(reason)s); imported as a new record unless you choose it.")
            % {"name": suggestion.suggested, "reason": reason},
            number,
        )
        return None
    outcome.note(
        _("Taken as %(name)s (%(reason)s).") % {"name": suggestion.suggested, "reason": reason},
        number,
    )
    kind.adopt(values, suggested)
    return suggested


def _near_newcomer(kind: Kind, newcomers: Any, values: dict, number: int, outcome: Outcome) -> None:
    """Notes a new row that may well be the same record as an earlier new row, on both rows; both are new."""
    assert kind.near is not None  # only kinds that find near-duplicates keep their new rows
    found = kind.near(newcomers, values)
    if found is not None:
        earlier, reason = found
        for row, other in ((number, earlier["row"]), (earlier["row"], number)):
            outcome.note(
                _(
                    "Looks like row %(row)s (%(reason)s); both are imported as new records. If they are one, "
                    "keep one row, or give both the same name."
                )
                % {"row": other, "reason": reason},
                row,
            )
    kind.add_newcomer(newcomers, values, number)


def _create(kind: Kind, creating: list[dict], lookups: Lookups, outcome: Outcome) -> None:
    assert kind.create_many is not None  # _rows gathers rows to create only for kinds that create many
    _save(outcome, None, kind.create_many, creating, lookups)
    creating.clear()


def _save(outcome: Outcome, number: int | None, write: Callable[..., Any], *arguments: Any) -> None:
    """One write in a savepoint, so a refusal by the database leaves the transaction usable for reporting; the
    import as a whole is rolled back anyway."""
    try:
        with transaction.atomic():
            write(*arguments)
    except ValidationError as error:
        outcome.fail(_("Could not be saved: %(reason)s") % {"reason": " ".join(error.messages)}, number)
    except DatabaseError as error:
        outcome.fail(
            _("Could not be saved: the database refused it (%(reason)s).")
            % {"reason": str(error).splitlines()[0][:200]},
            number,
        )


def _field_of(problem: Remark | tuple[str, str]) -> str:
    return problem.field if isinstance(problem, Remark) else problem[0]


def _report(problems: list, kind: Kind, columns: list[Column], number: int, outcome: Outcome) -> bool:
    """Adds a row's problems and remarks, each under the column of its field; whether there were problems."""
    blocking = False
    for problem in problems:
        name, message = (problem.field, problem.message) if isinstance(problem, Remark) else problem
        column = next((column.header for column in columns if column.field and column.field.name == name), None)
        described = kind.field(name)
        where = column or (str(described.label) if described else "")
        if isinstance(problem, Remark):
            outcome.note(message, number, where)
        else:
            outcome.fail(message, number, where)
            blocking = True
    return blocking


def _values(
    number: int, cells: list[str], columns: list[Column], lookups: Lookups, outcome: Outcome, preset: set[str]
) -> tuple[dict, set[str]]:
    """The row's values by field name, and the fields whose cells could not be read (each reported); a required
    field left empty is no problem when a value for rows without one is preset."""
    values: dict = {}
    failed: set[str] = set()
    for column in columns:
        assert column.field is not None  # _rows passes the mapped columns only
        cell = cells[column.position] if column.position < len(cells) else ""
        if "\ufffd" in cell:
            outcome.fail(
                _("Some characters could not be read. Save the file as CSV UTF-8 and upload it again."),
                number,
                column.header,
            )
            failed.add(column.field.name)
            continue
        try:
            value = column.field.read(cell, lookups)
        except CellError as error:
            outcome.fail(str(error), number, column.header)
            failed.add(column.field.name)
            continue
        except (ValueError, ArithmeticError):  # a reader that missed an odd value: still a row problem, not a crash
            outcome.fail(
                _("“%(value)s” could not be read here.") % {"value": cell.strip()[:100]}, number, column.header
            )
            failed.add(column.field.name)
            continue
        if isinstance(value, Noted):
            for notice in value.notices:
                outcome.note(notice, number, column.header)
            value = value.value
        if column.field.required and value in (None, "", []) and column.field.name not in preset:
            outcome.fail(_("%(field)s is needed.") % {"field": column.field.label}, number, column.header)
            failed.add(column.field.name)
        values[column.field.name] = value
    return values, failed


def comparable(value: object) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(comparable(item) for item in value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    return value


def shown(value: object) -> str:
    """A value as the preview shows it: a date as people write it, a list by its items."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(sorted(shown(item) for item in value))
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    return str(value)


def _changes(kind: Kind, current: dict, values: dict) -> list[Change]:
    """What an update changes, field by field; a reference the record holds by its id is shown as the row's
    record when the row names it, as the record holds only the id."""
    changes = []
    for candidate in kind.fields:
        value = values.get(candidate.name)
        if value in (None, "", []) or comparable(value) == comparable(current.get(candidate.name)):
            continue
        old = current.get(candidate.name)
        if isinstance(value, models.Model) and old is not None and not isinstance(old, models.Model):
            old = value.__class__._default_manager.filter(pk=old).first() or old
        changes.append(Change(str(candidate.label), shown(old), shown(value)))
    return changes


def _differs(current: dict, values: dict) -> bool:
    """Whether a row would change the record: only filled cells count, as empty ones leave the record alone."""
    return any(
        comparable(value) != comparable(current.get(name))
        for name, value in values.items()
        if value not in (None, "", [])
    )


def filled(values: dict, current: dict | None, name: str, default: Any = None) -> Any:
    """The row's value where the cell was filled, else what the record holds, else the default."""
    value = values.get(name)
    if value not in (None, "", []):
        return value
    if current is not None and current.get(name) is not None:
        return current[name]
    return default
