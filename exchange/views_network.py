"""The coordinator's download of the whole network (issue 8): one JSON file, see exchange.network_export."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.permissions import can_export_network, require
from exchange.network_export import SCHEMA_PATH, dumps, export_network, file_name


@login_required
@require_GET
def network_export(request: HttpRequest) -> HttpResponse:
    require(can_export_network(request.user))
    return render(request, "exchange/network_export.html", {"schema_path": SCHEMA_PATH})


@login_required
@require_GET
def network_export_download(request: HttpRequest) -> HttpResponse:
    """The file is built in memory: the demo network makes about 1 MB in well under a second (bench_network_export)."""
    require(can_export_network(request.user))
    body = dumps(export_network()).encode()
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name()}"'
    response["Cache-Control"] = "no-store"
    return response
