"""Forms for people (issue 22 §4) in a real browser, with axe: the figures form sent with a mistake shows the error
summary with the focus on it and a link to the field; the organisations chooser filters by typing; the chosen partners
stay listed after the error and after saving; numbers come back as people write them; without JavaScript the
chooser is the whole list."""

import re

from playwright.sync_api import expect

from activities.models import Activity
from impact.models import ActivityFigures
from network.models import Organisation
from tests.browser.accessibility import assert_accessible
from tests.browser.test_people import _log_in
from tests.factories import UserFactory


def _figures_url(demo_site: str) -> str:
    """The figures form of an LNOS25 activity, with no partners chosen yet."""
    activity = Activity.objects.filter(programme_actions__line__programme__slug="lnos25").first()
    ActivityFigures.objects.filter(activity=activity).delete()
    return f"{demo_site}/agenda/{activity.slug}/cijfers/"


def test_the_figures_form_summarises_errors_and_keeps_the_chosen_partners(demo_site, browser, page):
    UserFactory(username="coordinatie", is_coordinator=True)
    assert Organisation.objects.count() > 12  # a long list: the chooser gets its search field
    url = _figures_url(demo_site)
    _log_in(page, demo_site, "coordinatie")
    page.goto(url)
    assert_accessible(page)

    chooser = page.locator("[data-rimpel-chooser]")
    search = chooser.get_by_label("Zoek in deze lijst")
    expect(search).to_be_visible()
    options = chooser.locator(".rimpel-chooser__list > li")
    total = options.count()
    search.fill("school")
    visible = chooser.locator(".rimpel-chooser__list > li:visible")
    expect(chooser.locator(".rimpel-chooser__count")).to_have_text(re.compile(rf"^\d+ van {total} getoond$"))
    assert 2 <= visible.count() < total
    assert all("school" in text.lower() for text in visible.all_inner_texts())
    search.press("Enter")  # stays on the page: Enter in the search field does not send the form
    first, second = visible.nth(0), visible.nth(1)
    names = [first.inner_text().strip(), second.inner_text().strip()]
    first.locator("input").check()
    second.locator("input").check()
    expect(chooser.locator(".rimpel-chooser__chosen")).to_have_text(f"Gekozen: {names[0]}, {names[1]}")
    search.fill("")
    assert options.count() == total and visible.count() == total

    page.locator("#id_participants").fill("17.000")
    page.locator("#id_first_timers").fill("20.000")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_load_state()

    summary = page.locator(".rimpel-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("heading")).to_have_text("Er ging iets mis")
    link = summary.locator('a[href="#id_first_timers"]')
    expect(link).to_contain_text("20.000")
    expect(page.locator("#id_participants")).to_have_value("17.000")
    expect(chooser.locator(".rimpel-chooser__chosen")).to_have_text(f"Gekozen: {names[0]}, {names[1]}")
    assert_accessible(page)
    link.click()
    expect(page.locator("#id_first_timers")).to_be_focused()

    page.locator("#id_first_timers").fill("226")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda address: "/cijfers/" not in address)
    expect(page.locator(".rimpel-messages")).to_contain_text("opgeslagen")

    page.goto(url)
    expect(page.locator("#id_participants")).to_have_value("17.000")
    expect(page.locator("#id_first_timers")).to_have_value("226")
    expect(chooser.locator(".rimpel-chooser__chosen")).to_have_text(f"Gekozen: {names[0]}, {names[1]}")
    # The chosen ones stand first in the list, so they are in view without searching.
    assert [text.strip() for text in options.all_inner_texts()[:2]] == names
    expect(page.locator(".rimpel-error-summary")).to_have_count(0)
    assert_accessible(page)

    # Without JavaScript: no search field, the whole list, and the chosen ones named by the server.
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    plain = context.new_page()
    _log_in(plain, demo_site, "coordinatie")
    plain.goto(url)
    plain_chooser = plain.locator("[data-rimpel-chooser]")
    expect(plain_chooser.locator(".rimpel-chooser__filter")).to_be_hidden()
    expect(plain_chooser.locator(".rimpel-chooser__chosen")).to_have_text(f"Gekozen: {names[0]}, {names[1]}")
    assert plain_chooser.locator(".rimpel-chooser__list > li:visible").count() == total
    context.close()
