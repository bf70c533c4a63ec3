"""The web import's check page in a real browser, with axe: a coordinator uploads DUO's list of school locations as
published (Windows-1252, semicolons, capitalised headers) with a row that looks like a school rimpel has, sees the
file recognised, gives the sector for rows without one, chooses "same organisation" for the near-duplicate and
imports."""

from pathlib import Path

from network.models import Organisation
from tests.browser.accessibility import assert_accessible
from tests.factories import OrganisationFactory, UserFactory

HEADERS = (
    "PROVINCIE;BEVOEGD GEZAG NUMMER;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM;STRAATNAAM;HUISNUMMER-TOEVOEGING;"
    "POSTCODE;PLAATSNAAM;GEMEENTENUMMER;GEMEENTENAAM;DENOMINATIE;TELEFOONNUMMER;INTERNETADRES"
)
ROWS = (
    "Zuid-Holland;41234;31XY;31XY00;RKBS De Klimboom;Herenstraat;36;2313 AK;LEIDEN;0546;LEIDEN;Rooms-Katholiek;"
    "071-5123456;www.klimboom-leiden.nl",
    "Zuid-Holland;40777;33ZZ;33ZZ00;Het Mozaïek aan de Singel;Prinsessekade;1-3;2312 AB;LEIDEN;0546;LEIDEN;"
    "Algemeen bijzonder;071-5140000;www.mozaiek-singel.nl",
)


def _log_in(page, site, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_a_duo_file_with_a_near_duplicate_through_the_check_page(demo_site, page, tmp_path: Path):
    UserFactory(username="coordinatie", is_coordinator=True)
    klimboom = OrganisationFactory(name="De Klimboom", sector="po", postcode="2313 AK", place="Leiden")
    before = Organisation.objects.count()
    path = tmp_path / "vestigingenbo.csv"
    path.write_bytes(("\r\n".join([HEADERS, *ROWS]) + "\r\n").encode("cp1252"))

    _log_in(page, demo_site, "coordinatie")
    page.goto(demo_site + "/gegevens-import/")
    page.locator("#id_kind").select_option("organisations")
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    text = page.content()
    assert "Herkend als: DUO — schoolvestigingen" in text
    assert "Een nieuwe organisatie heeft een sector nodig." in text
    assert page.locator("button[value=import]").count() == 0  # no sector yet for the new school
    assert_accessible(page)

    page.locator("#set-sector").fill("po")
    page.locator("input[name=near-2][value=same]").check()
    page.locator("button[value=columns]").click()
    page.wait_for_load_state()
    assert page.locator("#set-sector").input_value() == "po"
    assert page.locator("input[name=near-2][value=same]").is_checked()
    assert_accessible(page)

    page.locator("button[value=import]").click()
    page.wait_for_load_state()
    assert page.locator(".rimpel-messages").count() == 1
    assert "1 nieuw, 1 gewijzigd" in page.locator(".rimpel-messages").inner_text()
    assert_accessible(page)
    klimboom.refresh_from_db()
    assert (klimboom.vestigingscode, list(klimboom.aliases.values_list("alias", flat=True))) == (
        "31XY00",
        ["RKBS De Klimboom"],
    )
    mozaiek = Organisation.objects.get(vestigingscode="33ZZ00")
    assert (mozaiek.name, mozaiek.sector, mozaiek.place) == ("Het Mozaïek aan de Singel", "po", "Leiden")
    assert Organisation.objects.count() == before + 1
