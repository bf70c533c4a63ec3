"""Issue 19's line pages in a real browser, with axe: a coordinator creates a dwarslijn with a holder and a
question, records a meeting with a decision and a follow-up for the holder; the holder sees it on Mijn werk and
ticks it off."""

import re

from tests.browser.accessibility import assert_accessible
from tests.factories import OrganisationFactory, PersonFactory, UserFactory


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def _submit(page) -> None:
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_load_state()


def test_a_line_with_a_question_a_meeting_and_a_follow_up_ticked_off_on_mijn_werk(
    transactional_db, live_server, browser, page
):
    site = live_server.url
    UserFactory(username="coordinatie", is_coordinator=True)
    holder = PersonFactory(
        name="Hanna Houder", organisation=OrganisationFactory(name="Het LEF"), user=UserFactory(username="hanna")
    )
    _log_in(page, site, "coordinatie")

    page.goto(site + "/lijnen/nieuw/")
    assert_accessible(page)
    page.locator("input[name=kind][value=dwarslijn]").check()
    page.locator("#id_name").fill("AI in het onderwijs")
    page.locator("#id_purpose").fill("Mensgericht en verantwoord digitaal onderwijs in Leiden.")
    page.locator(f"#id_holders input[value='{holder.pk}']").check()
    _submit(page)
    page.wait_for_url(re.compile(r"/lijnen/ai-in-het-onderwijs/$"))
    assert_accessible(page)

    page.get_by_role("link", name="Open vraag toevoegen").click()
    page.locator("#id_text").fill("Welke hulpmiddelen hebben leraren als eerste nodig?")
    _submit(page)
    page.wait_for_url(re.compile(r"/lijnen/ai-in-het-onderwijs/$"))
    assert page.get_by_text("Welke hulpmiddelen hebben leraren als eerste nodig?").is_visible()

    page.get_by_role("link", name="Overleg plannen").click()
    page.wait_for_url(re.compile(r"/overleggen/nieuw/$"))  # axe on the page that was left finds no document
    assert_accessible(page)
    page.locator("#id_title").fill("Startoverleg AI")
    page.locator("#id_date").fill("2026-04-07")
    page.locator("#id_start_time").fill("09:00")
    page.locator("#id_agenda").fill("Kennismaken\n\nWie brengen we samen?")
    _submit(page)
    page.wait_for_url(re.compile(r"/overleggen/\d+/$"))
    assert_accessible(page)

    page.get_by_role("link", name="Besluit vastleggen").click()
    page.locator("#id_text").fill("We starten met een lerend netwerk.")
    _submit(page)
    page.wait_for_url(re.compile(r"/overleggen/\d+/$"))
    page.get_by_role("link", name="Vervolgactie toevoegen").click()
    page.wait_for_url(re.compile(r"/vervolgacties/nieuw/$"))
    assert_accessible(page)
    page.locator("#id_text").fill("Scholen uitnodigen voor het lerend netwerk")
    page.locator("#id_owner").select_option(str(holder.pk))
    page.locator("#id_due_date").fill("2026-05-01")
    _submit(page)
    page.wait_for_url(re.compile(r"/overleggen/\d+/$"))
    assert page.get_by_text("We starten met een lerend netwerk.").is_visible()

    holder_page = browser.new_page()
    _log_in(holder_page, site, "hanna")
    holder_page.goto(site + "/account/mijn-werk/")
    assert holder_page.get_by_text("Scholen uitnodigen voor het lerend netwerk").is_visible()
    assert_accessible(holder_page)
    holder_page.get_by_role("button", name=re.compile("^Klaar")).click()
    holder_page.wait_for_url(re.compile(r"/account/mijn-werk/#vervolgacties$"))
    assert holder_page.get_by_text("Klaar: “Scholen uitnodigen voor het lerend netwerk”.").is_visible()
    assert holder_page.get_by_text("Er wachten geen vervolgacties op jou.").is_visible()
    assert_accessible(holder_page)
    holder_page.close()
