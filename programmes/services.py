"""Writes and computed views of programmes: routes, budget lines and the budget table."""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import ExtractYear
from django.forms import BaseInlineFormSet, ModelForm
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity
from core.models import PublicationStatus
from core.richtext import sanitise
from core.services import BULK_BATCH
from impact.models import ActivityFigures, Dimension, TargetGroup
from network.models import Organisation
from programmes.models import (
    Action,
    ActionReport,
    BudgetItem,
    BudgetLine,
    ImpactRoute,
    Indicator,
    Measurement,
    Programme,
    ProgrammeLine,
    ReasoningLine,
    ReasoningStep,
)


def save_route(
    line: ProgrammeLine,
    target_group: TargetGroup,
    ring1: Dimension | None,
    ring2: Dimension | None,
    ring3: Dimension | None,
) -> ImpactRoute:
    """Create or replace the route of an ambition for a target group; each dimension must sit on its own ring."""
    _check_route(ring1, ring2, ring3)
    route, _created = ImpactRoute.objects.update_or_create(
        line=line, target_group=target_group, defaults={"ring1": ring1, "ring2": ring2, "ring3": ring3}
    )
    return route


def _check_route(ring1: Dimension | None, ring2: Dimension | None, ring3: Dimension | None) -> None:
    """Each of a route's dimensions must sit on its own ring."""
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


def create_routes(routes: Sequence[ImpactRoute]) -> list[ImpactRoute]:
    """Create many new routes (of new ambitions: nothing to replace) in a few queries per thousand, by
    save_route's rule that each dimension sits on its own ring (their primary keys will do)."""
    dimensions = Dimension.objects.select_related("ring").in_bulk(
        {pk for route in routes for pk in (route.ring1_id, route.ring2_id, route.ring3_id)}
    )
    for route in routes:
        _check_route(*(dimensions.get(pk) for pk in (route.ring1_id, route.ring2_id, route.ring3_id)))
    return ImpactRoute.objects.bulk_create(routes, batch_size=BULK_BATCH)


@dataclass
class Item:
    """An entry of a budget line: what the money went to (or was planned for)."""

    label: str
    planned: Decimal | int | None = None
    realised: Decimal | int | None = None


@transaction.atomic
def save_budget_line(
    line: ProgrammeLine | None,
    year: int,
    planned: Decimal | int | None,
    realised: Decimal | int | None = None,
    *,
    programme: Programme | None = None,
    items: Sequence[Item] | None = None,
) -> BudgetLine:
    """Save a line's amounts for a year; without a line, the programme's programme-wide amounts (give programme).

    planned None: the plan gives no amount for it. items, when given, replace the line's items."""
    programme = line.programme if line is not None else programme
    if programme is None:
        raise ValueError("A programme-wide budget line needs its programme.")
    _check_budget_line(programme, year, planned, realised)
    for item in items or ():
        if any(value is not None and Decimal(value) < 0 for value in (item.planned, item.realised)):
            raise ValidationError(_("Amounts cannot be negative."))
    budget_line, _created = BudgetLine.objects.update_or_create(
        programme=programme, line=line, year=year, defaults={"planned": planned, "realised": realised}
    )
    if items is not None:
        budget_line.items.all().delete()
        BudgetItem.objects.bulk_create(
            BudgetItem(
                budget_line=budget_line,
                label=item.label,
                planned=item.planned,
                realised=item.realised,
                position=position,
            )
            for position, item in enumerate(items)
        )
    return budget_line


def _check_budget_line(programme: Programme, year: int, planned: Any, realised: Any) -> None:
    if year not in programme.years:
        raise ValidationError(
            _("%(year)s lies outside the programme period (%(first)s–%(last)s).")
            % {"year": year, "first": programme.years[0], "last": programme.years[-1]}
        )
    if any(value is not None and Decimal(value) < 0 for value in (planned, realised)):
        raise ValidationError(_("Amounts cannot be negative."))


def create_budget_lines(budget_lines: Sequence[BudgetLine]) -> list[BudgetLine]:
    """Create many new budget lines (a year each per programme line) in a few queries per thousand, by
    save_budget_line's rules: a year of the programme's period, no negative amounts."""
    lines = ProgrammeLine.objects.select_related("programme").in_bulk({row.line_id for row in budget_lines})
    for row in budget_lines:
        row.programme = lines[row.line_id].programme
        _check_budget_line(row.programme, row.year, row.planned, row.realised)
    return BudgetLine.objects.bulk_create(budget_lines, batch_size=BULK_BATCH)


@dataclass
class BudgetItemRow:
    label: str
    cells: list  # (planned, realised) per year of the table
    planned_total: Decimal | None  # None: no year has an amount
    realised_total: Decimal | None


@dataclass
class BudgetRow:
    line: ProgrammeLine | None  # None: the programme-wide costs and budget
    planned: dict = field(default_factory=dict)
    realised: dict = field(default_factory=dict)
    planned_total: Decimal = Decimal(0)
    realised_total: Decimal = Decimal(0)
    cells: list = field(default_factory=list)  # (planned, realised) per year of the table
    items: list[BudgetItemRow] = field(default_factory=list)

    @property
    def is_planned(self) -> bool:
        """Whether the plan gives this line an amount in any year."""
        return any(value is not None for value in self.planned.values())

    @property
    def has_amounts(self) -> bool:
        return self.is_planned or any(value is not None for value in self.realised.values())


@dataclass
class BudgetTable:
    years: list[int]
    rows: list[BudgetRow]
    planned_by_year: dict
    realised_by_year: dict
    planned_total: Decimal
    realised_total: Decimal
    year_totals: list  # (year, planned, realised)

    @property
    def has_amounts(self) -> bool:
        return any(row.has_amounts for row in self.rows)

    @property
    def planned_per_line(self) -> bool:
        """Whether every line with amounts has planned amounts of its own."""
        return all(row.is_planned for row in self.rows if row.line is not None and row.has_amounts)


def _total(values: Iterable[Decimal | None]) -> Decimal:
    return sum((value for value in values if value is not None), Decimal(0))


def budget_table(programme: Programme) -> BudgetTable:
    """Plan and realisation per line and year, the programme-wide row last, each with its items, and totals."""
    years = list(programme.years)
    budget_lines = list(BudgetLine.objects.filter(programme=programme).prefetch_related("items"))
    rows = [BudgetRow(line=line) for line in programme.lines.all()]
    if any(budget_line.line_id is None for budget_line in budget_lines):
        rows.append(BudgetRow(line=None))
    by_line = {row.line.pk if row.line else None: row for row in rows}
    items: defaultdict[int | None, dict[str, dict[int, BudgetItem]]] = defaultdict(dict)
    for budget_line in budget_lines:
        row = by_line[budget_line.line_id]
        row.planned[budget_line.year], row.realised[budget_line.year] = budget_line.planned, budget_line.realised
        for item in budget_line.items.all():
            items[budget_line.line_id].setdefault(item.label, {})[budget_line.year] = item
    for row in rows:
        row.planned_total = _total(row.planned.values())
        row.realised_total = _total(row.realised.values())
        row.cells = [(row.planned.get(year), row.realised.get(year)) for year in years]
        for label, per_year in items[row.line.pk if row.line else None].items():
            cells = [
                (per_year[year].planned, per_year[year].realised) if year in per_year else (None, None)
                for year in years
            ]
            planned = [amount for amount, _r in cells if amount is not None]
            realised = [amount for _p, amount in cells if amount is not None]
            row.items.append(
                BudgetItemRow(
                    label, cells, _total(planned) if planned else None, _total(realised) if realised else None
                )
            )
    planned_by_year = {year: _total(row.planned.get(year) for row in rows) for year in years}
    realised_by_year = {}
    for year in years:
        realised = [row.realised[year] for row in rows if row.realised.get(year) is not None]
        realised_by_year[year] = _total(realised) if realised else None  # None: nothing realised yet that year
    return BudgetTable(
        years=years,
        rows=rows,
        planned_by_year=planned_by_year,
        realised_by_year=realised_by_year,
        planned_total=_total(row.planned_total for row in rows),
        realised_total=_total(row.realised_total for row in rows),
        year_totals=[(year, planned_by_year[year], realised_by_year[year]) for year in years],
    )


def programme_activity_ids(
    programme: Programme, line: ProgrammeLine | None = None
) -> QuerySet[Activity, dict[str, Any]]:
    """The published activities linked to the programme (or one of its lines), as a subquery.

    A subquery rather than a join, so an activity that serves two actions or two
    ambitions is counted once.
    """
    links = Action.activities.through.objects.filter(action__line__programme=programme)
    if line is not None:
        links = links.filter(action__line=line)
    # From the links to the activities, not back: joined from the activities, SQLite (without statistics) walked
    # every published activity of the network (10 ms at city scale, against 1 ms).
    return Activity.objects.filter(
        pk__in=links.values("activity_id"), publication_status=PublicationStatus.PUBLISHED
    ).values("pk")


def involved_organisations(activity_ids: QuerySet[Activity, dict[str, Any]] | Iterable[int]) -> QuerySet[Organisation]:
    """Organisations that organised one of the activities or took part in it as a partner."""
    # Two subqueries rather than joins: OR over two many-to-many joins made the database combine every organiser
    # row with every figures row of each organisation, then de-duplicate (0.5 s per query at city scale).
    organisers = Activity.organisers.through.objects.filter(activity__in=activity_ids).values("organisation_id")
    involved = ActivityFigures.involved_organisations.through.objects.filter(
        activityfigures__activity__in=activity_ids
    ).values("organisation_id")
    return Organisation.objects.filter(Q(pk__in=organisers) | Q(pk__in=involved))


@dataclass
class Rollup:
    activities: int
    with_figures: int
    participants: int
    first_timers: int
    first_timer_base: int  # participants of the activities that counted first-timers
    partners: int

    @property
    def first_timer_share(self) -> float | None:
        return round(100 * self.first_timers / self.first_timer_base, 1) if self.first_timer_base else None


def rollup(programme: Programme, line: ProgrammeLine | None = None, with_partners: bool = True) -> Rollup:
    """First-degree figures of a programme or one of its lines, summed by the database.

    with_partners=False skips the (costlier) count of distinct organisations, for tables that do not show it.
    """
    activity_ids = programme_activity_ids(programme, line)
    sums = ActivityFigures.objects.filter(activity__in=activity_ids).aggregate(
        with_figures=Count("pk"),
        participant_sum=Sum("participants"),
        first_timer_sum=Sum("first_timers"),
        first_timer_base=Sum("participants", filter=Q(first_timers__isnull=False)),
    )
    return Rollup(
        activities=Activity.objects.filter(pk__in=activity_ids).count(),
        with_figures=sums["with_figures"],
        participants=sums["participant_sum"] or 0,
        first_timers=sums["first_timer_sum"] or 0,
        first_timer_base=sums["first_timer_base"] or 0,
        partners=involved_organisations(activity_ids).values("pk").count() if with_partners else 0,
    )


@dataclass
class ProgrammeActivities:
    """A programme's published activities read once, for the dashboard's roll-ups: the lines each serves and its
    figures. The roll-ups below then sum in memory or look the few hundred ids up by index, instead of joining the
    programme's actions again in each query (at city scale 15–25 ms per join, a dozen joins per view)."""

    ids: list[int]  # the published ones
    lines_of: dict[int, set[int]]  # published activity → the programme lines it serves
    figures: dict[int, tuple[int | None, int | None]]  # activity → (participants, first-timers), if counted
    linked: list[int]  # every activity linked to one of the actions, drafts too (for their editors)
    starts: dict[int, dt.datetime] = field(default_factory=dict)  # published activity → its start


def programme_activities(programme: Programme) -> ProgrammeActivities:
    lines_of: defaultdict[int, set[int]] = defaultdict(set)
    linked = set()
    starts = {}
    links = Action.activities.through.objects.filter(action__line__programme=programme).values_list(
        "activity_id", "action__line_id", "activity__publication_status", "activity__start"
    )
    for activity_id, line_id, status, start in links:
        linked.add(activity_id)
        if status == PublicationStatus.PUBLISHED:
            lines_of[activity_id].add(line_id)
            starts[activity_id] = start
    ids = sorted(lines_of)
    figures = {
        activity_id: (participants, first_timers)
        for activity_id, participants, first_timers in ActivityFigures.objects.filter(activity__in=ids).values_list(
            "activity_id", "participants", "first_timers"
        )
    }
    return ProgrammeActivities(ids=ids, lines_of=dict(lines_of), figures=figures, linked=sorted(linked), starts=starts)


def summed(records: ProgrammeActivities, line: ProgrammeLine | None = None, partners: int = 0) -> Rollup:
    """rollup()'s figures for the programme (or one of its lines), summed from records read once."""
    ids = [pk for pk in records.ids if line is None or line.pk in records.lines_of[pk]]
    counted = [records.figures[pk] for pk in ids if pk in records.figures]
    return Rollup(
        activities=len(ids),
        with_figures=len(counted),
        participants=sum(participants or 0 for participants, _f in counted),
        first_timers=sum(first_timers or 0 for _p, first_timers in counted),
        first_timer_base=sum(participants or 0 for participants, first in counted if first is not None),
        partners=partners,
    )


@dataclass
class IndicatorProgress:
    indicator: Indicator
    latest: Measurement | None
    percent: float | None  # share of the way from baseline to target, 0–100


def indicator_progress(indicator: Indicator) -> IndicatorProgress:
    """How far the latest measurement has come from the baseline towards the target (uses prefetched data)."""
    measurements = list(indicator.measurements.all())
    latest = measurements[-1] if measurements else None
    percent = None
    if latest is not None and indicator.target is not None:
        start = indicator.baseline if indicator.baseline is not None else Decimal(0)
        span = indicator.target - start  # negative when lower is better; the ratio still grows towards 100
        percent = float(max(Decimal(0), min(Decimal(100), 100 * (latest.value - start) / span))) if span else 100.0
    return IndicatorProgress(indicator=indicator, latest=latest, percent=percent)


def add_measurement(indicator: Indicator, *, date: dt.date, value: Decimal, unit: str, source: str) -> Measurement:
    """Record a measurement; its unit must be the indicator's, so numbers stay comparable."""
    if unit.strip().casefold() != indicator.unit.casefold():
        raise ValidationError(
            _("This indicator is measured in “%(unit)s”, not in “%(given)s”.") % {"unit": indicator.unit, "given": unit}
        )
    measurement = Measurement(indicator=indicator, date=date, value=value, source=source)
    measurement.full_clean()
    measurement.save()
    return measurement


# Evidence a step cites: figures of published activities, figures reported for the programme,
# and parts of accepted stories.
PUBLISHED_EVIDENCE = (
    Count(
        "activity_figures",
        filter=Q(activity_figures__activity__publication_status=PublicationStatus.PUBLISHED),
        distinct=True,
    )
    + Count("programme_figures", distinct=True)
    + Count("story_parts", filter=Q(story_parts__story__status="published"), distinct=True)
)


def reasoning_lines_with_evidence(programme: Programme) -> QuerySet[ReasoningLine]:
    """The programme's reasoning lines, each step annotated with how much evidence it cites."""
    steps = ReasoningStep.objects.select_related("dimension").annotate(evidence=PUBLISHED_EVIDENCE)
    return programme.reasoning_lines.prefetch_related(Prefetch("steps", queryset=steps))


@dataclass
class RingChoice:
    number: int
    dimensions: list
    current: object
    previous: object
    following: object


def route_choices(rings: list[tuple[int, list]], wanted_ids: dict[int, int | None]) -> list[RingChoice]:
    """For each ring, the chosen dimension (the wanted one if it is in use, else the first)
    and its neighbours, so the user can turn the ring one step either way."""
    choices = []
    for number, dimensions in rings:
        if not dimensions:
            continue
        index = next((i for i, d in enumerate(dimensions) if d.pk == wanted_ids.get(number)), 0)
        choices.append(
            RingChoice(
                number=number,
                dimensions=dimensions,
                current=dimensions[index],
                previous=dimensions[index - 1],
                following=dimensions[(index + 1) % len(dimensions)],
            )
        )
    return choices


@transaction.atomic
def save_reasoning_line(form: ModelForm, step_formset: BaseInlineFormSet) -> ReasoningLine:
    """Save a reasoning line with its steps in one go; each step's ring follows from its dimension."""
    reasoning = form.save()
    step_formset.instance = reasoning
    steps = step_formset.save(commit=False)
    for obj in step_formset.deleted_objects:
        obj.delete()
    for position, step in enumerate(sorted(steps, key=lambda s: s.dimension.ring.number)):
        step.ring = step.dimension.ring.number
        step.position = position
        step.save()
    step_formset.save_m2m()
    return reasoning


def save_report(report: ActionReport) -> ActionReport:
    """Save an action's report with its texts cleaned, so they can be shown as HTML."""
    for name in ("goal", "efforts", "outputs", "reflection"):
        setattr(report, name, sanitise(getattr(report, name)))
    report.full_clean()
    report.save()
    return report


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 240, 80, 6


def indicator_chart(progress: IndicatorProgress) -> dict | None:
    """Points of a small line chart of the measurements, with the target as a dashed line."""
    measurements = list(progress.indicator.measurements.all())
    if not measurements:
        return None
    values = [float(m.value) for m in measurements]
    marks = [float(v) for v in (progress.indicator.baseline, progress.indicator.target) if v is not None]
    low, high = min([0.0, *values, *marks]), max([*values, *marks])
    span = (high - low) or 1.0

    def y(value: float) -> float:
        return round(CHART_HEIGHT - CHART_PAD - (value - low) / span * (CHART_HEIGHT - 2 * CHART_PAD), 1)

    step = (CHART_WIDTH - 2 * CHART_PAD) / max(len(values) - 1, 1)
    points = [(round(CHART_PAD + i * step, 1), y(value)) for i, value in enumerate(values)]
    target = progress.indicator.target
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "points": " ".join(f"{px},{py}" for px, py in points),
        "dots": points,
        "target_y": y(float(target)) if target is not None else None,
    }


# For each breakdown: the label to show, and the value the records page filters on.
ROLLUP_KEYS = {
    "year": ("year", ExtractYear("start"), ExtractYear("start"), "jaar"),
    "theme": ("theme", F("themes__name"), F("themes__slug"), "thema"),
    "line": ("line", F("lines__name"), F("lines__slug"), "netwerklijn"),
}


def rollup_by(programme: Programme, key: str, activity_ids: Iterable[int] | None = None) -> list[dict]:
    """Participants and activities of the programme per year, theme or network line (of activity_ids, the
    programme's published activities read once, when given).

    Each activity appears once per group; an activity with two themes counts in both themes.
    """
    name, expression, link_value, link_param = ROLLUP_KEYS[key]
    return list(
        Activity.objects.filter(pk__in=programme_activity_ids(programme) if activity_ids is None else activity_ids)
        .annotate(**{name: expression}, link=link_value, link_param=Value(link_param))
        .exclude(**{f"{name}__isnull": True})
        .values(name, "link", "link_param")
        .annotate(activities=Count("pk", distinct=True), participants=Sum("figures__participants"))
        .order_by(name)
    )


def rollup_by_year(records: ProgrammeActivities) -> list[dict]:
    """rollup_by(programme, "year")'s rows, from records read once: SQLite extracts a local year by calling Python
    for every row (15 ms at city scale)."""
    years: defaultdict[int, list[int]] = defaultdict(list)
    for pk in records.ids:
        years[timezone.localtime(records.starts[pk]).year].append(pk)
    rows = []
    for year in sorted(years):
        counted = [records.figures[pk][0] for pk in years[year] if pk in records.figures]
        known = [participants for participants in counted if participants is not None]
        rows.append(
            {
                "year": year,
                "link": year,
                "link_param": ROLLUP_KEYS["year"][3],
                "activities": len(years[year]),
                "participants": sum(known) if known else None,
            }
        )
    return rows


@dataclass
class Coverage:
    dimension: Dimension
    routes: int
    steps: int
    evidence: int


def model_coverage(programme: Programme) -> list[Coverage]:
    """Every dimension in use, with how many of the programme's routes choose it and how many
    reasoning steps (and pieces of evidence) stand on it."""
    chosen: Counter[int | None] = Counter()
    for route in ImpactRoute.objects.filter(line__programme=programme):
        chosen.update([route.ring1_id, route.ring2_id, route.ring3_id])
    per_dimension = {
        row["dimension"]: row
        for row in ReasoningStep.objects.filter(reasoning_line__programme=programme)
        .values("dimension")
        .annotate(steps=Count("pk", distinct=True), evidence=PUBLISHED_EVIDENCE)
    }
    return [
        Coverage(
            dimension=dimension,
            routes=chosen[dimension.pk],
            steps=per_dimension.get(dimension.pk, {}).get("steps", 0),
            evidence=per_dimension.get(dimension.pk, {}).get("evidence", 0),
        )
        for dimension in Dimension.objects.filter(retired=False).select_related("ring")
    ]
