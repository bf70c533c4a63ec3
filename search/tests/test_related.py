"""The coordinators' list of related terms: kept on one page, used by search (and matching, see test_matching)."""

import pytest
from django.urls import reverse

from search.models import RelatedTerms
from search.services import search
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
URL = "/zoeken/verwante-termen/"


def test_the_address_is_the_dutch_one():
    assert reverse("search:related_terms") == URL


def test_a_coordinator_replaces_the_list_and_is_told(coordinator_client):
    RelatedTerms.objects.all().delete()
    RelatedTerms.objects.create(words="oud, weg")
    response = coordinator_client.post(URL, {"groups": "fijnstof,  luchtkwaliteit\n\nleraar, leerkracht, docent\n"})
    assert response.status_code == 302
    assert sorted(RelatedTerms.objects.values_list("words", flat=True)) == [
        "fijnstof, luchtkwaliteit",
        "leraar, leerkracht, docent",
    ]
    page = coordinator_client.get(URL)
    assert "fijnstof, luchtkwaliteit" in page.content.decode()
    assert "opgeslagen" in page.content.decode()


def test_a_group_of_one_word_is_refused_in_dutch_and_the_text_stays(coordinator_client):
    response = coordinator_client.post(URL, {"groups": "fijnstof, luchtkwaliteit\nalleen"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Regel 2 heeft maar één woord" in page
    assert "alleen" in page  # what was typed stays
    assert not RelatedTerms.objects.filter(words="fijnstof, luchtkwaliteit").exists()  # nothing saved


def test_hostile_input_is_no_error(coordinator_client):
    response = coordinator_client.post(URL, {"groups": "\x00, ''; DROP TABLE\n" + "x, y\n" * 600})
    assert response.status_code in (200, 302, 400)


def test_search_finds_a_related_word_and_marks_it():
    RelatedTerms.objects.create(words="fijnstof, luchtkwaliteit")
    ProjectFactory(code="8l", title="Luchtkwaliteit rond scholen")
    found = search("fijnstof", member=False)
    assert [hit.entry.title for hit in found.hits] == ["8l Luchtkwaliteit rond scholen"]
    assert "<mark>Luchtkwaliteit</mark>" in found.hits[0].title
