"""The two pages that gather the work of every app: the home page and the logged-in user's *Mijn werk*."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts.http import AuthenticatedHttpRequest
from activities.models import Activity
from core import fragments, invalidation
from core.dates import start_of_today
from core.permissions import can_publish, editable_organisations, is_coordinator, visible
from home.rings import rings_overview
from home.topics import HOME, HOME_FIGURES
from home.work import follow_ups, work_queue
from network.models import Line, NetworkProfile, Person
from notifications.services import unread_count
from programmes.models import Programme
from programmes.services import Rollup, involved_organisations, programme_activities, summed
from projects.models import Project
from questions.models import Question
from stories.models import COUNTED, Story
from stories.permissions import visible_stories

# As long as the cached blocks (core.fragments): bounds the lag when a process dies between a commit and its version.
FIGURES_SECONDS = 600


def _current_programme(user: AbstractBaseUser | AnonymousUser) -> Programme | None:
    """The programme whose period holds today, else the latest one this user may see."""
    programmes = visible(Programme.objects.all(), user, "organisations")
    today = timezone.localdate()
    return programmes.filter(period_start__lte=today, period_end__gte=today).first() or programmes.first()


def home(request: HttpRequest) -> HttpResponse:
    # The page below the search form is cached per data version, viewer scope and day ("coming up" changes at
    # midnight) and computed only on a miss (core.fragments).
    return render(
        request,
        "home/home.html",
        {
            "home_key": fragments.key(HOME, request.user, timezone.localdate()),
            "profile": SimpleLazyObject(lambda: NetworkProfile.objects.prefetch_related("roles").first()),
            "home": SimpleLazyObject(lambda: _home(request.user)),
        },
    )


def _home(user: AbstractBaseUser | AnonymousUser) -> dict:
    upcoming = visible(Activity.objects.filter(end__gte=start_of_today()), user, "organisers")
    projects = visible(Project.objects.all(), user, "leads")
    programme = _current_programme(user)
    # The home page is the network's public face: it quotes only stories the public may read, whoever looks.
    stories = visible_stories(Story.objects.filter(COUNTED), AnonymousUser())
    return {
        "upcoming": upcoming.for_listing()[:6],
        "lines": Line.objects.filter(retired_at__isnull=True).prefetch_related(
            Prefetch("holders", queryset=Person.objects.select_related("organisation"))
        ),
        "projects": projects.order_by("-updated_at", "code")[:6],
        "programme": programme,
        "totals": _figures(programme) if programme else None,
        "rings": rings_overview(),
        "stories": stories.prefetch_related("parts").order_by("-collected_on", "-pk")[:3],
    }


def _figures(programme: Programme) -> Rollup:
    """The programme's figures, kept per version of the tables they are counted from (HOME_FIGURES): the costliest
    part of the home page, and a new story does not change them. Summed in memory from the programme's activities
    read once (4 ms at city scale, where rollup()'s joins took 36 ms)."""
    key = f"home-figures:{invalidation.current(HOME_FIGURES)}:{programme.pk}"
    found = cache.get(key)
    if found is None:
        records = programme_activities(programme)
        found = summed(records, partners=involved_organisations(records.ids).values("pk").count())
        cache.set(key, found, FIGURES_SECONDS)
    return found


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the logged-in user can work on: their organisations, and everything waiting for them (home.work)."""
    user = request.user
    coordinator = is_coordinator(user)
    return render(
        request,
        "home/dashboard.html",
        {
            "organisations": editable_organisations(user).none() if coordinator else editable_organisations(user),
            "work": work_queue(user),
            "follow_ups": follow_ups(user),
            "may_publish": can_publish(user),
            "is_coordinator": coordinator,
            "unread_notifications": unread_count(user),
            "my_questions": Question.objects.filter(asker=user)
            .annotate(response_count=Count("responses"))
            .order_by("-created_at")[:20],
        },
    )
