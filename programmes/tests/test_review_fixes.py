"""Odd input and drafts around programmes: no 500, no leak, no number that lies."""

import datetime as dt

import pytest

from impact.figures import save_figures
from impact.models import Dimension, TargetGroup
from impact.services import find_dimension, set_retired
from programmes.models import Action, BudgetLine, ImpactRoute, Programme, ProgrammeLine
from programmes.services import rollup_by, save_budget_line, save_route
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def programme(org_a):
    programme = Programme.objects.create(
        slug="p",
        name="Programma",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2026, 12, 31),
        publication_status="published",
    )
    programme.organisations.set([org_a])
    return programme


@pytest.fixture
def action(programme):
    line = ProgrammeLine.objects.create(programme=programme, kind="ambition", code="A1", title="Zichtbaar")
    return Action.objects.create(line=line, code="A1.1", title="Nacht")


def test_draft_activities_linked_to_an_action_stay_hidden_from_the_public(client, action, org_a):
    action.activities.set(
        [
            ActivityFactory(title="Geheim concept", organisers=[org_a], publication_status="draft"),
            ActivityFactory(title="Openbare avond", organisers=[org_a]),
        ]
    )
    for url in ("/programmas/p/", f"/programmas/p/acties/{action.pk}/"):
        page = client.get(url).content.decode()
        assert "Openbare avond" in page and "Geheim concept" not in page


def test_a_code_used_twice_gets_a_message_not_an_error(editor_a_client, action):
    response = editor_a_client.post(
        "/en/programmas/p/lijnen/nieuw/", {"kind": "ambition", "code": "a1", "title": "Dubbel", "position": "0"}
    )
    assert response.status_code == 200 and "already in use" in response.content.decode()
    response = editor_a_client.post(
        f"/en/programmas/p/lijnen/{action.line.pk}/acties/nieuw/", {"code": "A1.1", "title": "Dubbel", "position": "0"}
    )
    assert response.status_code == 200 and "already in use" in response.content.decode()
    assert ProgrammeLine.objects.count() == 1 and Action.objects.count() == 1


@pytest.mark.parametrize("value", ["²", "abc", "99999999999999999999", "-1"])
def test_odd_line_filters_show_all_activities(client, action, value):
    assert client.get(f"/programmas/p/activiteiten/?lijn={value}").status_code == 200


def test_over_long_or_nul_names_in_the_impact_model_get_a_message(coordinator_client):
    ring = Dimension.objects.first().ring
    coordinator_client.post(f"/en/impactmodel/ring/{ring.pk}/dimensie/", {"name": "x" * 150})
    coordinator_client.post(f"/en/impactmodel/ring/{ring.pk}/dimensie/", {"name": "Trots\x00"})
    coordinator_client.post("/en/impactmodel/doelgroep/", {"name": "Ouders en verzorgers " * 3})
    assert not Dimension.objects.filter(name__startswith="xxx").exists()
    assert Dimension.objects.filter(name="Trots").exists()
    assert all(len(group.slug) <= 50 for group in TargetGroup.objects.all())


def test_a_route_on_a_retired_dimension_still_draws_and_saves(editor_a_client, action):
    one, two, three = (
        find_dimension(1, "Kennis & bewustzijn"),
        find_dimension(2, "Houding & gedrag"),
        find_dimension(3, "Economische effecten"),
    )
    save_route(action.line, TargetGroup.objects.get(slug="partners"), one, two, three)
    set_retired(two, True)
    page = editor_a_client.get("/programmas/p/")
    chosen = [s.dimension_id for item in page.context["route_drawings"] for s in item["rings"]["sectors"] if s.chosen]
    assert sorted(chosen) == sorted([one.pk, two.pk, three.pk])
    editor = editor_a_client.get(f"/programmas/p/lijnen/{action.line.pk}/route/?target_group=partners")
    assert editor.context["turns"][1]["choice"].current == two
    resaved = editor_a_client.post(
        f"/programmas/p/lijnen/{action.line.pk}/route/",
        {"target_group": "partners", "ring1": one.pk, "ring2": two.pk, "ring3": three.pk},
    )
    assert resaved.status_code == 302 and ImpactRoute.objects.get().ring2 == two


def test_breakdowns_count_every_activity_not_only_those_with_figures(programme, action):
    counted, uncounted = ActivityFactory(), ActivityFactory()
    action.activities.set([counted, uncounted])
    save_figures(counted, participants=40)
    rows = rollup_by(programme, "year")
    assert sum(row["activities"] for row in rows) == 2
    assert sum(row["participants"] or 0 for row in rows) == 40


def test_the_coordinator_publishes_and_an_editors_change_waits(coordinator_client, editor_a_client, client, programme):
    data = {"name": "Nieuwe naam", "slug": "p", "period_start": "2024-01-01", "period_end": "2026-12-31"}
    editor_a_client.post("/programmas/p/bewerken/", data)
    programme.refresh_from_db()
    assert programme.name == "Nieuwe naam" and not programme.is_published
    assert client.get("/programmas/p/").status_code == 404
    assert editor_a_client.post("/programmas/p/publiceren/", {"publish": "1"}).status_code == 403
    coordinator_client.post("/programmas/p/publiceren/", {"publish": "1"})
    assert client.get("/programmas/p/").status_code == 200


def test_the_period_cannot_shrink_past_budgeted_years(coordinator_client, programme, action):
    save_budget_line(action.line, 2026, 1000)
    response = coordinator_client.post(
        "/en/programmas/p/bewerken/",
        {"name": "Programma", "slug": "p", "period_start": "2024-01-01", "period_end": "2025-12-31", "budget": "-5"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "amounts for 2026" in body
    programme.refresh_from_db()
    assert programme.period_end == dt.date(2026, 12, 31) and BudgetLine.objects.count() == 1
