"""A visitor's first walk through the site, in a real browser, with axe on every page."""

import re

from tests.browser.accessibility import assert_accessible


def test_home_calendar_filter_and_activity(page, demo_site):
    page.goto(demo_site + "/")
    assert page.locator("h1").first.inner_text().strip() != ""
    assert page.locator("a.utrecht-skip-link").count() == 1
    assert_accessible(page)

    page.get_by_role("navigation", name=re.compile("Hoofdmenu|Main menu")).get_by_role(
        "link", name=re.compile("Agenda|Calendar")
    ).click()
    page.wait_for_url(re.compile(r"/agenda/"))
    assert_accessible(page)
    heading = page.locator("#results-heading")
    total_before = int(re.search(r"\((\d+)", heading.inner_text()).group(1))

    # Filtering replaces the results in place (htmx) and puts the filter in the address.
    page.locator("select[name=soort]").select_option("meeting")
    page.wait_for_url(re.compile(r"soort=meeting"))
    page.wait_for_function(
        "before => { const m = document.querySelector('#results-heading').innerText.match(/\\((\\d+)/);"
        " return m && Number(m[1]) !== before; }",
        arg=total_before,
    )
    assert page.locator("html").count() == 1
    first_item = page.locator("#results article :is(h3, h4) a").first
    title = first_item.inner_text()
    assert_accessible(page)

    first_item.click()
    page.wait_for_url(re.compile(r"/agenda/[\w-]+/$"))
    assert page.locator("h1").inner_text() == title
    assert page.get_by_role("link", name=re.compile(r"\.ics")).count() >= 1
    assert_accessible(page)


def test_month_view_and_directory_are_accessible(page, demo_site):
    for path in ["/agenda/?weergave=maand", "/organisaties/", "/projecten/", "/lijnen/", "/en/"]:
        page.goto(demo_site + path)
        assert_accessible(page)


def test_filters_work_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/projecten/")
    page.locator("select[name=status]").select_option("completed")
    page.get_by_role("button", name=re.compile("Filter")).click()
    page.wait_for_url(re.compile(r"status=completed"))
    badges = page.locator("#results .rimpel-badge--completed")
    assert badges.count() >= 1
    assert badges.count() == page.locator("#results li.rimpel-card").count()
    context.close()


def _count(page) -> int:
    return int(re.search(r"\((\d+)", page.locator("#results-heading").inner_text()).group(1))


def _wait_for_count_change(page, before: int) -> None:
    page.wait_for_function(
        "before => { const m = document.querySelector('#results-heading').innerText.match(/\\((\\d+)/);"
        " return m && Number(m[1]) !== before; }",
        arg=before,
    )


def test_unticking_a_filter_clears_it_and_the_screen_reader_hears_the_count(page, demo_site):
    page.goto(demo_site + "/agenda/?jaar=2025")
    everything = _count(page)
    page.get_by_label(re.compile("open voor partners", re.I)).check()
    _wait_for_count_change(page, everything)
    assert "open=on" in page.url and "jaar=2025" in page.url
    only_open = _count(page)
    assert 0 < only_open < everything
    assert str(only_open) in page.locator("#results-status").inner_text()

    page.get_by_label(re.compile("open voor partners", re.I)).uncheck()
    _wait_for_count_change(page, only_open)
    assert "open=on" not in page.url
    assert _count(page) == everything


def test_month_navigation_keeps_the_month_when_a_filter_changes(page, demo_site):
    page.goto(demo_site + "/agenda/?weergave=maand&maand=2025-05")
    page.get_by_role("link", name=re.compile("Volgende maand")).click()
    page.wait_for_url(re.compile(r"maand=2025-06"))
    page.wait_for_function("() => document.querySelector('#results-heading').innerText.includes('juni 2025')")
    page.locator("select[name=soort]").select_option("festival")
    page.wait_for_url(re.compile(r"soort=festival"))
    assert "maand=2025-06" in page.url
    page.wait_for_function("() => document.querySelector('#results-heading').innerText.includes('juni 2025')")
    month_tab = page.locator("#view-tabs a", has_text=re.compile("Maand"))
    assert "soort=festival" in month_tab.get_attribute("href")


def test_going_back_after_filtering_shows_the_whole_page(page, demo_site):
    page.goto(demo_site + "/projecten/")
    page.locator("select[name=status]").select_option("completed")
    page.wait_for_url(re.compile(r"status=completed"))
    page.goto(demo_site + "/lijnen/")
    page.go_back()
    page.wait_for_url(re.compile(r"status=completed"))
    assert page.locator("header nav").count() == 1
    assert page.locator("select[name=status]").input_value() == "completed"
