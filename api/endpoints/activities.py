"""The activities: the calendar to read, and a token's own activities to add and change."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from activities import services as activity_services
from activities.filters import ActivityFilter
from activities.models import Activity, ActivityKind, TargetSector
from api import schemas
from api.endpoints.common import ERRORS, WRITE_ERRORS, Invalid, TokenAuth, absolute_url, filtered, paginated
from api.forms import ApiActivityForm, activity_form_data, form_errors
from attendance.models import RegistrationStatus
from attendance.services import registration as signup
from core import invalidation
from core.dates import start_of_today
from core.models import CodeList, PublicationStatus
from core.pagecache import PAGES
from core.permissions import api_token_may_change, api_visible_activities
from network.models import Line, Organisation, Theme

router = Router()
# get_kind_display() builds the choices' dictionary anew for each call; the labels stay lazy, so translated per request.
KIND_LABELS = dict(ActivityKind.choices)


def _activity(request, listed: "_Listed") -> dict:
    activity = listed.activity
    return {
        "slug": activity.slug,
        "title": activity.title,
        "kind": activity.kind,
        "kind_label": str(KIND_LABELS.get(activity.kind, activity.kind)),
        "status": activity.publication_status,
        "description": activity.description,
        "start": activity.local_start,
        "end": activity.local_end,
        "all_day": activity.all_day,
        "place": activity.place,
        "organisers": listed.organisers,
        "themes": listed.themes,
        "lines": listed.lines,
        "target_sectors": listed.sectors,
        "open_for_partners": activity.open_for_partners,
        "registration_url": activity.registration_url,
        "registration": _registration(activity),
        "school_type": activity.school_type,
        "neighbourhood": activity.neighbourhood,
        "languages": CodeList.unpack(activity.languages),
        "updated_at": activity.updated_at,
        "url": absolute_url(request, activity),
    }


def _registration(activity: Activity) -> dict | None:
    try:
        setup = activity.registration_setup
    except ObjectDoesNotExist:
        return None
    counts = signup.Counts(activity.registered_count, 0, 0, 0, 0, setup.capacity)  # type: ignore[attr-defined]
    return {
        "open": signup.accepts(setup),
        "audience": setup.audience,
        "capacity": setup.capacity,
        "places_left": counts.places_left,
    }


@dataclass
class _Listed:
    """An activity with the references to its organisers, themes and lines (`ref`) and its target sectors."""

    activity: Activity
    organisers: list[dict] = field(default_factory=list)
    themes: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)


def _listed(activities: Iterable[Activity]) -> list[_Listed]:
    """The activities with their related records, in one flat query per relation, each in its model's order.
    prefetch_related builds a related manager per activity and relation, which costs more than the queries."""
    listed = {activity.pk: _Listed(activity) for activity in activities}
    for model, name in ((Organisation, "organisers"), (Theme, "themes"), (Line, "lines")):
        rows = model.objects.filter(activities__in=list(listed)).values_list("activities", "slug", "name")
        for pk, slug, label in rows:
            getattr(listed[pk], name).append({"slug": slug, "name": label})
    for pk, sector in TargetSector.objects.filter(activity__in=list(listed)).values_list("activity", "sector"):
        listed[pk].sectors.append(sector)
    return list(listed.values())


def _with_registrations(activities):
    """With the sign-up set-up and the number registered, which _registration shows."""
    registered = Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED))
    return activities.select_related("registration_setup").annotate(registered_count=registered)


def _activities(token):
    return _with_registrations(api_visible_activities(Activity.objects.all(), token))


def _one(request, activity: Activity) -> dict:
    return _activity(request, _listed([activity])[0])


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


@router.get(
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
    selection = api_visible_activities(Activity.objects.all(), request.api_token)
    selection = selection.filter(publication_status=query.status)
    selection = filtered(
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
    # Counted and sliced on the bare selection (the tables of the activities' page topic); the sign-up counts'
    # join and grouping only for the page's rows.
    return paginated(
        request,
        selection.order_by("start", "title", "pk"),
        query,
        _activity,
        in_full=(
            invalidation.app_topic(PAGES, Activity._meta.app_label),
            lambda ids: _page_in_full(ids, request.api_token, query.status),
        ),
    )


def _page_in_full(ids: list[int], token, status: str) -> list[_Listed]:
    # Through the visibility rule again: kept ids may lag a write (core.invalidation), which may leave an activity
    # out for a while but never shows one that became a draft.
    shown = api_visible_activities(Activity.objects.filter(pk__in=ids), token).filter(publication_status=status)
    return _listed(_with_registrations(shown).order_by("start", "title", "pk"))


@router.get(
    "/activities/{slug}/",
    response={200: schemas.Activity, **ERRORS},
    tags=["activities"],
    summary="One activity",
    description="A token also finds its organisation's draft activities.",
)
def activity(request, slug: str):
    return _one(request, get_object_or_404(_activities(request.api_token), slug=slug))


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
    return _one(request, _activities(token).get(pk=instance.pk))


@router.post(
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


@router.patch(
    "/activities/{slug}/",
    response={200: schemas.Activity, **WRITE_ERRORS},
    auth=TokenAuth(),
    tags=["activities"],
    summary="Change an activity",
    description="Only activities the token's organisation organises. Fields left out keep their value; "
    "a change makes the activity a draft again until a coordinator publishes it (a request that changes "
    "nothing leaves it as it is).",
)
def change_activity(request, slug: str, payload: schemas.ActivityPatch):
    token = request.auth
    instance = get_object_or_404(_activities(token), slug=slug)
    if not api_token_may_change(token, instance):
        raise HttpError(403, "")
    current = ApiActivityForm.current_values(instance, token.organisation)
    data = activity_form_data({**current, **payload.dict(exclude_unset=True)})
    if _same(data, activity_form_data(current)):
        # A partial update touches only what it changes: nothing changed, so a published activity stays published.
        return _one(request, instance)
    return _save_activity(request, token, data, instance)


def _same(data: dict, current: dict) -> bool:
    def normal(value):
        return sorted(value) if isinstance(value, list) else value

    return all(normal(data[name]) == normal(current.get(name)) for name in data)
