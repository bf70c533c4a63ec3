"""The coordinator's page of school data: the releases, an upload checked by a dry run before it is imported,
and removing a release."""

import datetime as dt
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from core import staging
from core.models import StagedUpload
from core.permissions import can_manage_school_data, require
from core.staging_views import StagedCheck, staged_check
from schooldata.forms import ReleaseUploadForm
from schooldata.models import DataRelease, ReleaseKind
from schooldata.services import ImportResult, delete_release, import_file

SCHOOL_DATA_UPLOAD = "school_data"


@login_required
def releases(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The releases imported so far, and the upload of a new file (checked first, nothing imported yet)."""
    require(can_manage_school_data(request.user))
    form = ReleaseUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        staged = staging.stage(
            request.user,
            SCHOOL_DATA_UPLOAD,
            content=upload.read(),
            filename=upload.name or "",
            payload=form.payload(),
            replace=True,
        )
        return redirect("schooldata:check", token=staged.token)
    return render(
        request,
        "schooldata/releases.html",
        {
            "form": form,
            "releases": DataRelease.objects.select_related("imported_by").order_by("kind", "-reference_date"),
            "kinds": ReleaseKind.choices,
        },
        status=400 if form.errors else 200,
    )


def _run(staged: StagedUpload, *, dry_run: bool, user: User | None = None) -> ImportResult:
    """The import service on the staged file, written to a temporary file for it."""
    payload = staged.payload
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        path.write_bytes(bytes(staged.content))
        return import_file(
            path,
            user=user,
            dry_run=dry_run,
            source_name=staged.filename,
            municipality=payload.get("municipality", ""),
            reference_date=dt.date.fromisoformat(payload["reference_date"]) if payload.get("reference_date") else None,
        )


def _import(staged: StagedUpload, user: User) -> ImportResult | None:
    """Import all rows or none; None when the file was imported already (a form posted twice)."""
    with transaction.atomic():
        if not staging.consume(staged):
            return None
        result = _run(staged, dry_run=False, user=user)
        if result.errors:
            transaction.set_rollback(True)  # the file stays waiting, to be cancelled or looked at again
    return result


def _imported(result: ImportResult) -> str | None:
    if result.release is None:
        return None
    return _("%(release)s imported. Rows kept: %(kept)s; left out: %(left)s.") % {
        "release": result.release,
        "kept": result.rows_imported,
        "left": result.rows_skipped,
    }


CHECK = StagedCheck[ImportResult](
    upload_kind=SCHOOL_DATA_UPLOAD,
    allowed=can_manage_school_data,
    home="schooldata:releases",
    not_waiting=gettext_lazy(
        "No checked file is waiting: it was imported or cancelled already, or it is older than a day."
    ),
    template="schooldata/check.html",
    context=lambda staged, result: {"result": result, "staged": staged},
    dry_run=lambda staged: _run(staged, dry_run=True),
    run_import=_import,
    imported=_imported,
)


@login_required
def check(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The dry run: what the file is, what would be kept and left out, and every problem by row and column.
    POST: import (all rows or none) or cancel."""
    return staged_check(request, token, CHECK)


@login_required
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask, then remove a release with all its rows."""
    require(can_manage_school_data(request.user))
    release = get_object_or_404(DataRelease, pk=pk)
    if request.method == "POST":
        delete_release(release)
        messages.success(request, _("%(release)s is removed, with its rows.") % {"release": release})
        return redirect("schooldata:releases")
    return render(request, "schooldata/delete.html", {"release": release})
