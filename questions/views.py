from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.validators import slug_re
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.exports import export_response, joined, wants_export
from core.permissions import can_accept_offer, can_ask, can_manage_question, can_respond, require
from core.views_helpers import (
    already_submitted,
    confirm_delete,
    paginate,
    query_without,
    render_form,
    render_list,
    save_once,
)
from questions import services
from questions.filters import QuestionFilter
from questions.forms import QuestionForm, ResponseForm
from questions.models import Question, Response
from questions.permissions import visible_questions


def question_list(request):
    questions = (
        visible_questions(Question.objects.all(), request.user)
        .annotate(response_count=Count("responses"))
        .order_by("-created_at", "-pk")
        .select_related("line")
        .prefetch_related("themes")
    )
    question_filter = QuestionFilter(request.GET, queryset=questions, user=request.user)
    if wants_export(request):
        return export_response(
            request,
            "vragen",
            [
                (_("Question"), lambda question: question.title),
                (_("Asked on"), lambda question: question.created_at.date()),
                (_("Line"), lambda question: question.line.name if question.line else ""),
                (_("Offers of help"), lambda question: question.response_count),
                (_("Status"), lambda question: question.get_status_display()),
                (_("Members only"), lambda question: question.members_only),
                (_("Themes"), lambda question: joined(question.themes.all())),
            ],
            question_filter.qs,
        )
    page = paginate(request, question_filter.qs)
    return render_list(
        request,
        "questions/list.html",
        "questions/_results.html",
        {
            "filter": question_filter,
            "page": page,
            "result_count": page.paginator.count,
            "query": query_without(request, "page"),
            "may_ask": can_ask(request.user),
        },
    )


def _question(request, slug):
    question = get_object_or_404(Question.objects.select_related("line", "asker__person__organisation"), slug=slug)
    if not visible_questions(Question.objects.filter(pk=question.pk), request.user).exists():
        # Asked to members only: whoever follows a link to it is asked to log in first.
        return None, redirect_to_login(request.get_full_path())
    return question, None


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    question, login = _question(request, slug)
    if login:
        return login
    responses = list(
        question.responses.select_related("author__person__organisation").prefetch_related(
            "author__editable_organisations"
        )
    )
    own = next((response for response in responses if response.author_id == request.user.pk), None)
    return render(
        request,
        "questions/detail.html",
        {
            "question": question,
            "asker": services.member_label(question.asker, viewer=request.user),
            "responses": [
                (response, services.member_label(response.author, viewer=request.user)) for response in responses
            ]
            if request.user.is_authenticated
            else [],
            "response_count": len(responses),
            "may_manage": can_manage_question(request.user, question),
            "may_respond": can_respond(request.user, question),
            "response_form": ResponseForm(instance=own),
            "own_response": own,
        },
    )


@login_required
def create(request):
    require(can_ask(request.user))
    initial = {}
    line_slug = request.GET.get("lijn", "")
    # Only a well-formed slug reaches the database (PostgreSQL refuses NUL characters with an error).
    if slug_re.fullmatch(line_slug):
        initial["line"] = QuestionForm.base_fields["line"].queryset.filter(slug=line_slug).first()
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        earlier = already_submitted(request, form)
        if earlier:
            return earlier
        if form.is_valid():

            def save():
                question = form.save(commit=False)
                question.asker = request.user
                return services.save_question(
                    question, themes=form.cleaned_data["themes"], sector_codes=form.cleaned_data["sector_codes"]
                )

            return save_once(
                request,
                form,
                save,
                _(
                    "Your question is posted. Below are people and work that "
                    "could help; members can offer their help here."
                ),
            )
    return render_form(
        request,
        form,
        heading=_("Ask the network"),
        cancel_url=reverse("questions:list"),
        status=400 if form.errors else 200,
    )


@login_required
def edit(request, slug):
    question = get_object_or_404(Question, slug=slug)
    require(can_manage_question(request.user, question))
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        services.save_question(
            form.save(commit=False), themes=form.cleaned_data["themes"], sector_codes=form.cleaned_data["sector_codes"]
        )
        messages.success(request, _("Your changes were saved."))
        return redirect(question)
    return render_form(
        request,
        form,
        heading=_("Change your question"),
        cancel_url=question.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def answered(request, slug):
    question = get_object_or_404(Question, slug=slug)
    require(can_manage_question(request.user, question))
    done = request.POST.get("answered") == "1"
    services.set_answered(question, done, by=request.user)
    messages.success(
        request,
        _("Marked as answered. Thank you for letting the network know.") if done else _("The question is open again."),
    )
    return redirect(question)


@login_required
@require_POST
def respond(request, slug):
    question, login = _question(request, slug)
    if login:
        return login
    require(can_respond(request.user, question))
    own = Response.objects.filter(question=question, author=request.user).first()
    form = ResponseForm(request.POST, instance=own)
    if not form.is_valid():
        return render_form(
            request, form, heading=_("Offer your help"), cancel_url=question.get_absolute_url(), status=400
        )
    _response, created = services.respond(question, request.user, form.cleaned_data["message"])
    messages.success(
        request, _("Thank you: the asker sees your offer of help.") if created else _("Your message was changed.")
    )
    return redirect(question)


@login_required
@require_POST
def accept(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    response = get_object_or_404(Response.objects.select_related("question"), pk=pk, question__slug=slug)
    require(can_accept_offer(request.user, response))
    if services.accept_offer(response):
        messages.success(request, _("You accepted this offer of help. We let the member know."))
    else:
        messages.info(request, _("You had already accepted this offer of help."))
    return redirect(response.question)


@login_required
@require_POST
def withdraw(request, slug):
    question = get_object_or_404(Question, slug=slug)
    deleted, _details = Response.objects.filter(question=question, author=request.user).delete()
    if deleted:
        messages.success(request, _("Your offer of help was withdrawn."))
    return redirect(question)


@login_required
def delete(request, slug):
    question = get_object_or_404(Question, slug=slug)
    require(can_manage_question(request.user, question))
    return confirm_delete(
        request, question, done_url=reverse("questions:list"), done_message=_("The question was removed.")
    )
