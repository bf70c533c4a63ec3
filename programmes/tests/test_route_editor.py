"""Turning the rings of an ambition and saving the combination as its route."""

import datetime as dt

import pytest

from impact.models import TargetGroup
from impact.services import find_dimension
from programmes.models import ImpactRoute, Programme, ProgrammeLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def ambition(org_a):
    programme = Programme.objects.create(
        slug="p",
        name="Programma",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        publication_status="published",
    )
    programme.organisations.set([org_a])
    return ProgrammeLine.objects.create(programme=programme, kind="ambition", code="A1", title="Zichtbaar")


def url(line, query=""):
    return f"/programmas/{line.programme.slug}/lijnen/{line.pk}/route/{query}"


def dims(*names):
    return [find_dimension(number, name) for number, name in enumerate(names, start=1)]


def test_turning_a_ring_moves_to_the_next_dimension_and_back(client, ambition):
    first = client.get(url(ambition)).context
    ring2 = first["turns"][1]
    assert ring2["choice"].current.name == "Begrip & beeldvorming"
    turned = client.get(url(ambition, "?" + ring2["on"])).context
    assert turned["turns"][1]["choice"].current.name == "Verbindingen & initiatieven"
    assert turned["turns"][0]["choice"].current == first["turns"][0]["choice"].current  # other rings stay
    back = client.get(url(ambition, "?" + turned["turns"][1]["back"])).context
    assert back["turns"][1]["choice"].current.name == "Begrip & beeldvorming"
    wrapped = client.get(url(ambition, "?" + first["turns"][1]["back"])).context
    assert wrapped["turns"][1]["choice"].current.name == "Houding & gedrag"  # the ring is round


def test_htmx_gets_only_the_editor_with_the_announcement(client, ambition):
    html = client.get(url(ambition), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and 'id="route-status" hx-swap-oob="innerHTML"' in html


def test_an_editor_of_the_programme_saves_the_route(editor_a_client, ambition):
    one, two, three = dims("Kennis & bewustzijn", "Houding & gedrag", "Sociaal-culturele effecten")
    response = editor_a_client.post(
        url(ambition),
        {
            "target_group": "partners",
            "ring1": one.pk,
            "ring2": two.pk,
            "ring3": three.pk,
        },
    )
    assert response.status_code == 302
    route = ImpactRoute.objects.get()
    assert (route.target_group.slug, route.dimensions) == ("partners", [one, two, three])
    assert editor_a_client.get(url(ambition, "?target_group=partners")).context["turns"][0]["choice"].current == one


@pytest.mark.parametrize("persona_client", ["anonymous", "editor_b"], indirect=True)
def test_others_may_explore_but_not_save(persona_client, ambition):
    one, two, three = dims("Kennis & bewustzijn", "Houding & gedrag", "Sociaal-culturele effecten")
    assert persona_client.get(url(ambition)).status_code == 200
    response = persona_client.post(
        url(ambition),
        {
            "target_group": "partners",
            "ring1": one.pk,
            "ring2": two.pk,
            "ring3": three.pk,
        },
    )
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/account/inloggen/" in response["Location"]
    assert not ImpactRoute.objects.exists()


def test_two_dimensions_of_one_ring_are_refused_with_a_message(editor_a_client, ambition, english):
    one, _two, three = dims("Kennis & bewustzijn", "Houding & gedrag", "Sociaal-culturele effecten")
    response = editor_a_client.post(
        "/en" + url(ambition),
        {
            "target_group": "community",
            "ring1": one.pk,
            "ring2": one.pk,
            "ring3": three.pk,
        },
    )
    assert response.status_code == 200
    assert "belongs to ring 1, not to ring 2" in response.content.decode()
    assert not ImpactRoute.objects.exists()
    assert TargetGroup.objects.count() == 3
