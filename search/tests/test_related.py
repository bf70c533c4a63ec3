"""The coordinators' list of related terms: kept on one page, used by search (and matching, see test_matching)."""

import pytest
from django.urls import reverse

from search.models import RelatedTerms
from search.related import occurrences
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


def test_a_phrase_is_its_words_near_each_other_in_any_order():
    assert occurrences("welzijn student", ["welzijn", "student"]) == 1
    assert occurrences("welzijn student", ["student", "hun", "welzijn", "x", "welzijn", "student"]) == 2
    assert occurrences("welzijn student", ["welzijn", "a", "b", "c", "student"]) == 0  # too far apart
    assert occurrences("welzijn student", ["student"]) == 0


def test_search_takes_a_related_phrase_as_a_whole_not_by_its_last_word():
    RelatedTerms.objects.all().delete()  # not the seeded "fijnstof, luchtkwaliteit"
    RelatedTerms.objects.create(words="fijnstof, luchtkwaliteit bij scholen")
    ProjectFactory(code="8f", title="Fijnstof meten")
    ProjectFactory(code="8l", title="Luchtkwaliteit rond scholen")
    ProjectFactory(code="8h", title="Luchtkwaliteit in huis", description="Later bouwen we misschien ook scholen.")
    ProjectFactory(code="8s", title="Nieuwe scholen")

    assert {hit.entry.title for hit in search("fijnstof", member=False).hits} == {
        "8f Fijnstof meten",
        "8l Luchtkwaliteit rond scholen",
    }
    assert {hit.entry.title for hit in search("scholen", member=False).hits} == {
        "8l Luchtkwaliteit rond scholen",
        "8h Luchtkwaliteit in huis",
        "8s Nieuwe scholen",
    }


def test_search_for_a_phrase_of_the_list_finds_its_related_terms():
    RelatedTerms.objects.create(words="studentenwelzijn, welzijn van studenten")
    ProjectFactory(code="7s", title="Studentenwelzijn", description="Minder prestatiedruk op de campus.")
    ProjectFactory(code="7w", title="Welzijn in de wijk", description="Ook studenten wonen hier.")  # far apart
    found = search("welzijn van studenten", member=False)
    # Without the phrase only 7w holds both words ("welzijn" does not start "studentenwelzijn").
    assert {hit.entry.title for hit in found.hits} == {"7s Studentenwelzijn", "7w Welzijn in de wijk"}
