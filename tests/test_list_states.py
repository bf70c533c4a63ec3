"""States of the list pages and the error pages (issue 22 §3): "Filters (3)" counts the filters in use, in the page
and in htmx's partial; an empty list says so and offers a way on; every error page has the same layout."""

import lxml.html
import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path

from core.templatetags.rimpel import active_filters
from offerings.filters import OfferingFilter
from offerings.models import Offering
from rimpel import urls as site_urls
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


def test_an_empty_list_offers_to_clear_the_filters_in_use(anonymous_client):
    theme = ThemeFactory()
    page = lxml.html.fromstring(anonymous_client.get(f"/agenda/?thema={theme.slug}&weergave=maand").content)
    empty = page.xpath("//*[@id='results']//div[@class='rimpel-empty-state']")[0]
    assert "No activities" not in empty.text_content()  # in Dutch
    way_on = empty.xpath(".//a")[0].get("href")
    assert way_on.startswith("?weergave=maand") and "thema" not in way_on  # the view stays, the filters go
    page = lxml.html.fromstring(anonymous_client.get("/vragen/").content)
    empty = page.xpath("//div[@class='rimpel-empty-state']")[0]
    assert not empty.xpath(".//a"), "no filter in use: nothing to clear"


def _forbidden(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("odd")


# The site's own addresses too: the error pages link to them.
urlpatterns = [path("verboden/", _forbidden), path("vreemd/", _bad), *site_urls.urlpatterns]
handler400 = "rimpel.errors.bad_request"


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_the_error_pages_share_one_layout(db):
    client = Client(raise_request_exception=False)
    for url, status in (("/verboden/", 403), ("/vreemd/", 400), ("/geen-pagina/", 404)):
        response = client.get(url)
        assert response.status_code == status
        page = lxml.html.fromstring(response.content)
        error = page.xpath("//main//div[@class='rimpel-error']")[0]
        assert [child.tag for child in error] == ["h1", "p", "p"], url
        assert error.xpath("./p[2]/a")[0].get("href") == "/"
        assert page.xpath("//header[contains(@class, 'rimpel-header')]"), url


@override_settings(DEBUG=False)
def test_the_csrf_page_has_the_same_layout(db):
    response = Client(enforce_csrf_checks=True).post("/account/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    error = lxml.html.fromstring(response.content).xpath("//main//div[@class='rimpel-error']")[0]
    assert [child.tag for child in error] == ["h1", "p", "p"]
