import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from impact.models import TargetGroup
from impact.services import find_dimension
from programmes.models import BudgetLine, ImpactRoute, Programme, ProgrammeLine
from programmes.services import Item, budget_table, create_budget_lines, create_routes, save_budget_line, save_route

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def programme():
    return Programme.objects.create(
        slug="p", name="Programma", period_start=dt.date(2024, 1, 1), period_end=dt.date(2026, 12, 31)
    )


@pytest.fixture
def lines(programme):
    return [
        ProgrammeLine.objects.create(
            programme=programme, kind="action_line", code=str(n), title=f"Lijn {n}", position=n
        )
        for n in (1, 2)
    ]


def test_a_route_needs_one_dimension_of_each_ring(lines):
    group = TargetGroup.objects.get(slug="community")
    ring1, ring2, ring3 = (
        find_dimension(1, "Waardering & betrokkenheid"),
        find_dimension(2, "Houding & gedrag"),
        find_dimension(3, "Economische effecten"),
    )
    with pytest.raises(ValidationError) as problem:
        save_route(lines[0], group, ring1, ring1, ring3)
    assert "ring 1, not to ring 2" in " ".join(problem.value.messages)
    assert not ImpactRoute.objects.exists()
    route = save_route(lines[0], group, ring1, ring2, ring3)
    assert route.dimensions == [ring1, ring2, ring3]
    save_route(lines[0], group, find_dimension(1, "Kennis & bewustzijn"), ring2, ring3)
    assert ImpactRoute.objects.get().ring1.name == "Kennis & bewustzijn"


def test_budget_table_totals_per_line_per_year_and_overall(lines):
    save_budget_line(lines[0], 2024, 100_000, 90_000)
    save_budget_line(lines[0], 2025, 200_000, 210_000)
    save_budget_line(lines[1], 2024, 50_000, None)
    table = budget_table(lines[0].programme)
    assert table.years == [2024, 2025, 2026]
    first, second = table.rows
    assert first.cells == [(Decimal(100_000), Decimal(90_000)), (Decimal(200_000), Decimal(210_000)), (None, None)]
    assert (first.planned_total, first.realised_total) == (Decimal(300_000), Decimal(300_000))
    assert (second.planned_total, second.realised_total) == (Decimal(50_000), Decimal(0))
    assert table.year_totals[0] == (2024, Decimal(150_000), Decimal(90_000))
    assert (table.planned_total, table.realised_total) == (Decimal(350_000), Decimal(300_000))


def test_budget_outside_the_period_or_negative_is_refused(lines):
    with pytest.raises(ValidationError, match="outside the programme period"):
        save_budget_line(lines[0], 2023, 1000)
    with pytest.raises(ValidationError):
        save_budget_line(lines[0], 2024, -5)
    assert not BudgetLine.objects.exists()


def test_items_programme_wide_costs_and_lines_without_a_plan(programme, lines):
    # As an evaluation's realisation table has it: money granted for the programme, spent per line and on the
    # project organisation, which belongs to no line.
    save_budget_line(
        lines[0], 2024, None, 12_000, items=[Item("Meidentop", realised=8_000), Item("Overig", None, 4_000)]
    )
    save_budget_line(None, 2024, 500_000, 30_000, programme=programme, items=[Item("Projectorganisatie", None, 30_000)])
    table = budget_table(programme)
    first, second, programme_wide = table.rows
    assert programme_wide.line is None and programme_wide.is_planned and not first.is_planned
    assert not second.has_amounts and not table.planned_per_line
    assert [(item.label, item.cells[0], item.realised_total) for item in first.items] == [
        ("Meidentop", (None, Decimal(8_000)), Decimal(8_000)),
        ("Overig", (None, Decimal(4_000)), Decimal(4_000)),
    ]
    assert table.year_totals[0] == (2024, Decimal(500_000), Decimal(42_000))
    # Saving again replaces the items; a negative item is refused like a negative line.
    save_budget_line(lines[0], 2024, None, 12_000, items=[Item("Meidentop", realised=12_000)])
    assert [item.label for item in budget_table(programme).rows[0].items] == ["Meidentop"]
    with pytest.raises(ValidationError):
        save_budget_line(lines[0], 2025, None, 1, items=[Item("Terugbetaald", realised=-1)])
    with pytest.raises(ValueError):
        save_budget_line(None, 2024, 1)


def test_an_empty_programme_has_an_empty_budget(programme):
    table = budget_table(programme)
    assert table.rows == [] and table.planned_total == 0 and table.realised_total == 0


def test_create_routes_and_budget_lines_keep_the_rules_of_the_single_save(lines):
    group = TargetGroup.objects.get(slug="community")
    ring1, ring2, ring3 = (
        find_dimension(1, "Waardering & betrokkenheid"),
        find_dimension(2, "Houding & gedrag"),
        find_dimension(3, "Economische effecten"),
    )
    with pytest.raises(ValidationError, match="ring 1, not to ring 2"):
        create_routes([ImpactRoute(line=lines[0], target_group=group, ring1=ring1, ring2=ring1, ring3=ring3)])
    with pytest.raises(ValidationError, match="outside the programme period"):
        create_budget_lines([BudgetLine(line=lines[0], year=2023, planned=1000)])
    with pytest.raises(ValidationError):
        create_budget_lines([BudgetLine(line=lines[0], year=2024, planned=1000, realised=-5)])
    assert not ImpactRoute.objects.exists() and not BudgetLine.objects.exists()

    create_routes([ImpactRoute(line=lines[0], target_group=group, ring1=ring1, ring2=ring2, ring3=ring3)])
    create_budget_lines(
        [BudgetLine(line=lines[0], year=2024, planned=100_000), BudgetLine(line=lines[1], year=2026, planned=5)]
    )
    assert ImpactRoute.objects.get().dimensions == [ring1, ring2, ring3]
    assert budget_table(lines[0].programme).planned_total == Decimal(100_005)
