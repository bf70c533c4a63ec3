"""Rankings kept per version of the index (search.services._matched): a search asked again, or narrowed to a kind,
ranks nothing anew, and every write to the index or to the related terms shows in the next search at once."""

import datetime as dt

import pytest
from django.utils import timezone

from core import invalidation
from search import backends, services
from search.models import Kind, SearchEntry
from search.services import search
from search.text import term_string
from tests.factories import ActivityFactory, OrganisationFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def rankings(monkeypatch):
    """The rankings the full-text engine is asked for."""
    asked = []
    match = backends.match

    def counting(terms, **options):
        asked.append(options.get("kind", ""))
        return match(terms, **options)

    monkeypatch.setattr(backends, "match", counting)
    return asked


def titles(query, **options):
    return [hit.entry.title for hit in search(query, member=False, **options).hits]


def test_a_search_asked_again_or_narrowed_ranks_nothing_anew(rankings):
    organisation = OrganisationFactory(name="Natuurschool De Hoeksteen")
    ActivityFactory(title="Slootjesdag bij de Hoeksteen", organisers=[organisation], start=in_days(10))
    assert titles("hoeksteen") == titles("hoeksteen") != []
    assert rankings == [""]
    narrowed = search("hoeksteen", member=False, kind="activity")
    assert [hit.entry.title for hit in narrowed.hits] == ["Slootjesdag bij de Hoeksteen"]
    assert dict(narrowed.kind_counts) == {"organisation": 1, "activity": 1}  # the counts of the whole search
    assert rankings == ["", "activity"]
    search("hoeksteen", member=True)  # members see more: a ranking of their own
    assert rankings == ["", "activity", ""]


def test_each_write_to_the_index_shows_in_the_next_search():
    assert titles("slootjesdag") == []
    activity = ActivityFactory(title="Slootjesdag", start=in_days(10))
    assert titles("slootjesdag") == ["Slootjesdag"]
    activity.title = "Boomplantdag"
    activity.save()
    assert (titles("slootjesdag"), titles("boomplantdag")) == ([], ["Boomplantdag"])
    activity.delete()
    assert titles("boomplantdag") == []


def test_a_new_related_term_shows_in_the_next_search():
    ActivityFactory(title="Waterdiertjes vangen", start=in_days(10))
    assert titles("slootjesdag") == []
    services.save_related_terms(["slootjesdag, waterdiertjes"])
    assert titles("slootjesdag") == ["Waterdiertjes vangen"]


def test_expired_and_members_only_entries_stay_out_of_the_ranking():
    today = timezone.localdate()

    def entry(title, number, **fields):
        SearchEntry.objects.create(
            kind=Kind.OFFERING,
            object_id=number,
            title=title,
            url=f"/aanbod/{number}/",
            terms_title=term_string(title),
            **fields,
        )

    entry("Gastles voorbij", 1, visible_until=today - dt.timedelta(days=1))
    entry("Gastles vandaag", 2, visible_until=today)
    entry("Gastles open", 3)
    entry("Gastles leden", 4, members_only=True)
    for kind in ("", Kind.OFFERING):
        assert sorted(titles("gastles", kind=kind)) == ["Gastles open", "Gastles vandaag"]
        member = search("gastles", member=True, kind=kind).hits
        assert sorted(hit.entry.title for hit in member) == ["Gastles leden", "Gastles open", "Gastles vandaag"]


def test_a_ranking_that_lags_a_write_never_shows_an_entry_that_became_members_only(monkeypatch):
    SearchEntry.objects.create(
        kind=Kind.DOCUMENT, object_id=1, title="Gastles verslag", url="/documenten/1/", terms_title="gastles verslag"
    )
    assert titles("gastles") == ["Gastles verslag"]
    # A process that dies between its commit and the topic's renewal (core.invalidation): the kept ranking lags.
    monkeypatch.setattr(invalidation, "renew_after_commit", lambda connection, topic: None)
    SearchEntry.objects.update(members_only=True, title="Gastles verslag (leden)")
    assert titles("gastles") == []
    assert [hit.entry.title for hit in search("gastles", member=True).hits] == ["Gastles verslag (leden)"]
