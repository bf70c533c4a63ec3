"""Searching the demo network in a real browser: from the home page's search box to a result, with axe.

load_demo saves every record through the ORM, so the signals fill the search index as it loads; no rebuild is
needed (and `make run` only rebuilds an empty index). Labels are matched in Dutch or English, as translations
of new pages may lag behind.
"""

import re

import pytest
from django.utils import translation

from search.models import SearchEntry
from tests.browser.accessibility import assert_accessible

QUERY = "brede vorming"


@pytest.fixture
def default_language():
    """Requested before demo_site, so the demo loads in the default language as `manage.py load_demo` does. An
    earlier test's request to an /en/ page leaves English active in this thread, and the index would then store
    /en/ URLs (a bug, see search/tests/test_index.py::test_the_index_does_not_depend_on_the_editors_language)."""
    translation.deactivate()


@pytest.fixture
def site(default_language, demo_site):
    return demo_site


def _counts(page) -> dict[str, int]:
    """Kind → count, read from the headings of the grouped results."""
    counts = {}
    for section in page.locator("section[aria-labelledby^=kind-]").all():
        kind = section.get_attribute("aria-labelledby").removeprefix("kind-")
        counts[kind] = int(re.search(r"\((\d+)\)", section.locator("h2").inner_text()).group(1))
    return counts


def test_search_from_the_home_page_narrow_by_kind_and_open_a_result(page, site):
    assert SearchEntry.objects.filter(kind="activity").exists(), "load_demo fills the index through the signals"
    page.goto(site + "/")
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill(QUERY)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q=brede\+vorming$"))
    assert page.locator("#search-q").input_value() == QUERY
    assert QUERY in page.title()

    # Grouped by kind, each group headed with its count, the first five of each shown.
    counts = _counts(page)
    assert {"line", "activity", "story"} <= counts.keys(), counts
    assert list(counts) == [
        kind
        for kind in ("organisation", "activity", "project", "offering", "line", "programme", "story", "person")
        if kind in counts
    ]
    assert "person" not in counts, "people are for members only"
    for kind, count in counts.items():
        shown = page.locator(f"section[aria-labelledby=kind-{kind}] li.rimpel-hit").count()
        assert shown == min(count, 5), (kind, shown, count)
    status = page.get_by_role("status").first.inner_text()
    assert re.search(rf"\b{sum(counts.values())}\b", status), status
    assert page.locator("section[aria-labelledby=kind-line] li.rimpel-hit mark").count() >= 1
    assert_accessible(page)

    # Narrow to activities with the kind facet.
    facets = page.get_by_role("navigation", name=re.compile("Verfijnen|Narrow down"))
    facets.get_by_role("link", name=re.compile(r"^(Activiteiten|Activities) \(\d+\)$")).click()
    page.wait_for_url(re.compile(r"soort=activity"))
    hits = page.locator("ol.rimpel-hits li.rimpel-hit")
    assert hits.count() == counts["activity"]
    assert page.locator("section[aria-labelledby^=kind-]").count() == 0
    for href in hits.locator("a").evaluate_all("links => links.map(link => link.getAttribute('href'))"):
        assert href.startswith("/agenda/"), href
    current = facets.locator("a[aria-current=page]")
    assert re.match(r"(Activiteiten|Activities) \(\d+\)", current.inner_text())
    assert page.locator("input[type=hidden][name=soort]").get_attribute("value") == "activity"
    assert_accessible(page)

    # Open the first result.
    first = hits.first.locator("a")
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/agenda/[\w-]+/$"))
    assert page.locator("h1").inner_text().strip() == title.strip()


def test_nothing_found_suggests_a_spelling_and_is_accessible(page, site):
    page.goto(site + "/zoeken/?q=duurzaamheit")
    assert page.locator("li.rimpel-hit").count() == 0
    empty = page.locator(".rimpel-empty-search")
    assert empty.is_visible()
    suggestion = empty.get_by_role("link", name="duurzaamheid")
    assert suggestion.count() == 1
    assert_accessible(page)
    suggestion.click()
    page.wait_for_url(re.compile(r"/zoeken/\?q=duurzaamheid$"))
    assert page.locator("li.rimpel-hit").count() > 0
    assert_accessible(page)

    page.goto(site + "/zoeken/?q=xqzwv")
    assert page.locator("li.rimpel-hit").count() == 0
    assert page.locator(".rimpel-empty-search").is_visible()
    assert page.locator(".rimpel-empty-search a[href^='?q=']").count() == 0  # no suggestion for noise
    assert_accessible(page)


def test_a_query_of_stop_words_explains_itself(page, site):
    page.goto(site + "/zoeken/?q=de+het+een")
    assert page.locator(".rimpel-empty[role=status]").is_visible()
    assert page.locator(".rimpel-empty-search").count() == 0
    assert_accessible(page)
