"""The synthetic network generator at a tiny factor: counts, determinism, consistency, and the key pages on it."""

import datetime as dt
import statistics
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation

from accounts.models import User
from activities.models import Activity
from attendance.models import Attendance, AttendanceList, Participant
from attendance.services import head_counts, refresh_first_time
from core.models import CacheVersion
from devtools.generator.base import targets
from devtools.generator.run import digest, generate
from impact.models import ActivityFigures
from network.models import Organisation, Person
from offerings.models import Offering
from programmes.models import Programme
from projects.models import Project
from questions.models import Question
from reports.data import build
from search.indexers import rebuild_all
from search.models import SearchEntry
from stories.models import Story, StoryPart

FACTOR = 0.01  # 10 organisations, 200 activities, 1,000 stories, 2,000 participations
TODAY = dt.date(2026, 3, 15)


class Rollback(Exception):
    pass


def _generate_and_digest(seed: int) -> str:
    """Generate inside a savepoint, digest, and roll back: the next run starts from an empty database again."""
    result = {}
    try:
        with transaction.atomic():
            generate(FACTOR, seed=seed, today=TODAY)
            result["digest"] = digest()
            raise Rollback
    except Rollback:
        pass
    return result["digest"]


@pytest.mark.django_db
def test_counts_scale_as_declared():
    counts = generate(FACTOR, seed=1, today=TODAY)
    wanted = targets(FACTOR)
    assert wanted == {
        "organisations": 10,
        "activities": 200,
        "stories": 1000,
        "projects": 50,
        "offerings": 50,
        "programmes": 1,
        "participations": 2000,
    }
    stored = {
        "organisations": Organisation.objects.count(),
        "activities": Activity.objects.count(),
        "stories": Story.objects.count(),
        "projects": Project.objects.count(),
        "offerings": Offering.objects.count(),
        "programmes": Programme.objects.count(),
        "participations": Attendance.objects.count(),
    }
    assert stored == wanted
    assert {kind: counts[kind] for kind in wanted} == wanted
    assert targets(1)["stories"] == 100_000 and targets(10)["organisations"] == 10_000
    assert targets(0.1) == {
        "organisations": 100,
        "activities": 2000,
        "stories": 10_000,
        "projects": 500,
        "offerings": 500,
        "programmes": 5,
        "participations": 20_000,
    }


@pytest.mark.django_db
def test_same_seed_gives_the_same_database():
    first = _generate_and_digest(seed=1)
    assert _generate_and_digest(seed=1) == first
    assert _generate_and_digest(seed=2) != first


@pytest.mark.django_db
def test_data_is_shaped_like_a_network():
    generate(0.05, seed=1, today=TODAY)  # 50 organisations, 1,000 activities
    per_organisation = Counter(Activity.organisers.through.objects.values_list("organisation_id", flat=True))
    counts = sorted(
        (per_organisation.get(pk, 0) for pk in Organisation.objects.values_list("pk", flat=True)), reverse=True
    )
    assert counts[0] >= 5 * statistics.median(counts)  # a few very active organisations, many small ones
    organisers = Counter(Activity.organisers.through.objects.values_list("activity_id", flat=True))
    assert len(organisers) == Activity.objects.count()  # every activity has an organiser …
    assert sum(count > 1 for count in organisers.values()) > 0.1 * len(organisers)  # … many have partners
    assert Activity.objects.filter(start__date__lt=TODAY).exists()
    assert Activity.objects.filter(start__date__gt=TODAY).exists()
    published = Activity.objects.filter(publication_status="published").count()
    assert 0.8 * Activity.objects.count() < published < Activity.objects.count()
    assert Story.objects.filter(status="published").exclude(consent="internal").count() > 0.5 * Story.objects.count()
    assert StoryPart.objects.filter(ring=3).exists() and StoryPart.objects.exclude(stems="").exists()
    assert Organisation.objects.filter(sector="po").count() > Organisation.objects.filter(sector="hbo").count()


@pytest.mark.django_db
def test_attendance_agrees_with_the_attendance_services():
    generate(FACTOR, seed=1, today=TODAY)
    # Recomputing every first-time flag by the services' rules changes nothing …
    recount = refresh_first_time(set(Participant.objects.values_list("pk", flat=True)))
    assert recount.changed == set()
    # … and each list's figures hold its head counts, as save_list writes them.
    listed = list(AttendanceList.objects.values_list("activity_id", "written_participants", "written_first_timers"))
    assert listed
    counts = head_counts([activity_id for activity_id, *_rest in listed])
    figures = {item.activity_id: item for item in ActivityFigures.objects.filter(activity_id__in=counts)}
    for activity_id, participants, first_timers in listed:
        assert (counts[activity_id]["participants"], counts[activity_id]["first_timers"]) == (
            participants,
            first_timers,
        )
        assert (figures[activity_id].participants, figures[activity_id].first_timers) == (participants, first_timers)


@pytest.mark.django_db
def test_search_index_and_map_version_are_rebuilt():
    generate(FACTOR, seed=1, today=TODAY)
    entries = Counter(SearchEntry.objects.values_list("kind", flat=True))
    assert entries["story"] > 0 and entries["activity"] > 0 and entries["offering"] > 0
    assert CacheVersion.objects.filter(topic="map").exists()
    assert dict(entries) == {kind: count for kind, count in rebuild_all().items() if count}


@pytest.mark.django_db
def test_key_pages_and_reports_work_on_a_generated_network():
    today = timezone.localdate()
    generate(FACTOR, seed=1, today=today)
    client = Client()
    busiest = Counter(Activity.organisers.through.objects.values_list("organisation_id", flat=True)).most_common(1)
    organisation = Organisation.objects.get(pk=busiest[0][0])
    programme = Programme.objects.filter(publication_status="published").first()
    urls = [
        "/",
        "/agenda/",
        f"/agenda/?weergave=maand&maand={today:%Y-%m}",
        organisation.get_absolute_url(),
        "/projecten/",
        "/aanbod/",
        "/aanbod/?doelgroep=po&groep=7-8&gratis=on&taal=nl",
        "/open-dagen/",
        programme.get_absolute_url(),
        f"/programmas/{programme.slug}/verhalen/",
        "/verhalen/",
        "/netwerk/",
        "/zoeken/?q=leesplezier",
        "/zoeken/?q=workshop school",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert Activity.objects.filter(end__gte=timezone.now(), publication_status="published").exists()
    for kind in ("impact", "evaluation", "storybook"):
        with translation.override("nl"):
            report = build(kind, programme, "nl")
        assert report.sections


@pytest.mark.django_db
def test_command_refuses_a_database_that_is_not_empty(capsys):
    call_command("generate_network", "--factor", "0.005", "--seed", "3", "--today", "2026-03-15")
    assert "Done in" in capsys.readouterr().out
    with pytest.raises(CommandError, match="empty database"):
        call_command("generate_network", "--scale", "demo")


@pytest.mark.django_db
def test_accounts_are_members_or_editors_of_their_people_s_organisations_and_some_ask():
    counts = generate(FACTOR, seed=1, today=timezone.localdate(), accounts=20)
    people = Person.objects.exclude(user=None).select_related("user", "organisation")
    assert counts["accounts"] == people.count() == User.objects.count() == 20
    for person in people:
        assert person.user.email == person.email
        assert person.user.get_full_name() == person.name
        assert person.organisation in {
            *person.user.editable_organisations.all(),
            *person.user.member_organisations.all(),
        }
    assert counts["questions"] == Question.objects.filter(status="open").count() == 1


@pytest.mark.django_db
def test_bench_digest_prints_its_figures(capsys):
    generate(FACTOR, seed=1, today=timezone.localdate(), accounts=20)
    call_command("bench_digest")
    out = capsys.readouterr().out
    assert "20 digest recipients" in out
    assert "ms per recipient" in out and "queries" in out
