"""Offerings in the search index: published, current ones are found (also by the provider's abbreviation),
and they leave the index when unpublished, expired, deleted, or never published."""

import datetime as dt

import pytest
from django.utils import timezone

from core.models import PublicationStatus
from offerings.tests.factories import OfferingFactory
from search.models import Kind, SearchEntry
from search.services import search
from tests.factories import AliasFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def found(query: str, *, member: bool = False) -> list[str]:
    """URLs of the offerings the search finds."""
    return [hit.entry.url for hit in search(query, member=member).hits if hit.entry.kind == Kind.OFFERING]


@pytest.fixture
def hogeschool():
    organisation = OrganisationFactory(name="Hogeschool Leiden", sector="hbo")
    AliasFactory(organisation=organisation, alias="HsL")
    return organisation


@pytest.fixture
def windmill(hogeschool):
    return OfferingFactory(
        title="Bouw je eigen windmolen",
        provider=hogeschool,
        description="Kinderen leren hoe wind stroom maakt.",
        themes=[ThemeFactory(name="Duurzaamheid", slug="duurzaamheid")],
    )


class TestFindable:
    def test_by_a_word_of_the_title(self, windmill):
        assert found("windmolen") == [windmill.get_absolute_url()]
        # Capitals and accents make no difference.
        assert found("WINDMÓLEN") == [windmill.get_absolute_url()]

    def test_by_a_word_of_the_description(self, windmill):
        assert found("stroom") == [windmill.get_absolute_url()]

    def test_by_the_provider_name_and_its_abbreviation(self, windmill):
        assert found("Hogeschool") == [windmill.get_absolute_url()]
        assert found("HsL") == [windmill.get_absolute_url()]
        assert found("hsl duurzaam") == [windmill.get_absolute_url()]

    def test_the_entry_carries_title_summary_and_themes(self, windmill):
        entry = SearchEntry.objects.get(kind=Kind.OFFERING, object_id=windmill.pk)
        assert entry.title == "Bouw je eigen windmolen"
        assert entry.summary.startswith("Kinderen leren")
        assert entry.themes == " duurzaamheid "
        assert not entry.members_only

    def test_the_search_page_links_to_the_offering(self, anonymous_client, windmill):
        html = anonymous_client.get("/zoeken/", {"q": "HsL windmolen"}).content.decode()
        assert 'id="kind-offering"' in html
        assert f'href="{windmill.get_absolute_url()}"' in html

    def test_an_offering_that_expires_today_is_still_found(self, hogeschool):
        offering = OfferingFactory(title="Laatste kans windmolen", provider=hogeschool, expires_on=timezone.localdate())
        assert found("windmolen") == [offering.get_absolute_url()]

    def test_an_abbreviation_added_later_finds_the_offering_too(self):
        organisation = OrganisationFactory(name="Technolab Leiden")
        offering = OfferingFactory(title="Bouw een robot", provider=organisation)
        AliasFactory(organisation=organisation, alias="TLL")
        assert found("TLL") == [offering.get_absolute_url()]

    def test_a_renamed_provider_finds_the_offering_by_its_new_name(self):
        organisation = OrganisationFactory(name="Technolab Leiden")
        offering = OfferingFactory(title="Bouw een robot", provider=organisation)
        organisation.name = "Uitvinderslab Leiden"
        organisation.save()
        assert found("Uitvinderslab") == [offering.get_absolute_url()]


class TestNotFindable:
    def test_a_draft_is_never_found(self, hogeschool):
        OfferingFactory(title="Geheime windmolen", provider=hogeschool, publication_status=PublicationStatus.DRAFT)
        assert found("windmolen") == []
        assert found("windmolen", member=True) == []
        assert not SearchEntry.objects.filter(kind=Kind.OFFERING).exists()

    def test_disappears_when_unpublished_and_returns_when_published(self, coordinator_client, windmill):
        publish = f"{windmill.get_absolute_url()}publiceren/"
        coordinator_client.post(publish, {"publish": "0"})
        assert found("windmolen") == []
        coordinator_client.post(publish, {"publish": "1"})
        assert found("windmolen") == [windmill.get_absolute_url()]

    def test_an_editors_change_takes_it_out_until_published_again(self, editor_a_client, org_a):
        offering = OfferingFactory(title="Windmolenles", provider=org_a)
        assert found("windmolenles") == [offering.get_absolute_url()]
        editor_a_client.post(
            f"{offering.get_absolute_url()}bewerken/",
            {
                "provider": org_a.pk,
                "title": "Windmolenles",
                "kind": "workshop",
                "description": "Nieuw.",
                "audience_codes": ["po"],
                "is_free": "on",
            },
        )
        offering.refresh_from_db()
        assert offering.publication_status == PublicationStatus.DRAFT
        assert found("windmolenles") == []

    def test_disappears_when_expired_on_save(self, windmill):
        windmill.expires_on = timezone.localdate() - dt.timedelta(days=1)
        windmill.save()
        assert found("windmolen") == []
        windmill.expires_on = None
        windmill.save()
        assert found("windmolen") == [windmill.get_absolute_url()]

    def test_disappears_when_deleted(self, windmill):
        windmill.delete()
        assert found("windmolen") == []
        assert not SearchEntry.objects.filter(kind=Kind.OFFERING).exists()

    def test_an_offering_that_expired_overnight_is_not_found(self, anonymous_client, monkeypatch, hogeschool):
        today = timezone.localdate()
        offering = OfferingFactory(title="Laatste dag windmolen", provider=hogeschool, expires_on=today)
        assert found("windmolen") == [offering.get_absolute_url()]
        # The next day, nothing has been saved.
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + dt.timedelta(days=1))
        assert anonymous_client.get(offering.get_absolute_url()).status_code == 404
        assert found("windmolen") == []
