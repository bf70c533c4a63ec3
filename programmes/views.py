from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from core.permissions import can_edit, visible
from impact import services as impact_services
from impact.rings import drawing
from programmes import services
from programmes.models import Action, ImpactRoute, Programme, ProgrammeLine


def _visible_programmes(user):
    return visible(Programme.objects.all(), user, "organisations")


def programme_list(request):
    programmes = _visible_programmes(request.user).annotate(
        line_count=Count("lines", distinct=True), action_count=Count("lines__actions", distinct=True)
    )
    return render(request, "programmes/list.html", {"programmes": programmes})


def detail(request, slug):
    routes = ImpactRoute.objects.select_related("target_group", "ring1", "ring2", "ring3")
    actions = Action.objects.prefetch_related("reports", "recommendations", "organisations", "activities")
    programme = get_object_or_404(
        _visible_programmes(request.user).prefetch_related(
            Prefetch(
                "lines",
                queryset=ProgrammeLine.objects.prefetch_related(
                    Prefetch("routes", queryset=routes), Prefetch("actions", queryset=actions)
                ),
            ),
            "organisations",
        ),
        slug=slug,
    )
    model = impact_services.current_model()
    rings = impact_services.active_rings(model) if model else []
    route_drawings = [
        {"line": line, "route": route, "rings": drawing(rings, {d.pk for d in route.dimensions})}
        for line in programme.lines.all()
        for route in line.routes.all()
    ]
    return render(request, "programmes/detail.html", {
        "programme": programme,
        "route_drawings": route_drawings,
        "budget": services.budget_table(programme),
        "may_edit": can_edit(request.user, programme),
    })
