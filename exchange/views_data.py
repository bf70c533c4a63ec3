"""Spreadsheet imports on the web: upload, check with the columns shown and choosable, then import or cancel."""

import datetime as dt
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from core.permissions import can_import_data, require
from core.text import normalise_key
from exchange.forms import DataImportForm
from exchange.import_kinds import KINDS
from exchange.models import ImportMapping, PendingImport
from exchange.references import Lookups
from exchange.spreadsheet import Kind, Outcome, read_sheet, run

KEEP_PENDING = dt.timedelta(days=1)


def _remembered(kind: str) -> dict:
    mapping = ImportMapping.objects.filter(kind=kind).first()
    return mapping.columns if mapping else {}


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose what the file holds and upload it; it is kept for the check, nothing is imported yet."""
    require(can_import_data(request.user))
    form = DataImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        PendingImport.objects.filter(created_at__lt=timezone.now() - KEEP_PENDING).delete()
        upload = form.cleaned_data["file"]
        pending = PendingImport.objects.create(
            token=secrets.token_urlsafe(32),
            kind=form.cleaned_data["kind"],
            programme=form.cleaned_data["programme"],
            created_by=request.user,
            filename=(upload.name or "")[:200],
            content=upload.read(),
            accept_suggestions=form.cleaned_data["accept_suggestions"],
        )
        return redirect("exchange:data_import_check", token=pending.token)
    return render(
        request,
        "exchange/data_import.html",
        {"form": form, "kinds": KINDS.values()},
        status=400 if form.errors else 200,
    )


def _pending(request: AuthenticatedHttpRequest, token: str) -> PendingImport:
    require(can_import_data(request.user))
    return get_object_or_404(
        PendingImport, token=token, created_by=request.user, created_at__gte=timezone.now() - KEEP_PENDING
    )


def _outcome(pending: PendingImport, *, write: bool, user: User | None = None) -> tuple[Kind, Outcome]:
    kind = KINDS[pending.kind]
    mapping = {**_remembered(pending.kind), **pending.columns}
    upload = SimpleUploadedFile(pending.filename, bytes(pending.content))
    sheet = read_sheet(upload, kind, mapping)
    lookups = Lookups(pending.programme, user, accept_suggestions=pending.accept_suggestions)
    return kind, run(kind, sheet, lookups, mapping=mapping, write=write)


@login_required
def check(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The dry run: what would be created, changed or left alone, every problem by row and column, and the
    columns with the field each one goes to. POST: choose columns again, import, or cancel."""
    pending = _pending(request, token)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        pending.delete()
        messages.info(request, _("Nothing was imported."))
        return redirect("exchange:data_import")
    if action in ("columns", "import"):
        pending.columns = {
            header: request.POST.get(f"column-{position}", "")
            for position, header in enumerate(request.POST.getlist("header"))
            if header
        }
        pending.save(update_fields=["columns"])
    if action == "import":
        with transaction.atomic():
            kind, outcome = _outcome(pending, write=True, user=request.user)
            if outcome.applied:
                ImportMapping.objects.update_or_create(
                    kind=pending.kind,
                    defaults={
                        "columns": {
                            **_remembered(pending.kind),
                            **{
                                normalise_key(column.header): column.field.name if column.field else ""
                                for column in outcome.columns
                            },
                        }
                    },
                )
                pending.delete()
        if outcome.applied:
            messages.success(
                request,
                _("%(kind)s imported: %(create)s new, %(update)s changed, %(unchanged)s unchanged.")
                % {"kind": str(kind.label).capitalize(), **_counts(outcome)},
            )
            return redirect("exchange:data_import")
        return _page(request, pending, kind, outcome, status=400)
    if action == "columns":
        return redirect("exchange:data_import_check", token=pending.token)
    kind, outcome = _outcome(pending, write=False)
    return _page(request, pending, kind, outcome)


def _counts(outcome: Outcome) -> dict[str, int]:
    return {name: outcome.counts.get(name, 0) for name in ("create", "update", "unchanged")}


def _page(
    request: HttpRequest, pending: PendingImport, kind: Kind, outcome: Outcome, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "exchange/data_import_check.html",
        {
            "pending": pending,
            "kind": kind,
            "outcome": outcome,
            "counts": _counts(outcome),
            "field_choices": [(candidate.name, candidate.label) for candidate in kind.fields],
            "unmapped_required": outcome.unmapped_required,
        },
        status=status,
    )
