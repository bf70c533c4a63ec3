"""Issue 22's look in a real browser, with axe: the header is one row at 1280 px when logged in and folds into a
Menu button on a phone; at 320 px no page that test_every_impact visits scrolls sideways (WCAG 1.4.10) or has a table
cell narrower than its longest word, in Dutch and English; the filters fold on a phone so the results come first;
tables read row by row become cards; the vendored font is in use. Screenshots go to RIMPEL_LOOK_SCREENSHOTS when set."""

import os
from pathlib import Path

import pytest
from django.core.cache import caches

from network.models import Organisation
from tests.browser.accessibility import EVERY_IMPACT, assert_accessible
from tests.browser.conftest import csp_violations
from tests.browser.test_every_impact import PAGES, _records
from tests.factories import UserFactory

SCREENSHOTS = os.environ.get("RIMPEL_LOOK_SCREENSHOTS")
PROGRAMME = "/programmas/lnos25/"

# Cells whose content overflows them: a word wider than its column (the table would have cut it without hyphens).
_NARROW_CELLS = """() => [...document.querySelectorAll('main table.rimpel-table th, main table.rimpel-table td')]
  .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
  .map(cell => cell.innerText.trim().slice(0, 60))"""
# Words in a table cell split over two lines (hyphenated or cut): the cell is narrower than that word. A compound
# may break after its own hyphen ("Sociaal-|culturele"), so each part counts as a word.
_BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('main table.rimpel-table th, main table.rimpel-table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[^\\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""
_LINES_OF_TEXT = """element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].filter(rect => rect.width > 0).map(rect => Math.round(rect.top))).size;
}"""
_PAGE_SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def _screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def _organisation_path() -> str:
    return Organisation.objects.order_by("name").first().get_absolute_url()


def test_the_header_is_one_row_at_1280_px_when_logged_in(demo_site, browser):
    UserFactory(username="coordinatie", is_coordinator=True, first_name="Hanneke", last_name="Willems")
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _log_in(page, demo_site, "coordinatie")
    page.goto(demo_site + "/agenda/")
    assert not page.locator(".rimpel-menu-button").is_visible()
    header = page.locator(".rimpel-header").bounding_box()
    assert header["height"] < 90, f"the header takes {header['height']} px: more than one row"
    tops = page.locator(".rimpel-nav a, .rimpel-header__tools > a, .rimpel-header__tools button").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert max(tops) - min(tops) < 20, tops
    assert page.evaluate("() => document.fonts.check('16px \"Source Sans 3\"')")
    font = page.locator("body").evaluate("body => getComputedStyle(body).fontFamily")
    assert font.startswith('"Source Sans 3"'), font
    assert_accessible(page)
    context.close()


def test_on_a_phone_the_menu_folds_behind_a_button(demo_site, browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    violations = csp_violations(page)
    page.goto(demo_site + "/")
    button = page.locator(".rimpel-menu-button")
    assert button.get_attribute("aria-expanded") == "false"
    assert not page.locator(".rimpel-nav").is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator(".rimpel-nav").get_by_role("link", name="Agenda", exact=True).is_visible()
    assert_accessible(page)
    assert not violations, violations  # menu.js is a file of its own, allowed by the Content-Security-Policy
    context.close()

    no_script = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = no_script.new_page()
    page.goto(demo_site + "/")
    assert not page.locator(".rimpel-menu-button").is_visible()
    assert page.locator(".rimpel-nav").get_by_role("link", name="Agenda", exact=True).is_visible()
    no_script.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_reflow_and_tables_keep_words_whole(demo_site, browser, width):
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
    page = context.new_page()
    for path in ("/", "/agenda/", _organisation_path(), PROGRAMME):
        page.goto(demo_site + path)
        assert not page.evaluate(_PAGE_SCROLLS_SIDEWAYS), f"{path} scrolls sideways at {width} px"
        assert not page.evaluate(_NARROW_CELLS), f"{path} at {width} px: {page.evaluate(_NARROW_CELLS)}"
        assert not page.evaluate(_BROKEN_WORDS), f"{path} at {width} px: {page.evaluate(_BROKEN_WORDS)}"
    assert page.locator("main table.rimpel-table").count() >= 3
    year = page.locator("main table.rimpel-table th[scope=row]", has_text="2025").first
    assert year.evaluate(_LINES_OF_TEXT) == 1, "the year is stacked digit by digit"
    number = page.locator("main table.rimpel-table td.rimpel-money").first.evaluate(
        "cell => [getComputedStyle(cell).textAlign, getComputedStyle(cell).fontVariantNumeric]"
    )
    assert number == ["end", "tabular-nums"]  # the end of the line: right in Dutch, left in Arabic
    # The figures per line are read line by line: cards on a phone, a table on a wide screen; the headers stay.
    figures = page.locator("main table.rimpel-table--cards")
    cell = figures.locator("tbody td[data-label]").first
    assert figures.locator("thead th[scope=col]").count() == 4
    assert figures.locator("tbody th[scope=row]").count() >= 3
    display = cell.evaluate("cell => [getComputedStyle(cell).display, getComputedStyle(cell, '::before').content]")
    if width < 640:
        assert display[0] != "table-cell" and cell.get_attribute("data-label") in display[1], display
    else:
        assert display == ["table-cell", "none"], display
    assert_accessible(page)
    context.close()


def test_every_page_reflows_at_320_px_with_whole_words_in_its_tables(demo_site, browser):
    """WCAG 1.4.10 on every page the axe test visits, in both languages, logged in so Mijn werk and People count."""
    UserFactory(username="coordinatie", is_coordinator=True)
    context = browser.new_context(locale="nl-NL", viewport={"width": 320, "height": 640})
    page = context.new_page()
    _log_in(page, demo_site, "coordinatie")
    problems = {}
    for prefix in ("", "/en"):
        for path in PAGES + _records():
            page.goto(demo_site + prefix + path)
            found = []
            if page.evaluate(_PAGE_SCROLLS_SIDEWAYS):
                found.append(f"scrolls sideways: {page.evaluate('document.documentElement.scrollWidth')} px")
            found += [f"narrow cell: {text}" for text in page.evaluate(_NARROW_CELLS)]
            found += [f"word split in a cell: {word}" for word in page.evaluate(_BROKEN_WORDS)]
            if found:
                problems[prefix + path] = found
    assert not problems, problems
    # Running text with an address longer than the line breaks it, not the page (Utrecht's root sets word-break:
    # break-word; only table cells keep their words whole).
    page.goto(demo_site + "/organisaties/hogeschool-leiden/")
    page.evaluate(
        "() => { const p = document.createElement('p'); p.className = 'utrecht-paragraph';"
        " p.textContent = 'Zie https://www.example.org/aanmelden?code=' + 'A1B2C3D4E5'.repeat(5) + ' voor meer.';"
        " document.querySelector('main').append(p); }"
    )
    assert not page.evaluate(_PAGE_SCROLLS_SIDEWAYS), "a long address in running text pushes the page sideways"
    context.close()


# The list pages with a filter panel.
LISTS = [
    "/agenda/",
    "/open-dagen/",
    "/organisaties/",
    "/projecten/",
    "/aanbod/",
    "/vragen/",
    "/verhalen/",
    "/netwerk/lijst/",
    "/gebruikers/",
]
_PANEL_FORM = ".rimpel-filter-panel form"


def test_filters_fold_on_a_phone_and_stand_beside_the_results_on_a_wide_screen(demo_site, browser):
    UserFactory(username="coordinatie", is_coordinator=True)
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    violations = csp_violations(page)
    _log_in(page, demo_site, "coordinatie")
    for path in LISTS:
        page.goto(demo_site + path)
        top = page.locator("#results").bounding_box()["y"]
        assert top < 700, f"{path}: the results start {top} px down"
        assert not page.locator(_PANEL_FORM).is_visible(), path
        assert page.locator(".rimpel-filter-summary").is_visible(), path
    # Search folds its facets the same way; a chosen kind counts as a filter.
    page.goto(demo_site + "/zoeken/?q=school&soort=organisation")
    assert page.locator(".rimpel-hits").bounding_box()["y"] < 700
    assert page.locator("#filter-count").text_content() == "Filters (1 actief)"
    assert not page.locator(".rimpel-facets ul").first.is_visible()

    # The offerings: open the panel, choose two filters; htmx swaps the results and the count follows.
    page.goto(demo_site + "/aanbod/")
    summary = page.locator(".rimpel-filter-summary")
    assert " ".join(summary.inner_text().split()) == "Filters"
    summary.click()
    assert page.locator(_PANEL_FORM).is_visible()
    page.locator("#id_gratis").check()
    page.wait_for_function("() => /\\(1/.test(document.querySelector('#filter-count').textContent)")
    page.locator("#id_op_school").check()
    page.wait_for_function("() => /\\(2/.test(document.querySelector('#filter-count').textContent)")
    assert page.evaluate("() => document.querySelector('#filter-count').textContent") == "Filters (2 actief)"
    assert page.locator("#results").get_attribute("aria-busy") is None  # the busy state ends with the swap
    assert page.locator(_PANEL_FORM).is_visible(), "the panel stays open while filtering"
    assert_accessible(page, EVERY_IMPACT)
    assert not violations, violations
    context.close()

    # Without JavaScript the summary still opens the panel, and a filtered page counts its filters.
    no_script = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = no_script.new_page()
    page.goto(demo_site + "/aanbod/?gratis=on&volgorde=titel")
    assert page.locator("#filter-count").text_content() == "Filters (1 actief)"
    page.locator(".rimpel-filter-summary").click()
    assert page.locator(_PANEL_FORM).is_visible()
    no_script.close()

    # On a wide screen the filters stand open beside the results, with JavaScript and without.
    for scripts in (True, False):
        context = browser.new_context(
            locale="nl-NL", viewport={"width": 1280, "height": 900}, java_script_enabled=scripts
        )
        page = context.new_page()
        for path in ("/agenda/", "/aanbod/", "/netwerk/lijst/"):
            page.goto(demo_site + path)
            assert page.locator(_PANEL_FORM).is_visible(), f"{path}, JavaScript {scripts}"
            assert not page.locator(".rimpel-filter-summary").is_visible(), path
            panel, results = (
                page.locator(".rimpel-filter-panel").bounding_box(),
                page.locator("#results").bounding_box(),
            )
            assert panel["x"] + panel["width"] <= results["x"], f"{path}: the filters are not beside the results"
        if scripts:
            assert_accessible(page, EVERY_IMPACT)
        context.close()


@pytest.mark.skipif(not SCREENSHOTS, reason="screenshots only when RIMPEL_LOOK_SCREENSHOTS names a folder")
def test_screenshots(demo_site, browser, settings):
    for width in (1280, 390):
        context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
        page = context.new_page()
        for name, path in (("home", "/"), ("calendar", "/agenda/"), ("lnos25", PROGRAMME)):
            page.goto(demo_site + path)
            _screenshot(page, f"{name}-{width}")
        context.close()
    settings.RIMPEL_THEME = "gemeente"
    caches["pages"].clear()  # a new theme comes with a restart, which empties each process's page cache too
    for width in (1280, 390):
        context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(demo_site + "/")
        _screenshot(page, f"home-gemeente-{width}")
        context.close()
