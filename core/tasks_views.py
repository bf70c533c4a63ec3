"""The page of a background job (core.tasks): its progress, then its file or its failure."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django_htmx.middleware import HtmxDetails

from core.models import BackgroundJob
from core.permissions import can_see_job
from core.tasks import recover_stalled, session_hash


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails  # django_htmx's middleware sets it


def owner_session(request: HttpRequest) -> str | None:
    """The session key a visitor's job is tied to, making the session (and its cookie) if there is none yet."""
    if request.user.is_authenticated:
        return None
    if request.session.session_key is None:
        request.session.save()
    request.session.modified = True  # so the session cookie is sent
    return request.session.session_key


def _job(request: HttpRequest, pk: int) -> BackgroundJob:
    job = get_object_or_404(BackgroundJob, pk=pk)
    if not can_see_job(request.user, job, session_hash(request.session.session_key)):
        raise Http404  # whether someone else's job exists is not told
    return job


@never_cache
def job_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    recover_stalled()  # a worker that died is noticed here too, not only by the next worker
    job = _job(request, pk)
    template = "core/_job_status.html" if request.htmx else "core/job_page.html"
    return render(request, template, {"job": job})


@never_cache
def job_file(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    if job.status != BackgroundJob.Status.DONE or not job.result_file:
        raise Http404
    try:
        handle = default_storage.open(job.result_file)
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=job.result_name, content_type=job.result_type)
