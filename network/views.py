from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import fragments
from core.exports import export_response, joined, wants_export
from core.models import PublicationStatus
from core.permissions import (
    can_edit,
    can_manage_line,
    can_merge_organisations,
    can_restructure,
    editable_organisations,
    is_coordinator,
)
from core.record_views import create_view, delete_view, edit_view
from core.views_helpers import paginate, query_without, render_list
from network import merging, services
from network.filters import OrganisationFilter
from network.forms import OrganisationForm, PersonForm
from network.models import (
    LINE_KIND_PLURALS,
    Line,
    LineKind,
    LineQuestion,
    LineQuestionState,
    Organisation,
    Person,
)
from network.topics import ORGANISATION


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
                (_("Street"), lambda organisation: organisation.street),
                (_("House number"), lambda organisation: organisation.house_number),
                (_("Postcode"), lambda organisation: organisation.postcode),
                (_("Place"), lambda organisation: organisation.place),
                (_("Municipality"), lambda organisation: organisation.municipality),
                (_("Neighbourhood"), lambda organisation: organisation.wijk),
                (_("Phone"), lambda organisation: organisation.phone),
                (_("Website"), lambda organisation: organisation.website),
                (_("Denomination"), lambda organisation: organisation.denomination),
                (_("School concept"), lambda organisation: organisation.concept),
                (_("BRIN"), lambda organisation: organisation.brin),
                (_("Location code"), lambda organisation: organisation.vestigingscode),
                (_("Competent authority"), lambda organisation: organisation.bevoegd_gezag),
                (_("KvK number"), lambda organisation: organisation.kvk),
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


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisations = Organisation.objects.select_related("parent").prefetch_related("aliases", "themes", "children")
    organisation = organisations.filter(slug=slug).first()
    if organisation is None:
        # The address of an organisation merged into another leads to the one that stays.
        merge = merging.redirect_for(slug)
        if merge is None:
            raise Http404
        messages.info(
            request,
            _("“%(gone)s” was merged into “%(stays)s”.") % {"gone": merge.gone_name, "stays": merge.stays.name},
        )
        return HttpResponsePermanentRedirect(merge.stays.get_absolute_url())
    may_merge = can_merge_organisations(request.user)
    lines = Line.objects.filter(
        Q(holders__organisation=organisation)
        | Q(activities__organisers=organisation, activities__publication_status=PublicationStatus.PUBLISHED)
    ).distinct()
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            # Its activities, projects, documents, lines and people are one block cached per data version, viewer
            # scope and day (core.fragments); the querysets below run only when it is rendered anew.
            "organisation_key": fragments.key(ORGANISATION, request.user, organisation.pk, timezone.localdate()),
            "lines": lines,
            "people": organisation.people.all(),
            "may_edit": can_edit(request.user, organisation),
            "may_merge": may_merge,
            "undoable_merges": merging.undoable_merges(organisation) if may_merge else [],
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
    cancel_url=reverse_lazy("home:dashboard"),
    saved_message=gettext_lazy("The person was added."),
)
person_edit = edit_view(Person, form=_person_form, save=_save_person, heading=_person_heading)
# Removes a person and their contact details, e.g. when they leave or ask to be erased.
person_delete = delete_view(
    Person.objects.select_related("organisation"),
    done_url=_organisation_page,
    done_message=gettext_lazy("The person and their contact details were deleted."),
)


def line_list(request: HttpRequest) -> HttpResponse:
    """The lines in use; a retired line keeps its page but leaves this list."""
    lines = Line.objects.filter(retired_at__isnull=True).prefetch_related(
        Prefetch("holders", queryset=Person.objects.select_related("organisation")),
        Prefetch("questions", queryset=LineQuestion.objects.filter(state=LineQuestionState.OPEN)),
        "themes",
    )
    groups = [
        {"label": LINE_KIND_PLURALS[kind], "lines": [line for line in lines if line.kind == kind]} for kind in LineKind
    ]
    return render(
        request,
        "network/line_list.html",
        {"groups": [group for group in groups if group["lines"]], "may_create": is_coordinator(request.user)},
    )


def line_detail(request: HttpRequest, slug: str) -> HttpResponse:
    line = get_object_or_404(
        Line.objects.prefetch_related(
            Prefetch("holders", queryset=Person.objects.select_related("organisation")), "questions", "themes"
        ),
        slug=slug,
    )
    questions = line.questions.all()
    return render(
        request,
        "network/line_detail.html",
        {
            "line": line,
            "open_questions": [question for question in questions if question.state == LineQuestionState.OPEN],
            "other_questions": [question for question in questions if question.state != LineQuestionState.OPEN],
            "may_manage": can_manage_line(request.user, line),
            "may_delete": is_coordinator(request.user),
        },
    )
