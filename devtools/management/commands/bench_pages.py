"""The key pages `make bench` loads, chosen from whatever network the database holds; prints one JSON object."""

import json

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from activities.models import Activity
from core.models import PublicationStatus
from network.models import Organisation
from offerings.models import Offering
from programmes.models import Programme
from projects.models import Project
from stories.models import Story

# The word searched for: common in every generated network and in the demo data.
SEARCH_QUERY = "school"


class Command(BaseCommand):
    help = "Print the key pages of the benchmark (name → path) as JSON, picked from the database's network."

    def handle(self, *args, **options):
        published = PublicationStatus.PUBLISHED
        organisation = (
            Organisation.objects.annotate(n=Count("activities"))
            .order_by("-n", "pk")
            .values_list("slug", flat=True)
            .first()
        )
        # The programme with the most stories: its dashboard and story book are the heaviest.
        programme = (
            Programme.objects.filter(publication_status=published)
            .annotate(n=Count("stories"))
            .order_by("-n", "pk")
            .values_list("slug", flat=True)
            .first()
        )
        theme = (
            Offering.objects.filter(publication_status=published)
            .values("themes__slug")
            .exclude(themes__slug=None)
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("themes__slug", flat=True)
            .first()
        )
        month = timezone.localdate().strftime("%Y-%m")
        pages = {
            "home": "/",
            "calendar_month": f"/agenda/?weergave=maand&maand={month}",
            "organisation": f"/organisaties/{organisation}/" if organisation else None,
            "projects": "/projecten/",
            "offerings_filtered": "/aanbod/?doelgroep=po&groep=7-8"
            + (f"&thema={theme}" if theme else "")
            + "&gratis=on",
            "story_book": "/verhalen/",
            "programme_dashboard": f"/programmas/{programme}/" if programme else None,
            "search": f"/zoeken/?q={SEARCH_QUERY}",
            "api_activities": "/api/activities/",
        }
        counts = {
            "organisations": Organisation.objects.count(),
            "activities": Activity.objects.count(),
            "projects": Project.objects.count(),
            "offerings": Offering.objects.count(),
            "stories": Story.objects.count(),
        }
        self.stdout.write(json.dumps({"pages": {k: v for k, v in pages.items() if v}, "counts": counts}))
