"""Merging two organisations (coordinators): choose the other one and which stays, confirm what will move, see the
result, and undo it on the same day. The work is network.merging's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from core.permissions import can_merge_organisations, require
from network import merging
from network.forms import KEEP_OTHER, MergeForm
from network.models import Organisation, OrganisationMerge


@login_required
def organisation_merge(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(can_merge_organisations(request.user))
    form = MergeForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        other = form.cleaned_data["other"]
        gone, stays = (organisation, other) if form.cleaned_data["keep"] == KEEP_OTHER else (other, organisation)
        return redirect("network:merge_confirm", gone.slug, stays.slug)
    return render(
        request,
        "network/merge_choose.html",
        {"form": form, "organisation": organisation, "labels": merging.organisation_labels()},
        status=400 if form.errors else 200,
    )


@login_required
def merge_confirm(request: AuthenticatedHttpRequest, gone: str, stays: str) -> HttpResponse:
    """What the merge will do; the merge itself on POST."""
    require(can_merge_organisations(request.user))
    plan = merging.plan_merge(get_object_or_404(Organisation, slug=gone), get_object_or_404(Organisation, slug=stays))
    if request.method == "POST" and not plan.problems:
        try:
            merge = merging.merge_organisations(plan.gone, plan.stays, by=request.user)
        except merging.MergeRefused as refused:
            plan.problems = refused.reasons
        else:
            messages.success(
                request,
                _("“%(gone)s” was merged into “%(stays)s”. Its old address leads there now.")
                % {"gone": merge.gone_name, "stays": merge.stays.name},
            )
            return redirect(merge)
    not_done = plan.problems and request.method == "POST"
    return render(request, "network/merge_confirm.html", {"plan": plan}, status=400 if not_done else 200)


@login_required
def merge_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The result of a merge: what moved, the fields filled, the conflicts, and the undo while it can be done."""
    require(can_merge_organisations(request.user))
    merge = get_object_or_404(OrganisationMerge.objects.select_related("stays", "merged_by"), pk=pk)
    labels = {relation.key: merging.relation_label(relation) for relation in merging.relations()}
    moved = [(labels.get(key, key), len(pks)) for key, pks in merge.snapshot["moved"].items()]
    return render(
        request,
        "network/merge_detail.html",
        {"merge": merge, "moved": moved, "undo_problem": merging.undo_problem(merge)},
    )


@login_required
def merge_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(can_merge_organisations(request.user))
    merge = get_object_or_404(OrganisationMerge.objects.select_related("stays"), pk=pk)
    problem = merging.undo_problem(merge)
    if request.method == "POST" and problem is None:
        try:
            restored = merging.undo_merge(merge)
        except merging.MergeRefused as refused:
            problem = refused.reasons[0]
        else:
            messages.success(
                request,
                _("The merge was undone: “%(name)s” is back, with what it had.") % {"name": restored.name},
            )
            return redirect(restored)
    return render(request, "network/merge_undo.html", {"merge": merge, "problem": problem})
