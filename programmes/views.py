from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from activities.models import Activity
from core.permissions import can_edit, require, visible
from core.views_helpers import paginate, query_without
from impact import services as impact_services
from impact.models import TargetGroup
from impact.rings import drawing
from network.models import Organisation
from programmes import services
from programmes.forms import ReasoningLineForm, RouteForm, StepFormSet
from programmes.models import Action, ImpactRoute, Indicator, Programme, ProgrammeLine, ReasoningLine


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
        "partners": Organisation.objects.filter(activities__in=activity_ids).distinct().order_by("name"),
        "reasoning_lines": services.reasoning_lines_with_evidence(programme),
        "indicators": indicators,
        "may_edit": can_edit(request.user, programme),
    })


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def route_editor(request, slug, line_pk):
    """Turn the rings of an ambition to explore routes, and save one (editors of the programme)."""
    programme = get_object_or_404(_visible_programmes(request.user), slug=slug)
    line = get_object_or_404(programme.lines.all(), pk=line_pk)
    may_edit = can_edit(request.user, programme)
    form = RouteForm(request.POST or None)
    if request.method == "POST":
        require(may_edit)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_route(line, data["target_group"], data["ring1"], data["ring2"], data["ring3"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The route for %(group)s was saved.") % {"group": data["target_group"]})
                return redirect(f"{programme.get_absolute_url()}#routes-heading")
    params = request.POST if request.method == "POST" else request.GET
    groups = list(TargetGroup.objects.all())
    group = next((g for g in groups if g.slug == params.get("target_group")), groups[0] if groups else None)
    saved = line.routes.filter(target_group=group).first()
    wanted = {number: _int_or_none(params.get(f"ring{number}")) for number in (1, 2, 3)}
    if saved and not any(wanted.values()):
        wanted = {1: saved.ring1_id, 2: saved.ring2_id, 3: saved.ring3_id}
    model = impact_services.current_model()
    rings = impact_services.active_rings(model) if model else []
    choices = services.route_choices(rings, wanted)
    current = {f"ring{choice.number}": choice.current.pk for choice in choices}

    def query(**changes) -> str:
        return urlencode({"target_group": group.slug if group else "", **current, **changes})

    turns = [
        {
            "choice": choice,
            "back": query(**{f"ring{choice.number}": choice.previous.pk}),
            "on": query(**{f"ring{choice.number}": choice.following.pk}),
        }
        for choice in choices
    ]
    context = {
        "programme": programme,
        "line": line,
        "groups": groups,
        "group": group,
        "saved": saved,
        "turns": turns,
        "group_links": [(g, query(target_group=g.slug)) for g in groups],
        "current": current,
        "rings": drawing(rings, {choice.current.pk for choice in choices}),
        "form": form,
        "may_edit": may_edit,
        "oob": bool(request.htmx),
    }
    template = "programmes/_route_editor.html" if request.htmx else "programmes/route_editor.html"
    return render(request, template, context)


@login_required
def reasoning_line_form(request, slug, pk=None):
    """Write or change a reasoning line: activities → ring-1 effect → ring-2 effects → ring-3 effect."""
    programme = get_object_or_404(Programme, slug=slug)
    require(can_edit(request.user, programme))
    reasoning = get_object_or_404(programme.reasoning_lines.all(), pk=pk) if pk else ReasoningLine(programme=programme)
    data = request.POST or None
    form = ReasoningLineForm(data, instance=reasoning, programme=programme)
    steps = StepFormSet(data, instance=reasoning, form_kwargs={"programme": programme})
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        services.save_reasoning_line(form, steps)
        messages.success(request, _("The reasoning line was saved."))
        return redirect(f"{programme.get_absolute_url()}#reasoning-heading")
    heading = _("Edit “%(title)s”") % {"title": reasoning.title} if pk else _("New reasoning line")
    return render(request, "programmes/reasoning_form.html", {
        "programme": programme, "form": form, "steps": steps, "heading": heading,
    })


def programme_activities(request, slug):
    """The records behind the programme's first-degree figures, page by page."""
    programme = get_object_or_404(_visible_programmes(request.user), slug=slug)
    activities = (
        Activity.objects.filter(pk__in=services.programme_activity_ids(programme))
        .select_related("figures")
        .order_by("start", "title")
    )
    page = paginate(request, activities)
    return render(request, "programmes/activities.html", {
        "programme": programme, "page": page, "query": query_without(request, "page"),
    })
