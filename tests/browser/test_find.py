"""Finding things on the demo site in a real browser: offerings by combined filters, open days by school type
and language, and the search box; axe on every page on the way.

The Dutch translations of these pages may lag behind the code, so the tests find elements by id, name or
class and read only numbers and titles.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from activities import views as activity_views
from tests.browser.accessibility import assert_accessible

DEMO_PO_GROUP_7_8_SUSTAINABLE_FREE = [
    "Advies op maat over natuur- en duurzaamheidseducatie",
    "Gastles: hoe wordt Leiden een circulaire stad?",
    "Grachten schoon: afval vissen vanuit een boot",
    "Inspiratiegids natuur- en duurzaamheidseducatie",
    "Speurtocht naar verborgen stadsnatuur",
]
DEMO_SECONDARY_WITH_ARABIC = ["Open dag Da Vinci Lammenschans", "Open dag Agora Leiden"]
COUNT_IS = (
    "n => { const m = document.querySelector('#results-heading').innerText.match(/^\\s*(\\d+)/);"
    " return m && Number(m[1]) === n; }"
)


@pytest.fixture
def site(demo_site, monkeypatch):
    """The demo site as on 22 November 2026, so its open days (December 2026 to March 2027) are upcoming.

    The live server runs in a thread of this process, so patching the view module reaches it."""
    monkeypatch.setattr(
        activity_views, "start_of_today", lambda: dt.datetime(2026, 11, 22, tzinfo=ZoneInfo("Europe/Amsterdam"))
    )
    return demo_site


def _count(page) -> int:
    return int(re.match(r"\s*(\d+)", page.locator("#results-heading").inner_text()).group(1))


def _card_titles(page, heading: str) -> list[str]:
    return [title.strip() for title in page.locator(f"#results li.rimpel-card {heading} a").all_inner_texts()]


def test_offerings_filters_combine_in_place(site, page):
    page.goto(site + "/aanbod/")
    everything = _count(page)
    assert everything > 5
    assert_accessible(page)
    # A full page load would lose this; an htmx swap keeps it.
    page.evaluate("window.rimpelMarker = 'same page'")

    page.locator("select[name=doelgroep]").select_option("po")
    page.wait_for_url(re.compile(r"[?&]doelgroep=po(&|$)"))
    page.locator("select[name=groep]").select_option("7-8")
    page.wait_for_url(re.compile(r"[?&]groep=7-8(&|$)"))
    page.locator("select[name=thema]").select_option("duurzaamheid")
    page.wait_for_url(re.compile(r"[?&]thema=duurzaamheid(&|$)"))
    page.locator("input[name=gratis]").check()
    page.wait_for_url(re.compile(r"[?&]gratis=on(&|$)"))
    page.wait_for_function(COUNT_IS, arg=5)

    for part in ("doelgroep=po", "groep=7-8", "thema=duurzaamheid", "gratis=on"):
        assert part in page.url
    assert page.evaluate("window.rimpelMarker") == "same page"
    assert _card_titles(page, "h3") == DEMO_PO_GROUP_7_8_SUSTAINABLE_FREE
    assert re.match(r"\s*5\b", page.locator("#results-status").inner_text())
    # Every card says it is free.
    assert page.locator("#results li.rimpel-card .rimpel-badge--open").count() == 5
    assert_accessible(page)

    # The address is shareable: opened afresh it shows the same five.
    shared = page.url
    page.goto(shared)
    assert _count(page) == 5
    assert _card_titles(page, "h3") == DEMO_PO_GROUP_7_8_SUSTAINABLE_FREE
    assert page.locator("select[name=groep]").input_value() == "7-8"
    assert page.locator("input[name=gratis]").is_checked()

    page.locator("#results li.rimpel-card h3 a", has_text="Gastles: hoe wordt Leiden een circulaire stad?").click()
    page.wait_for_url(re.compile(r"/aanbod/[\w-]+/$"))
    assert page.locator("h1").inner_text() == "Gastles: hoe wordt Leiden een circulaire stad?"
    booking = page.locator("a.utrecht-button-link--primary-action[href^='https://']")
    assert booking.get_attribute("href") == "https://hsleiden.example.nl/gastlessen/circulaire-stad"
    assert_accessible(page)


def test_open_days_secondary_with_arabic(site, page):
    page.goto(site + "/open-dagen/")
    everything = _count(page)
    assert everything == 14
    assert_accessible(page)
    page.evaluate("window.rimpelMarker = 'same page'")

    page.locator("select[name=schooltype]").select_option("vo")
    page.wait_for_url(re.compile(r"[?&]schooltype=vo(&|$)"))
    page.locator("select[name=taal]").select_option("ar")
    page.wait_for_url(re.compile(r"[?&]taal=ar(&|$)"))
    page.wait_for_function(COUNT_IS, arg=2)

    assert page.evaluate("window.rimpelMarker") == "same page"
    assert _card_titles(page, "h4") == DEMO_SECONDARY_WITH_ARABIC
    feed = page.locator("#results .rimpel-feed-link a").get_attribute("href")
    assert "schooltype=vo" in feed and "taal=ar" in feed and feed.startswith("/open-dagen.ics?")
    assert_accessible(page)

    page.get_by_role("link", name="Open dag Agora Leiden").click()
    page.wait_for_url(re.compile(r"/agenda/[\w-]+/$"))
    assert page.locator("h1").inner_text() == "Open dag Agora Leiden"
    assert "Leiden Noord" in page.locator("dl.rimpel-facts").inner_text()
    assert_accessible(page)


def test_choosing_a_school_in_dutch_and_english(site, page):
    page.goto(site + "/open-dagen/school-kiezen/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text().strip() != ""
    assert_accessible(page)
    page.locator("article a.utrecht-button-link[href='/open-dagen/']").click()
    page.wait_for_url(re.compile(r"/open-dagen/$"))

    page.goto(site + "/en/open-dagen/school-kiezen/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Choosing a school in Leiden"
    assert_accessible(page)


def test_search_from_the_home_page_finds_an_offering_by_abbreviation(site, page):
    page.goto(site + "/")
    page.locator("#home-search").fill("HsL duurzaam")
    page.locator("#home-search").press("Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q=HsL\+duurzaam$"))
    offerings = page.locator("section[aria-labelledby=kind-offering]")
    assert offerings.count() == 1
    links = offerings.locator("li.rimpel-hit > a")
    texts = [text.strip() for text in links.all_inner_texts()]
    assert "Gastles: hoe wordt Leiden een circulaire stad?" in texts
    # The matched words are marked.
    assert page.locator("li.rimpel-hit mark").count() >= 1
    assert_accessible(page)

    first = texts[0]
    links.first.click()
    page.wait_for_url(re.compile(r"/aanbod/[\w-]+/$"))
    assert page.locator("h1").inner_text() == first
    assert_accessible(page)
