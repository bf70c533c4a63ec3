"""The create, edit, publish and delete views shared by the records editors keep (activities, projects, offerings,
programmes, organisations, people, stories). An app declares its views with these functions, giving only what
differs: the form, the save service, the texts and where to go. Who may do what is asked of core.permissions."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import SendBackForm
from core.models import Publishable
from core.permissions import can_delete, can_publish, can_send_back, is_editor, require, require_edit, require_visible
from core.services import send_back, set_publication
from core.views_helpers import already_submitted, confirm_delete, render_form, save_once

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # only in the stubs: what gettext_lazy and reverse_lazy return

RecordT = TypeVar("RecordT", bound=Model)
FormT = TypeVar("FormT", bound=BaseForm)
View = Callable[..., HttpResponse]
# Builds the form bound to the request's POST (if any): for a new record (None) or to change the given one.
FormFactory: TypeAlias = Callable[[HttpRequest, RecordT | None], FormT]
# Writes a valid form through the app's save service and returns the saved record; may raise ValidationError.
Save: TypeAlias = Callable[[HttpRequest, FormT], RecordT]
Text: TypeAlias = "str | _StrPromise"  # a message, usually gettext_lazy so it is translated per request


def create_view(
    *,
    form: FormFactory[RecordT, FormT],
    save: Save[FormT, RecordT],
    heading: Text,
    cancel_url: Text,
    saved_message: Text,
    may_create: Callable[..., bool] = is_editor,
    invalid_status: int = 200,
) -> View:
    """The page with the form for a new record. A second post of the same form (its one-time token) leads to the
    record the first one made instead of making another."""

    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        require(may_create(request.user))
        bound = form(request, None)
        if request.method == "POST":
            if earlier := already_submitted(request, bound):
                return earlier
            if bound.is_valid():
                try:
                    return save_once(request, bound, lambda: save(request, bound), saved_message)
                except ValidationError as error:
                    _show_errors(bound, error)
        return render_form(
            request, bound, heading=heading, cancel_url=cancel_url, status=invalid_status if bound.errors else 200
        )

    return view


def edit_view(
    records: type[RecordT] | QuerySet[RecordT],
    *,
    form: FormFactory[RecordT, FormT],
    save: Save[FormT, RecordT],
    heading: Callable[[RecordT], Text] | None = None,
    invalid_status: int = 200,
) -> View:
    """The page with the form to change a record, found in records by the URL's arguments (slug or pk). heading
    gives the page's heading for the record; by default “Edit <its title>”."""

    @login_required
    def view(request: HttpRequest, **lookup: str | int) -> HttpResponse:
        # Any: every record kept this way has a title and a page (get_absolute_url), which Model does not declare.
        record: Any = get_object_or_404(records, **lookup)
        require_edit(request.user, record)
        # Before the form is bound: an invalid post must not change the heading or the draft notice.
        was_published = _is_published(record)
        page_heading = heading(record) if heading else _("Edit “%(title)s”") % {"title": record.title}
        bound = form(request, record)
        if request.method == "POST" and bound.is_valid():
            try:
                with transaction.atomic():
                    save(request, bound)
            except ValidationError as error:
                _show_errors(bound, error)
            else:
                if was_published and not _is_published(record):
                    messages.success(
                        request, _("Your changes were saved. They go public once a coordinator publishes them again.")
                    )
                else:
                    messages.success(request, _("Your changes were saved."))
                return redirect(record)
        return render_form(
            request,
            bound,
            heading=page_heading,
            cancel_url=record.get_absolute_url(),
            status=invalid_status if bound.errors else 200,
        )

    return view


def publish_view(records: type[Publishable] | QuerySet, *, published_message: Text, draft_message: Text) -> View:
    """Publish (POST publish=1) a record or make it a draft again (publish=0); coordinators only."""

    @login_required
    @require_POST
    def view(request: HttpRequest, **lookup: str | int) -> HttpResponse:
        record = get_object_or_404(records, **lookup)
        require_visible(request.user, record)
        require(can_publish(request.user))
        published = request.POST.get("publish") == "1"
        set_publication(record, published)
        messages.success(request, published_message if published else draft_message)
        return redirect(record)

    return view


def send_back_view(records: type[Publishable] | QuerySet) -> View:
    """Ask a coordinator why (GET), then send the draft back to its editors with that reason (POST)."""

    @login_required
    def view(request: HttpRequest, **lookup: str | int) -> HttpResponse:
        # Any: every publishable record has a title and a page (get_absolute_url), which Publishable does not declare.
        record: Any = get_object_or_404(records, **lookup)
        require_visible(request.user, record)
        require(can_send_back(request.user))
        if record.is_published:
            messages.error(request, _("Only a draft can be sent back. This one is published."))
            return redirect(record)
        bound = SendBackForm(request.POST if request.method == "POST" else None)
        if bound.is_valid():
            # cast: login_required lets only a logged-in user (a User, not AnonymousUser) this far.
            send_back(record, bound.cleaned_data["reason"], by=cast(AbstractBaseUser, request.user))
            messages.success(request, _("The draft was sent back. Its editors get your reason by e-mail."))
            return redirect(record)
        return render_form(
            request,
            bound,
            heading=_("Send “%(title)s” back to its editors") % {"title": record},
            cancel_url=record.get_absolute_url(),
            status=400 if bound.errors else 200,
        )

    return view


def delete_view(
    records: type[RecordT] | QuerySet[RecordT], *, done_url: "Text | Callable[[RecordT], str]", done_message: Text
) -> View:
    """Ask before deleting a record (GET), delete it on POST and go to done_url (a URL, or one for the record)."""

    @login_required
    def view(request: HttpRequest, **lookup: str | int) -> HttpResponse:
        record = get_object_or_404(records, **lookup)
        require_visible(request.user, record)
        require(can_delete(request.user, record))
        return confirm_delete(
            request, record, done_url=done_url(record) if callable(done_url) else done_url, done_message=done_message
        )

    return view


def _is_published(record: Model) -> bool:
    return isinstance(record, Publishable) and record.is_published


def _show_errors(form: BaseForm, error: ValidationError) -> None:
    """Problems the save service found that the form could not (a clashing name, a cycle) shown above the form."""
    for message in error.messages:
        form.add_error(None, message)
