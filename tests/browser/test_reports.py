"""The reports in a real browser: axe on the overview and both reports, and the numbers lead to their records."""

import re

from tests.browser.accessibility import assert_accessible

IMPACT = "/programmas/lnos25/rapport/impact/"


def test_report_pages_are_accessible(page, demo_site):
    for path in ["/programmas/lnos25/rapport/", IMPACT, "/programmas/gelijke-kansen-2024-2026/rapport/evaluation/"]:
        response = page.goto(demo_site + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_the_first_big_number_and_its_footnote_lead_to_the_records(page, demo_site):
    page.goto(demo_site + IMPACT)
    # Its footnote says what the number counts, and links to the same records.
    page.locator(".bignumbers sup.note-ref a").first.click()
    page.wait_for_url(re.compile(r"#note-1$"))
    note = page.locator("#note-1")
    assert note.is_visible()
    assert note.inner_text().startswith("26 ")
    assert note.locator("a").get_attribute("href") == "/programmas/lnos25/activiteiten/"
    number = page.locator(".bignumbers a").first
    assert number.inner_text() == "26"
    number.click()
    page.wait_for_url(re.compile(r"/programmas/lnos25/activiteiten/$"))
    # As many activities behind the link as the number said.
    assert re.match(r"26\b", page.locator("caption").first.inner_text())


def test_the_overview_downloads_the_word_file(page, demo_site):
    page.goto(demo_site + "/programmas/lnos25/rapport/")
    page.locator("a[href='/programmas/lnos25/rapport/impact.docx']").click()
    page.get_by_role(
        "button", name="Maak het bestand"
    ).click()  # the worker makes it (tests/browser/test_background.py)
    with page.expect_download() as download:
        page.get_by_role("link", name="lnos25-impact.docx downloaden").click()
    assert download.value.suggested_filename == "lnos25-impact.docx"
