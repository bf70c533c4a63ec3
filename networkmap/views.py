"""The network map (/netwerk/), the same data as tables (/netwerk/lijst/) and as JSON (/netwerk.json).

Everything is computed and cached in networkmap (ties, analytics, cache, presentation); these views parse the
filters and pick what to show.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.permissions import is_coordinator
from core.views_helpers import paginate, query_without, render_list
from networkmap import cache, presentation
from networkmap.filters import MapFilterForm
from networkmap.shapes import Filters, Viewer

# Parameters that are not filters: kept out of the links between map, list and data.
VIEW_PARAMS = ("page", "toon", "sorteer")


def _filtered(request: HttpRequest) -> tuple[Viewer, MapFilterForm, Filters]:
    viewer = cache.viewer_for(request.user)
    form = MapFilterForm(request.GET, user=request.user, years=presentation.record_years(request.user))
    return viewer, form, form.filters()


def network_map(request: HttpRequest) -> HttpResponse:
    viewer, form, filters = _filtered(request)
    may_see_suggestions = is_coordinator(request.user)
    return render(
        request,
        "networkmap/map.html",
        {
            "form": form,
            "metrics": cache.metrics(filters, viewer, timezone.localdate().year),
            "suggestions": cache.not_yet_connected(filters, viewer) if may_see_suggestions else None,
            "filter_query": query_without(request, *VIEW_PARAMS),
            "view": "kaart",
        },
    )


def network_list(request: HttpRequest) -> HttpResponse:
    viewer, form, filters = _filtered(request)
    current = cache.network(filters, viewer)
    showing_ties = request.GET.get("toon") == "banden"
    order = request.GET.get("sorteer", "")
    if showing_ties:
        order = order if order in presentation.TIE_ORDERS else "sterkte"
        page = paginate(request, presentation.sorted_ties(current, order))
        page.object_list = presentation.describe_ties(current, page.object_list)
    else:
        order = order if order in presentation.ORGANISATION_ORDERS else "naam"
        page = paginate(request, presentation.sorted_organisations(current, order))
    view = "banden" if showing_ties else "organisaties"
    hidden = [("toon", "banden")] if showing_ties else []
    if "sorteer" in request.GET:
        hidden.append(("sorteer", order))
    return render_list(
        request,
        "networkmap/map_list.html",
        "networkmap/map_list_results.html",
        {
            "form": form,
            "page": page,
            "view": view,
            "order": order,
            "sampled": current.sampled,
            "extra_hidden": hidden,
            "query": query_without(request, "page"),
            "sort_query": query_without(request, "page", "sorteer"),
            "filter_query": query_without(request, *VIEW_PARAMS),
            "result_count": page.paginator.count,
        },
        tabs_template="networkmap/map_tabs.html",
    )


def network_data(request: HttpRequest) -> HttpResponse:
    viewer, _form, filters = _filtered(request)
    return HttpResponse(presentation.map_data(filters, viewer), content_type="application/json")
