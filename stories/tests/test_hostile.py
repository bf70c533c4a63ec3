"""The public story form under attack: a thousand hostile submissions, then every page that shows what was stored."""

import itertools
import random
import re
import uuid
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db.models import F
from django.test import Client
from django.utils import timezone

from stories import services
from stories.models import PART_MAX, QUOTE_MAX, ROLE_MAX, Story, StoryPart
from stories.tests.factories import (
    BEHAVIOUR,
    EMBEDDING,
    ENCOUNTER,
    KNOWLEDGE,
    dim,
    make_line,
    make_link,
    make_programme,
    started,
)
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SCRIPTS = [
    "<script>alert('xss')</script>",
    "\"><script>alert('xss')</script>",
    "</textarea><script>alert('xss')</script>",
    "<ScRiPt>alert('xss')</sCrIpT>",
    "<img src=x onerror=alert('xss')>",
    "<svg onload=alert('xss')>",
    "<iframe src=javascript:alert('xss')></iframe>",
    "<a href=\"javascript:alert('xss')\">klik</a>",
    "<body onload=alert('xss')>",
    "<details open ontoggle=alert('xss')>",
    "'; DROP TABLE stories_story; --",
    "{{ 7|add:7 }}{% debug %}",
]
HTML = [
    "<b>vet</b> en <i>schuin</i> en <a href='https://example.org/'>een link</a>",
    'Zie https://evil.example/?q=<x>&y="1" voor meer',
    "<p onclick=\"alert('xss')\">klik</p><style>body{display:none}</style>",
    "<!-- commentaar --><![CDATA[ x ]]>&lt;al ontsnapt&gt;",
]
UNICODE = [
    "Zoë en Chloë — ‘citaat’ 😀👩🏽‍🏫",
    "\u202eRTL-override\u202c aan het eind",
    "e\u0301\u0301\u0301 stapelende accenten",
    "中文的故事 und العربية",
    "nul\u200bbreedte\u200dspatie",
    "𝕏 wiskundige 𝔩𝔢𝔱𝔱𝔢𝔯𝔰",
    "\ufeffBOM aan het begin",
]
# Raw markup that only an unescaped rendering of a payload would produce.
DANGER = re.compile(
    r"<script>alert|<img src=x|<svg onload|<iframe src=|<a href=\"javascript|<body onload|"
    r"<details open|<p onclick|<style>body",
    re.I,
)
FOREIGN_SCRIPT = re.compile(r'<script(?! src="/static/)', re.I)
HOSTILE_EMAIL = "\"<script>alert('xss')</script>\"@example.org"


def assert_harmless(body: str, where: str) -> None:
    assert not FOREIGN_SCRIPT.search(body), where
    found = DANGER.search(body)
    assert not found, f"{where}: {body[max(0, found.start() - 200) : found.end() + 100]}"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(org_a):
    programme = make_programme(organisations=[org_a])
    first = ActivityFactory(title="Netwerkdag", organisers=[org_a])
    second = ActivityFactory(title="Leerkring", organisers=[org_a])
    make_line(programme, "1", "Kansen", activities=[first, second])
    foreign = ActivityFactory(title="Elders")
    make_line(make_programme(slug="q", name="Ander programma"), "1", "Elders", activities=[foreign])
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    return {
        "programme": programme,
        "first": first,
        "second": second,
        "foreign": foreign,
        "activity_link": make_link(activity=first, code="actlink"),
        "programme_link": make_link(programme=programme, code="proglnk"),
        "expired": make_link(activity=first, code="oldlink", closes_on=yesterday),
        "off": make_link(programme=programme, code="offlink", is_open=False),
    }


class Flood:
    """Builds hostile submissions with the outcome each should have, and sends them."""

    def __init__(self, world, rng):
        self.world, self.rng = world, rng
        self.stored_tokens: list[str] = []
        self.expected_stored = 0
        self.counter = itertools.count()

    def valid(self, *, programme_link=None, text=None, role=None, quote="", consent=None, token=True):
        number = next(self.counter)
        on_programme = self.rng.random() < 0.5 if programme_link is None else programme_link
        activity = self.world["second" if on_programme and number % 2 else "first"]
        consent = consent or ("role", "named", "internal")[number % 3]
        data = {
            "activity": activity.pk,
            "respondent_role": role or f"leerkracht {number}",
            "sector": "po",
            "quote": quote,
            "consent": consent,
            "respondent_name": "",
            "organisation_name": "",
            "email": "",
            "website": "",
            "ring1_dimension": dim(ENCOUNTER).pk,
            "ring1_text": text or f"Verhaal nummer {number}.",
            "ring2_dimension": "",
            "ring2_text": "",
            "ring3_dimension": "",
            "ring3_text": "",
            "started": started(),
            "submission": str(uuid.uuid4()) if token else "",
        }
        if consent == "named":
            data.update(
                respondent_name=f"Naam {number}",
                organisation_name=f"Organisatie {number}",
                email=f"respondent{number}@example.org",
            )
        url = "/en/v/proglnk/" if on_programme else "/en/v/actlink/"
        return url, data

    def hostile_valid(self, payloads):
        """A valid submission with a payload in every free-text field, within every length limit."""
        url, data = self.valid(consent=self.rng.choice(["role", "named", "internal"]))

        def pick(limit):
            return self.rng.choice(payloads)[:limit]

        data.update(
            respondent_role=pick(ROLE_MAX) or "rol",
            quote=pick(QUOTE_MAX),
            ring1_text=pick(PART_MAX),
            ring2_dimension=dim(BEHAVIOUR).pk,
            ring2_text=pick(PART_MAX),
            ring3_dimension=dim(EMBEDDING).pk,
            ring3_text=pick(PART_MAX),
        )
        if data["consent"] == "named":
            data.update(respondent_name=pick(150), organisation_name=pick(200), email=HOSTILE_EMAIL)
        return url, data

    def submissions(self):
        """(kind, builder) pairs; a builder returns (url, data or raw body, expected status, stores)."""
        w, rng = self.world, self.rng
        oversized = {
            "respondent_role": ROLE_MAX,
            "quote": QUOTE_MAX,
            "ring1_text": PART_MAX,
            "ring2_text": PART_MAX,
            "respondent_name": 150,
            "organisation_name": 200,
        }

        def stored(builder):
            def build():
                url, data = builder()
                if data["submission"]:
                    self.stored_tokens.append(data["submission"])
                self.expected_stored += 1
                return url, data, 302

            return build

        def rejected(change):
            def build():
                url, data = self.valid()
                return (*change(url, data), 400)

            return build

        def too_long(url, data):
            name = rng.choice(sorted(oversized))
            data.update(consent="named", respondent_name="Naam", organisation_name="Organisatie")
            data[name] = (rng.choice(SCRIPTS) * oversized[name])[: 10 * oversized[name]]
            if name == "ring2_text":
                data["ring2_dimension"] = dim(BEHAVIOUR).pk
            return url, data

        def with_nul(url, data):
            name = rng.choice(["respondent_role", "quote", "ring1_text", "website", "email"])
            data[name] = "voor\x00na" if name != "email" else "a\x00b@example.org"
            if name == "website":
                data[name] = "\x00"
            return url, data

        def unknown_activity(url, data):
            data["activity"] = rng.choice([999_999, 2**31, 2**63 - 1])
            return url, data

        def other_programmes_activity(url, data):
            data["activity"] = w["foreign"].pk if url == "/en/v/proglnk/" else w["second"].pk
            return url, data

        def not_a_number(url, data):
            data["activity"] = rng.choice(
                [
                    "abc",
                    "1 OR 1=1",
                    "1; DROP TABLE stories_story",
                    "-1",
                    "1.5",
                    "1e3",
                    str(10**30),
                    "0x1",
                    "<script>alert('xss')</script>",
                    "[1]",
                ]
            )
            return url, data

        def activity_missing_on_an_activity_link(url, data):
            data["activity"] = ""
            return "/en/v/actlink/", data

        def wrong_dimension(url, data):
            field, value = rng.choice(
                [
                    ("ring1_dimension", dim(BEHAVIOUR).pk),
                    ("ring1_dimension", dim(EMBEDDING).pk),
                    ("ring1_dimension", 999_999),
                    ("ring1_dimension", "abc"),
                    ("ring1_dimension", ""),
                    ("ring2_dimension", dim(KNOWLEDGE).pk),
                    ("ring3_dimension", dim(ENCOUNTER).pk),
                ]
            )
            data[field] = value
            if field != "ring1_dimension":
                data[field.replace("dimension", "text")] = "Een tweede deel."
            return url, data

        def honeypot(url, data):
            data["website"] = rng.choice(["https://spam.example", "x", "<script>alert('xss')</script>"])
            return url, data

        def bad_token(url, data):
            data["submission"] = rng.choice(
                [
                    "not-a-uuid",
                    "1234",
                    "'; DROP TABLE x; --",
                    "00000000-0000-0000-0000-00000000000g",
                    "<script>alert('xss')</script>",
                ]
            )
            return url, data

        def bad_consent(url, data):
            data["consent"] = rng.choice(["public", "", "<script>alert('xss')</script>", "NAMED"])
            return url, data

        def named_without_name(url, data):
            data.update(consent="named", respondent_name="  ", organisation_name="")
            return url, data

        def no_first_ring(url, data):
            data.update(ring1_text="   ", ring2_dimension=dim(BEHAVIOUR).pk, ring2_text="Alleen ring 2.")
            return url, data

        def replay():
            url, data = self.valid()
            data["submission"] = rng.choice(self.stored_tokens)
            data["ring1_text"] = "Dit mag niet nog eens worden opgeslagen."
            return url, data, 302

        def closed():
            url, data = self.valid()
            return rng.choice(["/en/v/oldlink/", "/en/v/offlink/", "/en/v/OLDLINK/"]), data, 410

        def unknown_code():
            _url, data = self.valid()
            code = rng.choice(["bestaatniet", "<script>alert('xss')</script>", "ĳsland", "a" * 300, "%00", "..%2F"])
            return f"/en/v/{code}/", data, 404

        def uppercase_code():
            url, data = self.valid(programme_link=False)
            return url.upper().replace("/EN/V/", "/en/v/"), data

        def raw_invalid_utf8():
            url, data = self.valid()
            body = urlencode({key: value for key, value in data.items() if key != "ring1_text"})
            return url, body + "&ring1_text=kapot%FF%FE%C3%28+tekst", 302

        def too_many_fields():
            url, data = self.valid()
            return url, urlencode(data) + "".join(f"&veld{n}=x" for n in range(1100)), 400

        def too_big():
            url, data = self.valid()
            return url, urlencode({**data, "ring2_text": "x" * 3_000_000}), 400

        def raw_stored():
            url, body, status = raw_invalid_utf8()
            self.expected_stored += 1
            return url, body, status

        plan = (
            [("script", stored(lambda: self.hostile_valid(SCRIPTS)))] * 170
            + [("html", stored(lambda: self.hostile_valid(HTML)))] * 60
            + [("unicode", stored(lambda: self.hostile_valid(UNICODE)))] * 60
            + [("whole programme", stored(lambda: self._whole_programme()))] * 30
            + [("uppercase code", stored(uppercase_code))] * 10
            + [("no token", stored(lambda: self.valid(token=False)))] * 20
            + [("invalid utf-8", raw_stored)] * 10
            + [("replay", replay)] * 40
            + [("oversized", rejected(too_long))] * 90
            + [("nul", rejected(with_nul))] * 60
            + [("unknown activity", rejected(unknown_activity))] * 30
            + [("other programme", rejected(other_programmes_activity))] * 30
            + [("not a number", rejected(not_a_number))] * 50
            + [("activity missing", rejected(activity_missing_on_an_activity_link))] * 10
            + [("wrong dimension", rejected(wrong_dimension))] * 60
            + [("honeypot", rejected(honeypot))] * 40
            + [("bad token", rejected(bad_token))] * 40
            + [("bad consent", rejected(bad_consent))] * 20
            + [("named without name", rejected(named_without_name))] * 20
            + [("no ring 1", rejected(no_first_ring))] * 18
            + [("too many fields", too_many_fields)] * 1
            + [("too big", too_big)] * 1
            + [("closed link", closed)] * 60
            + [("unknown code", unknown_code)] * 30
        )
        first, rest = plan[0], plan[1:]
        rng.shuffle(rest)
        return [first, *rest]  # the first one stores, so replays always have a token to replay

    def _whole_programme(self):
        url, data = self.valid(programme_link=True)
        data["activity"] = ""
        return url, data


@pytest.fixture
def uninstrumented_templates(monkeypatch):
    """Render templates without the test client's capture of every template's context, which this test does not
    read and which costs a third of each request's time."""
    from django.template.base import Template

    monkeypatch.setattr(Template, "_render", lambda self, context: self.nodelist.render(context))


def test_a_thousand_hostile_submissions(
    anonymous_client, coordinator_client, world, settings, uninstrumented_templates
):
    settings.STORY_LIMIT_PER_ADDRESS = 10_000
    settings.STORY_LIMIT_PER_LINK = 10_000
    flood = Flood(world, random.Random(20250601))
    plan = flood.submissions()
    csrf_client = Client(enforce_csrf_checks=True)
    assert len(plan) + 40 == 1000  # forty more below, without a CSRF token
    for kind, build in plan:
        url, payload, expected = build()
        if isinstance(payload, str):
            response = anonymous_client.generic("POST", url, payload, content_type="application/x-www-form-urlencoded")
        else:
            response = anonymous_client.post(url, payload)
        assert response.status_code < 500, (kind, payload if isinstance(payload, dict) else payload[:200])
        assert response.status_code == expected, (kind, response.status_code, str(payload)[:300])
        if response.status_code == 302:
            assert response["Location"].endswith("/bedankt/")
        assert_harmless(response.content.decode(errors="replace"), kind)
    stored_before_csrf = Story.objects.count()
    for _ in range(40):
        url, data = flood.valid()
        response = csrf_client.post(url, data)
        assert response.status_code == 403
        assert_harmless(response.content.decode(), "csrf")
    assert Story.objects.count() == stored_before_csrf == flood.expected_stored
    assert flood.expected_stored == 360

    # What was stored is only what the form allows: right rings, this programme's activities, consent respected.
    assert not StoryPart.objects.exclude(dimension__ring__number=F("ring")).exists()
    assert set(Story.objects.values_list("activity", flat=True)) == {world["first"].pk, world["second"].pk, None}
    assert not Story.objects.filter(activity=None).exclude(programme=world["programme"]).exists()
    assert not Story.objects.exclude(status="new").exists()
    assert not Story.objects.exclude(consent="named").exclude(respondent_name="", email="").exists()
    assert Story.objects.filter(email=HOSTILE_EMAIL).exists()
    assert StoryPart.objects.filter(text="</textarea><script>alert('xss')</script>").exists()  # stored verbatim
    assert StoryPart.objects.filter(text__startswith="kapot\ufffd").exists()

    queue_pages = Story.objects.count() // 25 + 1
    for page in range(1, queue_pages + 1):
        assert_harmless(coordinator_client.get(f"/en/verhalen/beheer/?page={page}").content.decode(), "queue")

    stories = list(Story.objects.order_by("pk"))
    for story in stories[:5]:
        response = coordinator_client.post(f"/en/verhalen/{story.pk}/beheer/", {"action": "publish"})
        assert response.status_code == 302
    for story in stories[5:]:
        services.publish(story)
    assert Story.objects.filter(status="published").count() == len(stories)

    public = Story.objects.exclude(consent="internal").count()
    for client, count, who in ((anonymous_client, public, "public"), (coordinator_client, len(stories), "curator")):
        pages = [client.get(f"/en/verhalen/?page={page}").content.decode() for page in range(1, count // 25 + 2)]
        assert f"{count} stories</p>" in pages[0]
        for number, body in enumerate(pages, 1):
            assert_harmless(body, f"book {who} {number}")
        # The payloads are shown, as text.
        shown = "".join(pages)
        assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in shown
        assert "{{ 7|add:7 }}{% debug %}" in shown
        assert_harmless(client.get("/en/programmas/p/verhalen/patronen/").content.decode(), f"patterns {who}")
        assert_harmless(client.get("/en/verhalen/?woord=script&ring=1").content.decode(), f"word filter {who}")
    sample = stories[:: max(1, len(stories) // 30)]
    for story in sample:
        for client in (anonymous_client, coordinator_client):
            response = client.get(f"/en/verhalen/{story.pk}/")
            assert response.status_code in (200, 404)
            assert_harmless(response.content.decode(), f"detail {story.pk}")
    assert_harmless(coordinator_client.get("/en/programmas/p/").content.decode(), "programme page")


def test_the_form_works_with_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.get("/en/v/actlink/")
    _url, data = Flood(world, random.Random(1)).valid(programme_link=False)
    response = client.post("/en/v/actlink/", {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 302 and Story.objects.count() == 1


def test_one_address_may_send_only_so_many_stories(anonymous_client, world, settings):
    settings.STORY_LIMIT_PER_ADDRESS = 3
    settings.STORY_LIMIT_PER_LINK = 10_000
    flood = Flood(world, random.Random(2))
    for _ in range(3):
        url, data = flood.valid()
        assert anonymous_client.post(url, data).status_code == 302
    url, data = flood.valid()
    data["ring1_text"] = "Wat ik typte <b>blijft</b> staan."
    response = anonymous_client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 429
    assert "Many stories arrived from here in a short time." in body
    assert "Wat ik typte &lt;b&gt;blijft&lt;/b&gt; staan." in body
    assert f'value="{data["submission"]}"' in body  # sending it later is still one story
    assert Story.objects.count() == 3
    elsewhere = anonymous_client.post(url, data, REMOTE_ADDR="192.0.2.7")
    assert elsewhere.status_code == 302 and Story.objects.count() == 4


def test_one_link_takes_only_so_many_stories(anonymous_client, world, settings):
    settings.STORY_LIMIT_PER_ADDRESS = 10_000
    settings.STORY_LIMIT_PER_LINK = 3
    flood = Flood(world, random.Random(3))
    for number in range(3):
        _url, data = flood.valid(programme_link=False)
        assert anonymous_client.post("/en/v/actlink/", data, REMOTE_ADDR=f"192.0.2.{number}").status_code == 302
    _url, data = flood.valid(programme_link=False)
    data["quote"] = "Mijn zin blijft staan."
    response = anonymous_client.post("/en/v/actlink/", data, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert "Mijn zin blijft staan." in response.content.decode()
    assert Story.objects.count() == 3
    _url, data = flood.valid(programme_link=True)
    assert anonymous_client.post("/en/v/proglnk/", data, REMOTE_ADDR="198.51.100.1").status_code == 302
    assert Story.objects.count() == 4
