"""The impact model and a programme in a real browser: rings turned by keyboard, axe on every page."""

import re

from tests.browser.accessibility import assert_accessible


def test_programme_pages_are_accessible(page, demo_site):
    for path in ["/impactmodel/", "/programmas/", "/programmas/lnos25/", "/programmas/gelijke-kansen-2024-2026/"]:
        page.goto(demo_site + path)
        assert_accessible(page)
    page.goto(demo_site + "/programmas/gelijke-kansen-2024-2026/")
    assert "1.065.000" in page.locator("#budget-heading + div tfoot").inner_text()
    page.get_by_text("Open", exact=False).first.evaluate("el => el.closest('details').open = true")
    page.locator("details a[href*='/acties/']").first.click()
    page.wait_for_url(re.compile(r"/acties/\d+/$"))
    assert page.locator("svg.rimpel-chart").count() >= 1
    assert_accessible(page)
    page.goto(demo_site + "/programmas/lnos25/activiteiten/")
    assert_accessible(page)


def test_turning_a_ring_with_the_keyboard(page, demo_site):
    page.goto(demo_site + "/programmas/lnos25/")
    page.get_by_role("link", name=re.compile("impact ?route", re.I)).first.click()
    page.wait_for_url(re.compile(r"/route/$"))
    assert_accessible(page)
    current = page.locator(".rimpel-turns__current").nth(1)
    before = current.inner_text()

    turn = page.locator("#ring2-on")
    turn.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "before => document.querySelectorAll('.rimpel-turns__current')[1].innerText !== before", arg=before
    )
    after = current.inner_text()
    # The drawing follows: the chosen sector of ring 2 now carries the new dimension's first word.
    chosen_labels = page.locator("text.rimpel-ring-label--chosen").all_text_contents()
    assert any(after.split()[0] in label for label in chosen_labels)
    # Focus stays on the turn button, so the ring can be turned again with Enter.
    assert page.evaluate("document.activeElement.id") == "ring2-on"
    assert after in (page.locator("#route-status").text_content() or "")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "after => document.querySelectorAll('.rimpel-turns__current')[1].innerText !== after", arg=after
    )
