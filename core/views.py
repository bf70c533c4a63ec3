from django.db.models import Prefetch
from django.shortcuts import render

from activities.models import Activity
from core.dates import start_of_today
from core.permissions import visible
from network.models import Line, NetworkProfile, Person
from projects.models import Project


def home(request):
    profile = NetworkProfile.objects.prefetch_related("roles").first()
    upcoming = visible(Activity.objects.filter(end__gte=start_of_today()), request.user, "organisers")
    projects = visible(Project.objects.all(), request.user, "leads")
    return render(
        request,
        "core/home.html",
        {
            "profile": profile,
            "upcoming": upcoming.for_listing()[:6],
            "lines": Line.objects.prefetch_related(
                Prefetch("holders", queryset=Person.objects.select_related("organisation"))
            ),
            "projects": projects.order_by("-updated_at", "code")[:6],
        },
    )
