"""/zoeken/index/: the coordinator's view of the search index and its rebuild in the background (search.jobs)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedHttpRequest
from core import tasks
from core.models import BackgroundJob
from core.permissions import can_rebuild_search_index, require
from search import jobs
from search.models import SearchEntry
from search.views import KIND_LABELS

Status = BackgroundJob.Status


@login_required
@require_http_methods(["GET", "POST"])
def index_state(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the index holds per kind, and a button that rebuilds it. While a rebuild waits or runs (anyone's), the
    button leads to that one instead of starting a second."""
    require(can_rebuild_search_index(request.user))
    running = BackgroundJob.objects.filter(kind=jobs.KIND, status__in=[Status.QUEUED, Status.RUNNING]).first()
    if request.method == "POST":
        if running is not None:
            messages.info(request, _("The search index is being rebuilt already. This is that rebuild."))
            return redirect("tasks:job", pk=running.pk)
        job = tasks.start(jobs.KIND, title=_("Rebuild of the search index"), parameters={}, user=request.user)
        messages.success(request, _("The rebuild of the search index has started."))
        return redirect("tasks:job", pk=job.pk)
    counts = dict(SearchEntry.objects.values_list("kind").annotate(count=Count("pk")).order_by())
    last = BackgroundJob.objects.filter(kind=jobs.KIND, status=Status.DONE).order_by("-finished_at").first()
    return render(
        request,
        "search/index_state.html",
        {
            "kinds": [(label, counts.get(kind, 0)) for kind, label in KIND_LABELS.items()],
            "total": sum(counts.values()),
            "running": running,
            "last": last,
        },
    )
