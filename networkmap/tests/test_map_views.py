"""The network map page, its list view and its JSON: who sees what, filters that stay, bad input, queries."""

import datetime as dt
import json

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from core import invalidation
from core.models import PublicationStatus
from networkmap.cache import MAP, programme_network
from programmes.models import Action, Programme, ProgrammeLine
from tests.factories import (
    ActivityFactory,
    LineFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
    bulk_activities,
)

pytestmark = pytest.mark.django_db

MAP_URL = "/netwerk/"
LIST_URL = "/netwerk/lijst/"
DATA_URL = "/netwerk.json"


@pytest.fixture
def network(org_a, org_b):
    """A (vo) and B (hbo) organised an activity together; both carry a theme C (po) also carries."""
    theme = ThemeFactory(name="Techniek", slug="techniek")
    school = OrganisationFactory(name="Basisschool C", sector="po")
    for organisation in (org_a, org_b, school):
        organisation.themes.add(theme)
    ActivityFactory(title="Techniekdag", organisers=[org_a, org_b], themes=[theme])
    return theme


def data(response):
    return json.loads(response.content)


class TestMapPage:
    def test_shows_the_map_its_legend_and_the_figures(self, anonymous_client, network):
        response = anonymous_client.get(MAP_URL)

        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="network-map"' in html
        assert f'data-src="{DATA_URL}?"' in html
        assert 'class="rimpel-swatch rimpel-sector--vo"' in html
        assert 'href="/netwerk/lijst/?"' in html  # the list view for who does not use the map
        assert "networkmap/map.js" in html
        assert "<script>" not in html  # code lives in static files (a strict CSP will come)
        metrics = response.context["metrics"]
        assert (metrics.organisations, metrics.ties) == (3, 1)

    def test_not_yet_connected_is_for_the_coordinator_only(
        self, anonymous_client, editor_a_client, coordinator_client, network
    ):
        for client in (anonymous_client, editor_a_client):
            response = client.get(MAP_URL)
            assert response.context["suggestions"] is None
            assert 'id="suggestions-heading"' not in response.content.decode()

        response = coordinator_client.get(MAP_URL)

        assert 'id="suggestions-heading"' in response.content.decode()
        pairs = [(s.first.name, s.second.name) for s in response.context["suggestions"]]
        assert pairs == [("Basisschool C", "Organisatie A"), ("Basisschool C", "Organisatie B")]

    def test_filters_keep_their_values(self, anonymous_client, network):
        response = anonymous_client.get(MAP_URL, {"thema": "techniek", "sector": ["vo", "po"], "soort": "lijn"})

        html = response.content.decode()
        assert '<option value="techniek" selected>' in html
        assert 'value="vo" id="id_sector_3" checked' in html
        assert 'value="po" id="id_sector_2" checked' in html
        assert 'value="lijn" id="id_soort_2" checked' in html
        assert "sector=vo&amp;sector=po" in html  # the list view and the data keep them too
        assert response.context["metrics"].ties == 0

    @pytest.mark.parametrize(
        "query",
        [
            "?jaar=abc&soort=x",
            "?sector=nergens&thema=onbekend&programma=geen",
            "?jaar=1800",
            "?page=-1&toon=%00",
        ],
    )
    def test_garbage_is_ignored_and_named(self, anonymous_client, network, query):
        for url in (MAP_URL, LIST_URL, DATA_URL):
            response = anonymous_client.get(url + query)
            assert response.status_code == 200
        response = anonymous_client.get(MAP_URL + query)
        if "page" not in query:
            assert "utrecht-alert--warning" in response.content.decode()
        assert response.context["metrics"].ties == 1

    def test_a_draft_programme_is_no_filter_for_the_public(self, anonymous_client, coordinator_client, network):
        Programme.objects.create(
            slug="concept",
            name="Concept",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
            publication_status=PublicationStatus.DRAFT,
        )

        assert anonymous_client.get(MAP_URL + "?programma=concept").context["form"].errors
        assert not coordinator_client.get(MAP_URL + "?programma=concept").context["form"].errors

    def test_the_year_filter_offers_the_years_of_the_records(self, anonymous_client, org_a, org_b):
        ActivityFactory(organisers=[org_a, org_b], start=timezone.make_aware(dt.datetime(2024, 6, 1, 10)))
        response = anonymous_client.get(MAP_URL, {"jaar": "2024"})
        assert '<option value="2024" selected>' in response.content.decode()
        assert response.context["metrics"].ties == 1

    def test_an_empty_network_says_so(self, anonymous_client):
        response = anonymous_client.get(MAP_URL)
        assert 'id="network-map"' not in response.content.decode()
        assert "rimpel-empty" in response.content.decode()

    def test_english(self, anonymous_client, network):
        response = anonymous_client.get("/en" + MAP_URL)
        assert response.status_code == 200
        assert "Network map" in response.content.decode()

    def test_query_count_does_not_grow_with_the_network(self, coordinator_client, count_queries):
        organisations = [OrganisationFactory(sector="po") for _n in range(6)]
        theme = ThemeFactory()
        for organisation in organisations:
            organisation.themes.add(theme)

        def add(count):
            start = timezone.make_aware(dt.datetime(2025, 3, 1, 10))
            bulk_activities([{"start": start, "organisers": organisations[n % 5 : n % 5 + 2]} for n in range(count)])

        add(3)
        _response, few = count_queries(coordinator_client, MAP_URL)
        add(60)
        _response, many = count_queries(coordinator_client, MAP_URL)
        assert few == many
        _response, cached = count_queries(coordinator_client, MAP_URL)
        assert cached < many
        invalidation.renew(MAP)  # cold, as after the next change
        _response, list_few = count_queries(coordinator_client, LIST_URL + "?toon=banden")
        add(60)
        _response, list_many = count_queries(coordinator_client, LIST_URL + "?toon=banden")
        assert list_few == list_many


class TestListView:
    def test_organisations_with_their_sector_activities_ties_and_broker_rank(self, anonymous_client, network):
        response = anonymous_client.get(LIST_URL)

        assert response.status_code == 200
        rows = [(node.name, node.sector, node.activities, node.degree) for node in response.context["page"]]
        assert rows == [("Basisschool C", "po", 0, 0), ("Organisatie A", "vo", 1, 1), ("Organisatie B", "hbo", 1, 1)]
        assert 'href="/organisaties/organisatie-a/"' in response.content.decode()

    def test_sorted_by_a_column(self, anonymous_client, network):
        response = anonymous_client.get(LIST_URL, {"sorteer": "banden"})
        names = [node.name for node in response.context["page"]]
        assert names == ["Organisatie A", "Organisatie B", "Basisschool C"]
        assert 'aria-sort="descending"' in response.content.decode()
        response = anonymous_client.get(LIST_URL, {"sorteer": "weinig-banden"})
        assert [node.name for node in response.context["page"]][0] == "Basisschool C"

    def test_ties_with_the_records_behind_them(self, anonymous_client, org_a, org_b):
        for n in range(5):
            ActivityFactory(title=f"Samen {n}", organisers=[org_a, org_b])
        ProjectFactory(code="P1", title="Samenproject", leads=[org_a], partners=[org_b])
        LineFactory(name="Taallijn").holders.set([PersonFactory(organisation=org_a), PersonFactory(organisation=org_b)])

        response = anonymous_client.get(LIST_URL, {"toon": "banden"})

        [row] = response.context["page"].object_list
        assert (row.first.name, row.second.name, row.tie.weight) == ("Organisatie A", "Organisatie B", 7)
        assert [record.title for record in row.records] == ["Samen 4", "Samen 3", "Samen 2"]
        assert row.more == 4
        html = response.content.decode()
        assert '<a class="utrecht-link" href="/agenda/samen-4/">Samen 4</a>' in html
        assert 'aria-current="page"' in html

    def test_a_draft_activity_is_not_listed_for_the_public(self, anonymous_client, coordinator_client, org_a, org_b):
        ActivityFactory(title="Geheim", organisers=[org_a, org_b], publication_status=PublicationStatus.DRAFT)

        assert anonymous_client.get(LIST_URL, {"toon": "banden"}).context["page"].paginator.count == 0
        response = coordinator_client.get(LIST_URL, {"toon": "banden"})
        assert response.context["page"].paginator.count == 1
        assert "Geheim" in response.content.decode()

    def test_pages(self, anonymous_client):
        for n in range(30):
            OrganisationFactory(name=f"Org {n:02d}")
        response = anonymous_client.get(LIST_URL, {"page": "2"})
        assert [node.name for node in response.context["page"]][0] == "Org 25"
        assert "page=1" in response.content.decode()

    def test_htmx_gets_only_the_results_and_keeps_the_view(self, anonymous_client, network):
        response = anonymous_client.get(LIST_URL, {"toon": "banden", "thema": "techniek"}, HTTP_HX_REQUEST="true")

        html = response.content.decode()
        assert "<html" not in html
        assert 'id="results"' in html
        assert 'name="toon" value="banden"' in html
        assert 'id="view-tabs"' in html and 'hx-swap-oob="true"' in html


class TestData:
    def test_organisations_and_ties_as_json(self, anonymous_client, network, org_a, org_b):
        response = anonymous_client.get(DATA_URL)

        assert response["Content-Type"] == "application/json"
        body = data(response)
        by_name = {node["name"]: node for node in body["organisations"]}
        assert by_name["Organisatie A"]["url"] == "/organisaties/organisatie-a/"
        assert by_name["Organisatie A"]["sector"] == "vo"
        assert by_name["Organisatie A"]["activities"] == 1
        assert body["ties"] == [
            {
                "source": min(org_a.pk, org_b.pk),
                "target": max(org_a.pk, org_b.pk),
                "weight": 1,
                "kinds": ["activiteit"],
                "first_year": timezone.localdate().year,
            }
        ]

    def test_the_same_filters_as_the_map(self, anonymous_client, network):
        assert data(anonymous_client.get(DATA_URL, {"sector": "po"}))["ties"] == []
        assert len(data(anonymous_client.get(DATA_URL, {"sector": "po"}))["organisations"]) == 1

    def test_english_links(self, anonymous_client, network):
        body = data(anonymous_client.get("/en" + DATA_URL))
        assert body["organisations"][0]["url"].startswith("/en/organisaties/")


class TestProgrammeInclude:
    def test_the_programme_page_piece(self, english, org_a, org_b):
        programme = Programme.objects.create(
            slug="lnos",
            name="LNOS",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
            publication_status="published",
        )
        line = ProgrammeLine.objects.create(programme=programme, kind="ambition", code="A1", title="Ambitie")
        Action.objects.create(line=line, code="A1.1", title="Actie").activities.add(
            ActivityFactory(organisers=[org_a, org_b])
        )

        html = render_to_string(
            "networkmap/_programme_network.html", {"network": programme_network(programme), "programme": programme}
        )

        assert 'href="/en/netwerk/?programma=lnos"' in html
        assert "Network of the programme" in html
        assert "50%" not in html and "100%" in html  # vo–hbo: the one tie crosses sectors
