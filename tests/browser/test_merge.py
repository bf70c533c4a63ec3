"""Merging two organisations in a real browser, with axe: the choice with its list of names, the confirmation with
what will move, the result with its undo, the old address that leads to the one that stays, and the undo."""

from tests.browser.accessibility import assert_accessible
from tests.factories import ActivityFactory, OrganisationFactory, UserFactory


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_a_coordinator_merges_a_school_entered_twice_and_undoes_it(demo_site, page):
    stays = OrganisationFactory(name="Basisschool Het Anker", slug="basisschool-het-anker", place="Leiden")
    gone = OrganisationFactory(
        name="OBS Het Anker",
        slug="obs-het-anker",
        place="Leiden",
        street="Ankerstraat",
        house_number="4",
        postcode="2315 AB",
        website="https://hetanker.nl",
    )
    ActivityFactory(title="Leesochtend Het Anker", organisers=[gone])
    UserFactory(username="coordinatie", is_coordinator=True)
    _log_in(page, demo_site, "coordinatie")

    page.goto(demo_site + gone.get_absolute_url())
    page.get_by_role("link", name="Samenvoegen met een andere organisatie").click()
    assert_accessible(page)
    assert page.locator("datalist#organisation-names option[value='Basisschool Het Anker']").count() == 1
    page.locator("#id_other").fill("Basisschool Het Anker")
    page.get_by_label("De andere blijft; deze wordt een afkorting ervan").check()
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/samenvoegen-met/" in url)
    assert_accessible(page)
    text = page.locator("main").inner_text()
    assert "activiteiten (organisator): 1" in text and "Ankerstraat 4 2315 AB Leiden" in text

    page.get_by_role("button", name="Ja, samenvoegen").click()
    page.wait_for_url(lambda url: "/samenvoegingen/" in url)
    assert_accessible(page)
    assert "Het oude adres leidt daar nu heen" in page.locator("main").inner_text()

    page.goto(demo_site + gone.get_absolute_url())
    page.wait_for_url(lambda url: url.endswith(stays.get_absolute_url()))
    assert "OBS Het Anker" in page.locator("main").inner_text()  # the message, and the abbreviation
    page.get_by_role("link", name="Samenvoeging met “OBS Het Anker” ongedaan maken").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, ongedaan maken").click()
    page.wait_for_url(lambda url: url.endswith(gone.get_absolute_url()))
    assert_accessible(page)
