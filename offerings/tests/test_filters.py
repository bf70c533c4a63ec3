"""/aanbod/: filters that combine, ordering, expiry, drafts, shareable addresses and the RSS feed."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from core.models import PublicationStatus
from offerings.models import Offering
from offerings.tests.factories import OfferingFactory
from tests.factories import OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST = "/aanbod/"
FEED = "/aanbod.rss"
CARD = "contains(concat(' ', normalize-space(@class), ' '), ' rimpel-card ')"


def titles(response) -> list[str]:
    """The titles on the page, in the order shown, read from the HTML."""
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content)
    return [link.text_content().strip() for link in tree.xpath(f"//*[@id='results']//li[{CARD}]//h3/a")]


def shown_count(response) -> int:
    tree = lxml_html.fromstring(response.content)
    heading = tree.xpath("//*[@id='results-heading']")
    assert len(heading) == 1
    return int(re.match(r"\s*(\d+)\b", heading[0].text_content()).group(1))


def feed_titles(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    return [item.findtext("title") for item in root.iter("item")]


@pytest.fixture
def sustainability():
    return ThemeFactory(name="Duurzaamheid", slug="duurzaamheid")


@pytest.fixture
def heritage():
    return ThemeFactory(name="Cultureel erfgoed", slug="cultureel-erfgoed")


class TestAudience:
    def test_only_offerings_for_that_audience(self, anonymous_client):
        OfferingFactory(title="Voor po", audience_codes=["po"])
        OfferingFactory(title="Voor po en vo", audience_codes=["po", "vo"])
        OfferingFactory(title="Voor vo", audience_codes=["vo"])
        OfferingFactory(title="Voor ouders", audience_codes=["ouders", "voorschool"])
        assert titles(anonymous_client.get(LIST, {"doelgroep": "vo"})) == ["Voor po en vo", "Voor vo"]
        assert titles(anonymous_client.get(LIST, {"doelgroep": "ouders"})) == ["Voor ouders"]

    def test_a_code_does_not_match_inside_another_code(self, anonymous_client):
        # "vo" is the start of "voorschool"; "so" sits inside "professionals".
        OfferingFactory(title="Voorschool", audience_codes=["voorschool"])
        OfferingFactory(title="Nascholing", audience_codes=["professionals"])
        assert titles(anonymous_client.get(LIST, {"doelgroep": "vo"})) == []
        assert titles(anonymous_client.get(LIST, {"doelgroep": "so"})) == []
        assert titles(anonymous_client.get(LIST, {"doelgroep": "voorschool"})) == ["Voorschool"]


class TestGroup:
    @pytest.fixture
    def offerings(self):
        OfferingFactory(title="Groep 1-4", grade_from=1, grade_to=4)
        OfferingFactory(title="Groep 3-6", grade_from=3, grade_to=6)
        OfferingFactory(title="Groep 5-8", grade_from=5, grade_to=8)
        OfferingFactory(title="Groep 8", grade_from=8, grade_to=8)
        OfferingFactory(title="Po zonder groepen")
        OfferingFactory(title="Po en vo, groep 6-8", audience_codes=["po", "vo"], grade_from=6, grade_to=8)
        OfferingFactory(title="Vo", audience_codes=["vo"])
        OfferingFactory(title="Professionals", audience_codes=["professionals"])

    @pytest.mark.parametrize(
        "group, expected",
        [
            ("7-8", ["Groep 5-8", "Groep 8", "Po en vo, groep 6-8", "Po zonder groepen"]),
            ("5-6", ["Groep 3-6", "Groep 5-8", "Po en vo, groep 6-8", "Po zonder groepen"]),
            ("3-4", ["Groep 1-4", "Groep 3-6", "Po zonder groepen"]),
            ("1-2", ["Groep 1-4", "Po zonder groepen"]),
        ],
    )
    def test_grade_ranges_overlap_and_po_without_groups_suits_every_group(
        self, anonymous_client, offerings, group, expected
    ):
        assert titles(anonymous_client.get(LIST, {"groep": group})) == expected

    def test_secondary_and_other_audiences_never_match_a_group(self, anonymous_client, offerings):
        for group in ("1-2", "3-4", "5-6", "7-8"):
            found = titles(anonymous_client.get(LIST, {"groep": group}))
            assert "Vo" not in found and "Professionals" not in found

    def test_an_unknown_group_is_ignored_with_a_warning(self, anonymous_client, offerings):
        response = anonymous_client.get(LIST, {"groep": "9-10"})
        assert response.status_code == 200
        assert "groep" in response.context["filter"].errors
        assert len(titles(response)) == Offering.objects.count()
        assert "utrecht-alert--warning" in response.content.decode()


class TestOtherFilters:
    def test_theme(self, anonymous_client, sustainability, heritage):
        OfferingFactory(title="Groen", themes=[sustainability])
        OfferingFactory(title="Groen en oud", themes=[sustainability, heritage])
        OfferingFactory(title="Oud", themes=[heritage])
        OfferingFactory(title="Zonder thema")
        assert titles(anonymous_client.get(LIST, {"thema": "duurzaamheid"})) == ["Groen", "Groen en oud"]

    def test_kind(self, anonymous_client):
        OfferingFactory(title="Les", kind="guest_lesson")
        OfferingFactory(title="Uitje", kind="excursion")
        assert titles(anonymous_client.get(LIST, {"soort": "excursion"})) == ["Uitje"]

    def test_free_only(self, anonymous_client):
        OfferingFactory(title="Gratis", is_free=True)
        OfferingFactory(title="Betaald", is_free=False, price=50)
        assert titles(anonymous_client.get(LIST, {"gratis": "on"})) == ["Gratis"]
        # Unticked, the free filter narrows nothing.
        assert titles(anonymous_client.get(LIST)) == ["Betaald", "Gratis"]

    def test_at_school(self, anonymous_client):
        OfferingFactory(title="Op school", at_school=True)
        OfferingFactory(title="In het museum", at_school=False)
        assert titles(anonymous_client.get(LIST, {"op_school": "on"})) == ["Op school"]

    def test_language(self, anonymous_client):
        OfferingFactory(title="Nederlands", language_codes=["nl"])
        OfferingFactory(title="Met Arabisch", language_codes=["nl", "ar"])
        OfferingFactory(title="Alleen Arabisch", language_codes=["ar"])
        assert titles(anonymous_client.get(LIST, {"taal": "ar"})) == ["Alleen Arabisch", "Met Arabisch"]
        assert titles(anonymous_client.get(LIST, {"taal": "tr"})) == []

    def test_provider(self, anonymous_client, org_a, org_b):
        OfferingFactory(title="Van A", provider=org_a)
        OfferingFactory(title="Ook van A", provider=org_a)
        OfferingFactory(title="Van B", provider=org_b)
        assert titles(anonymous_client.get(LIST, {"aanbieder": org_a.slug})) == ["Ook van A", "Van A"]

    def test_an_offering_with_two_matching_themes_is_listed_once(self, anonymous_client, sustainability):
        other = ThemeFactory(name="Natuur")
        OfferingFactory(title="Dubbel", themes=[sustainability, other])
        response = anonymous_client.get(LIST, {"doelgroep": "po"})
        assert titles(response) == ["Dubbel"]
        assert shown_count(response) == 1


class TestCombined:
    """ "po, groep 7–8, duurzaamheid, free": every filter narrows, none undoes another."""

    QUERY = {"doelgroep": "po", "groep": "7-8", "thema": "duurzaamheid", "gratis": "on"}

    @pytest.fixture
    def offerings(self, sustainability, heritage):
        OfferingFactory(title="Past precies", grade_from=7, grade_to=8, themes=[sustainability])
        OfferingFactory(title="Past ook, zonder groepen", themes=[sustainability, heritage])
        OfferingFactory(title="Verkeerde groep", grade_from=1, grade_to=4, themes=[sustainability])
        OfferingFactory(title="Verkeerd thema", grade_from=7, grade_to=8, themes=[heritage])
        OfferingFactory(title="Niet gratis", grade_from=7, grade_to=8, is_free=False, price=10, themes=[sustainability])
        OfferingFactory(title="Alleen vo", audience_codes=["vo"], themes=[sustainability])
        OfferingFactory(
            title="Concept",
            grade_from=7,
            grade_to=8,
            themes=[sustainability],
            publication_status=PublicationStatus.DRAFT,
        )

    def test_all_four_together(self, anonymous_client, offerings):
        response = anonymous_client.get(LIST, self.QUERY)
        assert titles(response) == ["Past ook, zonder groepen", "Past precies"]
        assert shown_count(response) == 2

    def test_with_kind_language_at_school_and_provider_too(self, anonymous_client, sustainability, org_a):
        base = {
            "grade_from": 7,
            "grade_to": 8,
            "themes": [sustainability],
            "kind": "guest_lesson",
            "at_school": True,
            "language_codes": ["nl", "ar"],
            "provider": org_a,
        }
        OfferingFactory(title="Alles klopt", **base)
        OfferingFactory(title="Andere soort", **{**base, "kind": "workshop"})
        OfferingFactory(title="Niet op school", **{**base, "at_school": False})
        OfferingFactory(title="Geen Arabisch", **{**base, "language_codes": ["nl"]})
        OfferingFactory(title="Andere aanbieder", **{**base, "provider": OrganisationFactory(name="Derde")})
        query = {**self.QUERY, "soort": "guest_lesson", "op_school": "on", "taal": "ar", "aanbieder": org_a.slug}
        assert titles(anonymous_client.get(LIST, query)) == ["Alles klopt"]


class TestOrdering:
    @pytest.fixture
    def offerings(self):
        zebra = OrganisationFactory(name="Zebra")
        aap = OrganisationFactory(name="Aap")
        made = {
            "Bijen tellen": OfferingFactory(title="Bijen tellen", provider=zebra),
            "Appels plukken": OfferingFactory(title="Appels plukken", provider=zebra),
            "Code kraken": OfferingFactory(title="Code kraken", provider=aap),
        }
        now = timezone.now()
        for days_ago, title in enumerate(["Code kraken", "Bijen tellen", "Appels plukken"]):
            Offering.objects.filter(pk=made[title].pk).update(updated_at=now - dt.timedelta(days=days_ago))
        return made

    @pytest.mark.parametrize(
        "order, expected",
        [
            (None, ["Appels plukken", "Bijen tellen", "Code kraken"]),
            ("titel", ["Appels plukken", "Bijen tellen", "Code kraken"]),
            ("nieuw", ["Code kraken", "Bijen tellen", "Appels plukken"]),
            ("aanbieder", ["Code kraken", "Appels plukken", "Bijen tellen"]),
        ],
    )
    def test_order(self, anonymous_client, offerings, order, expected):
        assert titles(anonymous_client.get(LIST, {"volgorde": order} if order else {})) == expected


class TestCount:
    def test_the_count_shown_equals_the_rows(self, anonymous_client, sustainability):
        for number in range(4):
            OfferingFactory(title=f"Groen {number}", themes=[sustainability])
        for number in range(3):
            OfferingFactory(title=f"Grijs {number}")
        for query, expected in [({}, 7), ({"thema": "duurzaamheid"}, 4), ({"soort": "excursion"}, 0)]:
            response = anonymous_client.get(LIST, query)
            assert shown_count(response) == len(titles(response)) == expected
            assert response.context["result_count"] == expected

    def test_with_more_than_a_page_the_count_is_the_total(self, anonymous_client):
        for number in range(27):
            OfferingFactory(title=f"Aanbod {number:02}")
        response = anonymous_client.get(LIST)
        assert shown_count(response) == 27
        assert len(titles(response)) == 25
        assert len(titles(anonymous_client.get(LIST, {"page": 2}))) == 2

    def test_htmx_swap_carries_the_same_rows_and_announces_the_count(self, anonymous_client, sustainability):
        OfferingFactory(title="Groen", themes=[sustainability])
        OfferingFactory(title="Grijs")
        query = {"thema": "duurzaamheid"}
        full = anonymous_client.get(LIST, query)
        partial = anonymous_client.get(LIST, query, headers={"HX-Request": "true"})
        assert "<html" not in partial.content.decode()
        assert titles(partial) == titles(full) == ["Groen"]
        assert shown_count(partial) == 1
        status = lxml_html.fromstring(partial.content).xpath("//*[@id='results-status']")[0]
        assert re.match(r"\s*1\b", status.text_content())
        assert "HX-Request" in partial["Vary"]


class TestExpiry:
    def test_expired_never_shows_but_today_still_does(
        self, anonymous_client, coordinator_client, editor_a_client, org_a
    ):
        today = timezone.localdate()
        OfferingFactory(title="Verlopen", provider=org_a, expires_on=today - dt.timedelta(days=1))
        OfferingFactory(title="Vandaag nog", provider=org_a, expires_on=today)
        OfferingFactory(title="Volgend jaar", provider=org_a, expires_on=today + dt.timedelta(days=365))
        OfferingFactory(title="Zonder einddatum", provider=org_a)
        for client in (anonymous_client, coordinator_client, editor_a_client):
            assert titles(client.get(LIST)) == ["Vandaag nog", "Volgend jaar", "Zonder einddatum"]
            assert "Verlopen" not in feed_titles(client.get(FEED))
        assert anonymous_client.get("/aanbod/verlopen/").status_code == 404
        assert anonymous_client.get("/aanbod/vandaag-nog/").status_code == 200


class TestDrafts:
    @pytest.fixture
    def draft(self, org_a):
        OfferingFactory(title="Openbaar", provider=org_a)
        return OfferingFactory(title="Concept van A", provider=org_a, publication_status=PublicationStatus.DRAFT)

    @pytest.mark.parametrize(
        "persona_client, sees",
        [
            ("anonymous", False),
            ("coordinator", True),
            ("editor_a", True),
            ("editor_b", False),
        ],
        indirect=["persona_client"],
    )
    def test_only_its_editors_and_the_coordinator_see_a_draft(self, persona_client, draft, sees):
        response = persona_client.get(LIST)
        assert ("Concept van A" in titles(response)) is sees
        assert "Openbaar" in titles(response)
        assert shown_count(response) == (2 if sees else 1)
        assert persona_client.get(draft.get_absolute_url()).status_code == (200 if sees else 404)

    def test_a_logged_in_member_without_organisation_does_not_see_it(self, member_client, draft):
        assert titles(member_client.get(LIST)) == ["Openbaar"]

    def test_the_draft_is_marked(self, editor_a_client, draft):
        tree = lxml_html.fromstring(editor_a_client.get(LIST).content)
        cards = {card.xpath(".//h3/a")[0].text_content(): card for card in tree.xpath(f"//li[{CARD}]")}
        draft_badge = ".//*[contains(@class, 'rimpel-badge--draft')]"
        assert cards["Concept van A"].xpath(draft_badge)
        assert not cards["Openbaar"].xpath(draft_badge)

    def test_the_feed_never_holds_a_draft(self, coordinator_client, draft):
        assert feed_titles(coordinator_client.get(FEED)) == ["Openbaar"]


class TestShareableAddress:
    QUERY = "doelgroep=po&groep=7-8&thema=duurzaamheid&gratis=on&volgorde=aanbieder"

    def test_the_same_address_gives_the_same_list_to_anyone(self, anonymous_client, editor_b_client, sustainability):
        OfferingFactory(title="Groen", grade_from=7, grade_to=8, themes=[sustainability])
        OfferingFactory(title="Ook groen", themes=[sustainability])
        OfferingFactory(title="Grijs", grade_from=7, grade_to=8)
        first = titles(anonymous_client.get(f"{LIST}?{self.QUERY}"))
        assert first == titles(anonymous_client.get(f"{LIST}?{self.QUERY}"))
        assert first == titles(editor_b_client.get(f"{LIST}?{self.QUERY}"))
        assert sorted(first) == ["Groen", "Ook groen"]

    def test_the_page_shows_the_chosen_filters_and_links_the_feed_with_them(self, anonymous_client, sustainability):
        response = anonymous_client.get(f"{LIST}?{self.QUERY}&page=1")
        tree = lxml_html.fromstring(response.content)
        form = tree.xpath("//form[contains(@class, 'rimpel-filters')]")[0]
        assert form.xpath(".//select[@name='doelgroep']/option[@selected]/@value") == ["po"]
        assert form.xpath(".//select[@name='groep']/option[@selected]/@value") == ["7-8"]
        assert form.xpath(".//select[@name='thema']/option[@selected]/@value") == ["duurzaamheid"]
        assert form.xpath(".//input[@name='gratis']")[0].get("checked") is not None
        feed_link = tree.xpath("//*[@id='results']//*[contains(@class, 'rimpel-feed-link')]/a/@href")[0]
        # The feed link carries the filters but not the page number.
        assert feed_link == f"{FEED}?{self.QUERY}"


class TestFeed:
    def test_parses_and_lists_only_published_current_offerings(self, anonymous_client, org_a):
        today = timezone.localdate()
        OfferingFactory(title="Openbaar", provider=org_a, description="Kinderen <b>bouwen</b> & testen.")
        OfferingFactory(title="Concept", publication_status=PublicationStatus.DRAFT)
        OfferingFactory(title="Verlopen", expires_on=today - dt.timedelta(days=1))
        OfferingFactory(title="Loopt vandaag af", expires_on=today)
        response = anonymous_client.get(FEED)
        assert sorted(feed_titles(response)) == ["Loopt vandaag af", "Openbaar"]
        root = ET.fromstring(response.content)
        item = next(item for item in root.iter("item") if item.findtext("title") == "Openbaar")
        assert item.findtext("link").endswith("/aanbod/openbaar/")
        # The description names the provider and keeps the text as text.
        assert item.findtext("description").startswith("Organisatie A · ")
        assert "Kinderen <b>bouwen</b> & testen." in item.findtext("description")

    @pytest.mark.parametrize(
        "query",
        [
            {"doelgroep": "vo"},
            {"groep": "7-8"},
            {"thema": "duurzaamheid"},
            {"gratis": "on"},
            {"taal": "ar"},
            {"doelgroep": "po", "groep": "7-8", "thema": "duurzaamheid", "gratis": "on"},
            {"groep": "onzin"},
        ],
    )
    def test_honours_the_same_filters_as_the_list(self, anonymous_client, sustainability, query):
        OfferingFactory(title="Po groen gratis 7-8", grade_from=7, grade_to=8, themes=[sustainability])
        OfferingFactory(title="Po groen betaald", is_free=False, price=20, themes=[sustainability])
        OfferingFactory(title="Po 1-2", grade_from=1, grade_to=2, language_codes=["nl", "ar"])
        OfferingFactory(title="Vo groen", audience_codes=["vo"], themes=[sustainability])
        OfferingFactory(title="Concept groen", themes=[sustainability], publication_status=PublicationStatus.DRAFT)
        listed = titles(anonymous_client.get(LIST, query))
        assert listed, "the query should match something"
        assert sorted(feed_titles(anonymous_client.get(FEED, query))) == sorted(listed)
        assert "Concept groen" not in listed

    def test_a_provider_filter_by_slug(self, anonymous_client, org_a, org_b):
        OfferingFactory(title="Van A", provider=org_a)
        OfferingFactory(title="Van B", provider=org_b)
        assert feed_titles(anonymous_client.get(FEED, {"aanbieder": org_a.slug})) == ["Van A"]

    def test_the_list_page_announces_the_feed(self, anonymous_client):
        html = anonymous_client.get(LIST).content.decode()
        assert 'type="application/rss+xml"' in html and f'href="{FEED}"' in html


def test_provider_choices_hold_only_providers_with_something_to_show(anonymous_client):
    OfferingFactory(title="Openbaar", provider=OrganisationFactory(name="Zichtbaar"))
    OfferingFactory(
        title="Geheim", provider=OrganisationFactory(name="Alleen concept"), publication_status=PublicationStatus.DRAFT
    )
    OfferingFactory(
        title="Oud",
        provider=OrganisationFactory(name="Alleen verlopen"),
        expires_on=timezone.localdate() - dt.timedelta(days=1),
    )
    response = anonymous_client.get(LIST)
    widget = response.context["filter"].form.fields["aanbieder"].widget
    choices = [str(label) for value, label in widget.choices if value]
    assert choices == ["Zichtbaar"]


def test_the_feed_keeps_each_requests_own_filters_when_requests_interleave(rf):
    from django.urls import resolve

    OfferingFactory(title="Gratis", is_free=True)
    OfferingFactory(title="Betaald", is_free=False, price=20)
    feed = resolve(FEED).func  # the single instance every request goes through
    free_only, everything = rf.get(FEED, {"gratis": "on"}), rf.get(FEED)
    # Thread 1 has read its request; before it lists the items, thread 2 runs a whole request.
    first = feed.get_object(free_only)
    feed(everything)
    body = feed.get_feed(first, free_only).writeString("utf-8")
    titles_of_first = [item.findtext("title") for item in ET.fromstring(body).iter("item")]
    assert titles_of_first == ["Gratis"]
