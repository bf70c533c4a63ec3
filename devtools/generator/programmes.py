"""Programmes: the goal tree, routes and budget lines first; after the activities, what programme leads write and
measure (reports, indicators, figures, report texts, sources, collection links) and the reasoning lines."""

import datetime as dt
import random
import time
from collections import defaultdict
from decimal import Decimal

from core.models import PublicationStatus
from core.services import free_slug
from devtools.generator import phrases
from devtools.generator.base import BATCH, SHORT_SLUG, Network, Prog, Slots, insert, stamp, weighted
from impact.models import TargetGroup
from programmes.models import (
    Action,
    ActionReport,
    BudgetLine,
    ImpactRoute,
    Indicator,
    Measurement,
    Programme,
    ProgrammeFigure,
    ProgrammeLine,
    ReasoningLine,
    ReasoningStep,
    Recommendation,
)
from programmes.services import create_budget_lines, create_routes
from reports.models import EvaluationSource, ReportText, SourceKind, TextKey
from stories.models import CollectionLink


def make_programmes(net: Network) -> None:
    """Programmes with their goal tree (ambitions or action lines → actions), routes and budget lines. Activities
    and projects are attached while they are made; reports, indicators and reasoning come in make_programme_details."""
    started = time.perf_counter()
    rng = net.rng("programmes")
    count, today = net.targets["programmes"], net.today
    slugs, names, programmes = set(), set(), []
    target_groups = list(TargetGroup.objects.order_by("position", "pk").values_list("pk", flat=True))
    for number in range(count):
        region_index = number % len(net.regions)
        region = net.regions[region_index]
        themes = rng.sample(range(len(net.themes)), 2)
        theme = net.themes[themes[0]]
        name = rng.choice(phrases.PROGRAMME_NAMES).format(
            theme=theme.name, topic=phrases.THEME_TOPICS[theme.slug][0], place=region.name, region=region.area
        )
        first_year = rng.randint(today.year - 3, today.year)
        start, end = dt.date(first_year, 1, 1), dt.date(first_year + rng.randint(1, 3), 12, 31)
        if name in names:
            name = f"{name} ({region.area} {first_year})"
        if name in names:
            name = f"{name} {number}"
        names.add(name)
        short = "".join(word[0] for word in name.split() if word[0].isalpha()).upper()[:8] + str(start.year)[2:]
        programmes.append(
            Programme(
                slug=free_slug(name, slugs, SHORT_SLUG),
                name=name,
                short_name=short,
                description=net.text(rng, region, phrases.SENTENCES, 3, topic=phrases.THEME_TOPICS[theme.slug][0]),
                foreword=net.text(rng, region, phrases.REPORT_SENTENCES, 2),
                introduction=net.text(rng, region, phrases.REPORT_SENTENCES, 3),
                period_start=start,
                period_end=end,
                budget=None,
                publication_status=PublicationStatus.PUBLISHED
                if number == 0 or rng.random() < 0.9
                else PublicationStatus.DRAFT,
                updated_at=stamp(min(today, start + dt.timedelta(days=rng.randint(0, 400)))),
            )
        )
        net.programmes.append(
            Prog(
                pk=0,
                slug="",
                region=region_index,
                start=start,
                end=end,
                themes=themes,
                published=programmes[-1].publication_status == PublicationStatus.PUBLISHED,
            )
        )
    made = insert(Programme, programmes)
    owners = Programme.organisations.through
    owner_rows, lines, line_owner = [], [], []
    for prog, programme in zip(net.programmes, made, strict=True):
        prog.pk, prog.slug = programme.pk, programme.slug
        region = net.regions[prog.region]
        chosen = {
            region.organisations[0],
            *(weighted(rng, region.organisations, region.cumulative) for _n in range(rng.randint(0, 2))),
        }
        owner_rows.extend(owners(programme_id=prog.pk, organisation_id=net.orgs[i].pk) for i in sorted(chosen))
        ambitions = rng.random() < 0.7
        for position in range(rng.randint(2, 4)):
            theme = net.themes[rng.choice(prog.themes)]
            code = f"A{position + 1}" if ambitions else f"AL{position + 1}"
            title = rng.choice(phrases.AMBITIONS).format(topic=rng.choice(phrases.THEME_TOPICS[theme.slug]))
            lines.append(
                ProgrammeLine(
                    programme_id=prog.pk,
                    kind="ambition" if ambitions else "action_line",
                    code=code,
                    title=title,
                    position=position,
                    description=net.text(rng, region, phrases.SENTENCES, 2),
                    goal=net.text(rng, region, phrases.AMBITIONS, 1),
                )
            )
            line_owner.append(prog)
    insert(owners, owner_rows)
    made_lines = insert(ProgrammeLine, lines)
    routes, budgets, actions, action_owner, action_orgs = [], [], [], [], []
    for line, prog in zip(made_lines, line_owner, strict=True):
        route = None
        if line.kind == "ambition":
            route = {ring: rng.choice(net.dimensions[ring]) for ring in (1, 2, 3)}
            for target_group in rng.sample(target_groups, rng.choice([1, 1, 2])):
                routes.append(
                    ImpactRoute(
                        line_id=line.pk,
                        target_group_id=target_group,
                        ring1_id=route[1],
                        ring2_id=route[2],
                        ring3_id=route[3],
                    )
                )
        prog.lines.append((line.pk, line.code, line.kind, route))
        for year in range(prog.start.year, prog.end.year + 1):
            planned = Decimal(rng.randrange(20_000, 400_000, 500))
            realised = None
            if year < net.today.year:
                realised = (planned * Decimal(rng.uniform(0.7, 1.1))).quantize(Decimal("1"))
            elif year == net.today.year:
                realised = (planned * Decimal(net.today.timetuple().tm_yday / 366 * rng.uniform(0.6, 1.0))).quantize(
                    Decimal("1")
                )
            budgets.append(BudgetLine(line_id=line.pk, year=year, planned=planned, realised=realised))
        region = net.regions[prog.region]
        for position in range(rng.randint(2, 3)):
            actions.append(
                Action(
                    line_id=line.pk,
                    code=f"{line.code}.{position + 1}",
                    position=position,
                    title=net.text(rng, region, phrases.ACTIONS, 1),
                    description=net.text(rng, region, phrases.SENTENCES, 2),
                )
            )
            action_owner.append((prog, line.pk))
    create_routes(routes)
    create_budget_lines(budgets)
    made_actions = insert(Action, actions)
    through = Action.organisations.through
    for action, (prog, line_pk) in zip(made_actions, action_owner, strict=True):
        prog.actions.append((action.pk, line_pk))
        region = net.regions[prog.region]
        chosen = {weighted(rng, region.organisations, region.cumulative) for _n in range(rng.randint(1, 4))}
        action_orgs.extend(through(action_id=action.pk, organisation_id=net.orgs[i].pk) for i in sorted(chosen))
    insert(through, action_orgs)
    Programme.objects.bulk_update(
        [
            Programme(
                pk=prog.pk,
                budget=sum((b.planned for b in budgets if b.line_id in {pk for pk, *_r in prog.lines}), Decimal(0)),
            )
            for prog in net.programmes
        ],
        ["budget"],
        batch_size=BATCH,
    )
    net.done("programmes", len(made), started)
    net.counts.update(
        {
            "programme lines": len(made_lines),
            "actions": len(made_actions),
            "routes": len(routes),
            "budget lines": len(budgets),
        }
    )


def make_programme_details(net: Network) -> None:
    """What programme leads write and measure: a report per action per year so far, recommendations, indicators
    with yearly measurements, figures for the programme as a whole, report texts, evaluation sources and a
    collection link; and reasoning lines from a few of the programme's activities over the three rings, their
    ring-1 steps citing the activities' head counts."""
    started = time.perf_counter()
    rng = net.rng("programme details")
    today = net.today
    reports, recommendations, indicators, texts, sources, links, figures = [], [], [], [], [], [], []
    indicator_years = []
    for number, prog in enumerate(net.programmes):
        region = net.regions[prog.region]
        years = list(range(prog.start.year, min(prog.end.year, today.year) + 1)) if prog.start <= today else []
        for action_pk, _line in prog.actions:
            for year in years:
                fill = {"year": str(year)}
                reports.append(
                    ActionReport(
                        action_id=action_pk,
                        period=str(year),
                        goal=net.text(rng, region, phrases.AMBITIONS, 1),
                        efforts=net.text(rng, region, phrases.SENTENCES, 2),
                        outputs=net.text(rng, region, phrases.REPORT_SENTENCES, 2, **fill),
                        reflection=net.text(rng, region, phrases.REPORT_SENTENCES, 2, **fill),
                    )
                )
            for _r in range(rng.choice([0, 0, 1, 2])):
                recommendations.append(
                    Recommendation(
                        action_id=action_pk,
                        text=net.text(rng, region, phrases.REPORT_SENTENCES, 1),
                        owner=rng.choice(["programmaleider", "stuurgroep", "gemeente", ""]),
                        status=rng.choice(["open", "in_progress", "done"]),
                    )
                )
            for name, unit in rng.sample(phrases.INDICATORS, rng.randint(1, 2)):
                baseline = Decimal(rng.randint(5, 60))
                direction = "down" if "thuiszitters" in name else "up"
                target = baseline * Decimal("0.6" if direction == "down" else "1.5")
                indicators.append(
                    Indicator(
                        action_id=action_pk,
                        name=name,
                        unit=unit,
                        baseline=baseline,
                        target=target.quantize(Decimal("1")),
                        direction=direction,
                    )
                )
                indicator_years.append((years, baseline, target))
        for label, unit in rng.sample(phrases.PROGRAMME_FIGURES, rng.randint(2, 4)):
            figures.append(
                ProgrammeFigure(
                    programme_id=prog.pk,
                    label=label,
                    value=Decimal(rng.randint(20, 5000)),
                    qualifier=rng.choice(["exact", "at_least", "about"]),
                    unit=unit,
                    year=rng.choice(years) if years else None,
                    source=rng.choice(["jaarverslag", "monitor gemeente", "eigen telling"]),
                )
            )
        if rng.random() < 0.6 or number == 0:
            texts.extend(
                ReportText(
                    programme_id=prog.pk,
                    key=key,
                    text=net.text(rng, region, phrases.REPORT_SENTENCES, 3),
                    updated_at=stamp(today),
                )
                for key in TextKey.values
            )
        for _s in range(rng.randint(1, 3)):
            invited = rng.randint(10, 300)
            sources.append(
                EvaluationSource(
                    programme_id=prog.pk,
                    kind=rng.choice(SourceKind.values),
                    title=net.text(
                        rng,
                        region,
                        ["Interviews met {people}", "Vragenlijst onder {people}", "Groepsgesprek {theme}"],
                        1,
                    ),
                    held_on=today - dt.timedelta(days=rng.randint(10, 700)),
                    invited=invited,
                    responded=rng.randint(1, invited),
                    description=net.text(rng, region, phrases.REPORT_SENTENCES, 1),
                )
            )
        links.append(
            CollectionLink(
                code=f"p{number + 1}-{prog.slug[:10].strip('-')}",
                title="Verhalen",
                programme_id=prog.pk,
                created_at=stamp(max(prog.start, today - dt.timedelta(days=700))),
            )
        )
    made_links = insert(CollectionLink, links)
    for prog, link in zip(net.programmes, made_links, strict=True):
        prog.link = link.pk
    insert(ActionReport, reports)
    insert(Recommendation, recommendations)
    measurements = []
    for indicator, (years, baseline, target) in zip(insert(Indicator, indicators), indicator_years, strict=True):
        for step, year in enumerate(years, 1):
            share = Decimal(str(min(1.0, step / (len(years) + 1) * rng.uniform(0.6, 1.3))))
            measurements.append(
                Measurement(
                    indicator_id=indicator.pk,
                    date=min(today, dt.date(year, 12, 31)),
                    value=(baseline + (target - baseline) * share).quantize(Decimal("0.1")),
                    source="monitor",
                )
            )
    insert(Measurement, measurements)
    made_figures = insert(ProgrammeFigure, figures)
    insert(ReportText, texts)
    insert(EvaluationSource, sources)
    programme_figures = defaultdict(list)
    for item in made_figures:
        programme_figures[item.programme_id].append(item.pk)
    _make_reasoning(net, rng, programme_figures)
    net.done("programme details", len(reports) + len(indicators) + len(measurements) + len(figures), started)


def _make_reasoning(net: Network, rng: random.Random, programme_figures: dict) -> None:
    lines, meta = [], []
    for prog in net.programmes:
        past = [pk for pk in prog.activities if net.act_index[pk].day < net.today and net.act_index[pk].published]
        if len(past) < 2:
            continue
        for number in range(rng.randint(2, 5)):
            line_pk, code, _kind, route = rng.choice(prog.lines)
            chosen = rng.sample(past, min(len(past), rng.randint(2, 5)))
            lines.append(
                ReasoningLine(
                    programme_id=prog.pk,
                    line_id=line_pk,
                    title=f"Redeneerlijn {code}.{number + 1}: van ontmoeting naar verankering",
                )
            )
            meta.append((prog, chosen, route))
    made = insert(ReasoningLine, lines)
    activity_rows, steps, step_meta = [], [], []
    for reasoning, (prog, chosen, route) in zip(made, meta, strict=True):
        activity_rows.extend(
            ReasoningLine.activities.through(reasoningline_id=reasoning.pk, activity_id=pk) for pk in chosen
        )
        for position, ring in enumerate((1, 2, 2, 3)[: rng.randint(3, 4)]):
            dimension = route[ring] if route and rng.random() < 0.7 else rng.choice(net.dimensions[ring])
            steps.append(
                ReasoningStep(
                    reasoning_line_id=reasoning.pk,
                    ring=ring,
                    dimension_id=dimension,
                    position=position,
                    text=rng.choice(phrases.STORY_RING_SENTENCES[ring]).format_map(
                        Slots(rng, {}, net.slot_makers(net.regions[prog.region]))
                    ),
                )
            )
            step_meta.append((prog, chosen, ring, dimension))
    insert(ReasoningLine.activities.through, activity_rows)
    cited, cited_programme = [], []
    for step, (prog, chosen, ring, _dimension) in zip(insert(ReasoningStep, steps), step_meta, strict=True):
        if ring == 1:
            cited.extend(
                ReasoningStep.activity_figures.through(reasoningstep_id=step.pk, activityfigures_id=net.figures[pk][0])
                for pk in chosen
                if pk in net.figures
            )
        elif ring == 3 and programme_figures[prog.pk] and rng.random() < 0.5:
            cited_programme.append(
                ReasoningStep.programme_figures.through(
                    reasoningstep_id=step.pk, programmefigure_id=rng.choice(programme_figures[prog.pk])
                )
            )
    insert(ReasoningStep.activity_figures.through, cited)
    insert(ReasoningStep.programme_figures.through, cited_programme)
    net.counts["reasoning lines"] = len(made)
