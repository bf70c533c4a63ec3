"""offerings.services: creating many offerings at once by the rules of save_offering."""

import pytest

from offerings.models import Offering
from offerings.services import NewOffering, create_offerings
from offerings.tests.factories import OfferingFactory
from search.models import SearchEntry
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_create_offerings_in_bulk_get_free_slugs_themes_and_search_entries(org_a):
    theme = ThemeFactory(name="Natuur")
    OfferingFactory(title="Gastles water")
    made = create_offerings(
        [
            NewOffering(
                Offering(
                    provider=org_a,
                    title="Gastles water",
                    kind="guest_lesson",
                    description="Over water.",
                    audiences="po",
                    publication_status="published",
                ),
                themes=[theme],
            )
        ]
    )
    offering = Offering.objects.get(pk=made[0].pk)
    assert offering.slug == "gastles-water-2" and list(offering.themes.all()) == [theme]
    assert SearchEntry.objects.filter(kind="offering", object_id=offering.pk).exists()
