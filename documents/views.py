from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from accounts.http import AuthenticatedHttpRequest
from core.permissions import can_manage_documents, is_coordinator, require, require_visible
from core.views_helpers import already_submitted, confirm_delete, paginate, query_without, render_list, save_once
from documents import services, targets
from documents.filters import DocumentFilter
from documents.forms import DocumentForm
from documents.models import Document
from documents.permissions import may_see_document, visible_documents
from documents.uploads import limit_uploads

# Served in the page (not as a download) only what cannot run: images, which the upload re-encoded with Pillow.
# PDFs and Office documents can hold scripts and macros, so they are downloaded, never opened in the site's origin.
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp"}


def library(request: HttpRequest) -> HttpResponse:
    documents = visible_documents(Document.objects.all(), request.user).prefetch_related("themes", "lines")
    document_filter = DocumentFilter(request.GET, queryset=documents)
    page = paginate(request, document_filter.qs)
    return render_list(
        request,
        "documents/library.html",
        "documents/_results.html",
        {
            "filter": document_filter,
            "page": page,
            "result_count": page.paginator.count,
            "query": query_without(request, "page"),
            "may_add": is_coordinator(request.user),
        },
    )


def _document(request: HttpRequest, pk: int) -> Document:
    document = get_object_or_404(Document, pk=pk)
    if not may_see_document(request.user, document):
        raise Http404
    return document


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    record = targets.find(document.target_kind, document.target_id)
    return render(
        request,
        "documents/detail.html",
        {"document": document, "record": record, "may_manage": can_manage_documents(request.user, record)},
    )


def download(request: HttpRequest, pk: int) -> FileResponse:
    document = _document(request, pk)
    if not document.file:
        raise Http404
    try:
        stored = default_storage.open(document.file.name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        stored,
        content_type=document.content_type,
        as_attachment=document.content_type not in INLINE_TYPES,
        filename=f"{slugify(document.title)[:80] or 'document'}{document.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser did render it, nothing in it runs or loads anything.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    # A shared cache may keep only what everyone may see: not members-only, and attached to a public record.
    public = not document.members_only and targets.is_public(document.target_kind, document.target_id)
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


def _form_page(request: HttpRequest, form: DocumentForm, heading: str, cancel_url: str, status: int = 200):
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "heading": heading,
            "cancel_url": cancel_url,
            "max_mb": settings.DOCUMENTS_MAX_UPLOAD_BYTES // (1024 * 1024),
        },
        status=status,
    )


def _attach_form(request, record, cancel_url, heading, refused):
    if request.method != "POST":
        return _form_page(request, DocumentForm(), heading, cancel_url)
    form = DocumentForm(request.POST, request.FILES, refused_files=refused)
    if earlier := already_submitted(request, form):
        return earlier
    if not form.is_valid():
        return _form_page(request, form, heading, cancel_url, status=400)
    return save_once(
        request,
        form,
        lambda: services.save_document(
            form.instance,
            target=record,
            upload=form.cleaned_data["file"],
            recognised=form.recognised,
            themes=form.cleaned_data["themes"],
            lines=form.cleaned_data["lines"],
            uploader=request.user,
        ),
        _("The document was added."),
    )


@csrf_exempt
@login_required
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    handler = limit_uploads(request)
    return _create(request, handler.refused)


@csrf_protect
def _create(request: AuthenticatedHttpRequest, refused: list[str]) -> HttpResponse:
    require(can_manage_documents(request.user, None))
    return _attach_form(request, None, reverse("documents:library"), _("New document of the network"), refused)


@csrf_exempt
@login_required
def attach(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    handler = limit_uploads(request)
    return _attach(request, kind, pk, handler.refused)


@csrf_protect
def _attach(request: AuthenticatedHttpRequest, kind: str, pk: int, refused: list[str]) -> HttpResponse:
    record = targets.find(kind, pk)
    if record is None:
        raise Http404
    require_visible(request.user, record)
    require(can_manage_documents(request.user, record))
    heading = _("Add a document to %(record)s") % {"record": record}
    return _attach_form(request, record, record.get_absolute_url(), heading, refused)  # type: ignore[attr-defined]


def _managed(request: HttpRequest, pk: int) -> tuple[Document, Model | None]:
    document = _document(request, pk)
    record = targets.find(document.target_kind, document.target_id)
    require(can_manage_documents(request.user, record))
    return document, record


@csrf_exempt
@login_required
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    handler = limit_uploads(request)
    return _edit(request, pk, handler.refused)


@csrf_protect
def _edit(request: AuthenticatedHttpRequest, pk: int, refused: list[str]) -> HttpResponse:
    document, _record = _managed(request, pk)
    heading = _("Change %(title)s") % {"title": document.title}
    if request.method != "POST":
        return _form_page(request, DocumentForm(instance=document), heading, document.get_absolute_url())
    form = DocumentForm(request.POST, request.FILES, instance=document, refused_files=refused)
    if not form.is_valid():
        return _form_page(request, form, heading, document.get_absolute_url(), status=400)
    services.save_document(
        form.instance,
        upload=form.cleaned_data["file"],
        recognised=form.recognised,
        themes=form.cleaned_data["themes"],
        lines=form.cleaned_data["lines"],
    )
    messages.success(request, _("The document was saved."))
    return redirect(document)


@login_required
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document, record = _managed(request, pk)
    done_url = record.get_absolute_url() if record is not None else reverse("documents:library")  # type: ignore[attr-defined]
    if request.method == "POST":
        services.delete_document(document)
        messages.success(request, _("The document was removed."))
        return redirect(done_url)
    return confirm_delete(request, document, done_url=done_url, done_message="")
