"""The pages that keep the lines of work: a new line, its form, its open questions, retiring and deleting it.
Coordinators keep every line, holders their own (core.permissions.can_manage_line)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.permissions import can_manage_line, is_coordinator, require
from core.record_views import create_view
from core.views_helpers import already_submitted, render_form, save_once
from network import services_lines
from network.forms_lines import LineForm, LineQuestionForm
from network.models import Line, LineQuestion


def _line_form(request: HttpRequest, line: Line | None) -> LineForm:
    return LineForm(request.POST or None, instance=line)


def _save_line(request: HttpRequest, form: LineForm) -> Line:
    return services_lines.save_line(
        form.instance, holders=form.cleaned_data["holders"], themes=form.cleaned_data["themes"]
    )


line_create = create_view(
    form=_line_form,
    save=_save_line,
    heading=gettext_lazy("New line of work"),
    cancel_url=reverse_lazy("network:line_list"),
    saved_message=gettext_lazy("The line was added."),
    may_create=is_coordinator,
)


def _managed_line(request: HttpRequest, slug: str) -> Line:
    line = get_object_or_404(Line, slug=slug)
    require(can_manage_line(request.user, line))
    return line


@login_required
def line_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    line = _managed_line(request, slug)
    form = _line_form(request, line)
    if request.method == "POST" and form.is_valid():
        _save_line(request, form)
        messages.success(request, _("Your changes were saved."))
        return redirect(line)
    return render_form(
        request, form, heading=_("Edit “%(title)s”") % {"title": line.name}, cancel_url=line.get_absolute_url()
    )


@login_required
@require_POST
def line_retire(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """POST retire=1 takes the line off the list of lines; retire=0 brings it back."""
    line = _managed_line(request, slug)
    if request.POST.get("retire") == "1":
        services_lines.retire_line(line)
        messages.success(request, _("The line is retired. Its page and its history stay readable."))
    else:
        services_lines.restore_line(line)
        messages.success(request, _("The line is back in the list of lines."))
    return redirect(line)


@login_required
def line_delete(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Only a line nothing refers to (a mistake, a double) is deleted; any other line is retired instead."""
    line = _managed_line(request, slug)
    require(is_coordinator(request.user))
    if services_lines.is_referred_to(line):
        messages.error(request, _("Other records refer to this line, so it cannot be deleted. Retire it instead."))
        return redirect(line)
    if request.method == "POST":
        line.delete()
        messages.success(request, _("The line was deleted."))
        return redirect("network:line_list")
    return render(request, "core/confirm_delete.html", {"record": line, "cancel_url": line.get_absolute_url()})


@login_required
def line_question_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    line = _managed_line(request, slug)
    form = LineQuestionForm(request.POST or None, instance=LineQuestion(line=line))
    if request.method == "POST":
        if earlier := already_submitted(request, form):
            return earlier
        if form.is_valid():

            def save() -> Line:  # the line's page is where the new question shows
                services_lines.save_question(form.instance)
                return line

            return save_once(request, form, save, _("The question was added."))
    return render_form(
        request,
        form,
        heading=_("New question for “%(line)s”") % {"line": line.name},
        cancel_url=line.get_absolute_url(),
    )


@login_required
def line_question_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    line = _managed_line(request, slug)
    question = get_object_or_404(LineQuestion, pk=pk, line=line)
    form = LineQuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services_lines.save_question(form.instance)
        messages.success(request, _("The question was saved."))
        return redirect(reverse("network:line_detail", args=[line.slug]) + "#vragen")
    return render_form(request, form, heading=_("Edit the question"), cancel_url=line.get_absolute_url())
