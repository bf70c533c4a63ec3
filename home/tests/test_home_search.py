"""The home page: backbone, coming up, lines, recent projects and the search box."""

import pytest

from core.models import PublicationStatus
from tests.factories import (
    ActivityFactory,
    LineFactory,
    NetworkProfileFactory,
    NetworkRoleFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
    bulk_activities,
    bulk_projects,
    in_days,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


@pytest.fixture
def profile():
    profile = NetworkProfileFactory(
        ambition="Elk kind leert in een rijke omgeving.",
        ambition_en="Every child learns in a rich environment.",
        strategy="Verbinden en verdiepen.",
        values="Nieuwsgierig\nSamen",
    )
    for key, name, name_en in [
        ("platform", "Platform", "Platform"),
        ("makelaar", "Makelaar", "Broker"),
        ("pionier", "Pionier", "Pioneer"),
        ("verdiepen", "Verdiepen", "Deepening"),
    ]:
        NetworkRoleFactory(profile=profile, key=key, name=name, name_en=name_en)
    return profile


class TestHome:
    def test_shows_the_backbone(self, anonymous_client, profile):
        response = anonymous_client.get("/")
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="nl"' in html
        assert "Elk kind leert in een rijke omgeving." in html
        assert "Verbinden en verdiepen." in html
        assert "<li>Nieuwsgierig</li>" in html and "<li>Samen</li>" in html
        for name in ["Platform", "Makelaar", "Pionier", "Verdiepen"]:
            assert name in html

    def test_english_texts_under_en(self, anonymous_client, profile):
        html = anonymous_client.get("/en/").content.decode()
        assert '<html lang="en"' in html
        assert "Every child learns in a rich environment." in html
        assert "Broker" in html and "Makelaar" not in html
        # No English text yet: the Dutch one is shown.
        assert "Verbinden en verdiepen." in html

    def test_without_a_profile_still_works(self, anonymous_client):
        assert anonymous_client.get("/").status_code == 200

    def test_upcoming_activities_first_six_in_date_order(self, anonymous_client):
        ActivityFactory(title="Voorbij", start=in_days(-3))
        for day in range(8, 0, -1):
            ActivityFactory(title=f"Over {day} dagen", start=in_days(day))
        response = anonymous_client.get("/")
        assert [a.title for a in response.context["upcoming"]] == [f"Over {day} dagen" for day in range(1, 7)]
        html = response.content.decode()
        assert "Over 1 dagen" in html and "Over 7 dagen" not in html and "Voorbij" not in html

    def test_lines_and_recent_projects(self, anonymous_client):
        LineFactory(name="Zichtlijn Taal", kind="zichtlijn")
        ProjectFactory(code="1a", title="Groene schoolpleinen")
        html = anonymous_client.get("/").content.decode()
        assert "Zichtlijn Taal" in html
        assert "Groene schoolpleinen" in html

    def test_recent_projects_most_recently_changed_first(self, anonymous_client):
        projects = [ProjectFactory(code=f"{n}r", title=f"Project {n}") for n in range(8)]
        projects[0].description = "Bijgewerkt"
        projects[0].save()
        shown = [p.title for p in anonymous_client.get("/").context["projects"]]
        assert len(shown) == 6
        assert shown[0] == "Project 0"

    def test_has_a_search_box(self, anonymous_client):
        html = anonymous_client.get("/").content.decode()
        assert 'action="/zoeken/"' in html and 'name="q"' in html

    @pytest.mark.parametrize(
        "persona_client, sees",
        [("anonymous", False), ("editor_b", False), ("editor_a", True), ("coordinator", True)],
        indirect=["persona_client"],
    )
    def test_drafts_only_for_those_who_may_edit_them(self, persona_client, sees, org_a):
        ActivityFactory(title="Conceptactiviteit", organisers=[org_a], publication_status=DRAFT, start=in_days(1))
        ProjectFactory(title="Conceptproject", leads=[org_a], publication_status=DRAFT)
        html = persona_client.get("/").content.decode()
        assert ("Conceptactiviteit" in html) is sees
        assert ("Conceptproject" in html) is sees


def _fill_home(count, start=0):
    theme = ThemeFactory(name="Thuisthema")
    pool = OrganisationFactory.create_batch(5)
    numbers = range(start, start + count)
    bulk_activities(
        [
            {"start": in_days(n % 20 + 1), "organisers": [pool[n % 5], pool[(n + 1) % 5]], "themes": [theme]}
            for n in numbers
        ]
    )
    bulk_projects([{"leads": [pool[n % 5], pool[(n + 2) % 5]]} for n in numbers])
    for number in numbers:
        line = LineFactory()
        line.holders.add(PersonFactory(organisation=pool[number % 5]), PersonFactory(organisation=pool[0]))


@pytest.mark.parametrize("persona", ["anonymous_client", "editor_a_client"])
def test_home_query_count_does_not_grow_with_rows(request, persona, profile, count_queries):
    client = request.getfixturevalue(persona)
    _fill_home(10)
    _response, with_few = count_queries(client, "/")
    _fill_home(190, start=10)
    response, with_many = count_queries(client, "/")
    assert len(response.context["lines"]) == 200
    assert with_few == with_many, f"{with_few} queries with 10 rows, {with_many} with 200"
