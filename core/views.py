from django.db.models import Prefetch
from django.shortcuts import render

from activities.models import Activity
from core.dates import start_of_today
from core.permissions import visible
from network.models import Line, NetworkProfile, Organisation, Person
from projects.models import Project

SEARCH_LIMIT = 20


def home(request):
    profile = NetworkProfile.objects.prefetch_related("roles").first()
    upcoming = visible(Activity.objects.filter(end__gte=start_of_today()), request.user, "organisers")
    projects = visible(Project.objects.all(), request.user, "leads")
    return render(request, "core/home.html", {
        "profile": profile,
        "upcoming": upcoming.for_listing()[:6],
        "lines": Line.objects.prefetch_related(
            Prefetch("holders", queryset=Person.objects.select_related("organisation"))
        ),
        "projects": projects.order_by("-updated_at", "code")[:6],
    })


def search(request):
    """A plain title search until full-text search arrives: each kind matched on its name."""
    # NUL cannot be stored or searched for in PostgreSQL; it is never meaningful in a search.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    results = {}
    if query:
        results = {
            "organisations": Organisation.objects.filter(name__icontains=query)[:SEARCH_LIMIT],
            "activities": visible(Activity.objects.filter(title__icontains=query), request.user, "organisers")
            .order_by("-start")[:SEARCH_LIMIT],
            "projects": visible(Project.objects.filter(title__icontains=query), request.user, "leads")[:SEARCH_LIMIT],
            "lines": Line.objects.filter(name__icontains=query)[:SEARCH_LIMIT],
        }
    found = sum(len(items) for items in results.values())
    return render(request, "core/search.html", {"query": query, "results": results, "found": found})
