"""/open-dagen/: upcoming open days by school type, neighbourhood and language, their .ics feed, the open-day
fields of the activity form and page, the page on choosing a school, and the demo's open days."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar
from lxml import html as lxml_html

from activities import views
from activities.filters import OpenDayFilter
from activities.models import Activity, ActivityKind
from core.models import CodeList, PublicationStatus
from tests.factories import ActivityFactory, in_days

pytestmark = pytest.mark.django_db

URL = "/open-dagen/"
FEED = "/open-dagen.ics"
CHOOSING = "/open-dagen/school-kiezen/"
CREATE_URL = "/agenda/nieuw/"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CARD = "contains(concat(' ', normalize-space(@class), ' '), ' rimpel-card ')"
NEEDS_SCHOOL_TYPE = "Say which kind of school holds the open day, so parents can find it."


def open_day(title, *, school_type="po", neighbourhood="", languages=(), days=7, **extra):
    return ActivityFactory(
        title=title,
        kind=ActivityKind.OPEN_DAY,
        school_type=school_type,
        neighbourhood=neighbourhood,
        languages=CodeList.pack(languages),
        start=in_days(days, 9),
        end=in_days(days, 11),
        **extra,
    )


def titles(response) -> list[str]:
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content)
    return [link.text_content().strip() for link in tree.xpath(f"//*[@id='results']//li[{CARD}]//h4/a")]


def shown_count(response) -> int:
    heading = lxml_html.fromstring(response.content).xpath("//*[@id='results-heading']")[0]
    return int(re.match(r"\s*(\d+)\b", heading.text_content()).group(1))


def feed_summaries(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def dutch(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


@pytest.fixture
def schools():
    """Open days in three neighbourhoods with different school types and languages, in date order."""
    return [
        open_day(
            "Open ochtend De Viersprong",
            school_type="po",
            neighbourhood="Merenwijk",
            languages=["nl", "pl", "uk"],
            days=3,
        ),
        open_day(
            "Open dag Agora", school_type="vo", neighbourhood="Leiden Noord", languages=["nl", "ar", "en"], days=5
        ),
        open_day(
            "Open dag Gymnasium", school_type="vo", neighbourhood="Roodenburgerdistrict", languages=["nl", "en"], days=8
        ),
        open_day(
            "Kijkochtend Korte Vliet",
            school_type="po",
            neighbourhood="Leiden Noord",
            languages=["nl", "ar", "tr"],
            days=12,
        ),
        open_day("Open dag mbo", school_type="mbo", neighbourhood="", languages=["nl", "fa"], days=40),
    ]


class TestList:
    def test_only_upcoming_published_open_days(self, anonymous_client, org_a):
        open_day("Morgen open", days=1)
        open_day("Vandaag open", days=0)
        open_day("Gisteren open", days=-1)
        open_day("Concept open dag", days=2, organisers=[org_a], publication_status=PublicationStatus.DRAFT)
        ActivityFactory(title="Gewone workshop", kind=ActivityKind.WORKSHOP, start=in_days(2), end=in_days(2, 12))
        response = anonymous_client.get(URL)
        assert titles(response) == ["Vandaag open", "Morgen open"]
        assert shown_count(response) == 2

    def test_its_editors_see_their_draft_open_day(self, editor_a_client, editor_b_client, org_a):
        open_day("Concept open dag", organisers=[org_a], publication_status=PublicationStatus.DRAFT)
        assert titles(editor_a_client.get(URL)) == ["Concept open dag"]
        assert titles(editor_b_client.get(URL)) == []

    def test_cards_show_school_type_neighbourhood_and_languages(self, anonymous_client, schools):
        html = anonymous_client.get(URL).content.decode()
        with translation.override("nl"):
            expected = [
                gettext("Secondary school"),
                gettext("Vocational school (mbo)"),
                gettext("Arabic"),
                gettext("Persian (Farsi, Dari)"),
                "Leiden Noord",
                "Merenwijk",
            ]
        for text in expected:
            assert text in html, text

    def test_grouped_by_month(self, anonymous_client):
        open_day("Eerste", days=1)
        open_day("Veel later", days=70)
        tree = lxml_html.fromstring(anonymous_client.get(URL).content)
        months = tree.xpath("//*[@id='results']//h3[contains(@class, 'rimpel-month-heading')]")
        assert len(months) == 2

    def test_one_day_from_the_month_grid_includes_past_days(self, anonymous_client):
        for number in range(6):
            open_day(f"Vandaag {number}", days=0)
        open_day("Morgen", days=1)
        past = open_day("Vorige week", days=-7)
        month_grid = anonymous_client.get(URL, {"weergave": "maand", "maand": timezone.localdate().strftime("%Y-%m")})
        assert "2 meer op" in month_grid.content.decode()
        assert set(titles(anonymous_client.get(URL, {"dag": timezone.localdate().isoformat()}))) == {
            f"Vandaag {number}" for number in range(6)
        }
        assert titles(anonymous_client.get(URL, {"dag": timezone.localtime(past.start).date().isoformat()})) == [
            "Vorige week"
        ]

    def test_nothing_upcoming_says_so(self, anonymous_client):
        response = anonymous_client.get(URL)
        assert shown_count(response) == 0
        assert "rimpel-empty" in response.content.decode()

    def test_links_to_choosing_a_school(self, anonymous_client):
        assert f'href="{CHOOSING}"' in anonymous_client.get(URL).content.decode()


class TestFilters:
    @pytest.mark.parametrize(
        "query, expected",
        [
            (
                {},
                [
                    "Open ochtend De Viersprong",
                    "Open dag Agora",
                    "Open dag Gymnasium",
                    "Kijkochtend Korte Vliet",
                    "Open dag mbo",
                ],
            ),
            ({"schooltype": "vo"}, ["Open dag Agora", "Open dag Gymnasium"]),
            ({"schooltype": "so"}, []),
            ({"wijk": "Leiden Noord"}, ["Open dag Agora", "Kijkochtend Korte Vliet"]),
            ({"taal": "ar"}, ["Open dag Agora", "Kijkochtend Korte Vliet"]),
            ({"taal": "fa"}, ["Open dag mbo"]),
            ({"schooltype": "vo", "taal": "ar"}, ["Open dag Agora"]),
            ({"schooltype": "po", "wijk": "Leiden Noord", "taal": "tr"}, ["Kijkochtend Korte Vliet"]),
        ],
    )
    def test_filters_and_count(self, anonymous_client, schools, query, expected):
        response = anonymous_client.get(URL, query)
        assert titles(response) == expected
        assert shown_count(response) == len(expected)

    def test_neighbourhood_choices_come_from_the_data(self, anonymous_client, schools):
        form = anonymous_client.get(URL).context["filter"].form
        choices = [value for value, _label in form.fields["wijk"].choices if value]
        assert choices == ["Leiden Noord", "Merenwijk", "Roodenburgerdistrict"]

    def test_a_neighbourhood_that_is_not_in_the_data_is_ignored_with_a_warning(self, anonymous_client, schools):
        response = anonymous_client.get(URL, {"wijk": "Atlantis"})
        assert "wijk" in response.context["filter"].errors
        assert shown_count(response) == len(schools)
        assert "utrecht-alert--warning" in response.content.decode()

    def test_an_unknown_language_code_is_ignored(self, anonymous_client, schools):
        response = anonymous_client.get(URL, {"taal": " ar "})
        assert "taal" in response.context["filter"].errors
        assert shown_count(response) == len(schools)

    def test_htmx_swap_gives_the_same_rows(self, anonymous_client, schools):
        full = anonymous_client.get(URL, {"taal": "ar"})
        partial = anonymous_client.get(URL, {"taal": "ar"}, headers={"HX-Request": "true"})
        assert "<html" not in partial.content.decode()
        assert titles(partial) == titles(full) == ["Open dag Agora", "Kijkochtend Korte Vliet"]

    def test_the_feed_link_carries_the_filters(self, anonymous_client, schools):
        tree = lxml_html.fromstring(anonymous_client.get(URL, {"schooltype": "vo", "taal": "ar", "page": "1"}).content)
        link = tree.xpath("//*[@id='results']//*[contains(@class, 'rimpel-feed-link')]/a/@href")
        assert link == [f"{FEED}?schooltype=vo&taal=ar"]

    def test_neighbourhood_choices_only_from_open_days_one_may_see(self, anonymous_client, org_a, schools):
        open_day("Concept", neighbourhood="Stevenshof", organisers=[org_a], publication_status=PublicationStatus.DRAFT)
        open_day("Vorig jaar", neighbourhood="Morsdistrict", days=-300)
        form = anonymous_client.get(URL).context["filter"].form
        choices = [value for value, _label in form.fields["wijk"].choices if value]
        assert choices == ["Leiden Noord", "Merenwijk", "Roodenburgerdistrict"]


class TestFeed:
    @pytest.mark.parametrize(
        "query",
        [
            {},
            {"schooltype": "vo"},
            {"wijk": "Leiden Noord"},
            {"taal": "ar"},
            {"schooltype": "po", "taal": "ar"},
            {"schooltype": "so"},
        ],
    )
    def test_holds_exactly_the_listed_open_days(self, anonymous_client, schools, query):
        listed = titles(anonymous_client.get(URL, query))
        assert sorted(feed_summaries(anonymous_client.get(FEED, query))) == sorted(listed)

    def test_leaves_out_past_draft_and_other_activities(self, anonymous_client, org_a):
        open_day("Komend", days=4)
        open_day("Voorbij", days=-2)
        open_day("Concept", organisers=[org_a], publication_status=PublicationStatus.DRAFT)
        ActivityFactory(title="Workshop", kind=ActivityKind.WORKSHOP)
        response = anonymous_client.get(FEED)
        assert feed_summaries(response) == ["Komend"]
        assert response["Content-Disposition"] == 'inline; filename="open-dagen.ics"'

    def test_events_carry_the_times_and_place(self, anonymous_client):
        day = timezone.localdate() + dt.timedelta(days=10)
        ActivityFactory(
            title="Open avond",
            kind=ActivityKind.OPEN_DAY,
            school_type="vo",
            place="Kagerstraat 7",
            start=dt.datetime.combine(day, dt.time(18, 30), tzinfo=AMSTERDAM),
            end=dt.datetime.combine(day, dt.time(21, 0), tzinfo=AMSTERDAM),
        )
        event = Calendar.from_ical(anonymous_client.get(FEED).content).walk("VEVENT")[0]
        assert event.decoded("DTSTART") == dt.datetime.combine(day, dt.time(18, 30), tzinfo=AMSTERDAM)
        assert event.decoded("DTEND") == dt.datetime.combine(day, dt.time(21, 0), tzinfo=AMSTERDAM)
        assert str(event["LOCATION"]) == "Kagerstraat 7"


def activity_form(*organisers, **overrides):
    year = timezone.localdate().year + 1
    data = {
        "title": "Open dag De Vlieger",
        "kind": "open_day",
        "description": "Kijk rond in de kleine groepen.",
        "start_date": f"{year}-01-20",
        "start_time": "09:00",
        "end_date": "",
        "end_time": "11:00",
        "place": "Willem de Zwijgerlaan 14",
        "registration_url": "",
        "organisers": [org.pk for org in organisers],
        "school_type": "so",
        "neighbourhood": "Leiden Noord",
        "language_codes": ["en", "ar"],
        "form_token": "",
    }
    data.update(overrides)
    return data


class TestActivityForm:
    def test_an_open_day_needs_a_school_type(self, editor_a_client, org_a):
        response = editor_a_client.post(CREATE_URL, activity_form(org_a, school_type=""))
        assert response.status_code == 200
        assert response.context["form"].errors["school_type"] == [dutch(NEEDS_SCHOOL_TYPE)]
        html = response.content.decode()
        assert dutch(NEEDS_SCHOOL_TYPE) in html
        assert 'value="Open dag De Vlieger"' in html and 'value="Leiden Noord"' in html
        assert not Activity.objects.exists()

    def test_other_activities_need_no_school_type(self, editor_a_client, org_a):
        response = editor_a_client.post(
            CREATE_URL, activity_form(org_a, kind="workshop", school_type="", language_codes=[])
        )
        assert response.status_code == 302
        assert Activity.objects.get().school_type == ""

    def test_stores_school_type_neighbourhood_and_the_ticked_languages(self, editor_a_client, org_a):
        response = editor_a_client.post(CREATE_URL, activity_form(org_a))
        assert response.status_code == 302
        activity = Activity.objects.get()
        assert activity.kind == ActivityKind.OPEN_DAY
        assert activity.school_type == "so"
        assert activity.neighbourhood == "Leiden Noord"
        assert activity.languages == " ar en "
        assert CodeList.unpack(activity.languages) == ["ar", "en"]

    def test_an_unknown_language_is_refused(self, editor_a_client, org_a):
        response = editor_a_client.post(CREATE_URL, activity_form(org_a, language_codes=["ar", "xx"]))
        assert "language_codes" in response.context["form"].errors
        assert not Activity.objects.exists()

    def test_the_edit_form_shows_the_languages_ticked_again(self, editor_a_client, org_a):
        activity = open_day(
            "Open dag", school_type="vo", neighbourhood="Merenwijk", languages=["ar", "tr"], organisers=[org_a]
        )
        response = editor_a_client.get(f"{activity.get_absolute_url()}bewerken/")
        form = response.context["form"]
        assert form["language_codes"].value() == ["ar", "tr"]
        assert form["school_type"].value() == "vo"
        html = response.content.decode()
        for code, ticked in [("ar", True), ("tr", True), ("en", False)]:
            tag = html.split(f'name="language_codes" value="{code}"')[1].split(">")[0]
            assert ("checked" in tag) is ticked, code
        assert 'value="Merenwijk"' in html

    def test_unticking_all_languages_clears_them(self, editor_a_client, org_a):
        activity = open_day("Open dag", languages=["ar", "tr"], organisers=[org_a])
        editor_a_client.post(
            f"{activity.get_absolute_url()}bewerken/",
            activity_form(org_a, title="Open dag", school_type="po", language_codes=[]),
        )
        activity.refresh_from_db()
        assert activity.languages == ""


class TestActivityPage:
    def test_shows_school_type_neighbourhood_and_help_languages(self, anonymous_client):
        activity = open_day(
            "Open dag Pacelli", school_type="po", neighbourhood="Morsdistrict", languages=["nl", "tr", "ar"]
        )
        html = anonymous_client.get(activity.get_absolute_url()).content.decode()
        with translation.override("nl"):
            school_type, help_in = gettext("Primary school"), gettext("Help available in")
            languages = ", ".join(gettext(name) for name in ["Arabic", "Dutch", "Turkish"])
        assert school_type in html
        assert "Morsdistrict" in html
        assert help_in in html
        assert languages in html

    def test_an_ordinary_activity_shows_none_of_it(self, anonymous_client):
        activity = ActivityFactory(title="Gewone workshop", kind=ActivityKind.WORKSHOP)
        html = anonymous_client.get(activity.get_absolute_url()).content.decode()
        assert dutch("Help available in") not in html
        assert dutch("Neighbourhood") not in html


class TestChoosingASchool:
    def test_in_dutch(self, anonymous_client):
        response = anonymous_client.get(CHOOSING)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'lang="nl"' in html
        assert dutch("Choosing a school in Leiden") in html
        assert 'href="/open-dagen/"' in html

    def test_in_english(self, anonymous_client):
        response = anonymous_client.get("/en" + CHOOSING)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'lang="en"' in html
        assert "Choosing a school in Leiden" in html
        assert "Where to start" in html
        assert 'href="/en/open-dagen/"' in html

    def test_the_dutch_pages_are_not_in_english(self, anonymous_client):
        choosing = anonymous_client.get(CHOOSING).content.decode()
        assert "Choosing a school in Leiden" not in choosing
        assert "Where to start" not in choosing
        open_days = lxml_html.fromstring(anonymous_client.get(URL).content)
        assert open_days.xpath("//h1")[0].text_content().strip() != "Open days"


@pytest.fixture
def demo(monkeypatch):
    """The demo network, seen on 22 November 2026: its open days run from December 2026 to March 2027."""
    from home.demo import load_demo

    load_demo()
    monkeypatch.setattr(views, "start_of_today", lambda: dt.datetime(2026, 11, 22, tzinfo=AMSTERDAM))


DEMO_VO_ARABIC = ["Open dag Da Vinci Lammenschans", "Open dag Agora Leiden"]


def test_the_demo_secondary_schools_with_arabic(anonymous_client, demo):
    published = Activity.objects.filter(kind=ActivityKind.OPEN_DAY, publication_status=PublicationStatus.PUBLISHED)
    # Whatever today is: the filter itself picks the two.
    chosen = OpenDayFilter({"schooltype": "vo", "taal": "ar"}, queryset=published).qs
    assert sorted(chosen.values_list("title", flat=True)) == sorted(DEMO_VO_ARABIC)

    response = anonymous_client.get(URL, {"schooltype": "vo", "taal": "ar"})
    assert titles(response) == DEMO_VO_ARABIC
    assert shown_count(response) == 2
    assert sorted(feed_summaries(anonymous_client.get(FEED, {"schooltype": "vo", "taal": "ar"}))) == sorted(
        DEMO_VO_ARABIC
    )
    everything = anonymous_client.get(URL)
    assert shown_count(everything) == published.count() == 14
    assert "Leiden Noord" in [value for value, _ in everything.context["filter"].form.fields["wijk"].choices]


class TestMonthView:
    def test_the_month_grid_shows_that_months_open_days_with_the_filters(self, anonymous_client):
        start = timezone.localtime(in_days(40)).replace(day=10, hour=10)
        month = start.strftime("%Y-%m")
        for title, school_type, offset in (
            ("Open dag Noordschool", "vo", 0),
            ("Open ochtend Zuidschool", "po", 2),
            ("Open dag later", "vo", 45),
        ):
            ActivityFactory(
                title=title,
                kind=ActivityKind.OPEN_DAY,
                school_type=school_type,
                start=start + dt.timedelta(days=offset),
                end=start + dt.timedelta(days=offset, hours=2),
            )
        grid = anonymous_client.get("/open-dagen/", {"weergave": "maand", "maand": month})
        html = grid.content.decode()
        assert grid.context["month_count"] == 2
        assert "Open dag Noordschool" in html and "Open ochtend Zuidschool" in html and "Open dag later" not in html
        only_vo = anonymous_client.get("/open-dagen/", {"weergave": "maand", "maand": month, "schooltype": "vo"})
        assert only_vo.context["month_count"] == 1

    def test_a_month_that_is_not_a_month_falls_back_with_a_notice(self, anonymous_client):
        response = anonymous_client.get("/en/open-dagen/", {"weergave": "maand", "maand": "dertien"})
        assert response.status_code == 200
        assert "is not a month" in response.content.decode()
