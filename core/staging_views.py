"""The check page of a staged upload (core.staging): GET shows the dry run with every problem by row and column;
POST imports (all or nothing) or cancels. The spreadsheet import (exchange) and the school data (schooldata) share
it; each app passes in what is its own as a StagedCheck: its services, template, permission and texts."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import staging, tasks
from core.models import StagedUpload
from core.permissions import require

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

Result = TypeVar("Result")  # what the app's dry run and import return: what was (or would be) done, and why not


@dataclass(frozen=True)
class StagedCheck(Generic[Result]):
    upload_kind: str  # StagedUpload.kind
    allowed: Callable[[Any], bool]  # the core.permissions rule for the user
    home: str  # URL name of the upload page: where cancelling, importing and a lost upload lead
    not_waiting: "str | _StrPromise"  # the message when no checked upload waits under the token
    template: str
    context: Callable[[StagedUpload, Result], dict[str, Any]]
    dry_run: Callable[[StagedUpload], Result]
    # Imports and consumes the upload in one transaction (a file with problems imports nothing and stays waiting);
    # None when another request consumed it first (a form posted twice).
    run_import: Callable[[StagedUpload, Any], Result | None]
    imported: Callable[[Result], str | None]  # the confirmation; None when nothing was imported
    # Choices posted with the import or on their own (action "columns"), stored in the upload's payload.
    choose: Callable[[HttpRequest, StagedUpload], None] | None = None
    # Large uploads are imported in the background: the core.tasks job kind, with the token as its parameter.
    job_kind: str = ""
    is_large: Callable[[StagedUpload], bool] | None = None


def staged_check(request: HttpRequest, token: str, page: StagedCheck[Result]) -> HttpResponse:
    """The check page of the user's upload under the token; behind login_required."""
    require(page.allowed(request.user))
    staged = staging.find(request.user, page.upload_kind, token)
    if staged is None:
        return _not_waiting(request, page)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        if not staging.consume(staged):
            return _not_waiting(request, page)
        messages.info(request, _("Nothing was imported."))
        return redirect(page.home)
    if page.choose is not None and action in ("columns", "import"):
        page.choose(request, staged)
        staged.save(update_fields=["payload"])
        if action == "columns":
            return redirect(request.path)  # the check again, with the new choices
    if action == "import":
        if page.is_large is not None and page.is_large(staged):
            return _start_job(request, page, staged)
        result = page.run_import(staged, request.user)
        if result is None:  # imported by a form posted twice
            return _not_waiting(request, page)
        if confirmation := page.imported(result):
            messages.success(request, confirmation)
            return redirect(page.home)
        return _page(request, page, staged, result, status=400)
    return _page(request, page, staged, page.dry_run(staged))


def _not_waiting(request: HttpRequest, page: StagedCheck) -> HttpResponse:
    messages.info(request, page.not_waiting)
    return redirect(page.home)


def _start_job(request: HttpRequest, page: StagedCheck, staged: StagedUpload) -> HttpResponse:
    parameters = {"token": staged.token}
    job = tasks.start(
        page.job_kind,
        title=_("Import of %(file)s") % {"file": staged.filename},
        parameters=parameters,
        user=request.user,
        key=tasks.job_key(page.job_kind, parameters, ""),
    )
    messages.success(request, _("The import has started. This page shows how far it is."))
    return redirect("tasks:job", pk=job.pk)


def _page(
    request: HttpRequest, page: StagedCheck[Result], staged: StagedUpload, result: Result, status: int = 200
) -> HttpResponse:
    return render(request, page.template, page.context(staged, result), status=status)
