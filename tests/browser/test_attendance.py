"""An organiser's editor brings an attendance list to a demo activity in a real browser: a file with a problem is
refused row by row, the corrected list is checked and saved, and the activity's figures follow it. axe on every
page on the way."""

from pathlib import Path

from activities.models import Activity
from attendance.demo import load_demo_attendance
from network.models import Organisation
from tests.browser.accessibility import assert_accessible
from tests.factories import UserFactory

ACTIVITY = "nacht-van-de-leraar-2025"


def _log_in(page, site, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_an_editor_checks_and_saves_an_attendance_list(demo_site, page, tmp_path: Path):
    activity = Activity.objects.get(slug=ACTIVITY)
    editor = UserFactory(username="organisator")
    Organisation.objects.get(pk=activity.organisers.first().pk).editors.add(editor)
    _log_in(page, demo_site, "organisator")

    page.goto(f"{demo_site}/agenda/{ACTIVITY}/aanwezigheid/")
    assert_accessible(page)

    wrong = tmp_path / "lijst.csv"
    wrong.write_bytes(
        "naam;e-mail;sector\nAnna;anna@voorbeeld.invalid;po\nBram;bram@voorbeeld.invalid;ruimtevaart\n".encode("cp1252")
    )
    page.locator("input[type=file]").set_input_files(str(wrong))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    assert "ruimtevaart" in page.content()  # the unknown sector is named, with its row
    assert page.locator("button[name=action][value=save]").count() == 0  # nothing can be saved
    assert_accessible(page)

    people = "\n".join(f"deelnemer-{n}@voorbeeld.invalid; leerkracht; po; SCOL" for n in range(1, 8))
    page.locator("textarea").fill(people)
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("button[name=action][value=save]").click()
    page.wait_for_load_state()
    assert page.locator(".rimpel-messages").count() == 1
    assert_accessible(page)

    activity.figures.refresh_from_db()
    assert activity.figures.participants == 7
    assert activity.attendances.count() == 7


def test_the_coordinator_pages_are_accessible(demo_site, page):
    load_demo_attendance()  # the demo has none of its own: it would change the seed's figures
    UserFactory(username="coordinatie", is_coordinator=True)
    _log_in(page, demo_site, "coordinatie")
    page.goto(demo_site + "/aanwezigheid/")
    assert page.locator("table").count() >= 2  # the year table and the activities with a list
    assert_accessible(page)
    page.goto(demo_site + "/aanwezigheid/verwijderverzoek/")
    page.locator("#id_email").fill("deelnemer-00001@voorbeeld.invalid")
    page.locator("form.rimpel-form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
