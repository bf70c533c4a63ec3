from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities.models import Activity
from core.permissions import can_edit, is_coordinator, require
from core.views_helpers import render_form
from impact import services
from impact.figures import save_all
from impact.forms import CompositionFormSet, HeadCountForm, InputsForm, MediaFormSet, SurveyFormSet
from impact.models import ActivityFigures, Dimension, Ring, TargetGroup
from impact.rings import drawing


def model_page(request):
    model = services.current_model()
    if model is None:
        raise Http404
    return render(
        request,
        "impact/model.html",
        {
            "model": model,
            "rings": drawing(services.active_rings(model)),
            "target_groups": TargetGroup.objects.all(),
            "may_edit": is_coordinator(request.user),
        },
    )


@login_required
@require_POST
def add_dimension(request, ring_id):
    require(is_coordinator(request.user))
    ring = get_object_or_404(Ring, pk=ring_id)
    try:
        dimension = services.add_dimension(ring, request.POST.get("name", ""), request.POST.get("name_en", ""))
        messages.success(
            request, _("Dimension “%(name)s” added to ring %(ring)s.") % {"name": dimension.name, "ring": ring.number}
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("impact:model")


@login_required
@require_POST
def change_dimension(request, pk):
    """Rename, move, retire or restore a dimension, as the pressed button says."""
    require(is_coordinator(request.user))
    dimension = get_object_or_404(Dimension.objects.select_related("ring"), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "rename":
            services.rename_dimension(dimension, request.POST.get("name", ""), request.POST.get("name_en", ""))
            messages.success(request, _("Dimension renamed."))
        elif action in ("up", "down"):
            services.move_dimension(dimension, -1 if action == "up" else 1)
        elif action in ("retire", "restore"):
            services.set_retired(dimension, action == "retire")
            messages.success(
                request,
                _("“%(name)s” is retired; what refers to it keeps it.") % {"name": dimension.name}
                if action == "retire"
                else _("“%(name)s” is in use again.") % {"name": dimension.name},
            )
        else:
            messages.error(request, _("Unknown change."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("impact:model")


@login_required
def activity_figures(request, slug):
    """The organiser records an activity's first-degree figures: head counts, composition, media, surveys."""
    activity = get_object_or_404(Activity, slug=slug)
    require(can_edit(request.user, activity))
    figures = ActivityFigures.objects.filter(activity=activity).first() or ActivityFigures(activity=activity)
    data = request.POST or None
    form = HeadCountForm(data, instance=figures)
    formsets = [
        (_("Composition of the participants"), CompositionFormSet(data, instance=figures, prefix="composition")),
        (_("Media reach"), MediaFormSet(data, instance=figures, prefix="media")),
        (_("Survey results"), SurveyFormSet(data, instance=figures, prefix="survey")),
    ]
    if request.method == "POST" and form.is_valid() and all(formset.is_valid() for _title, formset in formsets):
        save_all(form, [formset for _title, formset in formsets])
        messages.success(request, _("The figures were saved."))
        return redirect(activity)
    return render(
        request,
        "impact/figures_form.html",
        {
            "activity": activity,
            "form": form,
            "formsets": formsets,
        },
    )


@login_required
def edit_inputs(request):
    require(is_coordinator(request.user))
    model = services.current_model()
    if model is None:
        raise Http404
    form = InputsForm(request.POST or None, instance=model)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes were saved."))
        return redirect("impact:model")
    return render_form(request, form, heading=_("Inputs of the impact model"), cancel_url=reverse("impact:model"))


@login_required
@require_POST
def add_target_group(request):
    require(is_coordinator(request.user))
    try:
        group = services.add_target_group(request.POST.get("name", ""), request.POST.get("name_en", ""))
        messages.success(request, _("Target group “%(name)s” added.") % {"name": group.name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('impact:model')}#target-groups")
