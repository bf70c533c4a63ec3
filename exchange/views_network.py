"""The coordinator's download of the whole network (issue 8): one JSON file, see exchange.network_export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import tasks
from core.permissions import can_export_network, require
from exchange import jobs
from exchange.network_export import SCHEMA_PATH


@login_required
@require_GET
def network_export(request: HttpRequest) -> HttpResponse:
    require(can_export_network(request.user))
    return render(request, "exchange/network_export.html", {"schema_path": SCHEMA_PATH})


@login_required
@require_POST
def network_export_download(request: HttpRequest) -> HttpResponse:
    """The worker writes the file (a national network takes a while); one made for the same data is shown at once."""
    require(can_export_network(request.user))
    key = tasks.job_key(jobs.KIND, {}, tasks.data_version())
    job = tasks.kept(key)
    if job is not None:
        messages.success(request, _("The export file of the network as it is now was made already."))
    else:
        job = tasks.start(jobs.KIND, title=_("Export of the whole network"), parameters={}, user=request.user, key=key)
        messages.success(request, _("The export file is being made."))
    return redirect("tasks:job", pk=job.pk)
