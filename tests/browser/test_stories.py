"""Stories in a real browser: telling one on a phone, moderating it, the story book's filters, print and counts.

The Dutch translations of the story pages may lag behind, so text assertions accept the English msgid too.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from core.demo import DEMO_PASSWORD, DEMO_USERS
from programmes.models import ImpactRoute
from stories.models import Story, StoryStatus
from tests.browser.accessibility import assert_accessible

PHONE = {"width": 390, "height": 844}
ACTIVITY = "nacht-van-de-leraar-2025"
TELL_URL = f"/v/lnos25/?activiteit={ACTIVITY}"
BOOK = "/programmas/lnos25/verhalen/"


@pytest.fixture
def site(demo_site):
    """The demo site with its logins (load_demo(with_users=True) makes them; the shared fixture does not)."""
    User = get_user_model()
    for username, (coordinator, _organisation) in DEMO_USERS.items():
        user, _ = User.objects.get_or_create(username=username, defaults={"is_coordinator": coordinator})
        user.set_password(DEMO_PASSWORD)
        user.save()
    # The public form counts attempts per address in the cache; every test starts with a clean slate.
    cache.clear()
    return demo_site


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2,
                                  locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    yield page
    context.close()


def _route_a1() -> ImpactRoute:
    return ImpactRoute.objects.select_related("ring1", "ring2", "ring3").get(
        line__programme__slug="lnos25", line__code="A1")


def _book_count(page) -> int:
    return int(re.search(r"(\d+)", page.locator("#results > p.rimpel-meta").first.inner_text()).group(1))


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px wide on a {PHONE['width']}px screen"


def _tell_a_story(page, site, *, role: str, name: str = "", first_try_empty: bool = False,
                  check=lambda page: None) -> None:
    """Fill in the public form as a respondent would; optionally send it once without the required ring-1 text."""
    page.goto(site + TELL_URL)
    if first_try_empty:
        page.locator("#id_respondent_role").fill(role)
        page.get_by_role("button", name=re.compile("Verstuur|Send my story", re.I)).click()
        page.wait_for_load_state()
        check(page)
    page.locator("#id_respondent_role").fill(role)
    page.locator("#id_sector").select_option("po")
    page.locator("#id_ring1_text").fill("Ik sprak collega's uit het mbo die ik nooit eerder had ontmoet.")
    page.locator("#id_ring3_text").fill("Onze school begint samen met het mbo een doorlopende leerlijn techniek.")
    page.locator("fieldset.rimpel-ring-question--3 input[name=ring3_dimension]").first.check()
    page.locator("input[name=consent][value=role]").check()
    if name:
        page.locator("#id_respondent_name").fill(name)
    page.get_by_role("button", name=re.compile("Verstuur|Send my story", re.I)).click()
    page.wait_for_url(re.compile(r"/v/lnos25/bedankt/$"))


def test_telling_a_story_on_a_phone(phone, site):
    page = phone
    route = _route_a1()
    page.goto(site + TELL_URL)
    # The activity is chosen and its route's ring-1 dimension is ticked already.
    assert page.locator("#id_activity option:checked").inner_text().startswith("Nacht van de Leraar 2025")
    ring1 = page.locator(f"input[name=ring1_dimension][value='{route.ring1.pk}']")
    assert ring1.is_checked()
    assert page.locator("input[name=ring1_dimension]:checked").count() == 1
    assert_accessible(page)
    _no_horizontal_scroll(page)

    def sees_the_error(page):
        assert page.locator(".utrecht-alert--error[role=alert]").is_visible()
        assert page.locator("#id_ring1_text_error").is_visible()
        assert page.locator("#id_respondent_role").input_value() == "leerkracht groep 8"
        # The pre-selection survives the failed attempt too.
        assert page.locator(f"input[name=ring1_dimension][value='{route.ring1.pk}']").is_checked()
        page.screenshot(path="/tmp/story-phone-error.png", full_page=True)
        _no_horizontal_scroll(page)
        assert_accessible(page)

    _tell_a_story(page, site, role="leerkracht groep 8", first_try_empty=True, check=sees_the_error)
    assert re.search("Bedankt|Thank you", page.get_by_role("heading", level=1).inner_text())
    assert_accessible(page)
    _no_horizontal_scroll(page)
    page.screenshot(path="/tmp/story-phone.png", full_page=True)

    story = Story.objects.get(respondent_role="leerkracht groep 8")
    assert story.status == StoryStatus.NEW and story.consent == "role" and story.sector == "po"
    assert sorted(story.parts.values_list("ring", flat=True)) == [1, 3]


def _log_in(page, site, username: str) -> None:
    page.goto(site + "/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("form.rimpel-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_coordinator_publishes_a_told_story(site, browser, page):
    stranger_context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    stranger = stranger_context.new_page()
    role = "intern begeleider basisschool"
    # A name typed in while choosing "role only" must not be kept, let alone shown.
    _tell_a_story(stranger, site, role=role, name="Sanne Verhalenverteller")
    story = Story.objects.get(respondent_role=role)
    assert story.respondent_name == ""

    _log_in(page, site, "coordinator")
    page.goto(site + "/verhalen/beheer/")
    assert_accessible(page)
    entry = page.locator("li.rimpel-card", has_text=role)
    assert entry.count() == 1
    entry.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/verhalen/{story.pk}/$"))
    assert role in page.locator("article.rimpel-story .rimpel-story__who").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^\s*(Publiceren|Publiceer|Publish)\s*$")).click()
    page.wait_for_url(re.compile(rf"/verhalen/{story.pk}/$"))
    page.wait_for_load_state()
    assert page.locator(".rimpel-curate form button[value=publish]").count() == 0
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED

    page.goto(site + BOOK)
    assert _book_count(page) == 29
    published = page.locator("article.rimpel-story", has=page.locator(f"a[href$='/verhalen/{story.pk}/']"))
    assert published.count() == 1
    who = published.locator(".rimpel-story__who").inner_text()
    assert role in who and "Sanne" not in who
    assert_accessible(page)
    page.goto(site + BOOK + "patronen/")
    assert_accessible(page)

    # The public sees the story too, by role only.
    stranger.goto(site + BOOK)
    published = stranger.locator("article.rimpel-story", has=stranger.locator(f"a[href$='/verhalen/{story.pk}/']"))
    assert role in published.locator(".rimpel-story__who").inner_text()
    assert "Sanne" not in stranger.locator("#results").inner_text()
    stranger_context.close()
