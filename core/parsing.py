"""Numbers from the outside (query strings, form fields, URL parts) read one way everywhere: ASCII digits within a
range, or nothing. `str.isdigit()` is true for "²" (which int() refuses) and int() reads "٣" and 5,000 digits;
the database refuses ids above 2⁶³ and the calendar years outside FIRST_YEAR–LAST_YEAR, so such input must stop
here rather than as a server error further on."""

import re

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

# The largest id a database keeps (a signed 64-bit integer): a larger one can name no record.
ID_MAX = 2**63 - 1
# The years the calendar handles; far outside them date arithmetic (month grid, .ics end dates) overflows.
FIRST_YEAR, LAST_YEAR = 1901, 2999

_WHOLE = re.compile(r"-?[0-9]{1,19}")


def parse_int(text: object, minimum: int = 0, maximum: int = ID_MAX) -> int | None:
    """The whole number text spells in ASCII digits (a leading minus allowed) if it lies in minimum–maximum,
    else None."""
    if not isinstance(text, str) or not _WHOLE.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(text: object) -> int | None:
    """A record's id (1 up to what the database keeps), or None."""
    return parse_int(text, 1, ID_MAX)


def parse_year(text: object) -> int | None:
    """A year the calendar handles, or None."""
    return parse_int(text, FIRST_YEAR, LAST_YEAR)


class YearField(forms.IntegerField):
    """A year between FIRST_YEAR and LAST_YEAR. An IntegerField, not a DecimalField with a step: “1e309” is then
    simply not a whole number (the step check of a decimal crashes on infinity)."""

    default_error_messages = {
        "invalid": _("Enter a year as four digits."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_int(str(value).strip(), -ID_MAX, ID_MAX) is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


# A number as people write it: ASCII digits, the page's thousands separator between groups of three, its decimal
# separator once. Spaces between groups are allowed too ("17 000").
_LONGEST_WRITTEN_NUMBER = 40


def written_number(text: str) -> str | None:
    """The number text spells in the active language's notation ("17.000" and "1.234,5" in Dutch, "17,000" and
    "1,234.5" in English) as a plain decimal string ("17000", "1234.5"), or None when it is no such number.

    The other language's decimal separator is read as one where it cannot be a thousands separator ("226.00" and
    "1.5" on a Dutch page: what people paste from a spreadsheet or typed before); a single separator before
    exactly three digits is read the page's way."""
    decimal = get_format("DECIMAL_SEPARATOR", use_l10n=True)
    thousands = get_format("THOUSAND_SEPARATOR", use_l10n=True)
    text = re.sub(r"[ \u00a0\u202f]", "", text.strip())
    if len(text) > _LONGEST_WRITTEN_NUMBER:
        return None
    sign = ""
    if text and text[0] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    d, t = re.escape(decimal), re.escape(thousands)
    if re.fullmatch(rf"[0-9]{{1,3}}({t}[0-9]{{3}})+({d}[0-9]+)?|[0-9]+({d}[0-9]+)?", text):
        whole, _sep, fraction = text.replace(thousands, "").partition(decimal)
    elif re.fullmatch(rf"[0-9]+{t}([0-9]{{1,2}}|[0-9]{{4,}})", text):
        whole, _sep, fraction = text.partition(thousands)
    else:
        return None
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"
