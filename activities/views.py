from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities import services
from activities.filters import ActivityFilter, OpenDayFilter
from activities.forms import ActivityForm
from activities.models import Activity, ActivityKind
from activities.topics import CALENDAR, CALENDAR_FILTERS
from core import fragments
from core.dates import start_of_today
from core.exports import export_response, joined, wants_export
from core.languages import in_dutch_unless, parent_page
from core.permissions import (
    can_delete,
    can_edit,
    can_publish,
    editable_organisations,
    locked_organisations,
    visible,
)
from core.record_views import create_view, delete_view, edit_view, publish_view, send_back_view
from core.views_helpers import paginate, query_without, render_list


def _visible_activities(user):
    return visible(Activity.objects.all(), user, "organisers")


ACTIVITY_COLUMNS = [
    (gettext_lazy("Title"), lambda activity: activity.title),
    (gettext_lazy("Kind"), lambda activity: activity.get_kind_display()),
    (gettext_lazy("Start"), lambda activity: activity.start),
    (gettext_lazy("End"), lambda activity: activity.end),
    (gettext_lazy("All day"), lambda activity: activity.all_day),
    (gettext_lazy("Place"), lambda activity: activity.place),
    (gettext_lazy("Organisers"), lambda activity: joined(organiser.name for organiser in activity.organisers.all())),
    (gettext_lazy("Themes"), lambda activity: joined(activity.themes.all())),
]
OPEN_DAY_COLUMNS = [
    *ACTIVITY_COLUMNS[:4],
    (gettext_lazy("School type"), lambda activity: activity.get_school_type_display()),
    (gettext_lazy("Neighbourhood"), lambda activity: activity.neighbourhood),
    (gettext_lazy("Languages"), lambda activity: activity.languages),
    *ACTIVITY_COLUMNS[5:7],
]


def _in_month(activities, period):
    first, following = services.month_bounds(period.year, period.month)
    return activities.filter(start__lt=following, end__gte=first)


def calendar(request):
    activity_filter = ActivityFilter(request.GET, queryset=_visible_activities(request.user))
    activities = activity_filter.qs.for_listing()
    today = timezone.localdate()
    period, notices = services.parse_period(request.GET, today)
    if wants_export(request):
        selection = _in_month(activities, period) if period.view == "maand" else services.listed(activities, period)
        return export_response(request, "agenda", ACTIVITY_COLUMNS, selection)
    context = {
        "filter": activity_filter,
        "view": period.view,
        "year": period.year if period.view == "lijst" else None,
        "notices": notices,
        "extra_hidden": period.hidden_fields,
        "query": query_without(request, "page"),
        "filter_query": query_without(request, "page", "weergave", "maand", "jaar", "dag"),
        "years": range(today.year - 2, today.year + 2),
        "day": period.date,
        "day_month": period.month_value,
    }

    def results() -> dict:
        if period.view == "maand":
            month = services.month_view(activities, period.year, period.month)
            return {**month, "result_count": month["month_count"]}
        page = paginate(request, services.listed(activities, period))
        return {"page": page, "result_count": page.paginator.count}

    # The filters and the activities are computed only when their cached blocks are rendered anew
    # (core.fragments); "coming up" and "today" change at midnight, so the day is in the key.
    found = SimpleLazyObject(results)
    context["calendar_key"] = fragments.key(CALENDAR, request.user, request.get_full_path(), today)
    context["filters_key"] = fragments.key(CALENDAR_FILTERS, request.user, request.get_full_path(), today)
    context["found"] = found
    context["result_count"] = SimpleLazyObject(lambda: found["result_count"])
    return render_list(
        request,
        "activities/calendar.html",
        "activities/_results.html",
        context,
        tabs_template="activities/_view_tabs.html",
    )


def feed(request):
    activity_filter = ActivityFilter(request.GET, queryset=_visible_activities(request.user))
    # Calendar apps re-read a feed often: a year of history is plenty.
    activities = activity_filter.qs.for_listing().filter(end__gte=start_of_today() - services.FEED_HISTORY)
    body = services.to_ical(activities, request.build_absolute_uri("/").rstrip("/"), _("Network calendar"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    return response


def _get_visible(request, slug):
    activities = _visible_activities(request.user).prefetch_related("organisers", "themes", "lines", "target_sectors")
    return get_object_or_404(activities, slug=slug)


@parent_page
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    activity = _get_visible(request, slug)
    # Only an open day's page is for parents, in all six languages; other activities are in Dutch and English.
    if dutch := in_dutch_unless(request, activity.kind == ActivityKind.OPEN_DAY):
        return dutch
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "may_edit": can_edit(request.user, activity),
            "may_delete": can_delete(request.user, activity),
            "may_publish": can_publish(request.user),
        },
    )


def ics(request, slug):
    activity = _get_visible(request, slug)
    body = services.to_ical([activity], request.build_absolute_uri("/").rstrip("/"), activity.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{activity.slug}.ics"'
    return response


def _form(request: HttpRequest, activity: Activity | None) -> ActivityForm:
    locked = locked_organisations(request.user, activity.organisers.all()) if activity else ()
    return ActivityForm(
        request.POST or None,
        instance=activity,
        organiser_choices=editable_organisations(request.user),
        locked_organisers=locked,
    )


def _save(request: HttpRequest, form: ActivityForm) -> Activity:
    return services.save_activity(
        form.apply_times(),
        organisers=form.cleaned_data["organisers"],
        themes=form.cleaned_data["themes"],
        lines=form.cleaned_data["lines"],
        sectors=form.cleaned_data["sectors"],
        keep_published=can_publish(request.user),
    )


create = create_view(
    form=_form,
    save=_save,
    heading=gettext_lazy("New activity"),
    cancel_url=reverse_lazy("activities:calendar"),
    saved_message=gettext_lazy("The activity was saved as a draft. A coordinator publishes it."),
)
edit = edit_view(Activity, form=_form, save=_save)
publish = publish_view(
    Activity,
    published_message=gettext_lazy("The activity is published and visible to everyone."),
    draft_message=gettext_lazy("The activity is a draft again and hidden from the public."),
)
send_back = send_back_view(Activity)
delete = delete_view(
    Activity, done_url=reverse_lazy("activities:calendar"), done_message=gettext_lazy("The activity was deleted.")
)


def _open_days(request, upcoming: bool = True):
    open_days = _visible_activities(request.user).filter(kind=ActivityKind.OPEN_DAY)
    if upcoming:
        open_days = open_days.filter(end__gte=start_of_today())
    return OpenDayFilter(request.GET, queryset=open_days.for_listing())


@parent_page
def open_days(request):
    """/open-dagen/: every school's open days as a list by month or as a month grid, filterable,
    with a calendar feed."""
    period, notices = services.parse_period(request.GET, timezone.localdate())
    month = period.view == "maand"
    open_day_filter = _open_days(request, upcoming=period.view == "lijst")
    listed = services.listed(open_day_filter.qs, period) if period.view == "dag" else open_day_filter.qs
    if wants_export(request):
        selection = _in_month(open_day_filter.qs, period) if month else listed
        return export_response(request, "open-dagen", OPEN_DAY_COLUMNS, selection)
    context = {
        "filter": open_day_filter,
        "view": period.view,
        "notices": notices,
        "extra_hidden": period.hidden_fields,
        "query": query_without(request, "page"),
        "filter_query": query_without(request, "page", "weergave", "maand", "jaar", "dag"),
        "day": period.date,
        "day_month": period.month_value,
    }
    if month:
        context.update(services.month_view(open_day_filter.qs, period.year, period.month))
        context["result_count"] = context["month_count"]
    else:
        context["page"] = paginate(request, listed, per_page=50)
        context["result_count"] = context["page"].paginator.count
    return render_list(request, "activities/open_days.html", "activities/_open_days_results.html", context)


@parent_page
def open_days_feed(request):
    body = services.to_ical(_open_days(request).qs, request.build_absolute_uri("/").rstrip("/"), _("Open days"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="open-dagen.ics"'
    return response
