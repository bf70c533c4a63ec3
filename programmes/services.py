"""Writes and computed views of programmes: routes, budget lines and the budget table."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from programmes.models import BudgetLine, ImpactRoute, Programme, ProgrammeLine


def save_route(line: ProgrammeLine, target_group, ring1, ring2, ring3) -> ImpactRoute:
    """Create or replace the route of an ambition for a target group; each dimension must sit on its own ring."""
    problems = []
    for number, dimension in ((1, ring1), (2, ring2), (3, ring3)):
        if dimension is None:
            problems.append(_("Choose a dimension for ring %(ring)s.") % {"ring": number})
        elif dimension.ring.number != number:
            problems.append(
                _("“%(dimension)s” belongs to ring %(actual)s, not to ring %(ring)s.")
                % {"dimension": dimension, "actual": dimension.ring.number, "ring": number}
            )
    if problems:
        raise ValidationError(problems)
    route, _created = ImpactRoute.objects.update_or_create(
        line=line, target_group=target_group, defaults={"ring1": ring1, "ring2": ring2, "ring3": ring3}
    )
    return route


def save_budget_line(line: ProgrammeLine, year: int, planned, realised=None) -> BudgetLine:
    programme = line.programme
    if year not in programme.years:
        raise ValidationError(
            _("%(year)s lies outside the programme period (%(first)s–%(last)s).")
            % {"year": year, "first": programme.years[0], "last": programme.years[-1]}
        )
    if Decimal(planned) < 0 or (realised is not None and Decimal(realised) < 0):
        raise ValidationError(_("Amounts cannot be negative."))
    budget_line, _created = BudgetLine.objects.update_or_create(
        line=line, year=year, defaults={"planned": planned, "realised": realised}
    )
    return budget_line


@dataclass
class BudgetRow:
    line: ProgrammeLine
    planned: dict = field(default_factory=dict)
    realised: dict = field(default_factory=dict)
    planned_total: Decimal = Decimal(0)
    realised_total: Decimal = Decimal(0)
    cells: list = field(default_factory=list)  # (planned, realised) per year of the table


@dataclass
class BudgetTable:
    years: list[int]
    rows: list[BudgetRow]
    planned_by_year: dict
    realised_by_year: dict
    planned_total: Decimal
    realised_total: Decimal
    year_totals: list  # (year, planned, realised)


def budget_table(programme: Programme) -> BudgetTable:
    """Plan and realisation per line and year with totals, summed by the database."""
    years = list(programme.years)
    per_cell = (
        BudgetLine.objects.filter(line__programme=programme)
        .values("line_id", "year")
        .annotate(planned=Sum("planned"), realised=Sum("realised"))
    )
    cells = defaultdict(dict)
    for cell in per_cell:
        cells[cell["line_id"]][cell["year"]] = cell
    rows = []
    for line in programme.lines.all():
        row = BudgetRow(line=line)
        for year, cell in cells[line.pk].items():
            row.planned[year], row.realised[year] = cell["planned"], cell["realised"]
        row.planned_total = sum((v for v in row.planned.values() if v is not None), Decimal(0))
        row.realised_total = sum((v for v in row.realised.values() if v is not None), Decimal(0))
        row.cells = [(row.planned.get(year), row.realised.get(year)) for year in years]
        rows.append(row)
    per_year = (
        BudgetLine.objects.filter(line__programme=programme)
        .values("year")
        .annotate(planned=Sum("planned"), realised=Sum("realised"))
    )
    planned_by_year = {entry["year"]: entry["planned"] or Decimal(0) for entry in per_year}
    realised_by_year = {entry["year"]: entry["realised"] or Decimal(0) for entry in per_year}
    totals = BudgetLine.objects.filter(line__programme=programme).aggregate(
        planned=Sum("planned"), realised=Sum("realised")
    )
    return BudgetTable(
        years=years,
        rows=rows,
        planned_by_year=planned_by_year,
        realised_by_year=realised_by_year,
        planned_total=totals["planned"] or Decimal(0),
        realised_total=totals["realised"] or Decimal(0),
        year_totals=[
            (year, planned_by_year.get(year, Decimal(0)), realised_by_year.get(year, Decimal(0))) for year in years
        ],
    )
