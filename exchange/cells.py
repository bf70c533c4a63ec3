"""Reading one spreadsheet cell as a value: dates in the ways people type them, numbers with Dutch or English
decimal marks, yes and no, choices by code or label, and references to organisations, themes and dimensions.

A cell that cannot be read raises CellError with a message for the person who made the sheet. Lookups that
found a close match rather than an exact one say so (Noted), so the dry run can show what was assumed.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.utils import translation
from django.utils.translation import gettext as _

from core.exports import FORMULA_START
from core.text import dutch_stem, normalise_key

MONTHS = {
    "jan": 1,
    "januari": 1,
    "january": 1,
    "feb": 2,
    "februari": 2,
    "february": 2,
    "mrt": 3,
    "maart": 3,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "mei": 5,
    "may": 5,
    "jun": 6,
    "juni": 6,
    "june": 6,
    "jul": 7,
    "juli": 7,
    "july": 7,
    "aug": 8,
    "augustus": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oct": 10,
    "oktober": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
DAY_NAMES = {
    "ma",
    "maandag",
    "di",
    "dinsdag",
    "wo",
    "woensdag",
    "do",
    "donderdag",
    "vr",
    "vrijdag",
    "za",
    "zaterdag",
    "zo",
    "zondag",
    "mon",
    "monday",
    "tue",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
}
YES = {"ja", "j", "yes", "y", "1", "x", "true", "waar", "akkoord"}
NO = {"nee", "n", "no", "0", "false", "onwaar"}
LIST_SEPARATORS = re.compile(r"\s*[;\n|]\s*|\s*,\s*")
DATE_NUMERIC = re.compile(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})")
TIME = re.compile(r"(\d{1,2})(?:[:.u]|h)(\d{2})?")
# Excel's day numbers from 1955 to 2064, as a CSV shows a date column that was not formatted as a date.
SERIAL = re.compile(r"[23456]\d{4}([.,]\d+)?")
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


class CellError(ValueError):
    pass


@dataclass
class Noted:
    """A value read with remarks, e.g. which dimension a variant spelling was taken for."""

    value: Any
    notices: list[str] = field(default_factory=list)


def text(cell: str, max_length: int) -> str:
    value = cell.strip()
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        # rimpel's own downloads put an apostrophe before what a spreadsheet would run; it is not part of the text.
        value = value[1:]
    if len(value) > max_length:
        raise CellError(_("Longer than %(count)s characters.") % {"count": max_length})
    return value


def integer(cell: str, minimum: int = 0, maximum: int = 2_000_000_000) -> int | None:
    """A whole number, with or without thousands separators (1.250, 1,250, 1 250)."""
    value = cell.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{1,3}([., ]\d{3})+", value):
        value = re.sub(r"[., ]", "", value)
    elif re.fullmatch(r"-?\d+[.,]0+", value):  # 12,0 as a spreadsheet may write a whole number
        value = re.split(r"[.,]", value)[0]
    if not re.fullmatch(r"-?\d{1,15}", value):
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": cell.strip()})
    number = int(value)
    if not minimum <= number <= maximum:
        raise CellError(
            _("%(value)s lies outside %(minimum)s–%(maximum)s.")
            % {"value": number, "minimum": minimum, "maximum": maximum}
        )
    return number


def amount(cell: str, max_digits: int = 12) -> Decimal | None:
    """A sum of money as written in Dutch (€ 1.234,50) or English (1,234.50) notation, in cents, with at most
    max_digits digits as the column stores it."""
    cleaned = re.sub(r"[€\s]|eur(o)?", "", cell.strip(), flags=re.IGNORECASE).rstrip("-").rstrip(",")
    if not cleaned:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+,\d{1,2}", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise CellError(_("“%(value)s” is not an amount.") % {"value": cell.strip()})
    value = Decimal(cleaned)
    if value < 0:
        raise CellError(_("An amount cannot be negative."))
    if value >= Decimal(10) ** (max_digits - 2):
        raise CellError(_("“%(value)s” is larger than this field holds.") % {"value": cell.strip()})
    return value.quantize(Decimal("0.01"))


def date(cell: str) -> dt.date | None:
    """3-10-2025, 03/10/2025, 2025-10-03, 3 oktober 2025, vr 3 okt. 2025, October 3, 2025, or the day number a
    spreadsheet keeps a date as (45719) — day before month where the order is ambiguous, as Dutch sheets write it."""
    value = cell.strip()
    return _filled_date(value) if value else None


def _serial(value: str) -> dt.datetime | None:
    """A date as the number of days Excel counts (45719 is 3-3-2025), with the time of day as its fraction; what a
    date column shows in a CSV saved from a sheet in which it was not formatted as a date."""
    found = SERIAL.fullmatch(value)
    if found is None:
        return None
    days = float(value.replace(",", "."))
    return EXCEL_EPOCH + dt.timedelta(minutes=round(days * 24 * 60))


def _filled_date(value: str) -> dt.date:
    try:
        if (serial := _serial(value)) is not None:
            return serial.date()
        return dt.date.fromisoformat(value[:10]) if re.match(r"\d{4}-\d{2}-\d{2}", value) else _date(value)
    except (ValueError, OverflowError):
        raise CellError(
            _("“%(value)s” is not a date. Write it as 3-10-2025 or 2025-10-03.") % {"value": value}
        ) from None


def _date(value: str) -> dt.date:
    numeric = DATE_NUMERIC.fullmatch(value.split(" ")[0])
    if numeric:
        first, second, third = numeric.groups()
        if len(first) == 4:
            return dt.date(int(first), int(second), int(third))
        return dt.date(_year(third), int(second), int(first))
    words = [word for word in re.split(r"[\s,.]+", value.casefold()) if word and word not in DAY_NAMES]
    if len(words) == 3:
        if words[0].isdigit() and words[1] in MONTHS:
            return dt.date(_year(words[2]), MONTHS[words[1]], int(words[0]))
        if words[0] in MONTHS and words[1].isdigit():
            return dt.date(_year(words[2]), MONTHS[words[0]], int(words[1]))
    raise ValueError(value)


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if year < 100 else year


def time(cell: str) -> dt.time | None:
    """19:30, 19.30, 19u30, 9u, 19h, 9.30 uur, 9:30:00 AM, 7 pm, or the fraction of a day a spreadsheet keeps a
    time as (0,395833)."""
    value = re.sub(r"\s*(uur|u|h)\.?$", "", cell.strip().casefold()) if cell.strip() else ""
    if not value:
        return None
    if re.fullmatch(r"0[.,]\d+", value):
        minutes = round(float(value.replace(",", ".")) * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    value, noon = re.subn(r"\s*p\.?m\.?$", "", value)
    value = re.sub(r"\s*a\.?m\.?$", "", value)
    if re.fullmatch(r"\d{1,2}:\d{2}:\d{2}", value):
        value = value.rsplit(":", 1)[0]
    match = TIME.fullmatch(value) or (re.fullmatch(r"\d{1,2}", value) and re.fullmatch(r"(\d{1,2})()", value))
    try:
        if not match:
            raise ValueError(value)
        hour = int(match.group(1))
        return dt.time(hour + 12 if noon and hour < 12 else hour, int(match.group(2) or 0))
    except ValueError:
        raise CellError(_("“%(value)s” is not a time. Write it as 19:30.") % {"value": cell.strip()}) from None


def time_span(cell: str) -> tuple[dt.time, dt.time | None] | None:
    """A time, or a span of two as a time column may hold it: "9.30 - 12.00 uur", "19:30 tot 21:00"."""
    parts = [part for part in re.split(r"\s*(?:-|–|tot|t/m|to|until)\s*", cell.strip()) if part]
    if len(parts) == 2:
        return cast(dt.time, time(parts[0])), time(parts[1])
    start = time(cell)
    return (start, None) if start else None


def date_and_time(cell: str) -> tuple[dt.date, dt.time | None] | None:
    """A cell holding a date and perhaps a time: "3-10-2025 19:30", "2025-10-03T19:30:00"."""
    value = cell.strip()
    if not value:
        return None
    serial = _serial(value)
    if serial is not None:
        return serial.date(), (serial.time() if serial.time() != dt.time.min else None)
    iso = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})(:\d{2})?", value)
    if iso:
        return _filled_date(iso.group(1)), time(iso.group(2))
    found = re.fullmatch(r"(.*?\d{2,4})\s+(?:om\s+|at\s+)?(\d{1,2}[:.u]\d{2})(\s*uur)?", value)
    if found:
        return _filled_date(found.group(1)), time(found.group(2))
    return _filled_date(value), None


def yes_no(cell: str) -> bool | None:
    folded = normalise_key(cell)
    if not folded:
        return None
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise CellError(_("“%(value)s” is not yes or no.") % {"value": cell.strip()})


def labels_of(choices: Iterable[tuple[str, object]], extra: dict[str, str] | None = None) -> dict[str, str]:
    """Folded code and Dutch and English label → code, for matching a cell against a model's choices."""
    lookup = {normalise_key(word): code for word, code in (extra or {}).items()}
    for code, label in choices:
        lookup[normalise_key(str(code))] = code
        for language in ("nl", "en"):
            with translation.override(language):
                lookup[normalise_key(str(label))] = code
    return lookup


def choice(cell: str, lookup: dict[str, str]) -> str | None:
    folded = normalise_key(cell)
    if not folded:
        return None
    if folded in lookup:
        return lookup[folded]
    # "Secondary education (vo)": a label with its code in brackets, or the code alone.
    for part in re.findall(r"\(([^)]*)\)", cell):
        if normalise_key(part) in lookup:
            return lookup[normalise_key(part)]
    raise CellError(
        _("Unknown value “%(value)s”. Use one of: %(known)s.")
        % {"value": cell.strip(), "known": ", ".join(sorted(set(lookup.values())))}
    )


def split_list(cell: str) -> list[str]:
    return [part for part in LIST_SEPARATORS.split(cell.strip()) if part]


def stemmed(text: str) -> str:
    """A name folded to its word stems, so "Verbinding en initiatief" meets "Verbindingen & initiatieven"."""
    return " ".join(
        dutch_stem(word)
        for word in normalise_key(text.replace("&", " en ").replace("+", " en ")).split()
        if word not in {"en", "and"}
    )
