"""The project portfolio grouped by cluster, its filters, and the project page."""

import datetime as dt

import pytest

from core.models import PublicationStatus
from tests.factories import OrganisationFactory, ProjectFactory, ProjectUpdateFactory, ThemeFactory, bulk_projects

pytestmark = pytest.mark.django_db

URL = "/projecten/"


def grouped(response):
    """{cluster key: [codes]} for the clusters that have projects."""
    return {
        cluster["key"]: [project.code for project in cluster["projects"]]
        for cluster in response.context["clusters"]
        if cluster["projects"]
    }


def codes(response):
    return sorted(code for cluster_codes in grouped(response).values() for code in cluster_codes)


class TestPortfolio:
    def test_grouped_by_cluster_in_the_fixed_order(self, anonymous_client):
        ProjectFactory(code="K1", title="Stad als klaslokaal", cluster="kennisstad-breed")
        ProjectFactory(code="G2", title="Gezonde school", cluster="gezondheid-welzijn")
        ProjectFactory(code="G1", title="Bewegen", cluster="gezondheid-welzijn")
        ProjectFactory(code="E1", title="Museum in de klas", cluster="cultureel-erfgoed")
        ProjectFactory(code="B1", title="Groene pleinen", cluster="biodiversiteit-duurzaamheid")

        response = anonymous_client.get(URL)

        assert response.status_code == 200
        assert [cluster["key"] for cluster in response.context["clusters"]] == [
            "gezondheid-welzijn",
            "biodiversiteit-duurzaamheid",
            "cultureel-erfgoed",
            "kennisstad-breed",
        ]
        assert grouped(response) == {
            "gezondheid-welzijn": ["G1", "G2"],
            "biodiversiteit-duurzaamheid": ["B1"],
            "cultureel-erfgoed": ["E1"],
            "kennisstad-breed": ["K1"],
        }
        assert response.context["total"] == 5
        html = response.content.decode()
        positions = [
            html.index(title)
            for title in ["Bewegen", "Gezonde school", "Groene pleinen", "Museum in de klas", "Stad als klaslokaal"]
        ]
        assert positions == sorted(positions)
        assert 'id="cluster-gezondheid-welzijn"' in html

    def test_cards_show_the_leads(self, anonymous_client, org_a):
        ProjectFactory(code="P1", title="Samen lezen", leads=[org_a])
        html = anonymous_client.get(URL).content.decode()
        assert "P1" in html and "Samen lezen" in html and "Organisatie A" in html

    @pytest.mark.parametrize("role", ["lead", "partner"])
    def test_filter_by_organisation_as_lead_or_partner(self, anonymous_client, org_a, org_b, role):
        other = OrganisationFactory(name="Derde")
        ProjectFactory(code="L1", leads=[org_a])
        ProjectFactory(code="P1", leads=[org_b], partners=[org_a, other])
        ProjectFactory(code="X1", leads=[org_b], partners=[other])
        response = anonymous_client.get(URL, {"organisatie": org_a.slug if role == "lead" else other.slug})
        assert not response.context["filter"].errors
        assert codes(response) == (["L1", "P1"] if role == "lead" else ["P1", "X1"])

    def test_project_with_an_organisation_as_lead_and_partner_elsewhere_listed_once(self, anonymous_client, org_a):
        ProjectFactory(code="D1", leads=[org_a, OrganisationFactory()], partners=[OrganisationFactory()])
        assert codes(anonymous_client.get(URL, {"organisatie": org_a.slug})) == ["D1"]

    def test_filter_by_theme(self, anonymous_client):
        theme = ThemeFactory(name="Erfgoed")
        ProjectFactory(code="T1", themes=[theme, ThemeFactory(name="Taal")])
        ProjectFactory(code="T2")
        assert codes(anonymous_client.get(URL, {"thema": theme.slug})) == ["T1"]

    def test_filter_by_status(self, anonymous_client):
        ProjectFactory(code="R1", status="running")
        ProjectFactory(code="C1", status="completed")
        ProjectFactory(code="C2", status="completed")
        assert codes(anonymous_client.get(URL, {"status": "completed"})) == ["C1", "C2"]

    def test_filters_combine(self, anonymous_client, org_a):
        ProjectFactory(code="A1", leads=[org_a], status="completed")
        ProjectFactory(code="A2", leads=[org_a], status="running")
        ProjectFactory(code="B1", status="completed")
        assert codes(anonymous_client.get(URL, {"organisatie": org_a.slug, "status": "completed"})) == ["A1"]

    @pytest.mark.parametrize("query", [{"status": "bogus"}, {"organisatie": "niemand"}, {"thema": "xyz"}])
    def test_unknown_filter_value_gives_a_message_not_an_error(self, anonymous_client, query):
        ProjectFactory(code="Z1")
        response = anonymous_client.get(URL, query)
        assert response.status_code == 200
        assert set(response.context["filter"].errors) == set(query)
        assert "utrecht-alert--warning" in response.content.decode()
        assert codes(response) == ["Z1"]

    def test_htmx_request_gets_only_the_results(self, anonymous_client):
        ProjectFactory(code="H1", title="Htmx project")
        response = anonymous_client.get(URL, {"status": "running"}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert "<html" not in html
        assert html.lstrip().startswith('<section id="results"')
        assert "Htmx project" in html

    def test_english(self, anonymous_client):
        ProjectFactory(code="E9", title="English project", cluster="cultureel-erfgoed")
        html = anonymous_client.get("/en" + URL).content.decode()
        assert '<html lang="en"' in html
        assert "Cultural heritage" in html and "English project" in html

    @pytest.mark.parametrize(
        "persona_client, sees",
        [("anonymous", False), ("editor_b", False), ("editor_a", True), ("coordinator", True)],
        indirect=["persona_client"],
    )
    def test_drafts_only_for_those_who_may_edit_them(self, persona_client, sees, org_a):
        ProjectFactory(code="OPEN", leads=[org_a])
        ProjectFactory(
            code="CONCEPT", title="Conceptproject", leads=[org_a], publication_status=PublicationStatus.DRAFT
        )
        response = persona_client.get(URL)
        assert ("CONCEPT" in codes(response)) is sees
        assert ("Conceptproject" in response.content.decode()) is sees
        assert "OPEN" in codes(response)


def _fill_projects(count, start=0):
    themes = [ThemeFactory(name="Projectthema")]
    pool = OrganisationFactory.create_batch(5)
    clusters = ["gezondheid-welzijn", "biodiversiteit-duurzaamheid", "cultureel-erfgoed", "kennisstad-breed"]
    bulk_projects(
        [
            {
                "code": f"P{number:03d}",
                "cluster": clusters[number % 4],
                "leads": [pool[number % 5]],
                "partners": [pool[(number + 1) % 5], pool[(number + 2) % 5]],
                "themes": themes,
                "publication_status": PublicationStatus.DRAFT if number % 7 == 0 else PublicationStatus.PUBLISHED,
            }
            for number in range(start, start + count)
        ]
    )


@pytest.mark.parametrize("persona", ["anonymous_client", "editor_a_client"])
@pytest.mark.parametrize("query", ["", "?thema=projectthema&status=running"])
def test_portfolio_query_count_does_not_grow_with_rows(request, persona, query, count_queries):
    client = request.getfixturevalue(persona)
    _fill_projects(10)
    _response, with_few = count_queries(client, URL + query)
    _fill_projects(190, start=10)
    response, with_many = count_queries(client, URL + query)
    assert response.context["total"] > 150
    assert with_few == with_many, f"{with_few} queries with 10 rows, {with_many} with 200"


class TestDetail:
    def test_shows_code_description_leads_partners_and_dated_updates(self, anonymous_client, org_a, org_b):
        project = ProjectFactory(
            code="12a",
            title="Groene schoolpleinen",
            cluster="biodiversiteit-duurzaamheid",
            description="Pleinen worden groen.",
            leads=[org_a],
            partners=[org_b],
        )
        ProjectUpdateFactory(project=project, date=dt.date(2025, 3, 1), text="Eerste plein klaar.")
        ProjectUpdateFactory(project=project, date=dt.date(2025, 6, 1), text="Tweede plein klaar.")

        response = anonymous_client.get(project.get_absolute_url())

        html = response.content.decode()
        assert response.status_code == 200
        assert "12a" in html and "Groene schoolpleinen" in html and "Pleinen worden groen." in html
        assert f'href="{org_a.get_absolute_url()}"' in html and f'href="{org_b.get_absolute_url()}"' in html
        assert 'datetime="2025-06-01"' in html and 'datetime="2025-03-01"' in html
        # Newest update first.
        assert html.index("Tweede plein klaar.") < html.index("Eerste plein klaar.")
        # No update form for visitors.
        assert "/voortgang/" not in html

    @pytest.mark.parametrize(
        "persona_client, status",
        [("anonymous", 404), ("editor_b", 404), ("editor_a", 200), ("coordinator", 200)],
        indirect=["persona_client"],
    )
    def test_draft(self, persona_client, status, org_a):
        draft = ProjectFactory(title="Conceptproject", leads=[org_a], publication_status=PublicationStatus.DRAFT)
        response = persona_client.get(draft.get_absolute_url())
        assert response.status_code == status
        if status == 200:
            assert "Conceptproject" in response.content.decode()

    def test_edit_update_and_publish_controls_by_role(
        self, anonymous_client, editor_a_client, coordinator_client, editor_b_client, org_a
    ):
        project = ProjectFactory(leads=[org_a])
        url = project.get_absolute_url()
        controls = {
            "anonymous": anonymous_client.get(url).content.decode(),
            "editor_b": editor_b_client.get(url).content.decode(),
            "editor_a": editor_a_client.get(url).content.decode(),
            "coordinator": coordinator_client.get(url).content.decode(),
        }
        for persona, html in controls.items():
            may_edit = persona in ("editor_a", "coordinator")
            assert (f"{url}bewerken/" in html) is may_edit, persona
            assert (f"{url}voortgang/" in html) is may_edit, persona
            assert (f"{url}publiceren/" in html) is (persona == "coordinator"), persona

    def test_missing_project_is_404(self, anonymous_client):
        assert anonymous_client.get("/projecten/bestaat-niet/").status_code == 404


class TestPages:
    """A city has thousands of projects: the portfolio shows one page of them (issue 9's benchmark)."""

    def test_a_large_portfolio_is_paginated_in_cluster_order(self, anonymous_client):
        from projects.views import PROJECTS_PER_PAGE

        clusters = ["kennisstad-breed", "gezondheid-welzijn", "cultureel-erfgoed"]
        bulk_projects([{"code": f"P{number:03}", "cluster": clusters[number % 3]} for number in range(150)])

        first = anonymous_client.get(URL)
        assert first.context["total"] == 150
        assert len(codes(first)) == PROJECTS_PER_PAGE
        html = first.content.decode()
        assert 'rel="next"' in html and "page=2" in html
        # Each cluster heading counts the whole selection, not just this page.
        assert "(50)" in html
        # Pages follow the clusters' fixed order: gezondheid-welzijn first, kennisstad-breed last.
        assert list(grouped(first)) == ["gezondheid-welzijn", "cultureel-erfgoed"]

        seen = []
        for number in (1, 2, 3):
            # The last page as rendered (asked again, it would come from the cache, with no context to read).
            last = anonymous_client.get(URL, {"page": number})
            seen += codes(last)
        assert sorted(seen) == [f"P{number:03}" for number in range(150)]
        assert list(grouped(last)) == ["kennisstad-breed"]

    def test_filters_are_kept_in_the_page_links(self, anonymous_client):
        bulk_projects([{"code": f"C{number:03}", "status": "completed"} for number in range(70)])
        html = anonymous_client.get(URL, {"status": "completed"}).content.decode()
        assert "status=completed&amp;page=2" in html
