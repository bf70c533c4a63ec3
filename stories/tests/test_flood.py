"""A flood of stories (issue 20 §4): limits that slow a flood without closing a link for everyone, a minimum time to
fill in the form, the live-event switch, the same limits on the API, and moderating many stories at once."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from api import tokens
from core import ratelimit
from stories import limits, services
from stories.forms import FILL_STAMP_SALT, fill_stamp
from stories.models import Story, StoryStatus
from stories.tests.factories import ENCOUNTER, dim, make_link, make_programme, make_story, started
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


class Clock:
    """The rate limits' clock, moved by hand; it starts on the turn of an hour, so the windows fall alike each run."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(ratelimit, "time", fake)
    return fake


@pytest.fixture
def activity(org_a):
    return ActivityFactory(title="Netwerkdag", organisers=[org_a])


@pytest.fixture
def link(activity):
    return make_link(activity=activity, code="flood23")


def story_data(activity, **extra):
    return {
        "activity": activity.pk,
        "respondent_role": "leerkracht",
        "sector": "po",
        "quote": "",
        "consent": "role",
        "website": "",
        "ring1_dimension": dim(ENCOUNTER).pk,
        "ring1_text": "Ik ontmoette nieuwe collega's.",
        "started": started(),
        "submission": str(uuid.uuid4()),
        **extra,
    }


def send(client, activity, address, **extra):
    return client.post("/en/v/flood23/", story_data(activity, **extra), REMOTE_ADDR=address)


# --- Limits -----------------------------------------------------------------------------------------------------


def test_507_stories_from_27_addresses_in_60_seconds_slow_the_link_but_do_not_close_it(
    anonymous_client, activity, link, clock, settings
):
    assert (settings.STORY_LIMIT_PER_ADDRESS, settings.STORY_LIMIT_PER_LINK, settings.STORY_LINK_WINDOW) == (
        20,
        60,
        600,
    )
    statuses = []
    for number in range(507):
        clock.now += 60 / 507
        statuses.append(send(anonymous_client, activity, f"203.0.113.{number % 27}").status_code)
    assert statuses.count(302) == 60 == Story.objects.count()  # the link's ceiling held, without overshoot
    assert set(statuses) == {302, 429}

    clock.now += 60
    slowed = send(anonymous_client, activity, "198.51.100.1", quote="Mijn zin blijft staan.")
    assert slowed.status_code == 429
    assert "Please try again in a few minutes" in slowed.content.decode()
    assert "Mijn zin blijft staan." in slowed.content.decode()

    clock.now += settings.STORY_LINK_WINDOW  # eleven minutes after the flood, not an hour
    assert send(anonymous_client, activity, "198.51.100.1").status_code == 302
    # The flood's addresses still carry their hour: one of them sent 19 posts and has one left.
    assert send(anonymous_client, activity, "203.0.113.0").status_code == 302
    assert send(anonymous_client, activity, "203.0.113.0").status_code == 429


def test_one_address_is_limited_per_hour_on_a_sliding_window(anonymous_client, activity, link, clock, settings):
    settings.STORY_LIMIT_PER_ADDRESS = 3
    for _ in range(3):
        assert send(anonymous_client, activity, "192.0.2.1").status_code == 302
    refused = send(anonymous_client, activity, "192.0.2.1")
    assert refused.status_code == 429 and "Please try again in an hour" in refused.content.decode()
    assert send(anonymous_client, activity, "192.0.2.2").status_code == 302
    # The refused post counts too (hammering does not shorten the wait), and the last hour is weighed across two
    # clock hours: free again once the hour it sent in has passed wholly out of view.
    clock.now += 3600 + 400
    assert send(anonymous_client, activity, "192.0.2.1").status_code == 429
    clock.now += 3600
    assert send(anonymous_client, activity, "192.0.2.1").status_code == 302


def test_invalid_and_honeypot_posts_do_not_count_against_the_link(anonymous_client, activity, link, settings):
    settings.STORY_LIMIT_PER_LINK = 3
    for number in range(10):
        assert send(anonymous_client, activity, f"192.0.2.{number}", website="http://spam.example").status_code == 400
        assert send(anonymous_client, activity, f"192.0.2.{number}", ring1_text="").status_code == 400
        assert send(anonymous_client, activity, f"192.0.2.{number}", started=started(1)).status_code == 400
    for number in range(3):
        assert send(anonymous_client, activity, f"198.51.100.{number}").status_code == 302
    assert send(anonymous_client, activity, "198.51.100.9").status_code == 429
    assert Story.objects.count() == 3


def test_limits_hold_when_posts_race(activity, link, settings):
    """Counting comes before comparing, in one atomic step (core.ratelimit.hit): posts that race each other cannot
    all slip under the limit (the probe found 507 stories through a limit of 500); refused ones are taken back."""
    settings.STORY_LIMIT_PER_LINK = 20
    start = threading.Barrier(40)

    def attempt(_number):
        start.wait()
        return limits.link_allows(link)

    with ThreadPoolExecutor(max_workers=40) as pool:
        allowed = list(pool.map(attempt, range(40)))
    assert allowed.count(True) == 20
    assert not limits.link_allows(link)  # the refused ones were given back, and the ceiling stays reached


def test_a_form_sent_faster_than_a_person_types_is_refused_kindly_and_kept(anonymous_client, activity, link):
    stamp = fill_stamp(time.time() - 1)
    response = send(anonymous_client, activity, "192.0.2.1", started=stamp, ring1_text="Wat ik typte.")
    body = response.content.decode()
    assert response.status_code == 400
    assert "That went very fast. Please check your story and send it again" in body
    assert "Wat ik typte." in body and f'value="{stamp}"' in body
    assert not Story.objects.exists()
    time.sleep(2.1)  # a person reads the message and sends again
    assert send(anonymous_client, activity, "192.0.2.1", started=stamp).status_code == 302


@pytest.mark.parametrize("stamp", ["", "forged", fill_stamp(time.time() - 60)[:-2] + "xx"])
def test_a_missing_or_forged_start_time_is_refused_and_replaced(anonymous_client, activity, link, stamp):
    response = send(anonymous_client, activity, "192.0.2.1", started=stamp)
    assert response.status_code == 400 and not Story.objects.exists()
    fresh = response.context["form"].data["started"]
    assert fresh != stamp and time.time() - signing.loads(fresh, salt=FILL_STAMP_SALT) < 5


def test_the_empty_form_carries_a_signed_start_time(anonymous_client, link):
    form = anonymous_client.get("/en/v/flood23/").context["form"]
    assert 'name="started"' in str(form["started"])


def test_the_live_event_switch_raises_the_limit_per_address_for_an_hour(
    coordinator_client, anonymous_client, activity, link, settings
):
    settings.STORY_LIMIT_PER_ADDRESS, settings.STORY_LIMIT_PER_ADDRESS_LIVE = 2, 5
    page = coordinator_client.get(f"/en/verhalen/links/{link.code}/").content.decode()
    assert "Live event: many people on one Wi-Fi" in page
    response = coordinator_client.post(f"/en/verhalen/links/{link.code}/evenement/", {"live": "1"}, follow=True)
    assert "Live event on for one hour" in response.content.decode()
    link.refresh_from_db()
    assert timezone.timedelta(minutes=59) < link.busy_until - timezone.now() <= timezone.timedelta(hours=1)
    statuses = [send(anonymous_client, activity, "192.0.2.50").status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]

    link.busy_until = timezone.now() - timezone.timedelta(seconds=1)  # the hour is over
    link.save()
    assert send(anonymous_client, activity, "192.0.2.51").status_code == 302
    assert send(anonymous_client, activity, "192.0.2.51").status_code == 302
    assert send(anonymous_client, activity, "192.0.2.51").status_code == 429

    coordinator_client.post(f"/en/verhalen/links/{link.code}/evenement/", {"live": "1"})
    coordinator_client.post(f"/en/verhalen/links/{link.code}/evenement/", {"live": "0"})
    link.refresh_from_db()
    assert link.busy_until is None


def test_only_the_coordinator_switches_a_live_event(editor_a_client, link):
    assert "Live event: many people" not in editor_a_client.get(f"/en/verhalen/links/{link.code}/").content.decode()
    assert editor_a_client.post(f"/en/verhalen/links/{link.code}/evenement/", {"live": "1"}).status_code == 403
    link.refresh_from_db()
    assert link.busy_until is None


def test_the_api_has_the_same_limits(client, org_a, coordinator, activity, link, settings):
    _token, secret = tokens.issue(org_a, "Balie", coordinator)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def api_story(address, **extra):
        data = {
            "link": "flood23",
            "respondent_role": "docent",
            "consent": "role",
            "parts": [{"ring": 1, "dimension": dim(ENCOUNTER).pk, "text": "Ik leerde collega's kennen."}],
            **extra,
        }
        return client.post("/api/stories/", data, content_type="application/json", REMOTE_ADDR=address, **headers)

    settings.STORY_LIMIT_PER_ADDRESS, settings.STORY_LIMIT_PER_LINK = 2, 3
    assert [api_story("192.0.2.1").status_code for _ in range(3)] == [201, 201, 429]
    assert api_story("192.0.2.2", respondent_role="").status_code == 400  # invalid: not counted against the link
    assert api_story("192.0.2.3").status_code == 201
    assert api_story("192.0.2.4").status_code == 429
    assert Story.objects.count() == 3
    assert Story.objects.filter(sender_key=limits.sender_key_for("192.0.2.1")).count() == 2


# --- The sender's address -----------------------------------------------------------------------------------------


def test_a_story_keeps_a_keyed_hash_of_its_sender_never_the_address(anonymous_client, activity, link):
    send(anonymous_client, activity, "192.0.2.77")
    story = Story.objects.get()
    assert story.sender_key == limits.sender_key_for("192.0.2.77") and len(story.sender_key) == 32
    assert all("192.0.2.77" not in str(value) for value in Story.objects.values().get().values())
    assert "192.0.2.77" not in story.sender_key and story.sender_key != limits.sender_key_for("192.0.2.78")


# --- Bulk moderation ----------------------------------------------------------------------------------------------


@pytest.fixture
def flooded(anonymous_client, activity, link):
    """Five stories from one sender, two from another, one published earlier by the first."""
    for _ in range(5):
        send(anonymous_client, activity, "203.0.113.5", ring1_text="Reclame reclame.")
    for _ in range(2):
        send(anonymous_client, activity, "192.0.2.8", ring1_text="Een echt verhaal.")
    published = make_story(activity=activity, parts={1: (ENCOUNTER, "Al gepubliceerd.")})
    published.sender_key = limits.sender_key_for("203.0.113.5")
    published.save()
    return limits.sender_key_for("203.0.113.5")


def test_reject_all_from_one_sender_says_how_many_first_and_can_be_undone(coordinator_client, flooded):
    url = f"/en/verhalen/beheer/afwijzen/?afzender={flooded}&uren=24"
    queue = coordinator_client.get("/en/verhalen/beheer/").content.decode()
    assert f"afzender={flooded}&amp;uren=24" in queue
    page = coordinator_client.get(url).content.decode()
    assert "5 stories in the queue came from this sender in the last 24 hours." in page
    assert "Reject 5 stories" in page
    assert Story.objects.filter(status=StoryStatus.REJECTED).count() == 0  # looking changes nothing

    response = coordinator_client.post(url, {"reason": "Reclame, vijf keer"}, follow=True)
    assert "5 stories were rejected." in response.content.decode()
    rejected = Story.objects.filter(status=StoryStatus.REJECTED)
    assert rejected.count() == 5 and set(rejected.values_list("reject_reason", flat=True)) == {"Reclame, vijf keer"}
    assert Story.objects.filter(status=StoryStatus.NEW).count() == 2
    assert Story.objects.filter(status=StoryStatus.PUBLISHED).count() == 1  # only the queue is touched

    ids = list(rejected.values_list("pk", flat=True))
    response = coordinator_client.post("/en/verhalen/beheer/terugzetten/", {"verhaal": ids[:4]}, follow=True)
    assert "4 stories are back in the queue." in response.content.decode()
    assert Story.objects.filter(status=StoryStatus.NEW).count() == 6


def test_reject_all_through_one_link_within_a_period(coordinator_client, flooded, link):
    Story.objects.filter(sender_key=flooded).update(created_at=timezone.now() - timezone.timedelta(hours=3))
    page = coordinator_client.get(f"/en/verhalen/beheer/afwijzen/?link={link.code}&uren=1").content.decode()
    assert "2 stories in the queue came through the link" in page
    coordinator_client.post(f"/en/verhalen/beheer/afwijzen/?link={link.code}&uren=1", {"reason": "Te veel"})
    assert Story.objects.filter(status=StoryStatus.REJECTED).count() == 2


def test_reject_the_chosen_stories_needs_a_reason(coordinator_client, flooded):
    chosen = list(Story.objects.filter(status=StoryStatus.NEW).values_list("pk", flat=True)[:3])
    query = "&".join(f"verhaal={pk}" for pk in chosen) + "&verhaal=99999999999999999999999&verhaal=%C2%B2&verhaal=x"
    page = coordinator_client.get(f"/en/verhalen/beheer/afwijzen/?{query}")
    assert page.status_code == 200 and "You chose 3 stories in the queue." in page.content.decode()
    refused = coordinator_client.post(f"/en/verhalen/beheer/afwijzen/?{query}", {"reason": "  "})
    assert refused.status_code == 400 and not Story.objects.filter(status=StoryStatus.REJECTED).exists()
    coordinator_client.post(f"/en/verhalen/beheer/afwijzen/?{query}", {"reason": "Dubbel"})
    assert set(Story.objects.filter(status=StoryStatus.REJECTED).values_list("pk", flat=True)) == set(chosen)


def test_a_forged_sender_or_unknown_link_chooses_nothing(coordinator_client, flooded):
    for query in ("afzender=../../etc&uren=24", "link=onbekend&uren=24", "afzender=" + "f" * 32 + "&uren=9999"):
        page = coordinator_client.get(f"/en/verhalen/beheer/afwijzen/?{query}")
        assert page.status_code == 200 and "No stories waiting in the queue match this choice." in page.content.decode()
        coordinator_client.post(f"/en/verhalen/beheer/afwijzen/?{query}", {"reason": "x"})
    assert not Story.objects.filter(status=StoryStatus.REJECTED).exists()


def test_only_the_coordinator_moderates_in_bulk(editor_a_client, flooded):
    assert editor_a_client.get(f"/en/verhalen/beheer/afwijzen/?afzender={flooded}").status_code == 403
    assert editor_a_client.post(f"/en/verhalen/beheer/afwijzen/?afzender={flooded}", {"reason": "x"}).status_code == 403
    assert not Story.objects.filter(status=StoryStatus.REJECTED).exists()


# --- The form's own error pages -----------------------------------------------------------------------------------


def test_an_expired_form_comes_back_in_dutch_with_what_was_typed_and_can_be_sent(activity, link):
    client = Client(enforce_csrf_checks=True)
    data = story_data(activity, ring1_text="Mijn verhaal <b>blijft</b>.")
    response = client.post("/v/flood23/", data)  # no cookie: it expired, or the browser did not keep it
    body = response.content.decode()
    assert response.status_code == 403
    assert "CSRF verification failed" not in body and 'lang="nl"' in body
    assert "Je verhaal is nog niet verstuurd" in body
    assert "Mijn verhaal &lt;b&gt;blijft&lt;/b&gt;." in body and data["submission"] in body
    token = response.context["csrf_token"]
    again = client.post("/v/flood23/", {**data, "csrfmiddlewaretoken": str(token)})
    assert again.status_code == 302 and Story.objects.count() == 1


def test_a_csrf_failure_elsewhere_is_a_page_in_the_site_layout(activity):
    response = Client(enforce_csrf_checks=True).post("/en/account/inloggen/", {"username": "x", "password": "y"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "The form has expired" in body and "utrecht-heading-1" in body and "CSRF verification" not in body


def test_a_body_over_the_upload_limit_brings_the_form_back_in_the_visitors_language(
    anonymous_client, activity, link, settings
):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    response = anonymous_client.post("/en/v/flood23/", story_data(activity, ring1_text="x" * 3_000_000))
    body = response.content.decode()
    assert response.status_code == 400 and 'lang="en"' in body
    assert "it was much too large (more than 2.5 MB)" in body and 'name="ring1_text"' in body
    assert not Story.objects.exists()
    elsewhere = anonymous_client.post("/en/account/inloggen/", {"username": "x" * 3_000_000})
    assert elsewhere.status_code == 400 and "The request could not be handled" in elsewhere.content.decode()


# --- The feed -----------------------------------------------------------------------------------------------------


def test_the_feed_sends_story_text_as_text_that_no_reader_turns_into_markup(anonymous_client, activity):
    programme = make_programme(organisations=activity.organisers.all())
    hostile = "<script>alert('x')</script> en <img src=x onerror=alert(1)> & meer"
    story = make_story(activity=activity, programme=programme, parts={1: (ENCOUNTER, "Deel")}, quote=hostile)
    assert story.status == StoryStatus.PUBLISHED
    feed = anonymous_client.get("/en/verhalen.rss")
    description = ElementTree.fromstring(feed.content).find("channel/item/description").text
    # What a reader that renders descriptions as HTML gets: escaped text, no element.
    assert description == (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; en &lt;img src=x onerror=alert(1)&gt; &amp; meer"
    )
    parser = StartTags()
    parser.feed(description)
    assert parser.found == []


class StartTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found.append(tag)


def test_anonymising_a_respondent_also_drops_the_sender_key(anonymous_client, activity, link):
    send(anonymous_client, activity, "192.0.2.77", consent="named", respondent_name="Jan", organisation_name="X")
    story = Story.objects.get()
    assert story.sender_key
    services.erase_respondent(services.respondent_stories("Jan"), keep_anonymised=True)
    story.refresh_from_db()
    assert story.sender_key == "" and story.respondent_name == ""
