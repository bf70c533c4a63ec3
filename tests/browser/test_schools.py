"""Issue 23's school guide in a real browser, with axe: the list with its filters, a coordinator's upload of a wijk
map (RD New), the map drawn as SVG whose wijken lead to the filtered list, a school's page for parents; every page
reflows at 320 px."""

import json

from network.models import Organisation
from schools.tests.boundaries import rd_new
from tests.browser.accessibility import assert_accessible
from tests.browser.test_people import _log_in
from tests.factories import UserFactory

SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


def test_the_school_guide_with_its_wijk_map(demo_site, browser, page, tmp_path):
    Organisation.objects.filter(name="Korte Vlietschool").update(wijk="Binnenstad", street="Korte Vlietstraat")
    UserFactory(username="coordinatie", is_coordinator=True)

    page.goto(demo_site + "/scholen/")
    assert_accessible(page)
    assert page.get_by_role("link", name="Korte Vlietschool").count() == 1
    page.locator("#id_soort").select_option("vo")
    page.wait_for_url(lambda url: "soort=vo" in url)
    assert page.get_by_role("link", name="Korte Vlietschool").count() == 0
    assert page.get_by_role("link", name="Stedelijk Gymnasium Leiden").count() == 1
    assert_accessible(page)

    page.goto(demo_site + "/scholen/kaart/")
    assert_accessible(page)  # without a map: the way to the list
    _log_in(page, demo_site, "coordinatie")
    boundaries = tmp_path / "wijken.geojson"
    boundaries.write_text(json.dumps(rd_new()))
    page.goto(demo_site + "/scholen/wijkkaart/")
    assert_accessible(page)
    page.locator("#id_file").set_input_files(str(boundaries))
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/scholen/kaart/"))
    assert page.locator("svg.rimpel-wijkmap__drawing path").count() == 2
    assert_accessible(page)

    page.locator("svg a[aria-label^='Binnenstad']").click()
    page.wait_for_url(lambda url: "wijk=Binnenstad" in url)
    assert page.get_by_role("link", name="Korte Vlietschool").count() == 1
    page.get_by_role("link", name="Korte Vlietschool").click()
    page.wait_for_url(lambda url: "/scholen/school/" in url)
    assert_accessible(page)

    phone = browser.new_context(locale="nl-NL", viewport={"width": 320, "height": 640}).new_page()
    for path in ("/scholen/", "/scholen/kaart/", "/scholen/school/korte-vlietschool/"):
        phone.goto(demo_site + path)
        assert not phone.evaluate(SCROLLS_SIDEWAYS), path
    phone.context.close()
