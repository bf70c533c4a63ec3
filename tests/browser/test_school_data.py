"""Issue 23 §2 in a real browser, with axe: a coordinator uploads DUO's file of pupils per location, checks the
dry run, imports it, sees the release in the list and removes it again."""

from schooldata.tests import files
from tests.browser.accessibility import assert_accessible
from tests.factories import OrganisationFactory, UserFactory


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_upload_check_import_and_remove_a_release(transactional_db, live_server, page, tmp_path):
    OrganisationFactory(name="De Regenboog", vestigingscode="12AB00", municipality="Leiden")
    UserFactory(username="coordinatie", is_coordinator=True)
    path = files.pupils(
        tmp_path / "01-leerlingen-po-per-vestiging-naar-leeftijd-2024-2025.csv",
        [("12AB00", "De Regenboog", ["8"] * 9, "72"), ("99ZZ00", "Elders", ["1"] * 9, "9")],
    )
    _log_in(page, live_server.url, "coordinatie")

    page.goto(live_server.url + "/scholen/gegevens/")
    assert page.get_by_text("Er zijn nog geen schoolgegevens geïmporteerd.").is_visible()
    assert_accessible(page)
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_role("button", name="Bestand controleren").click()
    page.wait_for_url(lambda url: "/controle/" in url)
    assert page.get_by_text("Leerlingen per schoolvestiging").first.is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="1 rij importeren").click()
    page.wait_for_url(lambda url: url.endswith("/scholen/gegevens/"))
    assert page.get_by_text("Rijen bewaard: 1; weggelaten: 1.").is_visible()
    assert page.get_by_role("cell", name="2024-2025").first.is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Verwijderen").first.click()
    page.wait_for_url(lambda url: "/verwijderen/" in url)
    assert_accessible(page)
    page.get_by_role("button", name="Ja, verwijderen").click()
    page.wait_for_url(lambda url: url.endswith("/scholen/gegevens/"))
    assert page.get_by_text("Er zijn nog geen schoolgegevens geïmporteerd.").is_visible()
