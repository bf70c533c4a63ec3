"""The demo network's impact work: the programmes with their goal trees, figures and reasoning lines, the story
book of LNOS25 and the texts and sources of the reports."""

import datetime as dt

from core.models import PublicationStatus
from home.demo_directory import find_activity, find_organisation
from impact.figures import save_figures
from impact.models import ActivityFigures, Composition, Dimension, MediaReach, SurveyResult, TargetGroup
from impact.services import find_dimension
from network.models import Theme
from network.services import resolve_organisation
from programmes.models import (
    Action,
    ActionReport,
    Indicator,
    Programme,
    ProgrammeFigure,
    ProgrammeLine,
    ReasoningLine,
    ReasoningStep,
    Recommendation,
)
from programmes.services import Item, add_measurement, save_budget_line, save_report, save_route
from reports.models import EvaluationSource
from reports.services import save_texts
from stories import services as story_services
from stories.models import CollectionLink, Story, StoryStatus

# Who is responsible for each demo programme (editors of these organisations may edit it).
PROGRAMME_OWNERS = {"lnos25": ["het LEF"], "gelijke-kansen-2024-2026": ["GL"]}


def load_programme(data: dict) -> None:
    programme = Programme.objects.filter(slug=data["slug"]).first() or Programme(slug=data["slug"])
    for field in ("name", "short_name", "description", "foreword", "introduction"):
        setattr(programme, field, data.get(field, ""))
    programme.period_start = dt.date.fromisoformat(data["period_start"])
    programme.period_end = dt.date.fromisoformat(data["period_end"])
    programme.budget = data.get("budget")
    programme.publication_status = PublicationStatus.PUBLISHED
    programme.save()
    programme.organisations.set([find_organisation(ref) for ref in PROGRAMME_OWNERS.get(programme.slug, [])])
    # The goal tree is rebuilt from the file each time: simpler than matching every node.
    programme.reasoning_lines.all().delete()
    programme.reported_figures.all().delete()
    programme.lines.all().delete()
    lines = {}
    for position, row in enumerate(data["lines"]):
        line = ProgrammeLine.objects.create(
            programme=programme,
            kind=row["kind"],
            code=row["code"],
            title=row["title"],
            description=row.get("description", ""),
            goal=row.get("goal", ""),
            position=position,
        )
        lines[row["code"]] = line
        if row.get("route"):
            route = row["route"]
            save_route(
                line,
                TargetGroup.objects.get(slug=route["target_group"]),
                *[find_dimension(number, route[f"ring{number}"]) for number in (1, 2, 3)],
            )
        for budget in row.get("budget", []):
            _load_budget(programme, line, budget)
        for action_position, action_row in enumerate(row.get("actions", [])):
            _load_action(line, action_row, action_position)
    programme.budget_lines.filter(line=None).delete()
    for budget in data.get("programme_budget", []):
        _load_budget(programme, None, budget)
    for figure in data.get("programme_figures", []):
        ProgrammeFigure.objects.create(
            programme=programme,
            label=figure["label"],
            value=figure["value"],
            qualifier=figure["qualifier"],
            unit=figure.get("unit", ""),
            year=figure.get("year"),
            source=figure["source"],
        )
    for row in data.get("activity_figures", []):
        _load_activity_figures(row)
    for row in data.get("reasoning_lines", []):
        _load_reasoning_line(programme, lines, row)


def _load_budget(programme: Programme, line: ProgrammeLine | None, row: dict) -> None:
    """A year of a line's budget, or of the programme-wide one; planned only where the plan gives an amount."""
    save_budget_line(
        line,
        row["year"],
        row.get("planned"),
        row.get("realised"),
        programme=programme,
        items=[Item(item["label"], item.get("planned"), item.get("realised")) for item in row.get("items", [])],
    )


def _load_action(line: ProgrammeLine, row: dict, position: int) -> None:
    action = Action.objects.create(
        line=line, code=row["code"], title=row["title"], description=row.get("description", ""), position=position
    )
    action.organisations.set([find_organisation(ref) for ref in row.get("organisations", [])])
    action.activities.set([find_activity(title) for title in row.get("activities", [])])
    for report in row.get("reports", []):
        save_report(
            ActionReport(
                action=action,
                period=report["period"],
                goal=report.get("goal", ""),
                efforts=report.get("efforts", ""),
                outputs=report.get("outputs", ""),
                reflection=report.get("reflection", ""),
            )
        )
    for recommendation in row.get("recommendations", []):
        Recommendation.objects.create(
            action=action,
            text=recommendation["text"],
            owner=recommendation.get("owner", ""),
            status=recommendation["status"],
        )
    for indicator_row in row.get("indicators", []):
        indicator = Indicator.objects.create(
            action=action,
            name=indicator_row["name"],
            unit=indicator_row["unit"],
            baseline=indicator_row.get("baseline"),
            target=indicator_row.get("target"),
            direction=indicator_row.get("direction", "up"),
        )
        for measurement in indicator_row.get("measurements", []):
            add_measurement(
                indicator,
                date=dt.date.fromisoformat(measurement["date"]),
                value=measurement["value"],
                unit=indicator.unit,
                source=measurement["source"],
            )


def _load_activity_figures(row: dict) -> None:
    figures = save_figures(
        find_activity(row["activity"]),
        participants=row.get("participants"),
        first_timers=row.get("first_timers"),
        source=row.get("source", ""),
    )
    figures.composition.all().delete()
    figures.media.all().delete()
    figures.surveys.all().delete()
    for part in row.get("composition", []):
        Composition.objects.create(
            figures=figures, group=part["group"], share_percent=part["share_percent"], base=part["base"]
        )
    for medium in row.get("media", []):
        MediaReach.objects.create(
            figures=figures,
            kind=medium["kind"],
            count=medium.get("count", 1),
            reach=medium["reach"],
            unit=medium["unit"],
            source=medium.get("source", ""),
        )
    for survey in row.get("surveys", []):
        # A share without the number of respondents cannot be weighed; such results stay out.
        if survey.get("respondents"):
            SurveyResult.objects.create(
                figures=figures,
                question=survey["question"],
                share_percent=survey["share_percent"],
                respondents=survey["respondents"],
            )


def _dimension(ring: int, name: str) -> Dimension:
    """A dimension the demo names; a name the impact model lacks is a mistake in the demo data, said as such."""
    found = find_dimension(ring, name)
    if found is None:
        raise ValueError(f"The demo names dimension {name!r} of ring {ring}, which the impact model lacks.")
    return found


def _load_reasoning_line(programme: Programme, lines: dict, row: dict) -> None:
    reasoning = ReasoningLine.objects.create(
        programme=programme, line=lines.get(row.get("ambition")), title=row["title"]
    )
    activities = [find_activity(title) for title in row.get("activities", [])]
    reasoning.activities.set(activities)
    counted = ActivityFigures.objects.filter(activity__in=activities)
    for position, step_row in enumerate(row["steps"]):
        step = ReasoningStep.objects.create(
            reasoning_line=reasoning,
            ring=step_row["ring"],
            position=position,
            text=step_row["text"],
            dimension=_dimension(step_row["ring"], step_row["dimension"]),
        )
        if step.ring == 1:
            # Ring-1 effects are what head counts show; later rings wait for stories as evidence.
            step.activity_figures.set(counted)


# The public collection link of the demo programme: /v/lnos25/.
DEMO_LINK_CODE = "lnos25"


def load_stories(rows: list[dict]) -> None:
    """The story book of LNOS25, told again in our own words: so without quotation marks, panel choices or
    substantiations, which the report does not give."""
    programmes = {row["programme"] for row in rows}
    for slug in programmes:
        CollectionLink.objects.get_or_create(
            code=DEMO_LINK_CODE, defaults={"programme": Programme.objects.get(slug=slug), "title": "Verhalen LNOS25"}
        )
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for row in rows:
        programme = Programme.objects.get(slug=row["programme"])
        activity = find_activity(row["activity"])
        story = (
            Story.objects.filter(
                activity=activity, respondent_role=row["respondent_role"], collected_on=row["collected_on"]
            ).first()
            or Story()
        )
        story.programme = programme
        story.line = programme.lines.get(code=row["ambition"])
        story.activity = activity
        story.respondent_role = row["respondent_role"]
        story.sector = row["sector"]
        story.respondent_name = row.get("respondent_name", "")
        story.organisation_name = row.get("organisation", "")
        story.organisation = resolve_organisation(row["organisation"]) if row.get("organisation") else None
        story.consent = row["consent"]
        story.source = row["source"]
        story.collected_on = dt.date.fromisoformat(row["collected_on"])
        story.quote = ""  # retold in our own words, so nothing goes between quotation marks
        story.status = StoryStatus.PUBLISHED
        parts = {part["ring"]: (_dimension(part["ring"], part["dimension"]), part["text"]) for part in row["parts"]}
        story_services.save_story(story, parts=parts, themes=[themes[slug] for slug in row["themes"]], user=None)
    for slug in programmes:
        story_services.link_evidence(Programme.objects.get(slug=slug))


def load_report_texts(data: dict) -> None:
    """The texts a programme lead writes for the reports, and the sources of the evaluation."""
    for slug, row in data.items():
        programme = Programme.objects.get(slug=slug)
        save_texts(programme, row.get("texts", {}))
        programme.evaluation_sources.all().delete()
        for source in row.get("sources", []):
            EvaluationSource.objects.create(
                programme=programme,
                kind=source["kind"],
                title=source["title"],
                held_on=dt.date.fromisoformat(source["held_on"]) if source.get("held_on") else None,
                invited=source.get("invited"),
                responded=source.get("responded"),
                description=source.get("description", ""),
            )
