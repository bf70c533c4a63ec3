"""Issue 19 §6 in a real browser, with axe: an editor attaches a PDF and a photo to a project, then finds both in
the media library and in search."""

import io
import re

from PIL import Image

from documents.tests.conftest import PDF
from tests.browser.accessibility import assert_accessible
from tests.factories import OrganisationFactory, ProjectFactory, UserFactory


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 120, 60)).save(out, format="PNG")
    return out.getvalue()


def _attach(page, site, project, title, file):
    page.goto(site + project.get_absolute_url())
    page.get_by_role("link", name="Document of link toevoegen").click()
    page.wait_for_url(re.compile(r"/documenten/toevoegen/"))  # axe on the page that was left finds no document
    assert_accessible(page)
    page.locator("#id_title").fill(title)
    page.locator("#id_file").set_input_files(file)
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/toevoegen/" not in url)


def test_attach_a_pdf_and_a_photo_and_find_them(transactional_db, live_server, page):
    organisation = OrganisationFactory(name="Hogeschool Zeeduin")
    editor = UserFactory(username="redacteur")
    organisation.editors.add(editor)
    project = ProjectFactory(title="Schooltuinen in de wijk", leads=[organisation])
    site = live_server.url
    _log_in(page, site, "redacteur")

    _attach(
        page,
        site,
        project,
        "Tussenverslag schooltuinen",
        {"name": "verslag.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    _attach(page, site, project, "Foto oogstdag", {"name": "oogst.png", "mimeType": "image/png", "buffer": _png()})
    assert page.get_by_text("Het document is toegevoegd.").is_visible()  # on the document's own page
    assert_accessible(page)
    page.goto(site + project.get_absolute_url())
    assert page.get_by_role("link", name="Tussenverslag schooltuinen", exact=True).is_visible()
    assert page.get_by_role("link", name="Foto oogstdag", exact=True).is_visible()
    assert_accessible(page)

    refused = page.goto(site + project.get_absolute_url())
    assert refused is not None
    page.get_by_role("link", name="Document of link toevoegen").click()
    page.locator("#id_title").fill("Stiekem script")
    page.locator("#id_file").set_input_files({"name": "x.pdf", "mimeType": "application/pdf", "buffer": b"<script>"})
    page.locator("form.rimpel-form button[type=submit]").click()
    assert page.get_by_text("geen pdf").first.is_visible()
    assert page.locator("#id_title").input_value() == "Stiekem script"
    assert_accessible(page)

    page.goto(site + "/documenten/")
    assert page.get_by_role("link", name="Tussenverslag schooltuinen").is_visible()
    assert page.get_by_role("link", name="Foto oogstdag").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tussenverslag schooltuinen").click()
    page.wait_for_url(re.compile(r"/documenten/\d+/$"))
    assert_accessible(page)

    page.goto(site + "/zoeken/?q=tussenverslag")
    assert page.get_by_role("link", name="Tussenverslag schooltuinen").first.is_visible()
    assert_accessible(page)
