"""Issue 20 §4 in a real browser, with axe: a coordinator rejects a sender's flood from the queue in one go, sees how
many first and takes stories back; the collection link's live-event switch; the public form refusing a post sent
faster than a person types, with what was typed kept."""

import re

from django.core.cache import cache

from activities.models import Activity
from stories import limits
from stories.models import CollectionLink, Story, StoryStatus
from stories.tests.factories import make_story
from tests.browser.accessibility import assert_accessible
from tests.factories import UserFactory


def _log_in(page, site: str, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_rejecting_a_flood_in_one_go_and_taking_stories_back(demo_site, page):
    UserFactory(username="coordinatie", is_coordinator=True)
    activity = Activity.objects.get(slug="nacht-van-de-leraar-2025")
    flood = [make_story(activity=activity, status="new", role=f"robot {number}") for number in range(4)]
    Story.objects.filter(pk__in=[story.pk for story in flood]).update(sender_key=limits.sender_key_for("203.0.113.5"))
    _log_in(page, demo_site, "coordinatie")

    page.goto(demo_site + "/verhalen/beheer/")
    assert_accessible(page)
    page.get_by_role("link", name="Alles van deze afzender afwijzen…").first.click()
    page.wait_for_url(re.compile(r"/verhalen/beheer/afwijzen/\?afzender="))
    assert_accessible(page)
    assert "4 verhalen in de wachtrij kwamen in de laatste 24 uur van deze afzender." in page.content()
    page.locator("#id_reason").fill("Veel verhalen tegelijk vanaf één adres")
    page.get_by_role("button", name="4 verhalen afwijzen").click()
    page.wait_for_url(re.compile(r"/verhalen/beheer/\?status=rejected$"))
    assert_accessible(page)
    assert "4 verhalen zijn afgewezen." in page.content()
    assert Story.objects.filter(status=StoryStatus.REJECTED).count() == 4

    page.get_by_label(f"Kies verhaal {flood[0].pk}").check()
    page.get_by_role("button", name="De gekozen verhalen terugzetten in de wachtrij").click()
    page.wait_for_url(re.compile(r"status=rejected$"))
    assert "1 verhaal staat weer in de wachtrij." in page.content()
    assert Story.objects.get(pk=flood[0].pk).status == StoryStatus.NEW


def test_the_live_event_switch_and_a_form_sent_too_fast(demo_site, page, browser):
    cache.clear()
    UserFactory(username="coordinatie", is_coordinator=True)
    link = CollectionLink.objects.get(code="lnos25")
    _log_in(page, demo_site, "coordinatie")
    page.goto(demo_site + f"/verhalen/links/{link.code}/")
    page.get_by_role("button", name="Live evenement: veel mensen op één wifi").click()
    page.wait_for_url(re.compile(rf"/verhalen/links/{link.code}/$"))
    assert_accessible(page)
    assert "Het live evenement staat aan tot" in page.content()

    visitor = browser.new_page()
    visitor.goto(demo_site + "/v/lnos25/?activiteit=nacht-van-de-leraar-2025")
    visitor.locator("#id_respondent_role").fill("leerkracht")
    visitor.locator("#id_ring1_text").fill("Ik sprak collega's van drie scholen.")
    visitor.locator("input[name=ring1_dimension]").first.check()
    visitor.locator("input[name=consent]").first.check()
    visitor.get_by_role("button", name="Verstuur mijn verhaal").click()  # well within three seconds
    visitor.wait_for_load_state()
    assert "Dat ging heel snel." in visitor.content()
    assert visitor.locator("#id_ring1_text").input_value() == "Ik sprak collega's van drie scholen."
    assert_accessible(visitor)
    visitor.wait_for_timeout(3200)
    visitor.get_by_role("button", name="Verstuur mijn verhaal").click()
    visitor.wait_for_url(re.compile(r"/v/lnos25/bedankt/$"))
    visitor.close()
