"""A visitor's first walk through the site, in a real browser, with axe on every page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from core.demo import load_demo

SERIOUS = {"serious", "critical"}


def assert_accessible(page):
    results = Axe().run(page)
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                    for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]
    assert not problems, f"axe on {page.url}:\n" + "\n".join(problems)


@pytest.fixture
def demo_site(transactional_db, live_server):
    load_demo()
    return live_server.url


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
    first_item = page.locator("#results article h3 a").first
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
