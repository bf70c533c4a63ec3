"""The impact model page and the coordinator's changes to dimensions."""

import pytest
from django.utils import translation

from impact.models import Dimension, Ring
from impact.rings import ring_sectors
from impact.services import active_rings, current_model, find_dimension

pytestmark = pytest.mark.django_db


def test_the_default_model_has_three_rings_of_three_dimensions():
    model = current_model()
    assert [ring.number for ring in model.rings.all()] == [1, 2, 3]
    assert [len(dimensions) for _number, dimensions in active_rings(model)] == [3, 3, 3]
    assert find_dimension(2, "verbindingen en initiatieven").name == "Verbindingen & initiatieven"
    assert find_dimension(3, "sociaal culturele effecten").name == "Sociaal-culturele effecten"
    assert find_dimension(1, "Sociaal-culturele effecten") is None  # a name only counts on its own ring


def test_page_draws_every_dimension_in_svg_and_lists_it_as_text(client):
    html = client.get("/impactmodel/").content.decode()
    assert html.count('class="rimpel-ring rimpel-ring--') == 9
    assert 'role="img"' in html
    svg, text = html.split("</svg>", 1)
    for dimension in Dimension.objects.all():
        escaped = dimension.name.replace("&", "&amp;")
        assert escaped in text  # the list beside the drawing
        words_in_drawing = " ".join(part.split("</tspan>")[0] for part in svg.split("<tspan")[1:])
        assert escaped.split()[0] in words_in_drawing


def test_a_route_turns_each_ring_so_the_chosen_dimension_is_at_the_top():
    rings = active_rings(current_model())
    chosen = {rings[0][1][2].pk, rings[1][1][1].pk, rings[2][1][0].pk}
    sectors = [s for s in ring_sectors(rings, chosen) if s.chosen]
    assert len(sectors) == 3
    centre_x = sectors[0].label_x
    for sector in sectors:
        assert abs(sector.label_x - centre_x) < 0.5  # on one vertical spoke
        assert sector.label_y < 210  # above the centre


@pytest.mark.parametrize("persona_client", ["anonymous", "editor_a"], indirect=True)
def test_only_the_coordinator_changes_dimensions(persona_client):
    ring = Ring.objects.get(number=1)
    dimension = ring.dimensions.first()
    added = persona_client.post(f"/impactmodel/ring/{ring.pk}/dimensie/", {"name": "Plezier"})
    renamed = persona_client.post(f"/impactmodel/dimensie/{dimension.pk}/", {"action": "rename", "name": "X"})
    assert added.status_code in (302, 403) and renamed.status_code in (302, 403)
    assert not Dimension.objects.filter(name__in=["Plezier", "X"]).exists()


def test_coordinator_adds_renames_moves_and_retires_without_breaking_references(coordinator_client):
    ring = Ring.objects.get(number=1)
    coordinator_client.post(f"/impactmodel/ring/{ring.pk}/dimensie/", {"name": "Plezier"})
    added = Dimension.objects.get(name="Plezier")
    assert added.position == 3

    with translation.override("en"):
        duplicate = coordinator_client.post(
            f"/en/impactmodel/ring/{ring.pk}/dimensie/", {"name": "plezier"}, follow=True
        )
    assert "already has a dimension" in duplicate.content.decode()
    assert ring.dimensions.filter(name__iexact="plezier").count() == 1

    coordinator_client.post(f"/impactmodel/dimensie/{added.pk}/", {"action": "up"})
    assert [d.name for d in ring.dimensions.all()][2] == "Plezier"
    coordinator_client.post(f"/impactmodel/dimensie/{added.pk}/", {"action": "rename", "name": "Plezier & trots"})
    coordinator_client.post(f"/impactmodel/dimensie/{added.pk}/", {"action": "retire"})
    added.refresh_from_db()
    assert added.name == "Plezier & trots" and added.retired
    assert added.pk not in {d.pk for _n, dims in active_rings(current_model()) for d in dims}
    html = coordinator_client.get("/impactmodel/").content.decode()
    assert "Plezier &amp; trots" in html  # still listed, marked as retired


def test_svg_numbers_use_a_decimal_point_in_every_language(client):
    for url in ("/impactmodel/", "/en/impactmodel/"):
        svg = client.get(url).content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
        assert "210,0" not in svg and 'cx="210.0"' in svg


def test_coordinator_edits_the_inputs_and_others_cannot(coordinator_client, editor_a_client):
    data = {
        "name": "Netwerkimpactmodel",
        "inputs_people": "Verkenners en zichthouders",
        "inputs_means": "Subsidie",
        "inputs_identity": "Samen leren",
    }
    assert editor_a_client.post("/impactmodel/inzet/", data).status_code == 403
    assert current_model().inputs_means != "Subsidie"
    assert coordinator_client.post("/impactmodel/inzet/", data).status_code == 302
    assert current_model().inputs_means == "Subsidie"
    assert "Subsidie" in coordinator_client.get("/impactmodel/").content.decode()


def test_coordinator_defines_another_target_group_for_routes(coordinator_client, editor_a_client, english):
    from impact.models import TargetGroup

    assert editor_a_client.post("/impactmodel/doelgroep/", {"name": "Ouders"}).status_code == 403
    coordinator_client.post("/impactmodel/doelgroep/", {"name": "Ouders"})
    duplicate = coordinator_client.post("/en/impactmodel/doelgroep/", {"name": "ouders"}, follow=True)
    assert "already a target group" in duplicate.content.decode()
    assert list(TargetGroup.objects.filter(name__iexact="ouders").values_list("slug", flat=True)) == ["ouders"]
