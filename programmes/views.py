from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity
from core import fragments
from core.parsing import parse_id, parse_year
from core.permissions import can_edit, can_publish, is_coordinator, require, visible
from core.record_views import create_view, edit_view, publish_view, send_back_view
from core.services import apply_draft_rule
from core.views_helpers import paginate, query_without, render_form
from impact import services as impact_services
from impact.models import TargetGroup
from impact.rings import drawing
from programmes import services
from programmes.forms import (
    ActionForm,
    ActionReportForm,
    BudgetLineForm,
    IndicatorForm,
    MeasurementForm,
    ProgrammeForm,
    ProgrammeLineForm,
    ReasoningLineForm,
    RecommendationForm,
    RouteForm,
    StepFormSet,
)
from programmes.models import (
    Action,
    ActionReport,
    ImpactRoute,
    Indicator,
    Programme,
    ProgrammeLine,
    ReasoningLine,
    Recommendation,
)
from programmes.topics import DASHBOARD, figures_topics
from projects.models import Project


def _visible_programmes(user):
    return visible(Programme.objects.all(), user, "organisations")


def programme_list(request):
    programmes = _visible_programmes(request.user).annotate(
        line_count=Count("lines", distinct=True), action_count=Count("lines__actions", distinct=True)
    )
    return render(request, "programmes/list.html", {"programmes": programmes})


def _visible_links(user) -> list[Prefetch]:
    """An action's activities and projects as this user may see them (drafts only for their editors)."""
    return [
        Prefetch("activities", queryset=visible(Activity.objects.all(), user, "organisers").order_by("start")),
        Prefetch("projects", queryset=visible(Project.objects.all(), user, "leads")),
    ]


def _linked_activities(user) -> QuerySet[Activity]:
    """Activities as the dashboard shows them, a programme's hundreds: links with their titles, so only those
    columns are read."""
    return visible(Activity.objects.only("title", "slug"), user, "organisers")


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(_visible_programmes(request.user).prefetch_related("organisations"), slug=slug)
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            # The dashboard's figures are computed only when its cached block is rendered anew (core.fragments).
            "dashboard_key": fragments.key(DASHBOARD, request.user, programme.pk),
            # Within it, the blocks of figures, goal tree, budget and partners read only FIGURES_APPS' tables: a new
            # story leaves them as they were, and only the sections that count stories are made anew.
            "figures_key": SimpleLazyObject(lambda: fragments.key_of(figures_topics(), request.user, programme.pk)),
            "figures": SimpleLazyObject(lambda: _figures(request, programme)),
            "evidence": SimpleLazyObject(lambda: _evidence(request, programme)),
            "may_edit": can_edit(request.user, programme),
            "may_publish": can_publish(request.user),
        },
    )


def _figures(request: HttpRequest, programme: Programme) -> dict:
    """What the dashboard's figures, goal tree, indicators, budget and partners show."""
    records = services.programme_activities(programme)
    # The linked activities by their ids, read once: joined through the programme's actions, SQLite (without
    # statistics) walked every published activity of the network instead (70 ms at city scale).
    linked = _linked_activities(request.user).filter(pk__in=records.linked)
    actions = Action.objects.prefetch_related(
        "reports",
        "recommendations",
        "organisations",
        Prefetch("activities", queryset=linked.order_by("start")),
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements")),
    )
    # On the programme itself, so that the services below read its lines from memory too.
    prefetch_related_objects(
        [programme],
        Prefetch("lines", queryset=ProgrammeLine.objects.prefetch_related(Prefetch("actions", queryset=actions))),
        "reported_figures",
    )
    lines = programme.lines.all()
    partners = list(services.involved_organisations(records.ids).order_by("name"))
    return {
        "lines": lines,
        "reported_figures": programme.reported_figures.all(),
        "budget": services.budget_table(programme),
        "totals": services.summed(records, partners=len(partners)),
        "line_totals": [(line, services.summed(records, line)) for line in lines],
        "breakdowns": [
            (_("Per year"), _("Year"), services.rollup_by_year(records), "year"),
            (_("Per theme"), _("Theme"), services.rollup_by(programme, "theme", records.ids), "theme"),
            (_("Per line of the network"), _("Line"), services.rollup_by(programme, "line", records.ids), "line"),
        ],
        "partners": partners,
        "indicators": [
            services.indicator_progress(indicator)
            for line in lines
            for action in line.actions.all()
            for indicator in action.indicators.all()
        ],
    }


def _evidence(request: HttpRequest, programme: Programme) -> dict:
    """What the dashboard's impact routes, coverage and reasoning lines show (they count stories as evidence)."""
    routes = ImpactRoute.objects.select_related("target_group", "ring1", "ring2", "ring3")
    lines = ProgrammeLine.objects.filter(programme=programme).prefetch_related(Prefetch("routes", queryset=routes))
    model = impact_services.current_model()
    cited = list(  # the reasoning lines' activities by their ids, as the actions' in _figures
        ReasoningLine.activities.through.objects.filter(reasoningline__programme=programme).values_list(
            "activity_id", flat=True
        )
    )
    return {
        "route_drawings": [
            {
                "line": line,
                "route": route,
                "rings": drawing(impact_services.active_rings(model, chosen), chosen),
            }
            for line in lines
            for route in line.routes.all()
            if model and (chosen := {d.pk for d in route.dimensions})
        ],
        "coverage": services.model_coverage(programme),
        "reasoning_lines": services.reasoning_lines_with_evidence(programme).prefetch_related(
            Prefetch("activities", queryset=_linked_activities(request.user).filter(pk__in=cited))
        ),
    }


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
    group = next((g for g in groups if g.slug == params.get("target_group")), None)
    if group is None and params.get("target_group"):
        messages.warning(
            request, _("There is no target group “%(slug)s”; showing the first one.") % {"slug": params["target_group"]}
        )
    group = group or (groups[0] if groups else None)
    saved = line.routes.filter(target_group=group).first()
    wanted = {number: parse_id(params.get(f"ring{number}")) for number in (1, 2, 3)}
    if saved and not any(wanted.values()):
        wanted = {1: saved.ring1_id, 2: saved.ring2_id, 3: saved.ring3_id}
    model = impact_services.current_model()
    rings = impact_services.active_rings(model, set(wanted.values())) if model else []
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
    return render(
        request,
        "programmes/reasoning_form.html",
        {
            "programme": programme,
            "form": form,
            "steps": steps,
            "heading": heading,
        },
    )


def programme_activities(request, slug):
    """The records behind the programme's first-degree figures, page by page."""
    programme = get_object_or_404(_visible_programmes(request.user), slug=slug)
    line_pk = parse_id(request.GET.get("lijn"))
    line = programme.lines.filter(pk=line_pk).first() if line_pk else None
    activities = Activity.objects.filter(pk__in=services.programme_activity_ids(programme, line))
    # The breakdowns on the programme page link here with one of these.
    year = parse_year(request.GET.get("jaar"))
    if year:
        activities = activities.filter(start__year=year)
    if theme := request.GET.get("thema"):
        activities = activities.filter(themes__slug=theme)
    if network_line := request.GET.get("netwerklijn"):
        activities = activities.filter(lines__slug=network_line)
    page = paginate(request, activities.select_related("figures").distinct().order_by("start", "title"))
    narrowed = bool(year or theme or network_line)
    return render(
        request,
        "programmes/activities.html",
        {
            "programme": programme,
            "line": line,
            "narrowed": narrowed,
            "page": page,
            "query": query_without(request, "page"),
        },
    )


def _editable_programme(request, slug) -> Programme:
    programme = get_object_or_404(Programme, slug=slug)
    require(can_edit(request.user, programme))
    return programme


def _save_form(request, form, save, *, heading: str, cancel_url: str, done_url):
    """Show a form; on a valid post run save() (which may raise ValidationError) and go to done_url
    (a URL, or a function giving one once the record is saved)."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                save()
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(done_url() if callable(done_url) else done_url)
    return render_form(request, form, heading=heading, cancel_url=cancel_url)


def _programme_form(request: HttpRequest, programme: Programme | None) -> ProgrammeForm:
    return ProgrammeForm(request.POST or None, instance=programme, may_assign=is_coordinator(request.user))


def _save_programme(request: HttpRequest, form: ProgrammeForm) -> Programme:
    apply_draft_rule(form.instance, keep_published=can_publish(request.user))
    return form.save()


programme_create = create_view(
    form=_programme_form,
    save=_save_programme,
    heading=gettext_lazy("New programme"),
    cancel_url=reverse_lazy("programmes:list"),
    saved_message=gettext_lazy("Your changes were saved."),
    may_create=is_coordinator,
)


def _edit_heading(programme: Programme) -> str:
    return _("Edit “%(title)s”") % {"title": programme.name}


programme_edit = edit_view(Programme, form=_programme_form, save=_save_programme, heading=_edit_heading)


@login_required
def line_form(request, slug, pk=None):
    programme = _editable_programme(request, slug)
    line = get_object_or_404(programme.lines.all(), pk=pk) if pk else ProgrammeLine(programme=programme)
    form = ProgrammeLineForm(request.POST or None, instance=line)
    heading = _("Edit “%(title)s”") % {"title": line.title} if pk else _("New ambition or action line")
    return _save_form(
        request,
        form,
        form.save,
        heading=heading,
        cancel_url=programme.get_absolute_url(),
        done_url=f"{programme.get_absolute_url()}#tree-heading",
    )


@login_required
def action_form(request, slug, line_pk=None, pk=None):
    programme = _editable_programme(request, slug)
    if pk:
        action = get_object_or_404(Action, pk=pk, line__programme=programme)
    else:
        action = Action(line=get_object_or_404(programme.lines.all(), pk=line_pk))
    form = ActionForm(
        request.POST or None,
        instance=action,
        activity_choices=visible(Activity.objects.all(), request.user, "organisers").order_by("-start"),
        project_choices=visible(Project.objects.all(), request.user, "leads"),
    )
    heading = _("Edit “%(title)s”") % {"title": action.title} if pk else _("New action")
    return _save_form(
        request,
        form,
        form.save,
        heading=heading,
        cancel_url=programme.get_absolute_url(),
        done_url=lambda: reverse("programmes:action", args=[slug, form.instance.pk]),
    )


def action_page(request, slug, pk):
    programme = get_object_or_404(_visible_programmes(request.user), slug=slug)
    action = get_object_or_404(
        Action.objects.select_related("line").prefetch_related(
            "reports",
            "recommendations",
            "organisations",
            *_visible_links(request.user),
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements")),
        ),
        pk=pk,
        line__programme=programme,
    )
    return render(
        request,
        "programmes/action.html",
        {
            "programme": programme,
            "action": action,
            "indicators": [
                {"progress": progress, "chart": services.indicator_chart(progress)}
                for progress in (services.indicator_progress(indicator) for indicator in action.indicators.all())
            ],
            "may_edit": can_edit(request.user, programme),
        },
    )


def _action_child(request, slug, pk):
    programme = _editable_programme(request, slug)
    action = get_object_or_404(Action, pk=pk, line__programme=programme)
    return programme, action, reverse("programmes:action", args=[slug, action.pk])


@login_required
def report_form(request, slug, pk, report_pk=None):
    _programme, action, action_url = _action_child(request, slug, pk)
    report = get_object_or_404(action.reports.all(), pk=report_pk) if report_pk else ActionReport(action=action)
    form = ActionReportForm(request.POST or None, instance=report)
    return _save_form(
        request,
        form,
        lambda: services.save_report(form.instance),
        heading=_("Report on “%(title)s”") % {"title": action.title},
        cancel_url=action_url,
        done_url=action_url,
    )


@login_required
def recommendation_form(request, slug, pk, recommendation_pk=None):
    _programme, action, action_url = _action_child(request, slug, pk)
    if recommendation_pk:
        recommendation = get_object_or_404(action.recommendations.all(), pk=recommendation_pk)
        heading = _("Edit recommendation")
    else:
        recommendation, heading = Recommendation(action=action), _("New recommendation")
    form = RecommendationForm(request.POST or None, instance=recommendation)
    return _save_form(request, form, form.save, heading=heading, cancel_url=action_url, done_url=action_url)


@login_required
def indicator_form(request, slug, pk):
    _programme, action, action_url = _action_child(request, slug, pk)
    form = IndicatorForm(request.POST or None, instance=Indicator(action=action))
    return _save_form(request, form, form.save, heading=_("New indicator"), cancel_url=action_url, done_url=action_url)


@login_required
def measurement_form(request, slug, pk, indicator_pk):
    _programme, action, action_url = _action_child(request, slug, pk)
    indicator = get_object_or_404(action.indicators.all(), pk=indicator_pk)
    form = MeasurementForm(request.POST or None, initial={"unit": indicator.unit})
    return _save_form(
        request,
        form,
        lambda: services.add_measurement(indicator, **form.cleaned_data),
        heading=_("New measurement of “%(name)s”") % {"name": indicator.name},
        cancel_url=action_url,
        done_url=action_url,
    )


@login_required
def budget_form(request, slug, line_pk):
    programme = _editable_programme(request, slug)
    line = get_object_or_404(programme.lines.all(), pk=line_pk)
    form = BudgetLineForm(request.POST or None)
    return _save_form(
        request,
        form,
        lambda: services.save_budget_line(line, **form.cleaned_data),
        heading=_("Budget of “%(title)s”") % {"title": line.title},
        cancel_url=programme.get_absolute_url(),
        done_url=f"{programme.get_absolute_url()}#budget-heading",
    )


publish = publish_view(
    Programme,
    published_message=gettext_lazy("The programme is published and visible to everyone."),
    draft_message=gettext_lazy("The programme is a draft again and hidden from the public."),
)
send_back = send_back_view(Programme)
