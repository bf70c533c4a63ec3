"""Issue 22's look in a real browser, with axe: the header is one row at 1280 px when logged in and folds into a
Menu button on a phone; at 320 px no page scrolls sideways (WCAG 1.4.10); no table cell on the LNOS25 programme page
is narrower than its longest word; the vendored font is in use. Screenshots go to RIMPEL_LOOK_SCREENSHOTS when set."""

import os
from pathlib import Path

import pytest
from django.core.cache import caches

from network.models import Organisation
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import csp_violations
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


@pytest.mark.parametrize("width", [320, 390, 1280])
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
    assert number == ["right", "tabular-nums"]
    assert_accessible(page)
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
