"""The evaluation report of a programme: per line its actions, indicators and recommendations, the budget and the
method.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from programmes import services as programme_services
from programmes.models import Action, ActionReport, Indicator, Programme, ProgrammeLine
from reports.charts import bar_chart
from reports.data.blocks import (
    Cell,
    Chart,
    Figure,
    FigureGrid,
    ItemList,
    Missing,
    Notes,
    Paragraphs,
    Report,
    Section,
    Table,
    cover_drawing,
    euro,
    network_name,
    notes_appendix,
    number,
    paragraphs,
    report_period,
    report_texts,
    rich,
    text_or_missing,
)
from reports.data.segregation import segregation_section
from reports.models import EvaluationSource, ReportSettings, TextKey


def evaluation_report(programme: Programme, language: str) -> Report:
    notes = Notes()
    texts = report_texts(programme)
    actions = Action.objects.prefetch_related(
        Prefetch("reports", queryset=ActionReport.objects.order_by("period", "pk")),
        "recommendations",
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements")),
    )
    lines = list(programme.lines.prefetch_related(Prefetch("actions", queryset=actions)))
    introduction = Section(
        "introduction",
        _("Introduction"),
        [Paragraphs(paragraphs(programme.description))] if programme.description else [],
    )
    introduction.children = [
        Section(
            "starting-points",
            _("Starting points"),
            text_or_missing(texts, TextKey.STARTING_POINTS, _("The starting points have not been written down yet.")),
        ),
        Section(
            "purpose",
            _("Purpose of this evaluation"),
            text_or_missing(texts, TextKey.PURPOSE, _("The purpose of the evaluation has not been written down yet.")),
        ),
    ]
    if programme.budget is not None:
        introduction.blocks.append(
            FigureGrid(
                [
                    notes.add(
                        Figure(
                            _("budget for the whole period"),
                            programme.budget,
                            euro(programme.budget),
                            _("The money set aside for the programme over %(period)s.")
                            % {"period": report_period(programme)},
                            _("Programme record %(programme)s") % {"programme": programme.name},
                            programme.get_absolute_url(),
                        )
                    )
                ]
            )
        )
    sections = [
        Section(
            "summary", _("Summary"), text_or_missing(texts, TextKey.SUMMARY, _("No summary has been written yet."))
        ),
        introduction,
        *[_line_section(programme, line, notes) for line in lines],
        _recommendations_section(lines),
    ]
    # Built in reading order, so the footnotes are numbered in the order they appear.
    if ReportSettings.objects.filter(programme=programme, segregation_section=True).exists():
        sections.append(segregation_section(notes))
    sections += [_budget_section(programme, notes), _method_appendix(programme, texts, notes)]
    if not lines:
        sections.insert(2, Section("lines", _("Action lines"), [Missing(_("This programme has no action lines yet."))]))
    sections.append(notes_appendix(notes))
    return Report(
        kind="evaluation",
        title=_("Evaluation report %(programme)s") % {"programme": programme},
        subtitle=programme.name,
        network=network_name(),
        programme=programme,
        period=report_period(programme),
        generated_on=date_format(timezone.localdate(), "j F Y"),
        language=language,
        sections=sections,
        notes=notes.figures,
        cover_svg=cover_drawing(),
    )


def _line_section(programme: Programme, line: ProgrammeLine, notes: Notes) -> Section:
    blocks: list = [Paragraphs(paragraphs(line.description))] if line.description else []
    if line.goal:
        blocks.append(Paragraphs([_("Goal: %(goal)s") % {"goal": line.goal}]))
    section = Section(f"line-{line.pk}", f"{line.code} {line.title}", blocks)
    for action in line.actions.all():
        action_blocks: list = [Paragraphs(paragraphs(action.description))] if action.description else []
        for report in action.reports.all():
            for heading, html in (
                (_("Goal"), report.goal),
                (_("Efforts"), report.efforts),
                (_("Outputs"), report.outputs),
                (_("Reflection"), report.reflection),
            ):
                if html:
                    action_blocks.append(rich(html, f"{heading} ({report.period})"))
        if not action.reports.all():
            action_blocks.append(Missing(_("No report has been written for this action yet.")))
        action_blocks.extend(_indicator_blocks(programme, action, notes))
        section.children.append(Section(f"action-{action.pk}", f"{action.code} {action.title}", action_blocks))
    return section


def _indicator_blocks(programme: Programme, action: Action, notes: Notes) -> list:
    indicators = list(action.indicators.all())
    if not indicators:
        return []
    action_url = reverse("programmes:action", args=[programme.slug, action.pk])
    rows, blocks = [], []
    for indicator in indicators:
        progress = programme_services.indicator_progress(indicator)
        latest = progress.latest
        latest_cell = Cell("–", numeric=True)
        if latest is not None:
            figure = notes.add(
                Figure(
                    indicator.name,
                    latest.value,
                    f"{number(latest.value, 0)} {indicator.unit}",
                    _("Latest measurement of indicator “%(indicator)s” (%(date)s).")
                    % {"indicator": indicator.name, "date": date_format(latest.date, "j F Y")},
                    latest.source or _("Measurements of the indicator"),
                    action_url,
                )
            )
            latest_cell = Cell(figure.display, figure=figure, numeric=True)
        rows.append(
            [
                Cell(indicator.name),
                Cell(number(indicator.baseline, 0) if indicator.baseline is not None else "–", numeric=True),
                Cell(number(indicator.target, 0) if indicator.target is not None else "–", numeric=True),
                latest_cell,
                Cell(f"{number(progress.percent, 0)}%" if progress.percent is not None else "–", numeric=True),
            ]
        )
        measurements = list(indicator.measurements.all())
        if len(measurements) > 1:
            points = [(date_format(m.date, "F Y"), m.value) for m in measurements]
            title = _("%(indicator)s over time") % {"indicator": indicator.name}
            table = Table(
                caption=title,
                header=[_("Date"), indicator.unit],
                numeric_columns=(1,),
                rows=[[Cell(label), Cell(number(value, 0), numeric=True)] for label, value in points],
            )
            blocks.append(
                Chart(
                    title=title,
                    table=table,
                    svg=bar_chart(title, [label for label, _v in points], [(indicator.unit, [v for _l, v in points])]),
                    alt=title + ": " + ", ".join(f"{label}: {number(value, 0)}" for label, value in points),
                )
            )
    table = Table(
        caption=_("Indicators of %(action)s") % {"action": action.code},
        header=[_("Indicator"), _("Baseline"), _("Target"), _("Latest"), _("Progress")],
        rows=rows,
        numeric_columns=(1, 2, 3, 4),
    )
    return [table, *blocks]


def _recommendations_section(lines: Iterable[ProgrammeLine]) -> Section:
    section = Section("recommendations", _("Recommendations"))
    for line in lines:
        for action in line.actions.all():
            recommendations = list(action.recommendations.all())
            if recommendations:
                section.children.append(
                    Section(
                        f"recommendations-{action.pk}",
                        f"{action.code} {action.title}",
                        [
                            ItemList(
                                [
                                    f"{r.text} ({r.get_status_display().lower()}{', ' + r.owner if r.owner else ''})"
                                    for r in recommendations
                                ]
                            )
                        ],
                    )
                )
    if not section.children:
        section.blocks.append(Missing(_("No recommendations have been recorded yet.")))
    return section


def _budget_section(programme: Programme, notes: Notes) -> Section:
    section = Section("budget", _("Budget: plan and realisation"))
    budget = programme_services.budget_table(programme)
    if not budget.has_amounts:
        section.blocks.append(Missing(_("No budget has been entered for this programme yet.")))
        return section
    url = f"{programme.get_absolute_url()}#budget-heading"
    source = _("Budget lines of programme %(programme)s") % {"programme": programme.name}
    planned = notes.add(
        Figure(
            _("planned"),
            budget.planned_total,
            euro(budget.planned_total),
            _("Planned money summed over all lines and years."),
            source,
            url,
        )
    )
    realised = notes.add(
        Figure(
            _("realised"),
            budget.realised_total,
            euro(budget.realised_total),
            _("Money spent, summed over the lines and years with a realisation."),
            source,
            url,
        )
    )
    section.blocks.append(FigureGrid([planned, realised]))
    if not budget.planned_per_line:
        section.blocks.append(
            Paragraphs(
                [
                    _(
                        "The plan gives amounts for the programme as a whole, not for every line: "
                        "such lines say “not planned per line”."
                    )
                ]
            )
        )
    header = [_("Line")] + [str(year) for year in budget.years] + [_("Total")]
    columns = tuple(range(1, len(header)))

    def money(value: Decimal | None) -> Cell:
        return Cell(euro(value) if value is not None else "–", numeric=True)

    # Two narrow tables (planned, realised) read better on A4 than one with a column per year and kind.
    for caption, index, total_of_row, year_index, total in (
        (_("Planned per line and year"), 0, "planned_total", 1, planned),
        (_("Realised per line and year"), 1, "realised_total", 2, realised),
    ):
        rows = []
        for row in budget.rows:
            if not row.has_amounts:
                continue
            if index == 0 and not row.is_planned:
                rows.append(
                    [Cell(_row_label(row))] + [Cell(_("not planned per line"))] + [Cell("")] * len(budget.years)
                )
                continue
            rows.append(
                [Cell(_row_label(row))]
                + [money(cell[index]) for cell in row.cells]
                + [money(getattr(row, total_of_row))]
            )
            # The items say what the money was planned for or went to.
            rows.extend(
                [Cell(f"– {item.label}")]
                + [money(cell[index]) for cell in item.cells]
                + [money(getattr(item, total_of_row))]
                for item in row.items
                if getattr(item, total_of_row) is not None
            )
        foot = [
            [Cell(_("Total"), header=True)]
            + [money(entry[year_index]) for entry in budget.year_totals]
            + [Cell(total.display, figure=total, numeric=True)]
        ]
        section.blocks.append(Table(caption=caption, header=header, rows=rows, foot=foot, numeric_columns=columns))
    years = [str(year) for year, _p, _r in budget.year_totals]
    title = _("Planned and realised per year")
    chart_table = Table(
        caption=title,
        header=[_("Year"), pgettext("budget", "Planned"), _("Realised")],
        rows=[[Cell(str(year)), money(p), money(r)] for year, p, r in budget.year_totals],
        numeric_columns=(1, 2),
    )
    section.blocks.append(
        Chart(
            title=title,
            svg=bar_chart(
                title,
                years,
                [
                    (pgettext("budget", "Planned"), [p for _y, p, _r in budget.year_totals]),
                    (_("Realised"), [r for _y, _p, r in budget.year_totals]),
                ],
            ),
            alt=title
            + ": "
            + "; ".join(
                f"{year}: {euro(p)} / {euro(r) if r is not None else '–'}" for year, p, r in budget.year_totals
            ),
            table=chart_table,
        )
    )
    return section


def _row_label(row: programme_services.BudgetRow) -> str:
    return f"{row.line.code} {row.line.title}" if row.line else _("Programme-wide (not under a line)")


def _method_appendix(programme: Programme, texts: dict, notes: Notes) -> Section:
    section = Section("method", _("Appendix: how the evaluation was done"), appendix=True)
    section.blocks.extend(text_or_missing(texts, TextKey.METHOD, _("The method has not been described yet.")))
    sources = list(EvaluationSource.objects.filter(programme=programme))
    if not sources:
        section.blocks.append(Missing(_("No evaluation sources have been recorded yet.")))
        return section
    rows = []
    for source in sources:
        responded = Cell(number(source.responded) if source.responded is not None else "–", numeric=True)
        if source.responded is not None:
            figure = notes.add(
                Figure(
                    _("responded: %(title)s") % {"title": source.title},
                    source.responded,
                    number(source.responded),
                    _("People who took part in or answered this source."),
                    _("Evaluation source record “%(title)s”") % {"title": source.title},
                    "",
                )
            )
            responded = Cell(figure.display, figure=figure, numeric=True)
        rows.append(
            [
                Cell(source.get_kind_display()),
                Cell(source.title),
                Cell(date_format(source.held_on, "j F Y") if source.held_on else "–"),
                Cell(number(source.invited) if source.invited is not None else "–", numeric=True),
                responded,
                Cell(f"{number(source.response_rate, 0)}%" if source.response_rate is not None else "–", numeric=True),
            ]
        )
    section.blocks.append(
        Table(
            caption=_("Sources of the evaluation"),
            header=[_("Kind"), _("Source"), _("Date"), _("Invited"), _("Took part"), _("Response")],
            rows=rows,
            numeric_columns=(3, 4, 5),
        )
    )
    described = [f"{source.title}: {source.description}" for source in sources if source.description]
    if described:
        section.blocks.append(ItemList(described))
    return section
