"""The network map of the demo network in a real browser: drawn, walked with the keyboard, its list view as the
alternative, the coordinator's 'not yet connected' pairs; axe on every page.

The Dutch translations may lag behind the code, so the tests find elements by id, class or URL.
"""

import re

import pytest
from django.contrib.auth import get_user_model

from networkmap import cache
from networkmap.shapes import Filters
from tests.browser.accessibility import assert_accessible

PASSWORD = "kaart-test-wachtwoord"


@pytest.fixture
def site(demo_site):
    get_user_model().objects.create_user("kaartcoordinator", password=PASSWORD, is_coordinator=True)
    return demo_site


def _drawn(page) -> int:
    page.wait_for_selector("#network-map[data-drawn]")
    return int(page.locator("#network-map").get_attribute("data-drawn"))


def _log_in(page, site) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill("kaartcoordinator")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_the_map_draws_every_organisation_and_opens_one_from_the_keyboard(site, page):
    expected = cache.metrics(Filters(), cache.public_viewer(), 2026)
    page.goto(site + "/netwerk/")

    assert _drawn(page) == expected.organisations > 100
    assert page.locator("#network-map canvas").count() >= 1
    assert page.locator(".rimpel-legend li").count() == len(expected.sectors)
    assert page.locator("#brokers-heading + p + ol li").count() == len(expected.brokers) > 3
    assert page.locator("#suggestions-heading").count() == 0
    assert page.locator("#network-map").get_attribute("role") == "application"
    assert_accessible(page)

    page.locator("#network-map").focus()
    page.keyboard.press("ArrowRight")
    nodes = cache.network(Filters(), cache.public_viewer()).nodes.values()
    most_connected = min(nodes, key=lambda node: (-node.degree, node.name))
    assert page.locator("#network-map-status").inner_text().startswith(most_connected.name)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/organisaties/{most_connected.slug}/$"))


def test_the_list_view_holds_the_same_data(site, page):
    page.goto(site + "/netwerk/?sector=wo&sector=gemeente")
    drawn = _drawn(page)
    page.locator("a[href^='/netwerk/lijst/?']").first.click()
    page.wait_for_url(re.compile(r"/netwerk/lijst/\?sector=wo&sector=gemeente$"))

    heading = page.locator("#results-heading").inner_text()
    assert int(re.match(r"\s*(\d+)", heading).group(1)) == drawn
    assert page.locator("#results tbody tr").count() == min(drawn, 25)
    assert page.locator("#id_sector_7").is_checked()  # wo, kept from the map
    assert_accessible(page)

    page.locator("#view-tabs a[href*='toon=banden']").click()
    page.wait_for_url(re.compile(r"toon=banden"))
    ties = int(re.match(r"\s*(\d+)", page.locator("#results-heading").inner_text()).group(1))
    assert ties == cache.metrics(Filters(sectors=("gemeente", "wo")), cache.public_viewer(), 2026).ties > 0
    assert page.locator("#results tbody tr td a[href^='/agenda/'], #results tbody tr td a[href^='/projecten/']").count()
    assert_accessible(page)

    # The filters change the results in place (htmx), keeping the ties table.
    page.locator("#id_sector_8").uncheck()  # gemeente
    page.wait_for_url(re.compile(r"^(?!.*sector=gemeente).*toon=banden"))
    page.wait_for_function(
        "n => Number(document.querySelector('#results-heading').innerText.match(/\\d+/)[0]) !== n", arg=ties
    )
    assert page.locator("#view-tabs a[aria-current='page']").get_attribute("href").endswith("toon=banden")
    assert_accessible(page)


def test_the_coordinator_sees_brokers_and_pairs_not_yet_connected(site, page):
    _log_in(page, site)
    page.goto(site + "/netwerk/")

    assert _drawn(page) > 100
    assert page.locator("#brokers-heading + p + ol li").count() > 3
    assert page.locator("#suggestions-heading").is_visible()
    assert page.locator("#suggestions-heading ~ div tbody tr").count() == 20
    assert_accessible(page)
