"""The network's identity page (/over-het-netwerk/) is found by the words of its texts and roles, follows every
save and survives a rebuild of the index."""

import pytest

from network.identity import save_profile
from network.models import NetworkRole
from search.indexers import IDENTITY_ID, IDENTITY_KIND, rebuild_all
from search.models import SearchEntry
from search.services import search
from tests.factories import NetworkProfileFactory

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return [hit.entry.url for hit in search(query, member=False).hits]


def test_a_word_of_the_ambition_finds_the_identity_page_and_follows_each_save(client):
    profile = NetworkProfileFactory(name="Het Fieldlab", ambition="<p>Elk kind leert in een <b>kansrijke</b> wijk.</p>")
    assert found("kansrijk") == ["/over-het-netwerk/"]
    entry = SearchEntry.objects.get(kind=IDENTITY_KIND, object_id=IDENTITY_ID)
    assert entry.title == "Over het netwerk: Het Fieldlab" and "<" not in entry.terms_body
    page = client.get("/zoeken/", {"q": "kansrijke"})
    assert page.status_code == 200 and 'href="/over-het-netwerk/"' in page.content.decode()

    profile.ambition = "<p>Samen bouwen aan gelijke onderwijskansen.</p>"
    save_profile(profile, {"verdiepen": {"text": "Wij delen onderzoek over taalontwikkeling."}})
    assert found("kansrijk") == []
    assert found("onderwijskansen") == ["/over-het-netwerk/"]
    assert found("taalontwikkeling") == ["/over-het-netwerk/"]  # a role's text
    NetworkRole.objects.all().delete()
    assert found("taalontwikkeling") == []


def test_a_rebuild_keeps_the_identity_page_and_without_a_profile_there_is_none():
    profile = NetworkProfileFactory(ambition="Ruimte voor pioniers.")
    SearchEntry.objects.all().delete()
    counts = rebuild_all()
    assert counts["network"] == 1 and found("pioniers") == ["/over-het-netwerk/"]
    profile.delete()
    assert found("pioniers") == []
    assert rebuild_all()["network"] == 0
