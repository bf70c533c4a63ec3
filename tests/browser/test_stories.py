"""Stories in a real browser: telling one on a phone, moderating it, the story book's filters, print and counts.

The Dutch translations of the story pages may lag behind the code, so the tests find elements by id, class or
role, and where they read text they accept the English msgid as well.
"""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from home.demo import DEMO_PASSWORD, DEMO_USERS
from programmes.models import ImpactRoute
from stories.models import Consent, Selection, SelectionRound, Story, StoryStatus
from tests.browser.accessibility import assert_accessible

PHONE = {"width": 390, "height": 844}
ACTIVITY = "nacht-van-de-leraar-2025"
TELL_URL = f"/v/lnos25/?activiteit={ACTIVITY}"
BOOK = "/programmas/lnos25/verhalen/"


@pytest.fixture
def site(demo_site, settings):
    """The demo site with its logins (load_demo(with_users=True) makes them; the shared fixture does not)."""
    # A robot fills the form faster than the minimum time a person takes (stories.forms.TellStoryForm).
    settings.STORY_MIN_FILL_SECONDS = 0
    User = get_user_model()
    for username, (coordinator, _organisation, _person) in DEMO_USERS.items():
        user, _ = User.objects.get_or_create(username=username, defaults={"is_coordinator": coordinator})
        user.set_password(DEMO_PASSWORD)
        user.save()
    # The public form counts attempts per address in the cache; every test starts with a clean slate.
    cache.clear()
    return demo_site


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
    )
    page = context.new_page()
    yield page
    context.close()


def _route_a1() -> ImpactRoute:
    return ImpactRoute.objects.select_related("ring1", "ring2", "ring3").get(
        line__programme__slug="lnos25", line__code="A1"
    )


def _book_count(page) -> int:
    return int(re.search(r"(\d+)", page.locator("#results > p.rimpel-meta").first.inner_text()).group(1))


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px wide on a {PHONE['width']}px screen"


def _tell_a_story(
    page, site, *, role: str, name: str = "", first_try_empty: bool = False, check=lambda page: None
) -> None:
    """Fill in the public form as a respondent would; optionally send it once without the required ring-1 text."""
    page.goto(site + TELL_URL)
    if first_try_empty:
        page.locator("#id_respondent_role").fill(role)
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("Verstuur|Send my story", re.I)).click()
        check(page)
    page.locator("#id_respondent_role").fill(role)
    page.locator("#id_sector").select_option("po")
    page.locator("#id_ring1_text").fill("Ik sprak collega's uit het mbo die ik nooit eerder had ontmoet.")
    page.locator("#id_ring3_text").fill("Onze school begint samen met het mbo een doorlopende leerlijn techniek.")
    # Not the route's pre-selected ring-3 dimension: the respondent picks another one.
    other = page.locator("input[name=ring3_dimension]:not(:checked)").last.get_attribute("value")
    page.locator(f"input[name=ring3_dimension][value='{other}']").check()
    page.locator("input[name=consent][value=role]").check()
    if name:
        page.locator("#id_respondent_name").fill(name)
    page.get_by_role("button", name=re.compile("Verstuur|Send my story", re.I)).click()
    page.wait_for_url(re.compile(r"/v/lnos25/bedankt/$"))


def test_telling_a_story_on_a_phone(site, phone):
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
    assert story.activity.slug == ACTIVITY
    parts = {part.ring: part.dimension_id for part in story.parts.all()}
    assert parts.keys() == {1, 3}
    assert parts[1] == route.ring1.pk and parts[3] != route.ring3.pk


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
    _tell_a_story(stranger, site, role=role, name="Zoë Verhalenverteller")
    story = Story.objects.get(respondent_role=role)
    assert story.respondent_name == ""

    _log_in(page, site, "coordinator")
    page.goto(site + "/verhalen/beheer/")
    assert_accessible(page)
    entry = page.locator("li.rimpel-card", has_text=role)
    assert entry.count() == 1
    entry.get_by_role("link", name=re.compile(r"^#")).click()  # the story itself, not the bulk actions beside it
    page.wait_for_url(re.compile(rf"/verhalen/{story.pk}/$"))
    assert role in page.locator("article.rimpel-story .rimpel-story__who").inner_text()
    assert_accessible(page)
    with page.expect_navigation(url=re.compile(rf"/verhalen/{story.pk}/$")):
        page.get_by_role("button", name=re.compile(r"^\s*(Publiceren|Publiceer|Publish)\s*$")).click()
    assert page.locator(".rimpel-messages").is_visible()
    assert page.locator(".rimpel-curate form button[value=publish]").count() == 0
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED

    page.goto(site + BOOK)
    assert _book_count(page) == 29
    published = page.locator("article.rimpel-story", has=page.locator(f"a[href$='/verhalen/{story.pk}/']"))
    assert published.count() == 1
    who = published.locator(".rimpel-story__who").inner_text()
    assert role in who and "Verhalenverteller" not in who
    assert_accessible(page)
    page.goto(site + BOOK + "patronen/")
    assert_accessible(page)

    # The public sees the story too, by role only.
    stranger.goto(site + BOOK)
    published = stranger.locator("article.rimpel-story", has=stranger.locator(f"a[href$='/verhalen/{story.pk}/']"))
    assert role in published.locator(".rimpel-story__who").inner_text()
    assert "Verhalenverteller" not in stranger.locator("#results").inner_text()
    stranger_context.close()


def test_story_book_filter_updates_in_place_and_works_by_keyboard(site, page):
    # The demo records no panel round of its own (the seeds hold none): this test's panel chooses four stories.
    public = Story.objects.filter(status=StoryStatus.PUBLISHED).exclude(consent=Consent.INTERNAL).order_by("pk")[:4]
    panel = SelectionRound.objects.create(
        programme=public[0].programme, title="Testronde", panel="Kern", held_on=dt.date(2025, 6, 1)
    )
    for story in public:
        Selection.objects.create(round=panel, story=story, reason="Raakt de kern.")
    page.goto(site + BOOK)
    everything = _book_count(page)
    assert everything == 27  # the public book leaves out the one story meant for internal analysis
    # A full page load would lose this; an htmx swap keeps it.
    page.evaluate("window.rimpelMarker = 'same page'")

    selected = page.locator("#id_gekozen")
    for _press in range(60):
        if page.evaluate("document.activeElement && document.activeElement.id") == "id_gekozen":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("The 'selected by a panel' checkbox cannot be reached with the Tab key")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"[?&]gekozen=on"))
    page.wait_for_function("() => /^\\s*4\\b/.test(document.querySelector('#results > p.rimpel-meta').innerText)")
    assert selected.is_checked()
    assert page.evaluate("window.rimpelMarker") == "same page"
    assert page.evaluate("document.activeElement.id") == "id_gekozen"
    assert page.locator("#results article.rimpel-story").count() == 4
    assert page.locator("#results article.rimpel-story--selected").count() == 4
    assert "4" in page.locator("#results-status").inner_text()
    assert_accessible(page)

    # Unticking by pointer brings every story back, still without reloading the page.
    page.locator("label[for=id_gekozen]").click()
    page.wait_for_url(lambda url: "gekozen" not in url)
    page.wait_for_function(
        "n => new RegExp('^\\\\s*' + n + '\\\\b').test(document.querySelector('#results > p.rimpel-meta').innerText)",
        arg=everything,
    )
    assert page.evaluate("window.rimpelMarker") == "same page"


def test_story_book_prints_without_navigation_and_filters(site, page):
    page.goto(site + BOOK)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "() => [...document.querySelectorAll('.rimpel-header, .rimpel-no-print')]"
        ".map(el => [el.className, getComputedStyle(el).display])"
    )
    assert any("rimpel-header" in name for name, _display in hidden)
    assert any("rimpel-filter-panel" in name for name, _display in hidden)
    assert all(display == "none" for _name, display in hidden), hidden
    assert not page.locator("aside.rimpel-filter-panel").is_visible()
    assert page.locator("#results article.rimpel-story").first.is_visible()

    pdf = page.pdf(path="/tmp/storybook.pdf", format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    print(f"story book PDF: {pages} pages, {len(pdf)} bytes")
    assert pages > 1
    # The page tree's root counts the same pages.
    assert pages == max(int(count) for count in re.findall(rb"/Count (\d+)", pdf))


def test_route_counts_lead_to_as_many_stories(site, page):
    page.goto(site + "/programmas/lnos25/")
    section = page.locator("section[aria-labelledby=stories-heading]")
    assert re.search("Verhalen achter de routes|Stories behind the routes", section.locator("h2").inner_text())
    rows = section.locator("table tbody tr")
    assert rows.count() >= 1
    for index in range(rows.count()):
        assert rows.nth(index).locator("td").count() == 3
    a1 = rows.filter(has=page.locator("th", has_text=re.compile(r"^\s*A1\b")))
    assert a1.count() == 1
    ring3 = a1.locator("td").nth(2).get_by_role("link")
    expected = int(re.search(r"\d+", ring3.inner_text()).group())
    assert expected > 0
    route = _route_a1()
    assert route.ring3.name in a1.locator("td").nth(2).inner_text()

    ring3.click()
    page.wait_for_url(re.compile(rf"/programmas/lnos25/verhalen/\?ambitie=A1&dimensie={route.ring3.pk}$"))
    assert _book_count(page) == expected
    assert page.locator("#results article.rimpel-story").count() == expected
    # Every story shown speaks on the route's ring-3 dimension.
    for article in page.locator("#results article.rimpel-story").all():
        assert route.ring3.name in article.locator(".rimpel-story__ring--3 dt").inner_text()


def test_patterns_page_fits_a_phone(site, phone):
    phone.goto(site + BOOK + "patronen/")
    assert_accessible(phone)
    _no_horizontal_scroll(phone)


def test_programme_page_on_a_phone(site, phone):
    """Wide tables scroll inside a focusable region instead of widening the page."""
    phone.goto(site + "/programmas/lnos25/")
    assert_accessible(phone)
    _no_horizontal_scroll(phone)
