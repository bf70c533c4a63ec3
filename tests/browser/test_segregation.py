"""Issue 23's segregation monitor in a real browser, with axe: the public page (indices, chart, explanation,
caveats) and a coordinator's view per school and wijk of an earlier year, with a download."""

import csv
from pathlib import Path

import pytest

from schooldata.tests.monitor_world import build_world
from tests.browser.accessibility import assert_accessible
from tests.factories import UserFactory

URL = "/scholen/segregatie/"


@pytest.fixture
def monitor_site(transactional_db, live_server):
    build_world()
    return live_server.url


def test_the_public_monitor(monitor_site, page):
    page.goto(monitor_site + URL)
    assert page.get_by_role("heading", level=1).inner_text() == "Segregatie in het basisonderwijs"
    table = page.get_by_role("table", name="Segregatie-indexen per schooljaar")
    assert "40,0%" in table.inner_text()
    assert page.get_by_role("img", name="Segregatie-index per schooljaar").is_visible()
    assert page.get_by_role("heading", name="Wat deze cijfers wel en niet zeggen").is_visible()
    assert page.get_by_text("De Noordster").count() == 0
    assert_accessible(page)


def test_a_coordinator_sees_schools_and_wijken_and_downloads_them(monitor_site, page):
    UserFactory(username="coordinatie", is_coordinator=True)
    page.goto(monitor_site + "/account/inloggen/")
    page.locator("#id_username").fill("coordinatie")
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)
    page.goto(monitor_site + URL)
    page.get_by_role("link", name="2023-2024").click()
    schools = page.get_by_role("table", name="Samenstelling per school in 2023-2024")
    assert "De Noordster" in schools.inner_text()
    assert (
        "Kleine School"
        in page.get_by_role("heading", name="Kleine aantallen die niet meetellen")
        .locator("xpath=following-sibling::ul[1]")
        .inner_text()
    )
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").nth(1).click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    assert rows[0][:2] == ["Schooljaar", "School"]
