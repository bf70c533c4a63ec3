from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import tasks
from core.permissions import can_edit, require, visible
from core.ratelimit import client_address, hit
from core.tasks_views import owner_session
from core.views_helpers import confirm_delete, render_form
from programmes.models import Programme
from reports import data, jobs, renderers
from reports.forms import EvaluationSourceForm, ReportTextsForm
from reports.models import EvaluationSource
from reports.services import save_texts

FILES_PER_HOUR = 30
HOUR = 3600


def _programme(request: HttpRequest, slug: str) -> Programme:
    return get_object_or_404(visible(Programme.objects.all(), request.user, "organisations"), slug=slug)


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    return render(
        request,
        "reports/overview.html",
        {
            "programme": programme,
            "kinds": list(jobs.KIND_NAMES.items()),
            "sources": programme.evaluation_sources.all(),
            "may_edit": can_edit(request.user, programme),
        },
    )


def report(request: HttpRequest, slug: str, kind: str, fmt: str = "html") -> HttpResponse | FileResponse:
    if kind not in data.KINDS or fmt not in renderers.FORMATS:
        raise Http404
    programme = _programme(request, slug)
    if fmt == "html":
        return HttpResponse(
            renderers.render_html(
                data.build(kind, programme, get_language()),
                pdf_url=reverse("reports:file", args=[slug, kind, "pdf"]),
                docx_url=reverse("reports:file", args=[slug, kind, "docx"]),
            )
        )
    # A file takes seconds to make: the worker makes it (reports.jobs) and keeps it for this data version.
    parameters = jobs.parameters(programme, kind, fmt, get_language(), request.build_absolute_uri("/"))
    key = tasks.job_key(jobs.KIND, parameters, tasks.data_version())
    kept = tasks.kept(key)
    if request.method == "POST" and kept is None:
        # Each file costs the worker seconds: a client asks for a limited number an hour.
        if not hit(f"report-files:{client_address(request)}", FILES_PER_HOUR, HOUR):
            messages.error(request, _("You asked for many files in a short time. Try again in an hour."))
            return redirect("reports:overview", slug=slug)
        job = tasks.start(
            jobs.KIND,
            title=jobs.title(programme, kind, fmt),
            parameters=parameters,
            user=request.user,
            session_key=owner_session(request),
            key=key,
        )
        messages.success(request, _("The file is being made."))
        return redirect("tasks:job", pk=job.pk)
    if kept is not None:
        return FileResponse(
            default_storage.open(kept.result_file),
            as_attachment=True,
            filename=jobs.file_name(programme, kind, fmt),
            content_type=jobs.CONTENT_TYPES[fmt],
        )
    return render(
        request,
        "reports/make_file.html",
        {"programme": programme, "title": jobs.title(programme, kind, fmt)},
    )


def _editable(request: HttpRequest, slug: str) -> Programme:
    programme = _programme(request, slug)  # a draft others may not see stays a 404
    require(can_edit(request.user, programme))
    return programme


@login_required
def texts(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _editable(request, slug)
    form = ReportTextsForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        save_texts(programme, form.cleaned_data)
        messages.success(request, _("The report texts were saved."))
        return redirect("reports:overview", slug=slug)
    return render_form(
        request,
        form,
        heading=_("Report texts of %(programme)s") % {"programme": programme},
        cancel_url=reverse("reports:overview", args=[slug]),
        status=400 if form.errors else 200,
    )


@login_required
def source_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    programme = _editable(request, slug)
    source = (
        get_object_or_404(EvaluationSource, pk=pk, programme=programme) if pk else EvaluationSource(programme=programme)
    )
    form = EvaluationSourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The source was saved."))
        return redirect("reports:overview", slug=slug)
    heading = _("Edit source") if pk else _("Add an evaluation source")
    return render_form(
        request,
        form,
        heading=heading,
        cancel_url=reverse("reports:overview", args=[slug]),
        status=400 if form.errors else 200,
    )


@login_required
def source_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = _editable(request, slug)
    source = get_object_or_404(EvaluationSource, pk=pk, programme=programme)
    return confirm_delete(
        request, source, done_url=reverse("reports:overview", args=[slug]), done_message=_("The source was removed.")
    )
