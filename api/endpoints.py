"""The open API: read what the public sees, write activities and stories with an organisation's token.

Reads go through the same visibility rules and query code as the web pages (core.permissions, the
FilterSets, programmes.services, stories.book.attribution); writes go through the same forms and
services as an editor's save or the public story form.
"""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import HttpBearer

from activities import services as activity_services
from activities.filters import ActivityFilter
from activities.models import Activity
from api import schemas
from api.forms import ApiActivityForm, ApiStoryForm, activity_form_data, form_errors
from core.dates import start_of_today
from core.models import CodeList, PublicationStatus
from core.permissions import (
    api_token_may_change,
    api_token_may_collect,
    api_visible_activities,
    can_use_api_token,
    visible,
)
from impact.models import Dimension
from network.filters import OrganisationFilter
from network.models import Organisation
from offerings.filters import OfferingFilter
from offerings.models import Offering
from programmes import services as programme_services
from programmes.models import Programme
from projects.filters import ProjectFilter
from projects.models import Project
from stories import services as story_services
from stories.book import attribution
from stories.models import CollectionLink, Story, StoryPart
from stories.permissions import visible_stories

ERRORS = {400: schemas.Error, 401: schemas.Error, 404: schemas.Error, 429: schemas.Error}
WRITE_ERRORS = {**ERRORS, 403: schemas.Error}
PUBLIC = AnonymousUser()  # reads show what the public sees; a token adds only its own draft activities


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; api.http.api_view has already found and checked the token."""

    def authenticate(self, request, token):
        return request.api_token if can_use_api_token(getattr(request, "api_token", None)) else None


api = NinjaAPI(
    title="rimpel API",
    version="1",
    description=(
        "The network's public data: organisations, activities, projects, offerings, programmes with their "
        "figures and published stories. Lists are paginated (`page`, `page_size`) and ordered stably. "
        "Responses carry a weak ETag; send it back in `If-None-Match` to get 304 Not Modified. "
        "Write access (activities, stories) needs an organisation's API token, sent as "
        "`Authorization: Bearer <token>`; a coordinator issues it. Texts such as labels follow "
        "`Accept-Language` (Dutch by default). Requests are rate limited (429 with `Retry-After`)."
    ),
    urls_namespace="api",
    docs_url=None,
)


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    errors: dict[str, list[str]] = {}
    for problem in exc.errors:
        location = [str(part) for part in problem.get("loc", ()) if part not in ("query", "body", "path", "payload")]
        errors.setdefault(".".join(location) or "non_field", []).append(problem.get("msg", ""))
    return api.create_response(request, {"detail": _("The request is not valid."), "errors": errors}, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc):
    messages = {401: _("A valid API token is needed for this."), 403: _("This token may not do this.")}
    return api.create_response(request, {"detail": messages.get(exc.status_code, exc.message)}, status=exc.status_code)


class Invalid(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors


@api.exception_handler(Invalid)
def invalid_record(request, exc):
    return api.create_response(request, {"detail": _("The request is not valid."), "errors": exc.errors}, status=400)


# --- Helpers ---------------------------------------------------------------------------------------------------


def _url(request, record) -> str:
    return request.build_absolute_uri(record.get_absolute_url())


def _ref(record) -> dict:
    return {"slug": record.slug, "name": getattr(record, "name", None) or str(record)}


def _filtered(filterset_class, queryset, values: dict, names: dict[str, str]):
    """The queryset through a page's FilterSet, with the API's parameter names mapped onto the page's."""
    data = QueryDict(mutable=True)
    for api_name, page_name in names.items():
        value = values.get(api_name)
        if value is not None:
            data[page_name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        back = {page_name: api_name for api_name, page_name in names.items()}
        raise Invalid(
            {
                back.get(name, name): [str(message) for message in messages]
                for name, messages in filterset.errors.items()
            }
        )
    return filterset.qs


def _page(request, queryset, query: schemas.PageQuery, serialise) -> dict:
    paginator = Paginator(queryset, query.page_size)
    if query.page > paginator.num_pages:
        raise Http404
    page = paginator.page(query.page)

    def link(number):
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [serialise(request, record) for record in page.object_list],
    }


# --- Organisations ---------------------------------------------------------------------------------------------


def _organisation(request, organisation: Organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "sector": organisation.sector,
        "sector_label": organisation.get_sector_display(),
        "parent": _ref(organisation.parent) if organisation.parent else None,
        "aliases": [alias.alias for alias in organisation.aliases.all()],
        "website": organisation.website,
        "description": organisation.description,
        "themes": [_ref(theme) for theme in organisation.themes.all()],
        "url": _url(request, organisation),
    }


def _organisations():
    return Organisation.objects.select_related("parent").prefetch_related("aliases", "themes")


@api.get(
    "/organisations/",
    response={200: schemas.page_of(schemas.Organisation), **ERRORS},
    tags=["organisations"],
    summary="List organisations",
)
def organisations(request, query: Query[schemas.OrganisationQuery]):
    selection = _filtered(OrganisationFilter, _organisations(), query.dict(), {"sector": "sector", "theme": "thema"})
    return _page(request, selection.order_by("name", "pk"), query, _organisation)


@api.get(
    "/organisations/{slug}/",
    response={200: schemas.Organisation, **ERRORS},
    tags=["organisations"],
    summary="One organisation",
)
def organisation(request, slug: str):
    return _organisation(request, get_object_or_404(_organisations(), slug=slug))


# --- Activities ------------------------------------------------------------------------------------------------


def _activity(request, activity: Activity) -> dict:
    return {
        "slug": activity.slug,
        "title": activity.title,
        "kind": activity.kind,
        "kind_label": activity.get_kind_display(),
        "status": activity.publication_status,
        "description": activity.description,
        "start": activity.local_start,
        "end": activity.local_end,
        "all_day": activity.all_day,
        "place": activity.place,
        "organisers": [_ref(organisation) for organisation in activity.organisers.all()],
        "themes": [_ref(theme) for theme in activity.themes.all()],
        "lines": [_ref(line) for line in activity.lines.all()],
        "target_sectors": [target.sector for target in activity.target_sectors.all()],
        "open_for_partners": activity.open_for_partners,
        "registration_url": activity.registration_url,
        "school_type": activity.school_type,
        "neighbourhood": activity.neighbourhood,
        "languages": CodeList.unpack(activity.languages),
        "updated_at": activity.updated_at,
        "url": _url(request, activity),
    }


def _activities(token):
    return api_visible_activities(Activity.objects.all(), token).prefetch_related(
        "organisers", "themes", "lines", "target_sectors"
    )


def _in_period(activities, query: schemas.ActivityQuery):
    """The calendar's periods: a year, a month, or from/to days; what is coming up when none is given."""
    if query.year:
        activities = activity_services.listed(activities, activity_services.Period("lijst", query.year))
    if query.month:
        year, month = (int(part) for part in query.month.split("-"))
        if not activity_services.FIRST_YEAR <= year <= activity_services.LAST_YEAR:
            raise Invalid(
                {
                    "month": [
                        _("Give a month between the years %(first)s and %(last)s.")
                        % {"first": activity_services.FIRST_YEAR, "last": activity_services.LAST_YEAR}
                    ]
                }
            )
        first, following = activity_services.month_bounds(year, month)
        activities = activities.filter(start__lt=following, end__gte=first)
    for name, day in (("from", query.date_from), ("to", query.date_to)):
        if day and not activity_services.FIRST_YEAR <= day.year <= activity_services.LAST_YEAR:
            raise Invalid(
                {
                    name: [
                        _("Give a date between the years %(first)s and %(last)s.")
                        % {"first": activity_services.FIRST_YEAR, "last": activity_services.LAST_YEAR}
                    ]
                }
            )
    if query.date_from and query.date_to and query.date_to < query.date_from:
        raise Invalid({"to": [_("The end lies before the start.")]})
    tz = timezone.get_current_timezone()
    if query.date_from:
        activities = activities.filter(end__gte=dt.datetime.combine(query.date_from, dt.time(), tzinfo=tz))
    if query.date_to:
        following = dt.datetime.combine(query.date_to + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        activities = activities.filter(start__lt=following)
    if not (query.year or query.month or query.date_from or query.date_to):
        activities = activities.filter(end__gte=start_of_today())
    return activities


@api.get(
    "/activities/",
    response={200: schemas.page_of(schemas.Activity), **ERRORS},
    tags=["activities"],
    summary="List activities (the calendar)",
    description="Without a period, what is coming up (as the calendar shows). Periods and filters combine.",
)
def activities(request, query: Query[schemas.ActivityQuery]):
    if query.status == PublicationStatus.DRAFT and request.api_token is None:
        raise HttpError(401, "")
    # Published ones by default; with status=draft the token's own drafts (the only drafts it sees).
    selection = _activities(request.api_token).filter(publication_status=query.status)
    selection = _filtered(
        ActivityFilter,
        selection,
        query.dict(),
        {
            "theme": "thema",
            "sector": "sector",
            "line": "lijn",
            "organisation": "organisator",
            "kind": "soort",
            "open_for_partners": "open",
        },
    )
    selection = _in_period(selection, query)
    return _page(request, selection.order_by("start", "title", "pk"), query, _activity)


@api.get(
    "/activities/{slug}/",
    response={200: schemas.Activity, **ERRORS},
    tags=["activities"],
    summary="One activity",
    description="A token also finds its organisation's draft activities.",
)
def activity(request, slug: str):
    return _activity(request, get_object_or_404(_activities(request.api_token), slug=slug))


def _save_activity(request, token, data: dict, instance: Activity):
    own = Organisation.objects.filter(pk=token.organisation_id)
    locked = (
        [organisation for organisation in instance.organisers.all() if organisation.pk != token.organisation_id]
        if instance.pk
        else []
    )
    form = ApiActivityForm(data, instance=instance, organiser_choices=own, locked_organisers=locked)
    if not form.is_valid():
        raise Invalid(form_errors(form))
    form.apply_times()
    activity_services.save_activity(
        instance,
        organisers=form.cleaned_data["organisers"],
        themes=form.cleaned_data["themes"],
        lines=form.cleaned_data["lines"],
        sectors=form.cleaned_data["sectors"],
        keep_published=False,
    )
    return _activity(request, _activities(token).get(pk=instance.pk))


@api.post(
    "/activities/",
    response={201: schemas.Activity, **WRITE_ERRORS},
    auth=TokenAuth(),
    tags=["activities"],
    summary="Add an activity",
    description="Saved as a draft of the token's organisation; a coordinator publishes it.",
)
def create_activity(request, payload: schemas.ActivityIn):
    token = request.auth
    data = payload.dict(exclude_unset=True)
    data.setdefault("organisers", [token.organisation.slug])
    return Status(201, _save_activity(request, token, activity_form_data(data), Activity()))


@api.patch(
    "/activities/{slug}/",
    response={200: schemas.Activity, **WRITE_ERRORS},
    auth=TokenAuth(),
    tags=["activities"],
    summary="Change an activity",
    description="Only activities the token's organisation organises. Fields left out keep their value; "
    "the activity becomes a draft again until a coordinator publishes it.",
)
def change_activity(request, slug: str, payload: schemas.ActivityPatch):
    token = request.auth
    instance = get_object_or_404(_activities(token), slug=slug)
    if not api_token_may_change(token, instance):
        raise HttpError(403, "")
    current = ApiActivityForm.current_values(instance, token.organisation)
    data = activity_form_data({**current, **payload.dict(exclude_unset=True)})
    return _save_activity(request, token, data, instance)


# --- Projects and offerings ------------------------------------------------------------------------------------


def _project(request, project: Project) -> dict:
    return {
        "slug": project.slug,
        "code": project.code,
        "title": project.title,
        "cluster": project.cluster,
        "cluster_label": project.get_cluster_display(),
        "status": project.status,
        "status_label": project.get_status_display(),
        "description": project.description,
        "leads": [_ref(organisation) for organisation in project.leads.all()],
        "partners": [_ref(organisation) for organisation in project.partners.all()],
        "themes": [_ref(theme) for theme in project.themes.all()],
        "updated_at": project.updated_at,
        "url": _url(request, project),
    }


@api.get(
    "/projects/", response={200: schemas.page_of(schemas.Project), **ERRORS}, tags=["projects"], summary="List projects"
)
def projects(request, query: Query[schemas.ProjectQuery]):
    selection = visible(Project.objects.all(), PUBLIC, "leads").prefetch_related("leads", "partners", "themes")
    selection = _filtered(
        ProjectFilter, selection, query.dict(), {"organisation": "organisatie", "theme": "thema", "status": "status"}
    )
    if query.cluster:
        selection = selection.filter(cluster=query.cluster)
    return _page(request, selection.order_by("cluster", "code", "pk"), query, _project)


def _offering(request, offering: Offering) -> dict:
    return {
        "slug": offering.slug,
        "title": offering.title,
        "kind": offering.kind,
        "kind_label": offering.get_kind_display(),
        "description": offering.description,
        "provider": _ref(offering.provider),
        "audiences": CodeList.unpack(offering.audiences),
        "grade_from": offering.grade_from,
        "grade_to": offering.grade_to,
        "themes": [_ref(theme) for theme in offering.themes.all()],
        "is_free": offering.is_free,
        "price": offering.price,
        "price_note": offering.price_note,
        "duration": offering.duration,
        "place": offering.place,
        "at_school": offering.at_school,
        "languages": CodeList.unpack(offering.languages),
        "contact": offering.contact,
        "booking": offering.booking,
        "expires_on": offering.expires_on,
        "updated_at": offering.updated_at,
        "url": _url(request, offering),
    }


@api.get(
    "/offerings/",
    response={200: schemas.page_of(schemas.Offering), **ERRORS},
    tags=["offerings"],
    summary="List current offerings",
)
def offerings(request, query: Query[schemas.OfferingQuery]):
    current = Offering.objects.current(timezone.localdate())
    selection = visible(current, PUBLIC, "provider").select_related("provider").prefetch_related("themes")
    selection = _filtered(
        OfferingFilter,
        selection,
        query.dict(),
        {
            "audience": "doelgroep",
            "group": "groep",
            "theme": "thema",
            "kind": "soort",
            "free": "gratis",
            "at_school": "op_school",
            "language": "taal",
            "provider": "aanbieder",
        },
    )
    return _page(request, selection.order_by("title", "pk"), query, _offering)


# --- Programmes ------------------------------------------------------------------------------------------------


def _programme(request, programme: Programme) -> dict:
    return {
        "slug": programme.slug,
        "name": programme.name,
        "short_name": programme.short_name,
        "description": programme.description,
        "period_start": programme.period_start,
        "period_end": programme.period_end,
        "organisations": [_ref(organisation) for organisation in programme.organisations.all()],
        "url": _url(request, programme),
    }


def _figures(rollup, with_partners: bool) -> dict:
    return {
        "activities": rollup.activities,
        "activities_with_figures": rollup.with_figures,
        "participants": rollup.participants,
        "first_timers": rollup.first_timers,
        "first_timer_share": rollup.first_timer_share,
        "partners": rollup.partners if with_partners else None,
    }


def _programmes():
    return visible(Programme.objects.all(), PUBLIC, "organisations").prefetch_related("organisations")


@api.get(
    "/programmes/",
    response={200: schemas.page_of(schemas.Programme), **ERRORS},
    tags=["programmes"],
    summary="List programmes",
)
def programmes(request, query: Query[schemas.PageQuery]):
    return _page(request, _programmes().order_by("-period_start", "name", "pk"), query, _programme)


@api.get(
    "/programmes/{slug}/",
    response={200: schemas.ProgrammeDetail, **ERRORS},
    tags=["programmes"],
    summary="One programme with its first-degree figures",
    description="Figures are computed from the programme's published activities, as on its page.",
)
def programme(request, slug: str):
    found = get_object_or_404(_programmes(), slug=slug)
    return {
        **_programme(request, found),
        "figures": _figures(programme_services.rollup(found), with_partners=True),
        "lines": [
            {
                "code": line.code,
                "title": line.title,
                "kind": line.get_kind_display(),
                "figures": _figures(programme_services.rollup(found, line, with_partners=False), with_partners=False),
            }
            for line in found.lines.all()
        ],
        "reported_figures": [
            {
                "label": figure.label,
                "value": figure.value,
                "qualifier": figure.get_qualifier_display(),
                "unit": figure.unit,
                "year": figure.year,
                "source": figure.source,
            }
            for figure in found.reported_figures.all()
        ],
    }


# --- Stories ---------------------------------------------------------------------------------------------------


def _dimension(dimension: Dimension) -> dict:
    return {
        "id": dimension.pk,
        "ring": dimension.ring.number,
        "name": str(dimension),
        "description": dimension.description,
    }


def _story(request, story: Story) -> dict:
    shown = attribution(story, private=False)
    published = PublicationStatus.PUBLISHED
    return {
        "id": story.pk,
        "respondent": {
            "role": shown.role,
            "sector": shown.sector,
            "name": shown.name,
            "organisation": shown.organisation,
        },
        "quote": story.quote,
        "collected_on": story.collected_on,
        # Only records the public may see are named.
        "programme": _ref(story.programme)
        if story.programme and story.programme.publication_status == published
        else None,
        "activity": {"slug": story.activity.slug, "name": story.activity.title}
        if story.activity and story.activity.publication_status == published
        else None,
        "themes": [_ref(theme) for theme in story.themes.all()],
        "parts": [
            {"ring": part.ring, "dimension": _dimension(part.dimension), "text": part.text}
            for part in story.parts.all()
        ],
        "url": _url(request, story),
    }


@api.get(
    "/stories/",
    response={200: schemas.page_of(schemas.Story), **ERRORS},
    tags=["stories"],
    summary="List published stories",
    description="Accepted stories whose respondent agreed to publication; the respondent is named by role "
    "unless they agreed to name and organisation.",
)
def stories(request, query: Query[schemas.StoryQuery]):
    selection = visible_stories(Story.objects.all(), PUBLIC)
    selection = selection.select_related("programme", "activity", "organisation")
    selection = selection.prefetch_related(
        "themes", Prefetch("parts", queryset=StoryPart.objects.select_related("dimension__ring"))
    )
    if query.programme:
        selection = selection.filter(programme__slug=query.programme, programme__publication_status="published")
    if query.activity:
        selection = selection.filter(activity__slug=query.activity, activity__publication_status="published")
    if query.theme:
        selection = selection.filter(themes__slug=query.theme)
    return _page(request, selection.order_by("-collected_on", "-pk"), query, _story)


@api.post(
    "/stories/",
    response={201: schemas.StoryReceipt, **WRITE_ERRORS},
    auth=TokenAuth(),
    tags=["stories"],
    summary="Send a story",
    description="Through a collection link of the token's organisation; the story waits for moderation "
    "as the public story form's stories do.",
)
def create_story(request, payload: schemas.StoryIn):
    link = CollectionLink.objects.select_related("activity", "programme").filter(code=payload.link).first()
    if link is None:
        raise Invalid({"link": [_("There is no collection link with this code.")]})
    if not api_token_may_collect(request.auth, link):
        raise HttpError(403, "")
    if not story_services.link_is_open(link):
        raise Invalid({"link": [_("This collection link is closed.")]})
    form = ApiStoryForm.for_link(link, payload.dict())
    if not form.is_valid():
        raise Invalid(form_errors(form))
    story = story_services.submit_story(
        link,
        activity=form.cleaned_data["activity"],
        story=form.story(),
        parts=form.parts(),
        token=form.cleaned_data["submission"],
    )
    return Status(201, {"id": story.pk, "status": story.status})


@api.get(
    "/dimensions/",
    response={200: schemas.page_of(schemas.Dimension), **ERRORS},
    tags=["stories"],
    summary="List the impact model's dimensions",
    description="The dimensions a story part can be about.",
)
def dimensions(request, query: Query[schemas.PageQuery]):
    current = Dimension.objects.filter(retired=False).select_related("ring")
    return _page(
        request,
        current.order_by("ring__number", "position", "pk"),
        query,
        lambda request, dimension: _dimension(dimension),
    )
