"""The coordinator imports a stories sheet for LNOS25 in a real browser: the first check finds a misspelled
dimension and an unmapped column, the column is chosen on the page, the corrected file imports, and the stories
wait in the moderation queue. axe on every page on the way."""

import io
from pathlib import Path

import openpyxl

from programmes.models import Programme
from stories.models import Story
from tests.browser.accessibility import assert_accessible
from tests.factories import UserFactory


def _log_in(page, site, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def _sheet(path: Path, dimension: str) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Verhalen opgehaald bij de Nacht van de Leraar"])
    sheet.append(["Datum", "Rol", "Toestemming", "Wat leverde het op?", "Dimensie ring 1"])
    sheet.append(
        ["3 oktober 2025", "docent mbo", "alleen rol", "Ik sprak collega's uit het basisonderwijs.", dimension]
    )
    sheet.append(
        ["3-10-2025", "student pabo", "met naam", "Ik weet nu waar ik stage wil lopen.", "Kennis en bewustzijn"]
    )
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())


def test_the_coordinator_imports_a_stories_sheet(demo_site, page, tmp_path: Path):
    UserFactory(username="coordinatie", is_coordinator=True)
    before = Story.objects.count()
    _log_in(page, demo_site, "coordinatie")
    page.goto(demo_site + "/gegevens-import/")
    assert_accessible(page)

    wrong = tmp_path / "verhalen.xlsx"
    _sheet(wrong, "Plezier")
    page.locator("#id_kind").select_option("stories")
    page.locator("#id_programme").select_option(str(Programme.objects.get(slug="lnos25").pk))
    page.locator("input[type=file]").set_input_files(str(wrong))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    assert "/gegevens-import/" in page.url and page.locator("button[value=import]").count() == 0
    assert_accessible(page)

    # The column with the question as its name is chosen as the ring 1 text; the dimension is still wrong.
    page.locator("select").nth(3).select_option("ring1_text")
    page.locator("button[value=columns]").click()
    page.wait_for_load_state()
    assert "Plezier" in page.content() and page.locator("button[value=import]").count() == 0
    assert_accessible(page)

    right = tmp_path / "verhalen-goed.xlsx"
    _sheet(right, "Ontmoeting en bereik")
    page.goto(demo_site + "/gegevens-import/")
    page.locator("#id_kind").select_option("stories")
    page.locator("#id_programme").select_option(str(Programme.objects.get(slug="lnos25").pk))
    page.locator("input[type=file]").set_input_files(str(right))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    # A choice is remembered once a file imports; this is the first, so the column is chosen again.
    page.locator("select").nth(3).select_option("ring1_text")
    page.locator("button[value=columns]").click()
    page.wait_for_load_state()
    page.locator("button[value=import]").click()
    page.wait_for_load_state()
    assert page.locator(".rimpel-messages").count() == 1
    assert_accessible(page)
    assert Story.objects.count() == before + 2
    assert Story.objects.filter(respondent_role="docent mbo", status="new").exists()
