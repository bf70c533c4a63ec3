from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.models import Activity
from core.dates import start_of_today
from core.exports import export_response, joined, wants_export
from core.models import PublicationStatus
from core.permissions import (
    can_delete,
    can_edit,
    can_restructure,
    editable_organisations,
    is_coordinator,
    is_editor,
    require,
    visible,
)
from core.views_helpers import (
    already_submitted,
    confirm_delete,
    paginate,
    query_without,
    render_form,
    render_list,
    save_once,
)
from network import services
from network.filters import OrganisationFilter
from network.forms import OrganisationForm, PersonForm
from network.models import LINE_KIND_PLURALS, Line, LineKind, Organisation, Person
from projects.models import Project
from questions.models import QuestionStatus
from questions.permissions import visible_questions


def organisation_list(request):
    organisation_filter = OrganisationFilter(request.GET, queryset=Organisation.objects.all())
    organisations = organisation_filter.qs.select_related("parent").prefetch_related("aliases")
    if wants_export(request):
        return export_response(
            request,
            "organisaties",
            [
                (_("Name"), lambda organisation: organisation.name),
                (_("Abbreviations"), lambda organisation: joined(organisation.aliases.all())),
                (_("Sector"), lambda organisation: organisation.get_sector_display()),
                (_("Part of"), lambda organisation: organisation.parent.name if organisation.parent else ""),
                (_("Activities"), lambda organisation: organisation.activity_count),
            ],
            organisations,
        )
    page = paginate(request, organisations, per_page=20)
    return render_list(
        request,
        "network/organisation_list.html",
        "network/_organisation_results.html",
        {
            "filter": organisation_filter,
            "page": page,
            "query": query_without(request, "page"),
            "result_count": page.paginator.count,
        },
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.select_related("parent").prefetch_related("aliases", "themes", "children"), slug=slug
    )
    activities = visible(Activity.objects.filter(organisers=organisation), request.user, "organisers")
    projects = visible(Project.objects.all(), request.user, "leads").order_by("code")
    lines = Line.objects.filter(
        Q(holders__organisation=organisation)
        | Q(activities__organisers=organisation, activities__publication_status=PublicationStatus.PUBLISHED)
    ).distinct()
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "upcoming": activities.filter(end__gte=start_of_today()).for_listing()[:10],
            "recent": activities.filter(end__lt=start_of_today()).order_by("-start")[:10],
            "led_projects": projects.filter(leads=organisation),
            "partner_projects": projects.filter(partners=organisation),
            "lines": lines,
            "people": organisation.people.all(),
            "may_edit": can_edit(request.user, organisation),
        },
    )


def _organisation_form_view(request, organisation, creating):
    if creating:
        heading, cancel_url = _("New organisation"), reverse("network:organisation_list")
    else:
        heading, cancel_url = _("Edit “%(title)s”") % {"title": organisation.name}, organisation.get_absolute_url()
    form = OrganisationForm(request.POST or None, instance=organisation, may_restructure=can_restructure(request.user))
    if request.method == "POST":
        if creating and (earlier := already_submitted(request, form)):
            return earlier
        if form.is_valid():

            def save():
                return services.save_organisation(
                    form.instance, form.cleaned_data["aliases"], form.cleaned_data["themes"]
                )

            try:
                if creating:
                    return save_once(request, form, save, _("The organisation was added."))
                save()
                messages.success(request, _("Your changes were saved."))
                return redirect(organisation)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
    return render_form(request, form, heading=heading, cancel_url=cancel_url)


@login_required
def organisation_create(request):
    require(is_coordinator(request.user))
    return _organisation_form_view(request, Organisation(), creating=True)


@login_required
def organisation_edit(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    require(can_edit(request.user, organisation))
    return _organisation_form_view(request, organisation, creating=False)


@login_required
def person_create(request):
    require(is_editor(request.user))
    form = PersonForm(request.POST or None, organisation_choices=editable_organisations(request.user))
    if request.method == "POST":
        if earlier := already_submitted(request, form):
            return earlier
        if form.is_valid():
            return save_once(request, form, lambda: services.save_person(form.instance), _("The person was added."))
    return render_form(request, form, heading=_("Add a person"), cancel_url=reverse("home:dashboard"))


@login_required
def person_edit(request, pk):
    person = get_object_or_404(Person, pk=pk)
    require(can_edit(request.user, person))
    heading = _("Edit %(name)s") % {"name": person.name}
    form = PersonForm(request.POST or None, instance=person, organisation_choices=editable_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        services.save_person(form.instance)
        messages.success(request, _("Your changes were saved."))
        return redirect(person)
    return render_form(request, form, heading=heading, cancel_url=person.get_absolute_url())


def line_list(request):
    upcoming = visible(Activity.objects.filter(end__gte=start_of_today()), request.user, "organisers")
    lines = Line.objects.prefetch_related(
        Prefetch("holders", queryset=Person.objects.select_related("organisation")),
        "questions",
        "themes",
        Prefetch("activities", queryset=upcoming.order_by("start"), to_attr="upcoming_meetings"),
    )
    groups = [
        {"label": LINE_KIND_PLURALS[kind], "lines": [line for line in lines if line.kind == kind]} for kind in LineKind
    ]
    return render(request, "network/line_list.html", {"groups": [group for group in groups if group["lines"]]})


def line_detail(request, slug):
    line = get_object_or_404(
        Line.objects.prefetch_related(
            Prefetch("holders", queryset=Person.objects.select_related("organisation")), "questions", "themes"
        ),
        slug=slug,
    )
    meetings = visible(line.activities.all(), request.user, "organisers").filter(end__gte=start_of_today())
    network_questions = visible_questions(line.network_questions.filter(status=QuestionStatus.OPEN), request.user)
    return render(
        request,
        "network/line_detail.html",
        {
            "line": line,
            "meetings": meetings.prefetch_related("organisers", "themes").order_by("start")[:20],
            "network_questions": network_questions.order_by("-created_at")[:20],
        },
    )


@login_required
def person_delete(request, pk):
    """Removes a person and their contact details, e.g. when they leave or ask to be erased."""
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk)
    require(can_delete(request.user, person))
    return confirm_delete(
        request,
        person,
        done_url=person.organisation.get_absolute_url(),
        done_message=_("The person and their contact details were deleted."),
    )
