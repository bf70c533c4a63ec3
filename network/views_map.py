"""The network map (/netwerk/), the same data as tables (/netwerk/lijst/) and as JSON (/netwerk.json).

Everything is computed and cached in network.graph; these views parse the filters and pick what to show.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.permissions import is_coordinator
from core.views_helpers import paginate, query_without, render_list
from network import graph
from network.map_filters import MapFilterForm

# Parameters that are not filters: kept out of the links between map, list and data.
VIEW_PARAMS = ("page", "toon", "sorteer")


def _filtered(request):
    viewer = graph.viewer_for(request.user)
    form = MapFilterForm(request.GET, user=request.user, years=graph.record_years(request.user))
    return viewer, form, form.filters()


def network_map(request):
    viewer, form, filters = _filtered(request)
    may_see_suggestions = is_coordinator(request.user)
    return render(
        request,
        "network/map.html",
        {
            "form": form,
            "metrics": graph.metrics(filters, viewer, timezone.localdate().year),
            "suggestions": graph.not_yet_connected(filters, viewer) if may_see_suggestions else None,
            "filter_query": query_without(request, *VIEW_PARAMS),
            "view": "kaart",
        },
    )


def network_list(request):
    viewer, form, filters = _filtered(request)
    current = graph.network(filters, viewer)
    showing_ties = request.GET.get("toon") == "banden"
    order = request.GET.get("sorteer", "")
    if showing_ties:
        order = order if order in graph.TIE_ORDERS else "sterkte"
        page = paginate(request, graph.sorted_ties(current, order))
        page.object_list = graph.describe_ties(current, page.object_list)
    else:
        order = order if order in graph.ORGANISATION_ORDERS else "naam"
        page = paginate(request, graph.sorted_organisations(current, order))
    view = "banden" if showing_ties else "organisaties"
    hidden = [("toon", "banden")] if showing_ties else []
    if "sorteer" in request.GET:
        hidden.append(("sorteer", order))
    return render_list(
        request,
        "network/map_list.html",
        "network/map_list_results.html",
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
        tabs_template="network/map_tabs.html",
    )


def network_data(request):
    viewer, _form, filters = _filtered(request)
    return HttpResponse(graph.map_data(filters, viewer), content_type="application/json")
