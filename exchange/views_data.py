"""Spreadsheet imports on the web: upload, check with the columns shown and choosable, then import or cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from core import staging, tasks
from core.models import StagedUpload
from core.parsing import parse_int
from core.permissions import can_import_data, require
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


def _not_waiting(request: HttpRequest) -> HttpResponse:
    messages.info(
        request,
        _(
            "No checked file is waiting to be imported: it was imported or cancelled already, or it is older "
            "than a day. Upload it again if needed."
        ),
    )
    return redirect("exchange:data_import")


def _posted_choices(request: HttpRequest, staged: StagedUpload) -> None:
    """The values for rows without one (set-FIELD) and the choice per near-duplicate (near-ROW: same or new)."""
    kind = KINDS[staged.payload["kind"]]
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


@login_required
def check(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The dry run: what would be created, changed or left alone, every problem by row and column, and the
    columns with the field each one goes to. POST: choose columns again, import, or cancel."""
    require(can_import_data(request.user))
    staged = staging.find(request.user, SPREADSHEET_UPLOAD, token)
    if staged is None:
        return _not_waiting(request)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        if not staging.consume(staged):
            return _not_waiting(request)
        messages.info(request, _("Nothing was imported."))
        return redirect("exchange:data_import")
    if action in ("columns", "import"):
        staged.payload["columns"] = {
            header: request.POST.get(f"column-{position}", "")
            for position, header in enumerate(request.POST.getlist("header"))
            if header
        }
        _posted_choices(request, staged)
        staged.save(update_fields=["payload"])
    if action == "import":
        if data_import.rows(staged) > data_import.BACKGROUND_ROWS:
            job = tasks.start(
                jobs.IMPORT,
                title=_("Import of %(file)s") % {"file": staged.filename},
                parameters={"token": staged.token},
                user=request.user,
                key=tasks.job_key(jobs.IMPORT, {"token": staged.token}, ""),
            )
            messages.success(request, _("The import has started. This page shows how far it is."))
            return redirect("tasks:job", pk=job.pk)
        imported = data_import.import_staged(staged, request.user)
        if imported is None:  # imported by a form posted twice
            return _not_waiting(request)
        kind, outcome = imported
        if outcome.applied:
            messages.success(request, data_import.imported_message(kind, outcome))
            return redirect("exchange:data_import")
        return _page(request, staged, kind, outcome, status=400)
    if action == "columns":
        return redirect("exchange:data_import_check", token=staged.token)
    kind, outcome = data_import.outcome(staged, write=False)
    return _page(request, staged, kind, outcome)


def _page(request: HttpRequest, staged: StagedUpload, kind: Kind, outcome: Outcome, status: int = 200) -> HttpResponse:
    return render(
        request,
        "exchange/data_import_check.html",
        {
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
        },
        status=status,
    )


def _defaults(kind: Kind, outcome: Outcome) -> list[str]:
    """Why new records get a value the file has no column for, e.g. the most careful consent for stories."""
    mapped = {column.field.name for column in outcome.columns if column.field}
    return [
        str(reason)
        for name, (_value, reason) in kind.defaults.items()
        if name not in mapped and name not in outcome.preset
    ]
