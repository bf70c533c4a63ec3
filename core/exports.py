"""A list page's selection as a CSV or XLSX download (`?formaat=csv` or `?formaat=xlsx`).

A list view builds its filtered, visible queryset once; when `formaat` is in the query string it hands
that queryset to export_response with its columns instead of rendering the page. The export holds the
whole selection, not just the page shown, up to EXPORT_LIMIT rows.

A spreadsheet must never run a cell as a formula (CSV injection). In CSV every text cell goes through
safe_cell, which puts an apostrophe before a text that would start a formula. In XLSX every value is written as a
plain value (text, number or date), never as a formula; such a text is written as it is, as a text cell with the
quote-prefix style, so the reader sees the value itself and no formula runs.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_PARAMETER = "formaat"
FORMATS = ("csv", "xlsx")
# The most rows one export holds; a larger selection is cut off (narrow the filters to get the rest).
EXPORT_LIMIT = 10_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Column = tuple[str, Callable[[object], object]]


def safe_cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def wants_export(request) -> bool:
    return FORMAT_PARAMETER in request.GET


def joined(items: Iterable) -> str:
    """A list of things (themes, organisers) as one cell."""
    return ", ".join(str(item) for item in items)


def _plain(value, *, xlsx: bool):
    """The value as a CSV or XLSX cell: None empty, dates as dates (ISO text in CSV), text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.replace(tzinfo=None, microsecond=0)
        return value if xlsx else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value if xlsx else value.isoformat()
    if isinstance(value, int | float | Decimal):
        return value if xlsx else str(value)
    return str(value) if xlsx else safe_cell(str(value))


def export_response(request, filename_stem: str, columns: list[Column], rows: Iterable) -> HttpResponse:
    """The rows as a download in the format the query string asks for; 400 for an unknown format."""
    kind = request.GET.get(FORMAT_PARAMETER, "")
    if kind not in FORMATS:
        return HttpResponse(
            _("Unknown export format; use formaat=csv or formaat=xlsx."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if hasattr(rows, "__getitem__"):
        rows = rows[:EXPORT_LIMIT]
    headers = [str(header) for header, _value in columns]
    filename = f"{filename_stem}-{timezone.localdate().isoformat()}.{kind}"
    xlsx = kind == "xlsx"

    def lines():
        for count, record in enumerate(rows):
            if count >= EXPORT_LIMIT:
                break
            yield [_plain(value(record), xlsx=xlsx) for _header, value in columns]

    if xlsx:
        response = HttpResponse(_xlsx(headers, lines()), content_type=XLSX_TYPE)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([safe_cell(header) for header in headers])
        writer.writerows(lines())
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx(headers: list[str], lines) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = _text_cell(sheet, header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for line in lines:
        cells = []
        for value in line:
            if isinstance(value, str):
                cells.append(_text_cell(sheet, value))
                continue
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet, text: str):
    """A cell that holds text, never a formula (type "s", not "f"); a text a spreadsheet would take for a formula
    also gets the quote-prefix style, which keeps it text when someone edits the cell."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell
