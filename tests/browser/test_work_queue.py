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


# Each element's own text, measured as laid out: how many lines it takes.
_LINES_OF_TEXT = """element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].filter(rect => rect.width > 0).map(rect => Math.round(rect.top))).size;
}"""


def test_the_header_and_the_people_table_keep_words_whole_on_a_small_screen(live_server, transactional_db, browser):
    """At 320 px the header's "English", the name and "Uitloggen" wrap as whole items, and the people table's
    headings (of columns, and the names heading each row) are not cut mid-word (it scrolls sideways instead)."""
    UserFactory(username="coordinatie", is_coordinator=True, first_name="Hanneke", last_name="Willems")
    context = browser.new_context(locale="nl-NL", viewport={"width": 320, "height": 640})
    page = context.new_page()
    _log_in(page, live_server.url, "coordinatie")
    page.goto(live_server.url + "/gebruikers/")
    tools = page.locator(".rimpel-header__tools > a, .rimpel-header__tools button")
    assert tools.count() >= 4
    for index in range(tools.count()):
        item = tools.nth(index)
        expected = len(item.inner_text().split())  # a name of two words may take two lines, never more
        assert item.evaluate(_LINES_OF_TEXT) <= expected, f"{item.inner_text()!r} is cut mid-word"
    for heading in ("Status", "Naam"):
        cell = page.locator("th[scope=col]", has_text=heading).first
        assert cell.evaluate(_LINES_OF_TEXT) == 1, f"the column heading {heading!r} is cut mid-word"
    name = page.locator("th[scope=row] a", has_text="Hanneke Willems")
    assert name.evaluate(_LINES_OF_TEXT) <= 2, "a name in the table is cut mid-word"
    context.close()
