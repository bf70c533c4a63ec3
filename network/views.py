from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity
from core.dates import start_of_today
from core.exports import export_response, joined, wants_export
from core.models import PublicationStatus
from core.permissions import (
    can_edit,
    can_restructure,
    editable_organisations,
    is_coordinator,
    visible,
    visible_questions,
)
from core.record_views import create_view, delete_view, edit_view
from core.views_helpers import paginate, query_without, render_list
from network import services
from network.filters import OrganisationFilter
from network.forms import OrganisationForm, PersonForm
from network.models import LINE_KIND_PLURALS, Line, LineKind, Organisation, Person
from projects.models import Project
from questions.models import QuestionStatus


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


def _organisation_form(request: HttpRequest, organisation: Organisation | None) -> OrganisationForm:
    return OrganisationForm(request.POST or None, instance=organisation, may_restructure=can_restructure(request.user))


def _save_organisation(request: HttpRequest, form: OrganisationForm) -> Organisation:
    return services.save_organisation(form.instance, form.cleaned_data["aliases"], form.cleaned_data["themes"])


def _organisation_heading(organisation: Organisation) -> str:
    return _("Edit “%(title)s”") % {"title": organisation.name}


organisation_create = create_view(
    form=_organisation_form,
    save=_save_organisation,
    heading=gettext_lazy("New organisation"),
    cancel_url=reverse_lazy("network:organisation_list"),
    saved_message=gettext_lazy("The organisation was added."),
    may_create=is_coordinator,
)
organisation_edit = edit_view(
    Organisation, form=_organisation_form, save=_save_organisation, heading=_organisation_heading
)


def _person_form(request: HttpRequest, person: Person | None) -> PersonForm:
    return PersonForm(request.POST or None, instance=person, organisation_choices=editable_organisations(request.user))


def _save_person(request: HttpRequest, form: PersonForm) -> Person:
    return services.save_person(form.instance)


def _person_heading(person: Person) -> str:
    return _("Edit %(name)s") % {"name": person.name}


def _organisation_page(person: Person) -> str:
    return person.organisation.get_absolute_url()


person_create = create_view(
    form=_person_form,
    save=_save_person,
    heading=gettext_lazy("Add a person"),
    cancel_url=reverse_lazy("accounts:dashboard"),
    saved_message=gettext_lazy("The person was added."),
)
person_edit = edit_view(Person, form=_person_form, save=_save_person, heading=_person_heading)
# Removes a person and their contact details, e.g. when they leave or ask to be erased.
person_delete = delete_view(
    Person.objects.select_related("organisation"),
    done_url=_organisation_page,
    done_message=gettext_lazy("The person and their contact details were deleted."),
)


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
