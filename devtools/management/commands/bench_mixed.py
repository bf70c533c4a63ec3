"""The logged-in visitors and the writes of `make bench` in mixed mode (devtools/bench/run.py --mixed).

    manage.py bench_mixed --sessions 5      # sessions of editors and a coordinator: one JSON line of cookie values
    manage.py bench_mixed --writes 120      # one write a second for 120 s, in turn: a story, an activity edit, an offer

The writes go through the ORM in this process, next to the server's, on the same database: what a busy network's
editors do between the page loads (each renews its topics of the page cache, core.invalidation).
"""

import contextlib
import itertools
import json
import random
import time
import uuid

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from activities.models import Activity
from core.models import CodeList, PublicationStatus
from impact.models import Dimension
from network.models import Organisation
from offerings.models import Offering
from programmes.models import Programme
from stories.models import Consent, Story, StoryPart, StoryStatus
from stories.services import part_stems

COORDINATOR = "bench-coordinator"


class Command(BaseCommand):
    help = "Sessions for the logged-in share of the mixed benchmark, or its writes (one a second)."

    def add_arguments(self, parser):
        parser.add_argument("--sessions", type=int, default=0, help="this many sessions: editors and a coordinator")
        parser.add_argument("--writes", type=float, default=0, help="write once a second for this many seconds")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        rng = random.Random(options["seed"])
        if options["sessions"]:
            self.stdout.write(json.dumps(sessions(options["sessions"])))
        if options["writes"]:
            done = {"story": 0, "activity_edit": 0, "offer": 0}
            with contextlib.suppress(KeyboardInterrupt):  # the harness stops the writes with SIGINT
                write_for(options["writes"], rng, done)
            self.stdout.write(json.dumps({"writes": done}))


def sessions(count: int) -> list[str]:
    """Session keys of a coordinator and count - 1 editors (the generated network's, or made here)."""
    coordinator, _ = User.objects.get_or_create(username=COORDINATOR, defaults={"is_coordinator": True})
    editors = list(User.objects.filter(editable_organisations__isnull=False).distinct().order_by("pk")[: count - 1])
    keys = []
    for user in [coordinator, *editors]:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def write_for(seconds: float, rng: random.Random, writes: dict[str, int]) -> None:
    """One write a second, in turn of the kinds in `writes`, counted there."""
    programmes = list(
        Programme.objects.filter(publication_status=PublicationStatus.PUBLISHED).values_list("pk", flat=True)
    )
    activities = list(
        Activity.objects.filter(publication_status=PublicationStatus.PUBLISHED).values_list("pk", flat=True)
    )
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    dimension = Dimension.objects.filter(ring__number=1).first()
    started = time.monotonic()
    for number, kind in enumerate(itertools.cycle(writes)):
        due = started + number
        if due - started >= seconds:
            break
        time.sleep(max(0.0, due - time.monotonic()))
        if kind == "story" and programmes and dimension:
            with transaction.atomic():  # a story and its part together, as the story services write them
                story = Story.objects.create(
                    programme_id=rng.choice(programmes),
                    respondent_role="leerkracht",
                    consent=Consent.ROLE,
                    status=StoryStatus.PUBLISHED,
                    collected_on=timezone.localdate(),
                )
                text = "Door de activiteit werk ik nu samen met een school in de buurt."
                StoryPart.objects.create(story=story, ring=1, dimension=dimension, text=text, stems=part_stems(text))
        elif kind == "activity_edit" and activities:
            activity = Activity.objects.get(pk=rng.choice(activities))
            activity.title = f"{activity.title.split(' · ')[0]} · {number}"
            activity.save()
        elif kind == "offer" and organisations:
            Offering.objects.create(
                provider_id=rng.choice(organisations),
                title=f"Hulp aangeboden {number}",
                slug=f"hulp-aangeboden-{uuid.uuid4().hex[:12]}",  # unique also when the bench runs again on this copy
                kind="workshop",
                description="Wij helpen graag bij een les over lezen.",
                audiences=CodeList.pack(("po",)),
                languages=CodeList.pack(("nl",)),
                is_free=True,
                publication_status=PublicationStatus.PUBLISHED,
            )
        else:
            continue
        writes[kind] += 1
