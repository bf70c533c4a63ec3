"""Mijn werk as the work queue in a real browser, with axe: a coordinator sends a draft back with a reason from the
draft's page, sees the queue; the draft's editor sees what was sent back to them."""

from network.models import Organisation
from tests.browser.accessibility import assert_accessible
from tests.browser.test_people import _log_in
from tests.factories import ActivityFactory, UserFactory

REASON = "Zet de begintijd erbij."


def test_a_draft_sent_back_and_both_queues(demo_site, browser, page):
    organisation = Organisation.objects.get(slug="hogeschool-leiden")
    editor = UserFactory(username="redactie-hl")
    organisation.editors.add(editor)
    draft = ActivityFactory(title="Proeflessen in maart", organisers=[organisation], publication_status="draft")
    UserFactory(username="coordinatie", is_coordinator=True)
    _log_in(page, demo_site, "coordinatie")

    page.goto(demo_site + draft.get_absolute_url())
    page.get_by_role("link", name="Terugsturen met een reden").click()
    page.wait_for_url(lambda url: url.endswith("/terugsturen/"))
    assert_accessible(page)
    page.locator("#id_reason").fill(REASON)
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith(draft.get_absolute_url()))
    assert REASON in page.content()
    assert_accessible(page)

    page.goto(demo_site + "/account/mijn-werk/")
    assert "Teruggestuurd, nog niet aangepast" in page.content()
    assert_accessible(page)

    editor_page = browser.new_page()
    _log_in(editor_page, demo_site, "redactie-hl")
    editor_page.goto(demo_site + "/account/mijn-werk/")
    assert "Naar je teruggestuurd" in editor_page.content() and REASON in editor_page.content()
    assert_accessible(editor_page)
    editor_page.close()
