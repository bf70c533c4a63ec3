"""The search index rebuilt as a background job from /zoeken/index/ (search.jobs): the coordinator's page, the job
with its progress per kind, and an index that stays whole while each kind is replaced."""

import pytest
from django.urls import reverse

from core.models import BackgroundJob
from search.indexers import rebuild_all
from search.jobs import KIND
from search.models import Kind, SearchEntry
from search.services import search
from tests.factories import ActivityFactory, LineFactory, OrganisationFactory, in_days

pytestmark = pytest.mark.django_db

URL = "/zoeken/index/"


@pytest.fixture
def records():
    organisation = OrganisationFactory(name="Natuurschool De Hoeksteen")
    ActivityFactory(title="Slootjesdag", organisers=[organisation], start=in_days(10))
    ActivityFactory(title="Boomplantdag", organisers=[organisation], start=in_days(20))
    return organisation


def test_the_page_shows_the_index_per_kind_and_is_linked_from_my_work(coordinator_client, records):
    assert reverse("search:index") == URL
    page = coordinator_client.get(URL)
    assert page.status_code == 200
    kinds = dict(page.context["kinds"])
    assert (kinds["Activiteiten"], kinds["Organisaties"]) == (
        2,
        SearchEntry.objects.filter(kind=Kind.ORGANISATION).count(),
    )
    assert page.context["total"] == SearchEntry.objects.count()
    assert page.context["last"] is None
    assert URL in coordinator_client.get(reverse("home:dashboard")).content.decode()


def test_the_button_starts_a_rebuild_whose_page_says_how_many_records(coordinator_client, records):
    SearchEntry.objects.filter(kind=Kind.ACTIVITY).delete()  # fallen behind, e.g. after a restore
    response = coordinator_client.post(URL, follow=True)  # the worker runs it (here at once)
    job = response.context["job"]
    assert (job.kind, job.status) == (KIND, "done")
    assert job.done == job.total > 0
    entries = SearchEntry.objects.count()
    assert job.message == f"Klaar: {entries} items in de zoekindex."
    assert "De zoekindex wordt opnieuw opgebouwd." in response.content.decode()
    assert f"Klaar: {entries} items" in response.content.decode()
    assert SearchEntry.objects.filter(kind=Kind.ACTIVITY).count() == 2
    assert [hit.entry.title for hit in search("slootjesdag", member=False).hits] == ["Slootjesdag"]
    assert coordinator_client.get(URL).context["last"] == job


def test_a_second_click_while_a_rebuild_runs_leads_to_that_rebuild(coordinator_client, coordinator):
    running = BackgroundJob.objects.create(kind=KIND, title="Zoekindex", status="running", requested_by=coordinator)
    page = coordinator_client.get(URL)
    assert page.context["running"] == running
    assert reverse("tasks:job", args=[running.pk]) in page.content.decode()
    response = coordinator_client.post(URL)
    assert response.url == reverse("tasks:job", args=[running.pk])
    assert BackgroundJob.objects.filter(kind=KIND).count() == 1


@pytest.mark.parametrize("client_name", ["editor_a_client", "member_client"])
def test_nobody_else_starts_a_rebuild(request, client_name):
    client = request.getfixturevalue(client_name)
    assert client.post(URL).status_code == 403
    assert not BackgroundJob.objects.filter(kind=KIND).exists()


def test_progress_is_told_per_kind_and_the_other_kinds_stay_findable_meanwhile(records):
    LineFactory(name="Dwarslijn Hoeksteen", slug="dwarslijn-hoeksteen")
    told = []
    seen_while_indexing_activities = []

    def progress(done, total, kind):
        told.append((done, total, kind))
        if kind == Kind.ACTIVITY and not seen_while_indexing_activities:
            # Lines come after activities: their entries were not emptied ahead of time.
            seen_while_indexing_activities.extend(hit.entry.title for hit in search("hoeksteen", member=False).hits)

    counts = rebuild_all(batch=1, progress=progress)
    assert {"Natuurschool De Hoeksteen", "Dwarslijn Hoeksteen"} <= set(seen_while_indexing_activities)
    kinds = [kind for _done, _total, kind in told]
    assert kinds.index(Kind.ORGANISATION) < kinds.index(Kind.ACTIVITY) < kinds.index(Kind.DOCUMENT)
    assert [done for done, _total, _kind in told] == sorted(done for done, _total, _kind in told)
    assert told[-1][0] == told[-1][1]  # every record read
    assert counts[Kind.ACTIVITY] == 2
