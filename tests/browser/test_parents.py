"""Issue 23 §4 and §5 in a real browser, with axe: the school-choice pages in six languages (Arabic right to left),
the language menu, the Dutch fallback with its note, the open days in Arabic, reflow at 320 px and the printable
letter. With RIMPEL_PARENTS_SCREENSHOTS naming a folder, the Arabic pages are saved there as PNGs (the issue's
closing note: docs/screenshots/parents/)."""

import os
import re
from pathlib import Path

import pytest

from activities.models import Activity, ActivityKind
from parents.demo import load_demo_parent_pages
from parents.models import ParentPage
from tests.browser.accessibility import assert_accessible

LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk"]
SCREENSHOTS = os.environ.get("RIMPEL_PARENTS_SCREENSHOTS")
SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


def _prefix(language: str) -> str:
    return "" if language == "nl" else f"/{language}"


def _screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def site(demo_site):
    load_demo_parent_pages()
    return demo_site


def test_the_school_choice_pages_in_six_languages(site, page):
    for language in LANGUAGES:
        page.goto(f"{site}{_prefix(language)}/open-dagen/school-kiezen/")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        menu = page.locator("nav.rimpel-languages a")
        assert menu.all_inner_texts() == ["Nederlands", "English", "العربية", "Türkçe", "Polski", "Українська"]
        assert page.locator("nav.rimpel-languages a[aria-current=page]").get_attribute("hreflang") == language
        assert_accessible(page)
        page.locator("a[href$='/school-kiezen/aanmelden-middelbare-school/']").click()
        page.wait_for_url(re.compile(r"/aanmelden-middelbare-school/$"))
        assert page.locator(".utrecht-alert--info").count() == 0  # written in every language: no fallback note
        assert_accessible(page)
    # The language menu leads to the same page in another language.
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url(re.compile(r"/ar/open-dagen/school-kiezen/aanmelden-middelbare-school/$"))
    assert page.locator("h1").inner_text() == "التسجيل في المدرسة الثانوية"


def test_arabic_is_right_to_left_and_every_language_reflows_at_320_px(site, browser):
    context = browser.new_context(locale="ar", viewport={"width": 320, "height": 640})
    page = context.new_page()
    for language in LANGUAGES:
        for path in ("/open-dagen/school-kiezen/", "/open-dagen/school-kiezen/hulp-en-geld/", "/open-dagen/"):
            page.goto(f"{site}{_prefix(language)}{path}")
            assert not page.evaluate(SCROLLS_SIDEWAYS), f"{language}{path} scrolls sideways at 320 px"
    page.goto(f"{site}/ar/open-dagen/school-kiezen/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Mirrored: the network's name starts at the right edge of the header.
    brand = page.locator(".rimpel-brand").bounding_box()
    assert brand["x"] + brand["width"] > 320 - 40
    _screenshot(page, "ar-school-kiezen-320")
    context.close()

    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    for path, name in (
        ("/ar/open-dagen/school-kiezen/", "ar-school-kiezen-1280"),
        ("/ar/open-dagen/school-kiezen/hulp-en-geld/", "ar-hulp-en-geld-1280"),
        ("/ar/open-dagen/", "ar-open-dagen-1280"),
        ("/ar/open-dagen/schoolkeuzebrief/", "ar-brief-1280"),
    ):
        wide.goto(site + path)
        _screenshot(wide, name)
    wide.close()


def test_a_page_without_text_in_a_language_shows_the_dutch_text_with_a_note(site, page):
    ParentPage.objects.get(slug="hulp-en-geld").translations.filter(language_code="uk").delete()
    page.goto(site + "/uk/open-dagen/school-kiezen/hulp-en-geld/")
    assert "Ця сторінка ще недоступна мовою: Українська" in page.locator(".utrecht-alert--info").inner_text()
    assert page.locator("article div[lang=nl] h1").inner_text() == "Hulp, ouderbijdrage en Sleutelpas"
    assert page.locator("html").get_attribute("lang") == "uk"
    assert_accessible(page)


def test_the_open_days_in_arabic_and_a_page_not_for_parents_in_dutch(site, page):
    page.goto(site + "/ar/open-dagen/")
    assert page.locator("h1").inner_text() == "الأيام المفتوحة"
    assert_accessible(page)
    open_day = Activity.objects.filter(kind=ActivityKind.OPEN_DAY).order_by("start").first()
    page.goto(f"{site}/ar/agenda/{open_day.slug}/")
    assert page.locator("html").get_attribute("dir") == "rtl" and page.locator("h1").inner_text() == open_day.title
    assert_accessible(page)
    page.goto(site + "/ar/organisaties/")
    assert page.url == site + "/organisaties/"
    assert page.locator("html").get_attribute("lang") == "nl"


def test_the_letter_prints_without_the_site_around_it(site, page):
    page.goto(site + "/")
    page.get_by_role("link", name="Een school kiezen").click()
    page.wait_for_url(re.compile(r"/open-dagen/school-kiezen/$"))
    page.goto(site + "/pl/open-dagen/schoolkeuzebrief/")
    assert page.locator(".rimpel-letter__qr svg").is_visible()
    assert f"{site}/pl/open-dagen/school-kiezen/" in page.locator(".rimpel-letter__address").inner_text()
    assert_accessible(page)
    page.emulate_media(media="print")
    assert page.locator("header.rimpel-header").is_hidden() and page.locator(".rimpel-no-print").is_hidden()
    assert page.locator(".rimpel-letter__qr svg").is_visible()
