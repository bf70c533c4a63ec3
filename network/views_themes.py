"""The themes (coordinators): the list with the number of records per theme, add, rename, retire and restore, and
merge with a confirmation of what moves. The work is network.themes'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.permissions import can_manage_themes, require
from core.views_helpers import render_form
from network import themes
from network.forms_identity import ThemeForm, ThemeMergeForm
from network.merging import MergeRefused
from network.models import Theme


@login_required
def theme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(can_manage_themes(request.user))
    rows = themes.theme_rows()
    merges = [(merge, themes.moved_shown(merge.moved)) for merge in themes.recent_merges()]
    return render(
        request,
        "network/theme_list.html",
        {
            "offered": [row for row in rows if row.theme.retired_at is None],
            "retired": [row for row in rows if row.theme.retired_at is not None],
            "merges": merges,
        },
    )


@login_required
def theme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(can_manage_themes(request.user))
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        theme = themes.save_theme(form.save(commit=False))
        messages.success(request, _("The theme “%(name)s” was added.") % {"name": theme.name})
        return redirect("network:theme_list")
    return render_form(request, form, heading=_("New theme"), cancel_url=reverse("network:theme_list"))


@login_required
def theme_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    require(can_manage_themes(request.user))
    theme = get_object_or_404(Theme, slug=slug)
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        theme = themes.save_theme(form.save(commit=False))
        messages.success(request, _("The theme is now called “%(name)s”.") % {"name": theme.name})
        return redirect("network:theme_list")
    return render_form(
        request,
        form,
        heading=_("Rename the theme “%(name)s”") % {"name": theme.name},
        cancel_url=reverse("network:theme_list"),
    )


@login_required
@require_POST
def theme_retire(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Retire the theme (POST retire=1) or restore it (retire=0)."""
    require(can_manage_themes(request.user))
    theme = get_object_or_404(Theme, slug=slug)
    retire = request.POST.get("retire") == "1"
    themes.set_retired(theme, retire)
    if retire:
        messages.success(
            request,
            _("“%(name)s” is retired. Forms and filters no longer offer it; records that have it keep it.")
            % {"name": theme.name},
        )
    else:
        messages.success(request, _("“%(name)s” is offered again.") % {"name": theme.name})
    return redirect("network:theme_list")


@login_required
def theme_merge(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Choose the theme this one merges into."""
    require(can_manage_themes(request.user))
    theme = get_object_or_404(Theme, slug=slug)
    form = ThemeMergeForm(request.POST or None, theme=theme)
    if request.method == "POST" and form.is_valid():
        return redirect("network:theme_merge_confirm", theme.slug, form.cleaned_data["stays"].slug)
    return render_form(
        request,
        form,
        heading=_("Merge the theme “%(name)s”") % {"name": theme.name},
        cancel_url=reverse("network:theme_list"),
    )


@login_required
def theme_merge_confirm(request: AuthenticatedHttpRequest, gone: str, stays: str) -> HttpResponse:
    """How many records of each kind move; the merge itself on POST."""
    require(can_manage_themes(request.user))
    gone_theme, stays_theme = get_object_or_404(Theme, slug=gone), get_object_or_404(Theme, slug=stays)
    problems = [_("Choose two different themes.")] if gone_theme.pk == stays_theme.pk else []
    if request.method == "POST" and not problems:
        try:
            themes.merge_themes(gone_theme, stays_theme, by=request.user)
        except MergeRefused as refused:
            problems = refused.reasons
        else:
            messages.success(
                request,
                _("“%(gone)s” was merged into “%(stays)s”. Its records have “%(stays)s” now.")
                % {"gone": gone_theme.name, "stays": stays_theme.name},
            )
            return redirect("network:theme_list")
    return render(
        request,
        "network/theme_merge_confirm.html",
        {"gone": gone_theme, "stays": stays_theme, "moving": themes.plan_merge(gone_theme), "problems": problems},
        status=400 if problems else 200,
    )
