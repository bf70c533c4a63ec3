"""The organisation directory, the organisation page and the organisation forms."""

import pytest
from django.utils import translation

from core.batching import batched
from core.models import PublicationStatus, UsedFormToken
from network.models import Organisation, OrganisationAlias
from tests.factories import (
    ActivityFactory,
    AliasFactory,
    LineFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
    bulk_activities,
    in_days,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/organisaties/"
CREATE_URL = "/organisaties/nieuw/"


def names(response):
    return [organisation.name for organisation in response.context["page"].object_list]


def assert_login_redirect(response, url):
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=")
    assert url.replace("/", "%2F") in response["Location"] or url in response["Location"]


def form_data(**overrides):
    data = {
        "name": "Nieuwe School",
        "sector": "po",
        "parent": "",
        "website": "",
        "description": "Een basisschool.",
        "aliases": "NS",
        "form_token": "",
    }
    data.update(overrides)
    return data


class TestDirectory:
    def test_lists_organisations_by_name_with_aliases_and_parent(self, anonymous_client):
        university = OrganisationFactory(name="Universiteit Leiden", sector="wo")
        faculty = OrganisationFactory(name="Faculteit Sociale Wetenschappen", sector="wo", parent=university)
        AliasFactory(organisation=faculty, alias="UL/FSW")
        OrganisationFactory(name="Albeda", sector="mbo")

        response = anonymous_client.get(LIST_URL)

        assert response.status_code == 200
        assert names(response) == ["Albeda", "Faculteit Sociale Wetenschappen", "Universiteit Leiden"]
        html = response.content.decode()
        assert "UL/FSW" in html
        assert (
            html.index("Albeda")
            < html.index("Faculteit Sociale Wetenschappen")
            < html.index('href="/organisaties/universiteit-leiden/"')
        )

    def test_filter_by_sector(self, anonymous_client, org_a, org_b):
        response = anonymous_client.get(LIST_URL, {"sector": "hbo"})
        assert names(response) == ["Organisatie B"]
        assert "Organisatie A" not in response.content.decode()

    def test_filter_by_theme(self, anonymous_client, org_a, org_b):
        theme = ThemeFactory(name="Biodiversiteit")
        org_b.themes.add(theme)
        response = anonymous_client.get(LIST_URL, {"thema": theme.slug})
        assert names(response) == ["Organisatie B"]

    def test_sort_by_name_both_ways(self, anonymous_client):
        for name in ["Bravo", "Alfa", "Charlie"]:
            OrganisationFactory(name=name)
        assert names(anonymous_client.get(LIST_URL, {"sorteer": "naam"})) == ["Alfa", "Bravo", "Charlie"]
        assert names(anonymous_client.get(LIST_URL, {"sorteer": "-naam"})) == ["Charlie", "Bravo", "Alfa"]

    def test_sort_by_number_of_published_activities(self, anonymous_client):
        busy, quiet, idle = (OrganisationFactory(name=name) for name in ["Druk", "Rustig", "Stil"])
        for _ in range(3):
            ActivityFactory(organisers=[busy])
        ActivityFactory(organisers=[quiet])
        # Drafts do not count.
        ActivityFactory.create_batch(5, organisers=[idle], publication_status=PublicationStatus.DRAFT)

        response = anonymous_client.get(LIST_URL, {"sorteer": "-activiteiten"})

        assert names(response) == ["Druk", "Rustig", "Stil"]
        assert [o.activity_count for o in response.context["page"].object_list] == [3, 1, 0]
        assert names(anonymous_client.get(LIST_URL, {"sorteer": "activiteiten"})) == ["Stil", "Rustig", "Druk"]

    def test_paginated_by_twenty(self, anonymous_client):
        for number in range(25):
            OrganisationFactory(name=f"Org {number:02d}")
        first = anonymous_client.get(LIST_URL)
        second = anonymous_client.get(LIST_URL, {"page": 2})
        assert names(first) == [f"Org {n:02d}" for n in range(20)]
        assert names(second) == [f"Org {n:02d}" for n in range(20, 25)]
        assert "?page=2" in first.content.decode()

    def test_pagination_keeps_filters(self, anonymous_client):
        for number in range(21):
            OrganisationFactory(name=f"Org {number:02d}", sector="vo")
        response = anonymous_client.get(LIST_URL, {"sector": "vo"})
        assert "?sector=vo&amp;page=2" in response.content.decode()

    @pytest.mark.parametrize("page", ["999", "abc", "-1", ""])
    def test_page_number_too_high_or_not_a_number_still_shows_a_page(self, anonymous_client, page):
        for number in range(25):
            OrganisationFactory(name=f"Org {number:02d}")
        response = anonymous_client.get(LIST_URL, {"page": page})
        assert response.status_code == 200
        assert len(names(response)) in (20, 5)

    def test_unknown_filter_values_give_a_message_not_an_error(self, anonymous_client, org_a, org_b):
        response = anonymous_client.get(LIST_URL, {"sector": "xyz", "sorteer": "bogus"})
        assert response.status_code == 200
        assert set(response.context["filter"].errors) == {"sector", "sorteer"}
        # The faulty filters are ignored: everything is listed, by name.
        assert names(response) == ["Organisatie A", "Organisatie B"]
        assert 'class="utrecht-alert utrecht-alert--warning"' in response.content.decode()

    def test_unknown_filter_message_in_english(self, anonymous_client, org_a):
        response = anonymous_client.get("/en" + LIST_URL, {"sector": "xyz"})
        assert response.status_code == 200
        assert "A filter was ignored" in response.content.decode()

    def test_unknown_theme_gives_a_message(self, anonymous_client, org_a):
        response = anonymous_client.get(LIST_URL, {"thema": "bestaat-niet"})
        assert response.status_code == 200
        assert "thema" in response.context["filter"].errors
        assert names(response) == ["Organisatie A"]

    def test_htmx_request_gets_only_the_results(self, anonymous_client, org_a):
        response = anonymous_client.get(LIST_URL, {"sector": "vo"}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html
        assert html.lstrip().startswith('<section id="results"')
        assert "Organisatie A" in html

    def test_new_organisation_button_only_for_coordinator(self, anonymous_client, coordinator_client, editor_a_client):
        assert CREATE_URL in coordinator_client.get(LIST_URL).content.decode()
        assert CREATE_URL not in editor_a_client.get(LIST_URL).content.decode()
        assert CREATE_URL not in anonymous_client.get(LIST_URL).content.decode()


def _fill_organisations(count, start=0):
    with batched():  # each record indexed for search once, as an import does, not at every save
        _add_organisations(count, start)


def _add_organisations(count, start):
    theme = ThemeFactory(name="Thema")
    for number in range(start, start + count):
        parent = OrganisationFactory(name=f"Moeder {number:03d}")
        organisation = OrganisationFactory(name=f"Dochter {number:03d}", parent=parent)
        organisation.themes.add(theme)
        AliasFactory(organisation=organisation)
        AliasFactory(organisation=organisation)
        bulk_activities([{"start": in_days(1), "organisers": [organisation, parent]}])


@pytest.mark.parametrize("url", [LIST_URL, LIST_URL + "?sorteer=-activiteiten", LIST_URL + "?thema=thema&page=2"])
def test_directory_query_count_does_not_grow_with_rows(anonymous_client, count_queries, url):
    _fill_organisations(10)
    _response, with_few = count_queries(anonymous_client, url)
    _fill_organisations(50, start=10)  # three pages of 20 (parents included)
    response, with_many = count_queries(anonymous_client, url)
    assert response.context["page"].paginator.count > 40
    assert with_few == with_many, f"{with_few} queries with 10 rows, {with_many} with 60"


class TestOrganisationPage:
    def test_shows_its_activities_projects_lines_and_parts(self, anonymous_client, org_a, org_b):
        ActivityFactory(title="Open dag", organisers=[org_a], start=in_days(5))
        ActivityFactory(title="Terugblik", organisers=[org_a], start=in_days(-30))
        ActivityFactory(title="Van een ander", organisers=[org_b])
        ProjectFactory(code="1a", title="Groene schoolpleinen", leads=[org_a])
        ProjectFactory(code="2b", title="Erfgoed in de klas", leads=[org_b], partners=[org_a])
        ProjectFactory(code="3c", title="Niet van ons", leads=[org_b])
        held = LineFactory(name="Zichtlijn Taal")
        held.holders.add(PersonFactory(organisation=org_a))
        met = LineFactory(name="Dwarslijn Natuur")
        ActivityFactory(title="Lijnoverleg", organisers=[org_a], lines=[met])
        LineFactory(name="Lijn zonder A")
        OrganisationFactory(name="Afdeling Zuid", parent=org_a)

        response = anonymous_client.get(org_a.get_absolute_url())

        assert response.status_code == 200
        html = response.content.decode()
        assert "Open dag" in html and "Terugblik" in html and "Lijnoverleg" in html
        assert "Van een ander" not in html
        assert [p.title for p in response.context["led_projects"]] == ["Groene schoolpleinen"]
        assert [p.title for p in response.context["partner_projects"]] == ["Erfgoed in de klas"]
        assert "Groene schoolpleinen" in html and "Erfgoed in de klas" in html
        assert "Niet van ons" not in html
        assert sorted(line.name for line in response.context["lines"]) == ["Dwarslijn Natuur", "Zichtlijn Taal"]
        assert "Lijn zonder A" not in html
        assert "Afdeling Zuid" in html
        assert [a.title for a in response.context["upcoming"]] == ["Open dag", "Lijnoverleg"]
        assert [a.title for a in response.context["recent"]] == ["Terugblik"]

    def test_sub_organisation_links_to_parent(self, anonymous_client, org_a):
        child = OrganisationFactory(name="Afdeling Noord", parent=org_a)
        html = anonymous_client.get(child.get_absolute_url()).content.decode()
        assert f'href="{org_a.get_absolute_url()}"' in html

    def test_contact_details_only_for_logged_in_users(self, anonymous_client, editor_b_client, org_a):
        PersonFactory(name="Fatima de Vries", organisation=org_a, email="fatima@example.org", phone="071-1234567")

        public = anonymous_client.get(org_a.get_absolute_url()).content.decode()
        member = editor_b_client.get(org_a.get_absolute_url()).content.decode()

        assert "Fatima de Vries" in public
        assert "fatima@example.org" not in public and "071-1234567" not in public
        assert "fatima@example.org" in member and "071-1234567" in member

    def test_drafts_hidden_from_public_but_shown_to_editor_and_coordinator(
        self, anonymous_client, editor_a_client, editor_b_client, coordinator_client, org_a
    ):
        ActivityFactory(title="Conceptactiviteit", organisers=[org_a], publication_status=PublicationStatus.DRAFT)
        ProjectFactory(title="Conceptproject", leads=[org_a], publication_status=PublicationStatus.DRAFT)
        url = org_a.get_absolute_url()
        for client in (anonymous_client, editor_b_client):
            html = client.get(url).content.decode()
            assert "Conceptactiviteit" not in html and "Conceptproject" not in html
        for client in (editor_a_client, coordinator_client):
            html = client.get(url).content.decode()
            assert "Conceptactiviteit" in html and "Conceptproject" in html

    def test_edit_link_only_for_its_editors(self, anonymous_client, editor_a_client, editor_b_client, org_a):
        edit_url = f"{org_a.get_absolute_url()}bewerken/"
        assert edit_url in editor_a_client.get(org_a.get_absolute_url()).content.decode()
        assert edit_url not in editor_b_client.get(org_a.get_absolute_url()).content.decode()
        assert edit_url not in anonymous_client.get(org_a.get_absolute_url()).content.decode()

    def test_missing_organisation_is_404(self, anonymous_client):
        assert anonymous_client.get("/organisaties/bestaat-niet/").status_code == 404

    def test_query_count_does_not_grow_with_its_activities_and_projects(self, anonymous_client, count_queries, org_a):
        theme = ThemeFactory(name="Thema")

        def add(count):
            for number in range(count):
                ActivityFactory(organisers=[org_a, OrganisationFactory()], themes=[theme], start=in_days(number + 1))
                ActivityFactory(organisers=[org_a], start=in_days(-number - 1))
                ProjectFactory(leads=[org_a], partners=[OrganisationFactory()])
                OrganisationFactory(parent=org_a)
                PersonFactory(organisation=org_a)

        add(2)
        _response, with_few = count_queries(anonymous_client, org_a.get_absolute_url())
        add(18)
        response, with_many = count_queries(anonymous_client, org_a.get_absolute_url())
        assert len(response.context["upcoming"]) == 10
        assert with_few == with_many, f"{with_few} queries with 2 of each, {with_many} with 20"


class TestCreatePermissions:
    @pytest.mark.parametrize(
        "persona_client, expected",
        [("anonymous", "login"), ("coordinator", 200), ("editor_a", 403), ("editor_b", 403)],
        indirect=["persona_client"],
    )
    def test_get(self, persona_client, expected):
        response = persona_client.get(CREATE_URL)
        if expected == "login":
            assert_login_redirect(response, CREATE_URL)
        else:
            assert response.status_code == expected
        if expected == 200:
            assert 'name="aliases"' in response.content.decode()

    @pytest.mark.parametrize(
        "persona_client, allowed",
        [("anonymous", False), ("coordinator", True), ("editor_a", False), ("editor_b", False)],
        indirect=["persona_client"],
    )
    def test_post(self, persona_client, allowed):
        response = persona_client.post(CREATE_URL, form_data())
        created = Organisation.objects.filter(name="Nieuwe School").first()
        if allowed:
            assert response.status_code == 302
            assert response["Location"] == created.get_absolute_url()
            assert list(created.aliases.values_list("alias", flat=True)) == ["NS"]
        else:
            assert response.status_code in (302, 403)
            assert created is None

    def test_member_without_organisation_is_refused(self, member_client):
        assert member_client.get(CREATE_URL).status_code == 403


class TestCreateBadInput:
    def test_duplicate_alias_gives_a_clear_message_and_saves_nothing(self, coordinator_client, org_a):
        AliasFactory(organisation=org_a, alias="OA")
        with translation.override("en"):
            response = coordinator_client.post("/en" + CREATE_URL, form_data(aliases="NS, oa"))
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "The abbreviation “oa” already belongs to Organisatie A."
        ]
        html = response.content.decode()
        assert "The abbreviation “oa” already belongs to Organisatie A." in html
        # What was typed is kept.
        assert 'value="Nieuwe School"' in html and 'value="NS, oa"' in html
        assert not Organisation.objects.filter(name="Nieuwe School").exists()
        assert OrganisationAlias.objects.count() == 1

    def test_name_of_an_existing_organisation_is_refused(self, coordinator_client, org_a):
        response = coordinator_client.post(CREATE_URL, form_data(name="organisatie a", aliases=""))
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        assert Organisation.objects.count() == 1

    def test_required_fields(self, coordinator_client):
        response = coordinator_client.post(CREATE_URL, form_data(name="", sector=""))
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"name", "sector"}
        assert not Organisation.objects.exists()

    def test_posted_twice_saves_once_and_second_post_goes_to_the_first(self, coordinator_client):
        token = coordinator_client.get(CREATE_URL).context["form"].initial["form_token"]
        first = coordinator_client.post(CREATE_URL, form_data(form_token=token))
        second = coordinator_client.post(CREATE_URL, form_data(form_token=token))
        assert Organisation.objects.filter(name="Nieuwe School").count() == 1
        assert first.status_code == second.status_code == 302
        assert second["Location"] == first["Location"] == Organisation.objects.get().get_absolute_url()
        assert UsedFormToken.objects.count() == 1

    def test_failed_post_does_not_use_up_the_token(self, coordinator_client):
        token = coordinator_client.get(CREATE_URL).context["form"].initial["form_token"]
        coordinator_client.post(CREATE_URL, form_data(name="", form_token=token))
        response = coordinator_client.post(CREATE_URL, form_data(form_token=token))
        assert response.status_code == 302
        assert Organisation.objects.filter(name="Nieuwe School").count() == 1


class TestEditPermissions:
    @pytest.mark.parametrize(
        "persona_client, expected",
        [("anonymous", "login"), ("coordinator", 200), ("editor_a", 200), ("editor_b", 403)],
        indirect=["persona_client"],
    )
    def test_get(self, persona_client, expected, org_a):
        url = f"{org_a.get_absolute_url()}bewerken/"
        response = persona_client.get(url)
        if expected == "login":
            assert_login_redirect(response, url)
        else:
            assert response.status_code == expected
        if expected == 200:
            assert 'value="Organisatie A"' in response.content.decode()

    @pytest.mark.parametrize(
        "persona_client, allowed",
        [("anonymous", False), ("coordinator", True), ("editor_a", True), ("editor_b", False)],
        indirect=["persona_client"],
    )
    def test_post(self, persona_client, allowed, org_a):
        url = f"{org_a.get_absolute_url()}bewerken/"
        response = persona_client.post(url, form_data(name="Organisatie A", sector="vo", description="Bijgewerkt"))
        org_a.refresh_from_db()
        if allowed:
            assert response.status_code == 302
            assert response["Location"] == org_a.get_absolute_url()
            assert org_a.description == "Bijgewerkt"
            assert list(org_a.aliases.values_list("alias", flat=True)) == ["NS"]
        else:
            assert response.status_code in (302, 403)
            assert org_a.description == ""
            assert not org_a.aliases.exists()

    def test_missing_organisation_is_404(self, coordinator_client):
        assert coordinator_client.get("/organisaties/bestaat-niet/bewerken/").status_code == 404


class TestEditBadInput:
    def test_parent_cycle_gives_a_message(self, coordinator_client, org_a):
        child = OrganisationFactory(name="Afdeling", parent=org_a)
        url = f"{org_a.get_absolute_url()}bewerken/"
        with translation.override("en"):
            response = coordinator_client.post(
                "/en" + url, form_data(name="Organisatie A", sector="vo", aliases="", parent=child.pk)
            )
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "An organisation cannot be part of itself or of one of its parts."
        ]
        org_a.refresh_from_db()
        assert org_a.parent is None

    def test_cannot_be_its_own_parent(self, coordinator_client, org_a):
        url = f"{org_a.get_absolute_url()}bewerken/"
        response = coordinator_client.post(url, form_data(name="Organisatie A", sector="vo", parent=org_a.pk))
        assert response.status_code == 200
        assert "parent" in response.context["form"].errors
        org_a.refresh_from_db()
        assert org_a.parent is None

    def test_an_editor_cannot_move_their_organisation_under_another(self, editor_a_client, org_a, org_b):
        url = f"{org_a.get_absolute_url()}bewerken/"
        assert "parent" not in editor_a_client.get(url).context["form"].fields
        response = editor_a_client.post(url, form_data(name="Organisatie A", sector="vo", parent=org_b.pk))
        assert response.status_code == 302
        org_a.refresh_from_db()
        assert org_a.parent is None

    def test_alias_of_another_organisation_is_refused(self, editor_a_client, org_a, org_b):
        AliasFactory(organisation=org_b, alias="OB")
        url = f"{org_a.get_absolute_url()}bewerken/"
        response = editor_a_client.post(
            url, form_data(name="Organisatie A", sector="vo", aliases="OB", description="Half")
        )
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        org_a.refresh_from_db()
        assert org_a.description == ""
        assert not org_a.aliases.exists()


def test_the_unfiltered_directory_shows_each_organisations_published_activity_count(anonymous_client, org_a):
    from tests.factories import ActivityFactory

    ActivityFactory.create_batch(3, organisers=[org_a])
    ActivityFactory(organisers=[org_a], publication_status="draft")
    response = anonymous_client.get("/organisaties/")
    row = next(o for o in response.context["page"].object_list if o.pk == org_a.pk)
    assert row.activity_count == 3
