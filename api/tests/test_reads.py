"""Reading the API: lists with filters and pagination, records, web page links, ETags."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance.services import registration as signup
from impact.models import ActivityFigures
from network.identity import save_profile
from network.models import NetworkProfile
from network.services_lines import retire_line
from network.themes import set_retired
from offerings.models import Offering
from programmes.models import ProgrammeFigure
from stories.tests.factories import make_line, make_programme
from tests.factories import (
    ActivityFactory,
    LineFactory,
    LineQuestionFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
    in_days,
)


def results(response):
    assert response.status_code == 200, response.content
    return [record.get("slug", record.get("id")) for record in response.json()["results"]]


def test_activities_list_what_is_coming_up_in_order(client, org_a):
    ActivityFactory(title="Later", start=in_days(20), organisers=[org_a])
    ActivityFactory(title="Soon", start=in_days(2), organisers=[org_a])
    ActivityFactory(title="Past", start=in_days(-30))
    body = client.get("/api/activities/").json()
    assert [record["title"] for record in body["results"]] == ["Soon", "Later"]
    soon = body["results"][0]
    assert soon["organisers"] == [{"slug": org_a.slug, "name": org_a.name}]
    assert soon["url"] == "http://testserver/agenda/soon/"
    assert soon["status"] == "published"
    assert soon["start"].endswith(("+01:00", "+02:00"))


def test_an_activity_with_sign_up_shows_its_numbers_never_who(client, org_a):
    activity = ActivityFactory(title="Open les", organisers=[org_a])
    ActivityFactory(title="Zonder")
    signup.save_setup(activity, capacity=2, deadline=None, audience="public", questions=[], base_url="http://x/")
    signup.register(
        activity, name="Anna", email="anna@example.org", answers=[], consent=False, user=None, base_url="http://x/"
    )
    body = client.get("/api/activities/").json()
    by_title = {record["title"]: record for record in body["results"]}
    assert by_title["Zonder"]["registration"] is None
    assert by_title["Open les"]["registration"] == {
        "open": True,
        "audience": "public",
        "capacity": 2,
        "places_left": 1,
    }
    assert "anna" not in client.get("/api/activities/open-les/").content.decode()


def test_activities_filter_like_the_calendar(client, org_a, org_b):
    theme = ThemeFactory(slug="duurzaamheid")
    ActivityFactory(title="Green", organisers=[org_a], themes=[theme], sectors=["po"], kind="workshop")
    ActivityFactory(title="Other", organisers=[org_b], sectors=["vo"])
    assert results(client.get("/api/activities/?theme=duurzaamheid")) == ["green"]
    assert results(client.get("/api/activities/?sector=vo")) == ["other"]
    assert results(client.get(f"/api/activities/?organisation={org_b.slug}")) == ["other"]
    assert results(client.get("/api/activities/?kind=workshop&sector=po")) == ["green"]


def test_activities_by_period(client):
    ActivityFactory(
        title="March",
        start=timezone.make_aware(dt.datetime(2025, 3, 10, 10)),
        end=timezone.make_aware(dt.datetime(2025, 3, 10, 12)),
    )
    ActivityFactory(
        title="May",
        start=timezone.make_aware(dt.datetime(2025, 5, 31, 22)),
        end=timezone.make_aware(dt.datetime(2025, 5, 31, 23)),
    )
    assert results(client.get("/api/activities/?year=2025")) == ["march", "may"]
    assert results(client.get("/api/activities/?month=2025-05")) == ["may"]
    assert results(client.get("/api/activities/?from=2025-03-11&to=2025-05-31")) == ["may"]
    assert results(client.get("/api/activities/?to=2025-03-10")) == ["march"]


def test_pagination_with_links_and_stable_order(client):
    for number in range(5):
        ActivityFactory(title=f"Same time {number}", start=in_days(3))
    first = client.get("/api/activities/?page_size=2").json()
    assert first["count"] == 5
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/activities/?page_size=2&page=2"
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None and third["previous"].endswith("page=2")
    titles = [record["title"] for page in (first, second, third) for record in page["results"]]
    assert titles == sorted(titles) and len(set(titles)) == 5


def test_page_size_has_a_maximum(client):
    assert client.get("/api/activities/?page_size=101").status_code == 400
    assert client.get("/api/activities/?page_size=100").status_code == 200


def test_etag_gives_304_when_unchanged(client):
    activity = ActivityFactory()
    first = client.get("/api/activities/")
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert "private" in first["Cache-Control"]
    again = client.get("/api/activities/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    activity.title = "Changed"
    activity.save()
    assert client.get("/api/activities/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_labels_follow_accept_language(client):
    ActivityFactory(kind="workshop")
    assert client.get("/api/activities/").json()["results"][0]["kind_label"] == "Workshop"
    ActivityFactory(kind="meeting")
    dutch = client.get("/api/activities/?kind=meeting").json()["results"][0]["kind_label"]
    english = client.get("/api/activities/?kind=meeting", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert english["kind_label"] == "Meeting"
    assert dutch != "Meeting"


def test_organisations_with_filters_and_detail(client, org_a, org_b):
    theme = ThemeFactory(slug="taal")
    org_a.themes.add(theme)
    assert results(client.get("/api/organisations/")) == [org_a.slug, org_b.slug]
    assert results(client.get("/api/organisations/?sector=hbo")) == [org_b.slug]
    assert results(client.get("/api/organisations/?theme=taal")) == [org_a.slug]
    detail = client.get(f"/api/organisations/{org_a.slug}/").json()
    assert detail["sector"] == "vo"
    assert detail["url"] == f"http://testserver/organisaties/{org_a.slug}/"
    assert "editors" not in detail and "people" not in detail


def test_projects_and_filters(client, org_a):
    ProjectFactory(code="1a", title="Lezen", leads=[org_a], status="running")
    ProjectFactory(code="2b", title="Rekenen", status="completed")
    ProjectFactory(code="3c", title="Geheim", publication_status="draft", leads=[org_a])
    assert results(client.get("/api/projects/")) == ["1a-lezen", "2b-rekenen"]
    assert results(client.get(f"/api/projects/?organisation={org_a.slug}")) == ["1a-lezen"]
    assert results(client.get("/api/projects/?status=completed")) == ["2b-rekenen"]


def test_offerings_with_the_offering_filters(client, org_a):
    def offering(slug, **extra):
        return Offering.objects.create(
            provider=org_a,
            title=slug.title(),
            slug=slug,
            kind="workshop",
            description="…",
            publication_status="published",
            **extra,
        )

    offering("gratis-po", audiences=" po ", is_free=True, grade_from=7, grade_to=8)
    offering("betaald-vo", audiences=" vo ", price=25)
    offering("voorbij", audiences=" po ", expires_on=timezone.localdate() - dt.timedelta(days=1))
    offering("concept", audiences=" po ").__class__.objects.filter(slug="concept").update(publication_status="draft")
    assert results(client.get("/api/offerings/")) == ["betaald-vo", "gratis-po"]
    assert results(client.get("/api/offerings/?free=true")) == ["gratis-po"]
    assert results(client.get("/api/offerings/?audience=po&group=7-8")) == ["gratis-po"]
    assert results(client.get(f"/api/offerings/?provider={org_a.slug}&audience=vo")) == ["betaald-vo"]
    assert client.get("/api/offerings/?audience=vo").json()["results"][0]["price"] in ("25.00", 25.0, "25")


def test_programme_with_its_figures(client, org_a):
    counted = ActivityFactory(organisers=[org_a])
    ActivityFigures.objects.create(activity=counted, participants=40, first_timers=10)
    draft = ActivityFactory(organisers=[org_a], publication_status="draft")
    ActivityFigures.objects.create(activity=draft, participants=1000)
    programme = make_programme(slug="lnos", organisations=[org_a])
    make_line(programme, code="1", activities=[counted, draft])
    make_line(programme, code="2", activities=[counted])
    ProgrammeFigure.objects.create(programme=programme, label="Bereik", value=500, source="Jaarverslag")
    make_programme(slug="concept", published=False)
    assert results(client.get("/api/programmes/")) == ["lnos"]
    body = client.get("/api/programmes/lnos/").json()
    assert body["figures"]["participants"] == 40  # the draft's figures do not count; the activity counts once
    assert body["figures"]["activities"] == 1
    assert body["figures"]["first_timer_share"] == 25.0
    assert [line["figures"]["participants"] for line in body["lines"]] == [40, 40]
    assert body["reported_figures"][0]["source"] == "Jaarverslag"
    assert client.get("/api/programmes/concept/").status_code == 404


def test_unknown_records_are_404_json(client):
    for url in ("/api/activities/nope/", "/api/organisations/nope/", "/api/programmes/nope/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["detail"]


def test_a_page_past_the_end_is_404(client):
    ActivityFactory()
    assert client.get("/api/activities/?page=2").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/activities/?theme=does-not-exist",
        "/api/activities/?sector=nope",
        "/api/activities/?month=2025-13",
        "/api/activities/?from=2025-05-02&to=2025-05-01",
        "/api/activities/?from=0001-01-01",
        "/api/activities/?year=abc",
        "/api/activities/?page=0",
        "/api/offerings/?group=9-10",
        "/api/projects/?organisation=unknown",
    ],
)
def test_bad_parameters_are_400_with_detail(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_the_openapi_document_lists_every_endpoint(client):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert {
        "/api/organisations/",
        "/api/organisations/{slug}/",
        "/api/activities/",
        "/api/activities/{slug}/",
        "/api/projects/",
        "/api/offerings/",
        "/api/programmes/",
        "/api/programmes/{slug}/",
        "/api/stories/",
        "/api/lines/",
        "/api/lines/{slug}/",
    } <= set(document["paths"])
    assert set(document["paths"]["/api/activities/"]) == {"get", "post"}


def test_the_api_is_not_language_prefixed(client):
    assert client.get("/en/api/activities/").status_code == 404
    OrganisationFactory()
    assert client.get("/api/organisations/").status_code == 200


def test_themes_with_retired_ones_marked(client):
    ThemeFactory(name="Lezen", name_en="Reading")
    set_retired(ThemeFactory(name="Oud"), True)
    results = client.get("/api/themes/").json()["results"]
    assert results == [
        {"slug": "lezen", "name": "Lezen", "name_en": "Reading", "retired": False},
        {"slug": "oud", "name": "Oud", "name_en": "", "retired": True},
    ]


def test_the_network_identity(client):
    assert client.get("/api/network/").status_code == 404
    roles = {"pionier": {"name": "Pionier", "name_en": "Pioneer", "text": "Probeert uit.", "text_en": ""}}
    save_profile(NetworkProfile(name="Het LEF", history="Begonnen in 2018."), roles)
    identity = client.get("/api/network/").json()
    assert identity["history"] == "<p>Begonnen in 2018.</p>"
    assert identity["roles"] == [
        {"key": "pionier", "name": "Pionier", "name_en": "Pioneer", "text": "Probeert uit.", "text_en": ""}
    ]
    assert identity["url"].endswith("/over-het-netwerk/")


def test_lines_of_work_in_use_sight_lines_first(client):
    LineFactory(name="Techniek", kind="dwarslijn")
    LineFactory(name="Talent", kind="zichtlijn")
    retire_line(LineFactory(name="Oude lijn", kind="zichtlijn"))
    assert results(client.get("/api/lines/")) == ["talent", "techniek"]  # a retired line only when asked for
    assert results(client.get("/api/lines/?retired=1")) == ["oude-lijn", "talent", "techniek"]
    assert results(client.get("/api/lines/?retired=true&kind=zichtlijn")) == ["oude-lijn", "talent"]
    assert results(client.get("/api/lines/?kind=dwarslijn")) == ["techniek"]
    assert client.get("/api/lines/?kind=nope").status_code == 400
    # The retired line keeps its record, as it keeps its page.
    retired = client.get("/api/lines/oude-lijn/").json()
    assert retired["retired"] is True
    assert client.get("/api/lines/talent/").json()["retired"] is False
    assert client.get("/api/lines/nope/").status_code == 404
    etag = client.get("/api/lines/")["ETag"]  # through api.http like every endpoint
    assert client.get("/api/lines/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_line_of_work_with_its_holders_questions_and_projects(client, org_a):
    theme = ThemeFactory(name="Techniek", slug="techniek")
    line = LineFactory(name="AI", kind="dwarslijn", purpose="Wat AI betekent voor het leren.")
    line.themes.add(theme)
    line.holders.add(PersonFactory(name="Hanna Houder", organisation=org_a, job_title="Directeur"))
    LineQuestionFactory(line=line, text="Wie heeft een lesplan?", position=1)
    LineQuestionFactory(line=line, text="Welke tools?", state="answered", position=2)
    ProjectFactory(code="4a", title="Open", leads=[org_a]).lines.add(line)
    ProjectFactory(code="4b", title="Geheim", leads=[org_a], publication_status="draft").lines.add(line)
    body = client.get("/api/lines/ai/").json()
    assert body == {
        "slug": "ai",
        "name": "AI",
        "kind": "dwarslijn",
        "kind_label": "Dwarslijn",
        "purpose": "Wat AI betekent voor het leren.",
        "themes": [{"slug": "techniek", "name": "Techniek"}],
        "holders": [{"name": "Hanna Houder", "organisation": {"slug": org_a.slug, "name": org_a.name}}],
        "questions": [
            {"text": "Wie heeft een lesplan?", "state": "open", "state_label": "Open"},
            {"text": "Welke tools?", "state": "answered", "state_label": "Beantwoord"},
        ],
        "projects": ["4a"],  # the draft project stays out
        "retired": False,
        "url": "http://testserver/lijnen/ai/",
    }
    assert client.get("/api/lines/ai/", HTTP_ACCEPT_LANGUAGE="en").json()["kind_label"].startswith("Cross line")
    assert client.get("/api/lines/").json()["results"] == [body]


def test_the_list_of_lines_takes_the_same_queries_for_more_lines(client, org_a, django_assert_num_queries):
    def line_with_everything(name):
        line = LineFactory(name=name)
        line.themes.add(ThemeFactory())
        line.holders.add(PersonFactory(organisation=org_a), PersonFactory())
        LineQuestionFactory(line=line)
        ProjectFactory(leads=[org_a]).lines.add(line)

    line_with_everything("Eerste")
    client.get("/api/lines/")  # warm up what is read once per process
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/lines/").json()["count"] == 1
    for number in range(4):
        line_with_everything(f"Lijn {number}")
    with django_assert_num_queries(len(one)):
        assert client.get("/api/lines/").json()["count"] == 5
