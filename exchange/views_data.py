"""Spreadsheet imports on the web: upload, check with the columns shown and choosable, then import or cancel."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from accounts.http import AuthenticatedHttpRequest
from core.models import StagedUpload
from core.parsing import parse_int
from core.permissions import can_import_data, require
from core.staging_views import StagedCheck, staged_check
from exchange import data_import, jobs
from exchange.forms import DataImportForm
from exchange.import_kinds import KINDS
from exchange.services import SPREADSHEET_UPLOAD, stage_spreadsheet
from exchange.spreadsheet import Kind, Outcome


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose what the file holds and upload it; it is kept for the check, nothing is imported yet."""
    require(can_import_data(request.user))
    form = DataImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        staged = stage_spreadsheet(
            request.user,
            form.cleaned_data["kind"],
            form.cleaned_data["programme"],
            accept_suggestions=form.cleaned_data["accept_suggestions"],
            content=upload.read(),
            filename=upload.name or "",
        )
        return redirect("exchange:data_import_check", token=staged.token)
    return render(
        request,
        "exchange/data_import.html",
        {"form": form, "kinds": KINDS.values()},
        status=400 if form.errors else 200,
    )


def _posted_choices(request: HttpRequest, staged: StagedUpload) -> None:
    """The column per header (column-N), the values for rows without one (set-FIELD) and the choice per
    near-duplicate (near-ROW: same or new)."""
    kind = KINDS[staged.payload["kind"]]
    staged.payload["columns"] = {
        header: request.POST.get(f"column-{position}", "")
        for position, header in enumerate(request.POST.getlist("header"))
        if header
    }
    staged.payload["preset"] = {
        candidate.name: value
        for candidate in kind.fields
        if (value := request.POST.get(f"set-{candidate.name}", "").strip())
    }
    staged.payload["near"] = {
        name.removeprefix("near-"): value == "same"
        for name, value in request.POST.items()
        if name.startswith("near-") and parse_int(name.removeprefix("near-")) is not None
    }


def _imported(result: tuple[Kind, Outcome]) -> str | None:
    kind, outcome = result
    return data_import.imported_message(kind, outcome) if outcome.applied else None


def _context(staged: StagedUpload, result: tuple[Kind, Outcome]) -> dict[str, Any]:
    kind, outcome = result
    return {
        "filename": staged.filename,
        "programme": data_import.programme_of(staged),
        "kind": kind,
        "outcome": outcome,
        "counts": data_import.counts(outcome),
        "field_choices": [(candidate.name, candidate.label) for candidate in kind.fields],
        "unmapped_required": outcome.unmapped_required_labels,
        "defaults": _defaults(kind, outcome),
        "preset_fields": [
            (candidate.name, candidate.label, staged.payload.get("preset", {}).get(candidate.name, ""))
            for candidate in kind.fields
        ],
    }


CHECK = StagedCheck[tuple[Kind, Outcome]](
    upload_kind=SPREADSHEET_UPLOAD,
    allowed=can_import_data,
    home="exchange:data_import",
    not_waiting=gettext_lazy(
        "No checked file is waiting to be imported: it was imported or cancelled already, or it is older "
        "than a day. Upload it again if needed."
    ),
    template="exchange/data_import_check.html",
    context=_context,
    dry_run=lambda staged: data_import.outcome(staged, write=False),
    run_import=data_import.import_staged,
    imported=_imported,
    choose=_posted_choices,
    job_kind=jobs.IMPORT,
    is_large=lambda staged: data_import.rows(staged) > data_import.BACKGROUND_ROWS,
)


@login_required
def check(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The dry run: what would be created, changed or left alone, every problem by row and column, and the
    columns with the field each one goes to. POST: choose columns again, import, or cancel."""
    return staged_check(request, token, CHECK)


def _defaults(kind: Kind, outcome: Outcome) -> list[str]:
    """Why new records get a value the file has no column for, e.g. the most careful consent for stories."""
    mapped = {column.field.name for column in outcome.columns if column.field}
    return [
        str(reason)
        for name, (_value, reason) in kind.defaults.items()
        if name not in mapped and name not in outcome.preset
    ]
