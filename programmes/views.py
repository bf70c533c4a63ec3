from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from activities.models import Activity
from core.permissions import can_edit, visible
from impact import services as impact_services
from impact.rings import drawing
from network.models import Organisation
from programmes import services
from programmes.models import Action, ImpactRoute, Indicator, Programme, ProgrammeLine


def _visible_programmes(user):
    return visible(Programme.objects.all(), user, "organisations")


def programme_list(request):
    programmes = _visible_programmes(request.user).annotate(
        line_count=Count("lines", distinct=True), action_count=Count("lines__actions", distinct=True)
    )
    return render(request, "programmes/list.html", {"programmes": programmes})


def detail(request, slug):
    routes = ImpactRoute.objects.select_related("target_group", "ring1", "ring2", "ring3")
    actions = Action.objects.prefetch_related(
        "reports",
        "recommendations",
        "organisations",
        "activities",
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements")),
    )
    programme = get_object_or_404(
        _visible_programmes(request.user).prefetch_related(
            Prefetch(
                "lines",
                queryset=ProgrammeLine.objects.prefetch_related(
                    Prefetch("routes", queryset=routes), Prefetch("actions", queryset=actions)
                ),
            ),
            "organisations",
            "reported_figures",
        ),
        slug=slug,
    )
    activity_ids = services.programme_activity_ids(programme)
    activities = Activity.objects.filter(pk__in=activity_ids).select_related("figures").order_by("start")
    lines = programme.lines.all()
    model = impact_services.current_model()
    rings = impact_services.active_rings(model) if model else []
    route_drawings = [
        {"line": line, "route": route, "rings": drawing(rings, {d.pk for d in route.dimensions})}
        for line in lines
        for route in line.routes.all()
    ]
    indicators = [
        services.indicator_progress(indicator)
        for line in lines
        for action in line.actions.all()
        for indicator in action.indicators.all()
    ]
    return render(request, "programmes/detail.html", {
        "programme": programme,
        "route_drawings": route_drawings,
        "budget": services.budget_table(programme),
        "totals": services.rollup(programme),
        "line_totals": [(line, services.rollup(programme, line)) for line in lines],
        "activities": activities,
        "partners": Organisation.objects.filter(activities__in=activity_ids).distinct().order_by("name"),
        "reasoning_lines": services.reasoning_lines_with_evidence(programme),
        "indicators": indicators,
        "may_edit": can_edit(request.user, programme),
    })
