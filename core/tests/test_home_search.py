"""The home page (backbone, coming up, lines, recent projects) and the simple title search."""

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
    for key, name, name_en in [("platform", "Platform", "Platform"), ("makelaar", "Makelaar", "Broker"),
                               ("pionier", "Pionier", "Pioneer"), ("verdiepen", "Verdiepen", "Deepening")]:
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
    bulk_activities([
        {"start": in_days(n % 20 + 1), "organisers": [pool[n % 5], pool[(n + 1) % 5]], "themes": [theme]}
        for n in numbers
    ])
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


class TestSearch:
    @pytest.fixture
    def world(self, org_a):
        OrganisationFactory(name="Natuurschool De Egel")
        ActivityFactory(title="Natuurwandeling", organisers=[org_a])
        ProjectFactory(code="N1", title="Natuur in de klas", leads=[org_a])
        LineFactory(name="Dwarslijn Natuur")
        ActivityFactory(title="Natuurconcept", organisers=[org_a], publication_status=DRAFT)
        ProjectFactory(code="N2", title="Natuurproject in concept", leads=[org_a], publication_status=DRAFT)
        ActivityFactory(title="Iets anders")

    def test_finds_each_kind_by_name(self, anonymous_client, world):
        response = anonymous_client.get("/zoeken/", {"q": "natuur"})
        results = response.context["results"]
        assert response.status_code == 200
        assert [o.name for o in results["organisations"]] == ["Natuurschool De Egel"]
        assert [a.title for a in results["activities"]] == ["Natuurwandeling"]
        assert [p.title for p in results["projects"]] == ["Natuur in de klas"]
        assert [line.name for line in results["lines"]] == ["Dwarslijn Natuur"]
        assert response.context["found"] == 4
        html = response.content.decode()
        assert "Natuurwandeling" in html and "Iets anders" not in html

    @pytest.mark.parametrize(
        "persona_client, sees",
        [("anonymous", False), ("editor_b", False), ("editor_a", True), ("coordinator", True)],
        indirect=["persona_client"],
    )
    def test_drafts_only_for_those_who_may_edit_them(self, persona_client, sees, world):
        html = persona_client.get("/zoeken/", {"q": "natuur"}).content.decode()
        assert ("Natuurconcept" in html) is sees
        assert ("Natuurproject in concept" in html) is sees
        assert "Natuurwandeling" in html

    def test_empty_query_shows_only_the_box(self, anonymous_client, world):
        response = anonymous_client.get("/zoeken/", {"q": "   "})
        assert response.status_code == 200
        assert response.context["found"] == 0
        assert "Natuurwandeling" not in response.content.decode()

    def test_nothing_found(self, anonymous_client, world):
        response = anonymous_client.get("/en/zoeken/", {"q": "ruimtevaart"})
        assert response.context["found"] == 0
        assert "Nothing found" in response.content.decode()

    def test_very_long_query_does_not_break(self, anonymous_client):
        response = anonymous_client.get("/zoeken/", {"q": "x" * 5000})
        assert response.status_code == 200
        assert len(response.context["query"]) == 200

    def test_results_are_limited(self, anonymous_client):
        ActivityFactory.create_batch(25)
        response = anonymous_client.get("/zoeken/", {"q": "Activiteit"})
        assert len(response.context["results"]["activities"]) == 20
