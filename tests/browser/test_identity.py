"""Issue 19 §3 and §4 in a real browser, with axe: a coordinator edits the network's identity page and the home page
shows the change; a coordinator merges two themes and a project that had both keeps one."""

from network.models import Theme
from projects.models import Project
from tests.browser.accessibility import assert_accessible
from tests.factories import UserFactory


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_a_coordinator_edits_the_identity_page_and_the_home_page_follows(demo_site, browser, page):
    visitor = browser.new_page()
    visitor.goto(demo_site + "/over-het-netwerk/")
    assert_accessible(visitor)
    assert "Onze geschiedenis" in visitor.content()
    visitor.goto(demo_site + "/")  # the home page, now in the page cache

    UserFactory(username="coordinatie", is_coordinator=True)
    _log_in(page, demo_site, "coordinatie")
    page.goto(demo_site + "/over-het-netwerk/bewerken/")
    assert_accessible(page)
    page.locator("#id_ambition").fill("Samen maken we het onderwijs in Leiden sterker.")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/over-het-netwerk/"))
    assert_accessible(page)
    assert "De pagina over het netwerk is opgeslagen" in page.content()

    visitor.goto(demo_site + "/")
    assert "Samen maken we het onderwijs in Leiden sterker." in visitor.content()
    visitor.close()


def test_a_coordinator_merges_two_themes_and_a_project_keeps_one(demo_site, page):
    project = Project.objects.get(code="1a")
    assert {"gezondheid", "welzijn"} <= set(project.themes.values_list("slug", flat=True))
    UserFactory(username="coordinatie", is_coordinator=True)
    _log_in(page, demo_site, "coordinatie")

    page.goto(demo_site + "/themas/")
    assert_accessible(page)
    page.goto(demo_site + "/themas/welzijn/samenvoegen/")
    assert_accessible(page)
    page.locator("#id_stays").select_option(label="Gezondheid")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/samenvoegen-met/" in url)
    assert_accessible(page)
    page.get_by_role("button", name="Ja, samenvoegen").click()
    page.wait_for_url(lambda url: url.endswith("/themas/"))
    assert_accessible(page)
    assert "is samengevoegd met" in page.content()

    assert not Theme.objects.filter(slug="welzijn").exists()
    slugs = list(project.themes.values_list("slug", flat=True))
    assert slugs.count("gezondheid") == 1 and "welzijn" not in slugs
    page.goto(demo_site + project.get_absolute_url())
    assert_accessible(page)
