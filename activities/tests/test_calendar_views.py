"""The year calendar (list and month view), its filters and the activity page."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from activities.topics import CALENDAR_FILTERS
from core import invalidation
from core.models import PublicationStatus
from network.models import OrganisationAlias
from tests.factories import ActivityFactory, LineFactory, OrganisationFactory, ThemeFactory, bulk_activities, in_days

pytestmark = pytest.mark.django_db

URL = "/agenda/"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(*args):
    return dt.datetime(*args, tzinfo=AMSTERDAM)


def listed(response):
    return [activity.title for activity in response.context["page"].object_list]


def month_days(response):
    """The month grid as {date: [titles]}, days without activities left out."""
    return {
        day.date: [activity.title for activity in day.activities]
        for week in response.context["weeks"]
        for day in week
        if day.activities
    }


class TestListView:
    def test_shows_upcoming_by_default_in_date_order(self, anonymous_client):
        ActivityFactory(title="Volgende maand", start=in_days(30))
        ActivityFactory(title="Morgen", start=in_days(1))
        ActivityFactory(title="Vorige week", start=in_days(-7))
        ActivityFactory(title="Loopt nog", start=in_days(-2), end=in_days(2))

        response = anonymous_client.get(URL)

        assert response.status_code == 200
        assert listed(response) == ["Loopt nog", "Morgen", "Volgende maand"]
        html = response.content.decode()
        assert "Morgen" in html and "Vorige week" not in html

    def test_activity_ending_today_still_counts_as_upcoming(self, anonymous_client):
        today = timezone.localdate()
        start = timezone.make_aware(dt.datetime.combine(today, dt.time(0, 0)))
        ActivityFactory(title="Vandaag", start=start, end=start, all_day=True)
        assert listed(anonymous_client.get(URL)) == ["Vandaag"]

    def test_whole_year(self, anonymous_client):
        ActivityFactory(title="Oudjaar", start=local(2024, 12, 31, 20), end=local(2025, 1, 1, 2))
        ActivityFactory(title="Voorjaar", start=local(2025, 3, 10, 9))
        ActivityFactory(title="Najaar", start=local(2025, 11, 20, 9))
        ActivityFactory(title="Vorig jaar", start=local(2024, 6, 1, 9))
        ActivityFactory(title="Volgend jaar", start=local(2026, 1, 1, 0, 0), end=local(2026, 1, 1, 1))

        response = anonymous_client.get(URL, {"jaar": "2025"})

        assert response.status_code == 200
        assert response.context["year"] == 2025
        assert listed(response) == ["Oudjaar", "Voorjaar", "Najaar"]
        assert "Vorig jaar" not in response.content.decode()

    @pytest.mark.parametrize("year", ["twintig", "1800", "99999", "-2025", "2025.5"])
    def test_not_a_year_gives_a_notice_and_upcoming(self, anonymous_client, year):
        ActivityFactory(title="Morgen", start=in_days(1))
        response = anonymous_client.get(URL, {"jaar": year})
        assert response.status_code == 200
        assert len(response.context["notices"]) == 1
        assert year in response.context["notices"][0]
        assert listed(response) == ["Morgen"]

    def test_paginated_and_bad_page_numbers_give_a_page(self, anonymous_client):
        for number in range(30):
            ActivityFactory(title=f"Activiteit {number:02d}", start=in_days(number + 1))
        assert len(listed(anonymous_client.get(URL))) == 25
        assert listed(anonymous_client.get(URL, {"page": 2})) == [f"Activiteit {n:02d}" for n in range(25, 30)]
        for page in ["99", "abc"]:
            response = anonymous_client.get(URL, {"page": page})
            assert response.status_code == 200
            assert listed(response)

    def test_htmx_request_gets_only_the_results(self, anonymous_client):
        ActivityFactory(title="Morgen", start=in_days(1))
        response = anonymous_client.get(URL, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html and "<body" not in html
        assert html.lstrip().startswith('<section id="results"')
        assert "Morgen" in html

    def test_without_htmx_the_whole_page(self, anonymous_client):
        html = anonymous_client.get(URL).content.decode()
        assert "<html" in html and 'id="results"' in html and 'hx-get="/agenda/"' in html

    def test_htmx_restoring_history_gets_the_whole_page(self, anonymous_client):
        response = anonymous_client.get(URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
        assert "<html" in response.content.decode()
        assert "HX-Request" in response["Vary"]

    def test_htmx_partial_carries_the_filter_state_and_count_out_of_band(self, anonymous_client):
        response = anonymous_client.get(URL + "?weergave=maand&maand=2025-06", HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert "<html" not in html
        assert 'id="filter-state" hx-swap-oob="true"' in html and 'value="2025-06"' in html
        assert 'id="results-status"' in html and 'id="view-tabs"' in html


@pytest.fixture
def filtered_world(org_a, org_b):
    theme = ThemeFactory(name="Natuur")
    line = LineFactory(name="Dwarslijn Natuur")
    return {
        "theme": ActivityFactory(title="Met thema", organisers=[org_b], themes=[theme], start=in_days(1)),
        "sector": ActivityFactory(title="Voor het mbo", organisers=[org_b], sectors=["mbo"], start=in_days(2)),
        "line": ActivityFactory(title="Op de lijn", organisers=[org_b], lines=[line], start=in_days(3)),
        "organiser": ActivityFactory(title="Van A", organisers=[org_a], start=in_days(4)),
        "open": ActivityFactory(title="Open", organisers=[org_b], open_for_partners=True, start=in_days(5)),
        "theme_slug": theme.slug,
        "line_slug": line.slug,
    }


FILTERS = [
    ("thema", "theme_slug", "Met thema"),
    ("sector", "mbo", "Voor het mbo"),
    ("lijn", "line_slug", "Op de lijn"),
    ("organisator", "organisatie-a", "Van A"),
    ("open", "on", "Open"),
]


@pytest.mark.parametrize("param, value, expected", FILTERS)
def test_filters(anonymous_client, filtered_world, param, value, expected):
    value = filtered_world.get(value, value)
    response = anonymous_client.get(URL, {param: value})
    assert response.status_code == 200
    assert not response.context["filter"].errors
    assert listed(response) == [expected]


def test_filter_by_kind(anonymous_client):
    ActivityFactory(title="Overleg", kind="meeting")
    ActivityFactory(title="Feest", kind="festival")
    assert listed(anonymous_client.get(URL, {"soort": "meeting"})) == ["Overleg"]


def test_filters_combine(anonymous_client, filtered_world, org_b):
    response = anonymous_client.get(URL, {"organisator": org_b.slug, "open": "on"})
    assert listed(response) == ["Open"]


def test_an_activity_with_two_themes_is_listed_once(anonymous_client):
    first, second = ThemeFactory(name="Een"), ThemeFactory(name="Twee")
    ActivityFactory(title="Dubbel", themes=[first, second], sectors=["po", "vo"])
    assert listed(anonymous_client.get(URL)) == ["Dubbel"]


@pytest.mark.parametrize(
    "query",
    [{"sector": "xyz"}, {"thema": "bestaat-niet"}, {"organisator": "niemand"}, {"soort": "feestje"}, {"lijn": "geen"}],
)
def test_unknown_filter_value_gives_a_message_not_an_error(anonymous_client, query):
    ActivityFactory(title="Morgen", start=in_days(1))
    response = anonymous_client.get(URL, query)
    assert response.status_code == 200
    assert set(response.context["filter"].errors) == set(query)
    assert "utrecht-alert--warning" in response.content.decode()
    # The faulty filter is ignored rather than hiding everything.
    assert listed(response) == ["Morgen"]


def test_unknown_filter_message_in_english(anonymous_client):
    response = anonymous_client.get("/en/agenda/", {"sector": "xyz"})
    assert response.status_code == 200
    assert "A filter was ignored" in response.content.decode()


class TestMonthView:
    def test_multi_day_activity_on_each_of_its_days(self, anonymous_client):
        ActivityFactory(title="Festival", start=local(2025, 10, 3, 10), end=local(2025, 10, 5, 16))
        ActivityFactory(title="Eendaags", start=local(2025, 10, 14, 19), end=local(2025, 10, 14, 21))
        ActivityFactory(title="Andere maand", start=local(2025, 11, 14, 19))

        response = anonymous_client.get(URL, {"weergave": "maand", "maand": "2025-10"})

        assert response.status_code == 200
        assert month_days(response) == {
            dt.date(2025, 10, 3): ["Festival"],
            dt.date(2025, 10, 4): ["Festival"],
            dt.date(2025, 10, 5): ["Festival"],
            dt.date(2025, 10, 14): ["Eendaags"],
        }
        assert response.context["month_count"] == 2
        html = response.content.decode()
        assert html.count("Festival</a>") == 3
        assert "19:00 Eendaags" in html
        assert "Andere maand" not in html

    def test_weeks_start_on_monday_and_carry_activities_over_the_month_edge(self, anonymous_client):
        ActivityFactory(title="Over de grens", start=local(2025, 9, 30, 9), end=local(2025, 10, 1, 17), all_day=False)
        response = anonymous_client.get(URL, {"weergave": "maand", "maand": "2025-10"})
        weeks = response.context["weeks"]
        assert all(week[0].date.weekday() == 0 for week in weeks)
        assert weeks[0][0].date == dt.date(2025, 9, 29)
        assert month_days(response) == {
            dt.date(2025, 9, 30): ["Over de grens"],
            dt.date(2025, 10, 1): ["Over de grens"],
        }

    def test_all_day_activity_uses_local_dates(self, anonymous_client):
        ActivityFactory(title="Studiedag", start=local(2025, 3, 31, 0, 0), end=local(2025, 4, 1, 0, 0), all_day=True)
        response = anonymous_client.get(URL, {"weergave": "maand", "maand": "2025-03"})
        assert month_days(response) == {
            dt.date(2025, 3, 31): ["Studiedag"],
            dt.date(2025, 4, 1): ["Studiedag"],
        }

    @pytest.mark.parametrize("month", ["2025-13", "2025-00", "maart", "2025-03-01", "0001-01", "9999-12"])
    def test_bad_month_gives_a_message_and_this_month(self, anonymous_client, month):
        response = anonymous_client.get(URL, {"weergave": "maand", "maand": month})
        assert response.status_code == 200
        today = timezone.localdate()
        assert response.context["month_start"].date() == today.replace(day=1)
        assert len(response.context["notices"]) == 1
        assert month in response.context["notices"][0]
        assert month in response.content.decode()

    def test_bad_month_message_in_english(self, anonymous_client):
        response = anonymous_client.get("/en" + URL, {"weergave": "maand", "maand": "2025-13"})
        assert "“2025-13” is not a month (use YYYY-MM); showing this month." in response.content.decode()

    def test_navigation_to_neighbouring_months_keeps_filters(self, anonymous_client):
        theme = ThemeFactory(name="Natuur")
        response = anonymous_client.get(URL, {"weergave": "maand", "maand": "2025-01", "thema": theme.slug})
        assert response.context["previous_month"] == "2024-12"
        assert response.context["next_month"] == "2025-02"
        html = response.content.decode()
        assert f"?thema={theme.slug}&amp;weergave=maand&amp;maand=2024-12" in html

    def test_month_view_honours_filters(self, anonymous_client):
        theme = ThemeFactory(name="Natuur")
        ActivityFactory(title="Groen", themes=[theme], start=local(2025, 6, 2, 10))
        ActivityFactory(title="Grijs", start=local(2025, 6, 3, 10))
        response = anonymous_client.get(URL, {"weergave": "maand", "maand": "2025-06", "thema": theme.slug})
        assert month_days(response) == {dt.date(2025, 6, 2): ["Groen"]}

    def test_a_busy_day_lists_four_and_links_to_the_rest(self, anonymous_client):
        theme = ThemeFactory(name="Natuur")
        for hour in range(9, 16):
            ActivityFactory(
                title=f"Les om {hour}", themes=[theme], start=local(2025, 6, 2, hour), end=local(2025, 6, 2, hour, 45)
            )
        response = anonymous_client.get(URL, {"weergave": "maand", "maand": "2025-06", "thema": theme.slug})
        assert month_days(response) == {dt.date(2025, 6, 2): ["Les om 9", "Les om 10", "Les om 11", "Les om 12"]}
        assert response.context["month_count"] == 7
        html = response.content.decode()
        link = f"?thema={theme.slug}&amp;dag=2025-06-02"
        assert f'href="{link}">3 meer op 2 juni</a>' in html

        day = anonymous_client.get(URL, {"thema": theme.slug, "dag": "2025-06-02"})
        assert listed(day) == [f"Les om {hour}" for hour in range(9, 16)]
        day_html = day.content.decode()
        assert "Activiteiten op maandag 2 juni 2025" in day_html
        assert f"?thema={theme.slug}&amp;weergave=maand&amp;maand=2025-06" in day_html  # back to the month

    def test_the_day_list_holds_activities_running_over_that_day(self, anonymous_client):
        ActivityFactory(title="Driedaags", start=local(2025, 6, 1, 10), end=local(2025, 6, 3, 16))
        ActivityFactory(title="Volgende dag", start=local(2025, 6, 3, 10))
        response = anonymous_client.get(URL, {"dag": "2025-06-02"})
        assert listed(response) == ["Driedaags"]

    @pytest.mark.parametrize("day", ["2025-02-30", "morgen", "2025-6-2", "0001-01-01"])
    def test_bad_day_gives_a_message_and_what_is_coming_up(self, anonymous_client, day):
        response = anonymous_client.get(URL, {"dag": day})
        assert response.status_code == 200
        assert response.context["day"] is None and len(response.context["notices"]) == 1
        assert day in response.context["notices"][0]

    def test_a_bad_day_leaves_a_good_month_standing(self, anonymous_client):
        response = anonymous_client.get(URL, {"dag": "2025-02-30", "weergave": "maand", "maand": "2025-02"})
        assert response.context["month_start"].date() == dt.date(2025, 2, 1)
        assert len(response.context["notices"]) == 1

    def test_the_day_list_marks_the_list_tab_and_offers_its_month(self, anonymous_client):
        html = anonymous_client.get(URL, {"dag": "2025-06-02"}).content.decode()
        assert '<a class="utrecht-link" href="?" aria-current="page">Lijst</a>' in html
        assert 'href="?&amp;weergave=maand&amp;maand=2025-06">Maand</a>' in html

    def test_htmx_month(self, anonymous_client):
        ActivityFactory(title="Festival", start=local(2025, 10, 3, 10))
        response = anonymous_client.get(URL, {"weergave": "maand", "maand": "2025-10"}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert "<html" not in html and "Festival" in html


class TestDrafts:
    @pytest.fixture
    def draft(self, org_a):
        return ActivityFactory(
            title="Conceptavond", organisers=[org_a], publication_status=PublicationStatus.DRAFT, start=in_days(3)
        )

    @pytest.mark.parametrize(
        "persona_client, sees",
        [("anonymous", False), ("editor_b", False), ("editor_a", True), ("coordinator", True)],
        indirect=["persona_client"],
    )
    def test_list_month_and_detail(self, persona_client, sees, draft):
        assert ("Conceptavond" in listed(persona_client.get(URL))) is sees
        month = draft.local_start.strftime("%Y-%m")
        month_html = persona_client.get(URL, {"weergave": "maand", "maand": month}).content.decode()
        assert ("Conceptavond" in month_html) is sees
        detail = persona_client.get(draft.get_absolute_url())
        assert detail.status_code == (200 if sees else 404)
        if sees:
            assert "Conceptavond" in detail.content.decode()


class TestDetail:
    def test_shows_everything_about_the_activity(self, anonymous_client, org_a):
        theme = ThemeFactory(name="Cultuur")
        line = LineFactory(name="Zichtlijn Erfgoed")
        activity = ActivityFactory(
            title="Erfgoedfestival",
            place="Pieterskerk, Leiden",
            start=local(2025, 7, 1, 14, 0),
            end=local(2025, 7, 1, 17, 30),
            organisers=[org_a],
            themes=[theme],
            lines=[line],
            sectors=["po", "vo"],
            registration_url="https://example.org/aanmelden",
            open_for_partners=True,
            description="Een middag vol verhalen.",
        )
        response = anonymous_client.get(activity.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "Erfgoedfestival" in html
        assert "14:00–17:30" in html  # Europe/Amsterdam, not UTC (12:00)
        assert "2025" in html
        assert "Pieterskerk, Leiden" in html
        assert f'href="{org_a.get_absolute_url()}"' in html
        assert "Cultuur" in html
        assert "Zichtlijn Erfgoed" in html
        assert 'href="https://example.org/aanmelden"' in html
        assert f'href="{activity.get_absolute_url()}agenda.ics"' in html
        assert "Een middag vol verhalen." in html

    def test_winter_time_is_shown_in_local_time(self, anonymous_client):
        activity = ActivityFactory(start=local(2025, 1, 15, 14, 0), end=local(2025, 1, 15, 15, 0))
        assert "14:00–15:00" in anonymous_client.get(activity.get_absolute_url()).content.decode()

    def test_in_english(self, anonymous_client):
        activity = ActivityFactory(title="Summer school", start=local(2025, 7, 1, 14), end=local(2025, 7, 1, 16))
        html = anonymous_client.get("/en" + activity.get_absolute_url()).content.decode()
        assert '<html lang="en"' in html
        assert "1 July 2025, 14:00–16:00" in html
        assert "Add to my calendar (.ics)" in html

    def test_edit_and_publish_controls_by_role(self, anonymous_client, editor_a_client, coordinator_client, org_a):
        activity = ActivityFactory(organisers=[org_a])
        edit_url = f"{activity.get_absolute_url()}bewerken/"
        publish_url = f"{activity.get_absolute_url()}publiceren/"
        public = anonymous_client.get(activity.get_absolute_url()).content.decode()
        editor = editor_a_client.get(activity.get_absolute_url()).content.decode()
        coordinator = coordinator_client.get(activity.get_absolute_url()).content.decode()
        assert edit_url not in public and publish_url not in public
        assert edit_url in editor and publish_url not in editor
        assert edit_url in coordinator and publish_url in coordinator

    def test_missing_activity_is_404(self, anonymous_client):
        assert anonymous_client.get("/agenda/bestaat-niet/").status_code == 404


class TestLanguages:
    def test_dutch_at_the_root(self, anonymous_client):
        assert '<html lang="nl"' in anonymous_client.get(URL).content.decode()

    def test_english_under_en(self, anonymous_client):
        ActivityFactory(title="Open day", start=in_days(2))
        response = anonymous_client.get("/en/agenda/")
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="en"' in html
        assert "Year calendar" in html
        assert "Open day" in html
        assert 'href="/en/agenda/open-day/"' in html


@pytest.fixture
def relations(org_a):
    return {
        "themes": [ThemeFactory(name="Thema een"), ThemeFactory(name="Thema twee")],
        "lines": [LineFactory(name="Lijn een")],
        "org_a": org_a,
        "organisers": OrganisationFactory.create_batch(5),
    }


def _fill_activities(relations, count, start_for):
    """Activities with every relation the list shows; some are drafts of organisation A."""
    rows = []
    for number in range(count):
        start = start_for(number)
        draft = number % 5 == 0
        pool = relations["organisers"]
        rows.append(
            {
                "start": start,
                "end": start + dt.timedelta(days=number % 3, hours=2),
                "organisers": [relations["org_a"] if draft else pool[number % 5], pool[(number + 1) % 5]],
                "themes": relations["themes"],
                "lines": relations["lines"],
                "sectors": ["po", "vo"],
                "open_for_partners": bool(number % 2),
                "publication_status": PublicationStatus.DRAFT if draft else PublicationStatus.PUBLISHED,
            }
        )
    bulk_activities(rows)


QUERY_COUNT_PAGES = [
    ("list", URL, lambda n: in_days(n % 60 + 1)),
    ("list filtered", URL + "?thema=thema-een&sector=po&open=on", lambda n: in_days(n % 60 + 1)),
    ("year", URL + "?jaar=2025&page=2", lambda n: local(2025, 1 + n % 12, 1 + n % 28, 10)),
    ("month", URL + "?weergave=maand&maand=2025-03", lambda n: local(2025, 3, 1 + n % 28, 9 + n % 8)),
]


@pytest.mark.parametrize("persona", ["anonymous_client", "editor_a_client"])
@pytest.mark.parametrize("name, url, start_day_for", QUERY_COUNT_PAGES, ids=[page[0] for page in QUERY_COUNT_PAGES])
def test_query_count_does_not_grow_with_rows(request, persona, relations, count_queries, name, url, start_day_for):
    client = request.getfixturevalue(persona)
    _fill_activities(relations, 10, start_day_for)
    _response, with_few = count_queries(client, url)
    _fill_activities(relations, 190, lambda n: start_day_for(n + 10))
    invalidation.renew(CALENDAR_FILTERS)  # activities leave the filter panel cached: compare two full renders
    response, with_many = count_queries(client, url)
    shown = response.context["month_count"] if "month_count" in response.context else len(listed(response))
    assert shown > 10
    assert with_few == with_many, f"{name}: {with_few} queries with 10 rows, {with_many} with 200"


class TestOrganiserFilterInALargeNetwork:
    """Above network.filters.ORGANISATION_LIST_LIMIT organisations the organiser is typed, not picked."""

    @pytest.fixture(autouse=True)
    def small_limit(self, monkeypatch):
        monkeypatch.setattr("network.filters.ORGANISATION_LIST_LIMIT", 2)

    @pytest.fixture
    def organisers(self):
        library = OrganisationFactory(name="Bibliotheek Leiden")
        OrganisationAlias.objects.create(organisation=library, alias="BplusC")
        museum = OrganisationFactory(name="Naturalis")
        OrganisationFactory(name="Stadslab")
        ActivityFactory(title="Voorlezen", organisers=[library], start=in_days(3))
        ActivityFactory(title="Fossielen", organisers=[museum], start=in_days(4))
        return library

    def test_a_text_field_instead_of_a_list(self, anonymous_client, organisers):
        html = anonymous_client.get(URL).content.decode()
        assert 'type="text" name="organisator"' in html and "<option" not in html.split('name="organisator"')[1][:50]

    @pytest.mark.parametrize("typed", ["Bibliotheek Leiden", "bibliotheek leiden", "BplusC", "bibliotheek-leiden"])
    def test_a_name_an_abbreviation_or_the_slug_finds_it(self, anonymous_client, organisers, typed):
        response = anonymous_client.get(URL, {"organisator": typed})
        assert listed(response) == ["Voorlezen"]
        assert f'value="{typed}"' in response.content.decode()  # the field keeps what was typed

    def test_an_unknown_name_is_ignored_with_a_message(self, anonymous_client, organisers):
        with translation.override("en"):
            response = anonymous_client.get("/en" + URL, {"organisator": "Bieb Leydn"})
        assert sorted(listed(response)) == ["Fossielen", "Voorlezen"]
        assert "No organisation here is called “Bieb Leydn”." in response.content.decode()
        assert 'value="Bieb Leydn"' in response.content.decode()

    def test_a_near_miss_gets_a_suggestion(self, anonymous_client, organisers):
        with translation.override("en"):
            response = anonymous_client.get("/en" + URL, {"organisator": "Bibliotheek Leyden"})
        assert "No organisation here is called “Bibliotheek Leyden”. Did you mean Bibliotheek Leiden?" in (
            response.content.decode()
        )
