"""The filter panel of the list pages: "Filters (3)" counts the filters in use, in the page and in htmx's partial."""

import lxml.html
import pytest

from core.templatetags.rimpel import active_filters
from offerings.filters import OfferingFilter
from offerings.models import Offering
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def _count(query: dict) -> int:
    return active_filters(OfferingFilter(query, queryset=Offering.objects.all()))


def test_the_count_is_the_filters_in_use_without_the_sort_order():
    theme = ThemeFactory()
    assert _count({}) == 0
    # What the form sends unchanged: every field empty, the sort order (a choice without an empty option) set.
    assert _count({"doelgroep": "", "thema": "", "volgorde": "titel"}) == 0
    assert _count({"thema": theme.slug, "gratis": "on", "volgorde": "titel"}) == 2


def test_a_filter_that_was_ignored_does_not_count():
    assert _count({"thema": "no-such-theme", "taal": "xx"}) == 0


def test_no_filters_or_an_unbound_form_count_nothing():
    assert active_filters("") == 0
    assert active_filters(OfferingFilter(None, queryset=Offering.objects.all())) == 0


def test_the_page_and_the_htmx_partial_carry_the_count(anonymous_client):
    theme = ThemeFactory()
    page = lxml.html.fromstring(anonymous_client.get(f"/aanbod/?thema={theme.slug}").content)
    summary = page.xpath("//aside[@class='rimpel-filter-panel']/details/summary")[0]
    assert " ".join(summary.text_content().split()) == "Filters (1 actief)"
    partial = anonymous_client.get(f"/aanbod/?thema={theme.slug}&gratis=on", HTTP_HX_REQUEST="true")
    count = lxml.html.fromstring(partial.content).xpath("//*[@id='filter-count']")[0]
    assert count.get("hx-swap-oob") == "true"
    assert " ".join(count.text_content().split()) == "Filters (2 actief)"


def test_the_network_map_counts_its_own_form(anonymous_client):
    page = lxml.html.fromstring(anonymous_client.get("/netwerk/lijst/?sector=po&jaar=").content)
    assert " ".join(page.xpath("//*[@id='filter-count']")[0].text_content().split()) == "Filters (1 actief)"
