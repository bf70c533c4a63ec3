"""The reports as one plain structure: programme → sections → blocks, every figure with its provenance.

Built once per request (or command) inside the report's language; the HTML/PDF template and the Word
writer only lay it out. Numbers come from the same services as the programme dashboard, so they agree.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Prefetch, QuerySet, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.models import PublicationStatus
from impact import services as impact_services
from impact.models import MediaReach
from network.models import NetworkProfile
from programmes import services as programme_services
from programmes.models import Action, ActionReport, Indicator, LineKind, Programme, ProgrammeLine, ReasoningStep
from reports.charts import bar_chart, rings_svg
from reports.models import EvaluationSource, ReportText, TextKey
from stories import services as story_services
from stories.models import PUBLIC, Story, StoryPart
from stories.services import Attribution

KINDS = ("impact", "evaluation", "storybook")
# Above this many stories the report's story-book appendix shows a selection (see _story_book_appendix).
STORY_BOOK_LIMIT = 250


# --- Blocks -----------------------------------------------------------------------------------------------------


@dataclass
class Figure:
    """A number in a report, with what it counts and from which records; `note` is its footnote number."""

    label: str
    value: object
    display: str
    definition: str
    source: str
    url: str = ""
    note: int = 0


@dataclass
class Paragraphs:
    paragraphs: list[str]
    kind: str = "paragraphs"


@dataclass
class RichText:
    """Text a user wrote with a little markup, already cleaned (core.richtext.sanitise) when it was saved."""

    html: str
    paragraphs: list[str]
    heading: str = ""
    kind: str = "richtext"


@dataclass
class Missing:
    message: str
    kind: str = "missing"


@dataclass
class FigureGrid:
    figures: list[Figure]
    kind: str = "figures"


@dataclass
class Cell:
    text: str
    figure: Figure | None = None
    numeric: bool = False
    header: bool = False


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[Cell]]
    foot: list[list[Cell]] = field(default_factory=list)
    numeric_columns: tuple[int, ...] = ()
    kind: str = "table"


@dataclass
class Chart:
    title: str
    svg: str
    alt: str
    table: Table
    kind: str = "chart"


@dataclass
class Quote:
    text: str
    attribution: str
    reason: str = ""
    kind: str = "quote"


@dataclass
class StoryEntry:
    who: str
    quote: str
    parts: list[tuple[int, str, str, list[str]]]  # ring, dimension, text, substantiations
    reasons: list[str]


@dataclass
class StoryGroup:
    title: str
    entries: list[StoryEntry]
    kind: str = "stories"


@dataclass
class ItemList:
    items: list[str]
    kind: str = "list"


@dataclass
class Section:
    key: str
    title: str
    blocks: list = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    appendix: bool = False
    keep_together: bool = False  # a short section that should not be split over two pages


@dataclass
class Report:
    kind: str
    title: str
    subtitle: str
    network: str
    programme: Programme
    period: str
    generated_on: str
    language: str
    sections: list[Section]
    notes: list[Figure]


class Notes:
    """Numbers the figures in the order they appear, for footnotes and the appendix that explains them."""

    def __init__(self) -> None:
        self.figures: list[Figure] = []

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        figure.note = len(self.figures)
        return figure


# --- Helpers ----------------------------------------------------------------------------------------------------


def number(value: Decimal | float, decimals: int = 0) -> str:
    # Half up, as the web pages' floatformat rounds: 48.5% is 49% in the report and on the dashboard alike.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def euro(value: Decimal | float) -> str:
    return f"€ {number(value)}"


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def rich(html: str, heading: str = "") -> RichText:
    # Block ends become blank lines, so the Word document keeps the paragraphs.
    text = re.sub(r"</(p|li|h3|h4|blockquote)>|<br\s*/?>", "\n\n", html)
    return RichText(html=html, paragraphs=paragraphs(strip_tags(text)), heading=heading)


def text_or_missing(texts: dict, key: str, missing: str) -> list:
    return [Paragraphs(paragraphs(texts[key]))] if texts.get(key, "").strip() else [Missing(missing)]


def _report_texts(programme: Programme) -> dict:
    return dict(ReportText.objects.filter(programme=programme).values_list("key", "text"))


def _period(programme: Programme) -> str:
    return f"{date_format(programme.period_start, 'j F Y')} – {date_format(programme.period_end, 'j F Y')}"


def _network_name() -> str:
    profile = NetworkProfile.objects.first()
    return profile.name if profile else ""


def _public_stories(programme: Programme) -> QuerySet[Story]:
    return programme.stories.filter(PUBLIC)


# --- Impact report ----------------------------------------------------------------------------------------------


def impact_report(programme: Programme, language: str) -> Report:
    notes = Notes()
    texts = _report_texts(programme)
    stories = _public_stories(programme)
    sections = [
        Section(
            "foreword",
            _("Foreword"),
            text_or_missing({"foreword": programme.foreword}, "foreword", _("No foreword has been written yet.")),
        ),
        Section(
            "introduction",
            _("Introduction"),
            text_or_missing(
                {"introduction": programme.introduction}, "introduction", _("No introduction has been written yet.")
            ),
        ),
        _ambitions_section(programme),
        _routes_section(programme),
        _first_degree_section(programme, notes, stories),
        _ring_conclusions_section(programme, notes, texts, stories, language),
        _reasoning_section(programme),
        _model_appendix(),
        _story_book_appendix(programme, stories),
    ]
    if texts.get(TextKey.SUMMARY, "").strip():
        sections.insert(2, Section("summary", _("Summary"), [Paragraphs(paragraphs(texts[TextKey.SUMMARY]))]))
    sections.append(_notes_appendix(notes))
    return Report(
        kind="impact",
        title=_("Impact report %(programme)s") % {"programme": programme},
        subtitle=programme.name,
        network=_network_name(),
        programme=programme,
        period=_period(programme),
        generated_on=date_format(timezone.localdate(), "j F Y"),
        language=language,
        sections=sections,
        notes=notes.figures,
    )


def _ambitions_section(programme: Programme) -> Section:
    section = Section("ambitions", _("Ambitions and goals"))
    lines = [line for line in programme.lines.all() if line.kind == LineKind.AMBITION]
    for line in lines:
        blocks = [Paragraphs(paragraphs(line.description))] if line.description else []
        if line.goal:
            blocks.append(Paragraphs([_("Goal: %(goal)s") % {"goal": line.goal}]))
        section.children.append(Section(f"ambition-{line.pk}", f"{line.code} {line.title}", blocks))
    if not lines:
        section.blocks.append(Missing(_("This programme has no ambitions yet.")))
    return section


def _routes_section(programme: Programme) -> Section:
    section = Section("routes", _("Impact routes"))
    model = impact_services.current_model()
    routes = list(
        programme_services.ImpactRoute.objects.filter(line__programme=programme).select_related(
            "line", "target_group", "ring1", "ring2", "ring3"
        )
    )
    if not routes or model is None:
        section.blocks.append(Missing(_("No impact routes have been chosen for this programme yet.")))
        return section
    section.blocks.append(
        Paragraphs(
            [
                _(
                    "Each route turns the three rings so that the dimensions the ambition "
                    "aims for line up at the top: from what an activity does straight away, "
                    "through what changes between people, to what lasts in the city."
                )
            ]
        )
    )
    for route in routes:
        chosen = {dimension.pk for dimension in route.dimensions}
        title = _("Impact route of %(line)s") % {"line": route.line.title}
        steps = " → ".join(str(dimension) for dimension in route.dimensions)
        table = Table(
            caption=title,
            header=[_("Ring"), _("Dimension")],
            rows=[[Cell(str(number_)), Cell(str(dimension))] for number_, dimension in enumerate(route.dimensions, 1)],
        )
        section.children.append(
            Section(
                f"route-{route.pk}",
                f"{route.line.code} {route.line.title}",
                keep_together=True,
                blocks=[
                    Paragraphs(
                        [
                            _("Target group: %(group)s. Route: %(steps)s.")
                            % {"group": route.target_group, "steps": steps}
                        ]
                    ),
                    Chart(
                        title=title,
                        svg=rings_svg(impact_services.active_rings(model, chosen), chosen, title, f"route-{route.pk}"),
                        alt=_("%(title)s: %(steps)s") % {"title": title, "steps": steps},
                        table=table,
                    ),
                ],
            )
        )
    return section


def _first_degree_section(programme: Programme, notes: Notes, stories: QuerySet[Story]) -> Section:
    totals = programme_services.rollup(programme)
    activity_ids = programme_services.programme_activity_ids(programme)
    activities_url = reverse("programmes:activities", args=[programme.slug])
    programme_url = programme.get_absolute_url()
    reach = MediaReach.objects.filter(figures__activity__in=activity_ids).aggregate(total=Sum("reach"))["total"]
    records = _("published activities linked to an action of programme %(slug)s") % {"slug": programme.slug}
    figures = [
        Figure(
            _("activities in the records"),
            totals.activities,
            number(totals.activities),
            _("Activities of the programme recorded in the calendar."),
            records.capitalize(),
            activities_url,
        ),
        Figure(
            _("participants counted"),
            totals.participants,
            number(totals.participants),
            _("Participants as counted by the organisers, summed over the %(count)s activities with figures.")
            % {"count": totals.with_figures},
            _("First-degree figures of the %(records)s") % {"records": records},
            activities_url,
        ),
        Figure(
            _("partner organisations"),
            totals.partners,
            number(totals.partners),
            _("Organisations that organised one of the activities or took part as a partner."),
            _("Organisers and involved partners of the %(records)s") % {"records": records},
            f"{programme_url}#partners",
        ),
    ]
    if totals.first_timer_share is not None:
        figures.append(
            Figure(
                _("first-timers"),
                totals.first_timer_share,
                f"{number(totals.first_timer_share, 0)}%",
                _(
                    "People taking part in a network activity for the first time: %(first)s of %(base)s participants "
                    "of the activities that counted them."
                )
                % {"first": number(totals.first_timers), "base": number(totals.first_timer_base)},
                _("First-degree figures of the %(records)s") % {"records": records},
                activities_url,
            )
        )
    if reach:
        figures.append(
            Figure(
                _("media reach"),
                reach,
                number(reach),
                _("Views, listeners and followers of the videos, podcasts, articles and posts."),
                _("Media reach recorded with the figures of the %(records)s") % {"records": records},
                activities_url,
            )
        )
    story_count = stories.count()
    figures.append(
        Figure(
            _("impact stories"),
            story_count,
            number(story_count),
            _("Stories told by participants and partners, published with their consent."),
            _("Published stories of programme %(slug)s") % {"slug": programme.slug},
            reverse("stories:programme_book", args=[programme.slug]),
        )
    )
    for reported in programme.reported_figures.all():
        shown = f"{number(reported.value)}+" if reported.qualifier == "at_least" else number(reported.value)
        if reported.qualifier == "about":
            shown = f"± {shown}"
        figures.append(
            Figure(
                reported.label,
                reported.value,
                shown,
                _("Reported by the programme for the whole year, including activities not recorded one by one."),
                reported.source or _("Programme figure"),
                programme_url,
            )
        )
    for figure in figures:
        notes.add(figure)
    section = Section("first-degree", _("First-degree impact in figures"), [FigureGrid(figures)])
    if not totals.with_figures:
        section.blocks.append(Missing(_("No activity of this programme has counted figures yet.")))
    return section


def _quotes(stories: QuerySet[Story], ring: int, used: set[int], limit: int = 3) -> list[Quote]:
    """Quotes of stories that speak about this ring: panel-selected ones first, each story quoted once."""
    candidates = (
        stories.filter(parts__ring=ring)
        .exclude(quote="")
        .exclude(pk__in=used)
        .annotate(chosen=Count("selections"))
        .order_by("-chosen", "-collected_on", "pk")
        .prefetch_related("selections", "organisation")
        .distinct()[:limit]
    )
    quotes = []
    for story in candidates:
        used.add(story.pk)
        who = story_services.attribution(story, private=False)
        reasons = [selection.reason for selection in story.selections.all()]
        quotes.append(Quote(text=story.quote, attribution=_who(who, story), reason=reasons[0] if reasons else ""))
    return quotes


def _who(who: Attribution, story: Story) -> str:
    parts = [who.role]
    if who.name:
        parts.append(who.name)
    if who.organisation:
        parts.append(who.organisation)
    if story.activity:
        parts.append(str(story.activity))
    return ", ".join(part for part in parts if part)


def _ring_conclusions_section(
    programme: Programme, notes: Notes, texts: dict, stories: QuerySet[Story], language: str
) -> Section:
    section = Section("rings", _("Conclusions per ring"))
    model = impact_services.current_model()
    ring_names = {ring.number: ring for ring in model.rings.all()} if model else {}
    book_url = reverse("stories:programme_book", args=[programme.slug])
    used: set[int] = set()
    for number_ in (1, 2, 3):
        ring = ring_names.get(number_)
        title = str(ring) if ring else _("Ring %(ring)s") % {"ring": number_}
        blocks = text_or_missing(texts, f"ring{number_}", _("No conclusion has been written for this ring yet."))
        per_dimension = list(
            StoryPart.objects.filter(story__in=stories, ring=number_)
            .values("dimension", "dimension__name", "dimension__name_en")
            .annotate(stories=Count("story", distinct=True))
            .order_by("-stories")
        )
        total = stories.filter(parts__ring=number_).distinct().count()
        figure = notes.add(
            Figure(
                _("stories about ring %(ring)s") % {"ring": number_},
                total,
                number(total),
                _("Published stories with a part about this ring."),
                _("Published stories of programme %(slug)s") % {"slug": programme.slug},
                f"{book_url}?ring={number_}",
            )
        )
        blocks.append(FigureGrid([figure]))
        if per_dimension:
            rows = []
            for row in per_dimension:
                name = (
                    row["dimension__name_en"]
                    if language == "en" and row["dimension__name_en"]
                    else row["dimension__name"]
                )
                cell_figure = Figure(
                    name, row["stories"], number(row["stories"]), "", "", f"{book_url}?dimensie={row['dimension']}"
                )
                rows.append([Cell(name), Cell(number(row["stories"]), figure=cell_figure, numeric=True)])
            blocks.append(
                Table(
                    caption=_("Stories about %(ring)s per dimension") % {"ring": title},
                    header=[_("Dimension"), _("Stories")],
                    rows=rows,
                    numeric_columns=(1,),
                )
            )
        quotes = _quotes(stories, number_, used)
        blocks.extend(quotes)
        section.children.append(Section(f"ring-{number_}", title, blocks))
    return section


def _reasoning_section(programme: Programme) -> Section:
    section = Section("reasoning", _("Reasoning lines"))
    public_parts = StoryPart.objects.filter(story__in=Story.objects.filter(PUBLIC)).select_related(
        "story__activity", "story__organisation"
    )
    steps = ReasoningStep.objects.select_related("dimension").prefetch_related(
        Prefetch(
            "activity_figures",
            queryset=programme_services.ActivityFigures.objects.filter(
                activity__publication_status=PublicationStatus.PUBLISHED
            ).select_related("activity"),
        ),
        "programme_figures",
        Prefetch("story_parts", queryset=public_parts),
    )
    lines = programme.reasoning_lines.select_related("line").prefetch_related(Prefetch("steps", queryset=steps))
    for reasoning in lines:
        blocks: list = []
        for step in reasoning.steps.all():
            evidence = [
                _("Figures of %(activity)s: %(participants)s participants")
                % {"activity": figures.activity, "participants": number(figures.participants or 0)}
                for figures in step.activity_figures.all()
            ] + [f"{figure.label}: {number(figure.value)} ({figure.source})" for figure in step.programme_figures.all()]
            evidence += [
                _("Story of %(who)s") % {"who": _who(story_services.attribution(part.story, private=False), part.story)}
                for part in step.story_parts.all()
            ]
            label = _("Ring %(ring)s · %(dimension)s") % {"ring": step.ring, "dimension": step.dimension}
            blocks.append(Paragraphs([f"{label}: {step.text}"]))
            blocks.append(ItemList(evidence) if evidence else Missing(_("No evidence for this step yet.")))
        title = f"{reasoning.line.code} · {reasoning.title}" if reasoning.line else reasoning.title
        section.children.append(Section(f"reasoning-{reasoning.pk}", title, blocks))
    if not section.children:
        section.blocks.append(Missing(_("No reasoning lines have been written for this programme yet.")))
    return section


def _model_appendix() -> Section:
    section = Section("model", _("Appendix 1: the network impact model"), appendix=True)
    model = impact_services.current_model()
    if model is None:
        section.blocks.append(Missing(_("The network has no impact model yet.")))
        return section
    section.blocks.append(
        Paragraphs(
            [
                _(
                    "The network impact model describes how an activity ripples out: first in what it does for the "
                    "people who take part (ring 1), then in what changes between people and organisations (ring 2), "
                    "and finally in lasting effects in the city (ring 3). Each ring has dimensions that an ambition "
                    "can aim for."
                ),
            ]
        )
    )
    inputs = [text for text in (model.inputs_people, model.inputs_means, model.inputs_identity) if text]
    if inputs:
        section.blocks.append(ItemList(inputs))
    for ring in model.rings.all():
        items = [
            f"{dimension}: {dimension.description}" if dimension.description else str(dimension)
            for dimension in ring.dimensions.all()
            if not dimension.retired
        ]
        section.children.append(
            Section(f"model-ring-{ring.number}", str(ring), [Paragraphs(paragraphs(ring.description)), ItemList(items)])
        )
    return section


def _story_book_appendix(programme: Programme, stories: QuerySet[Story]) -> Section:
    return _story_book_section(
        programme,
        stories,
        Section("story-book", _("Appendix 2: the story book"), appendix=True),
        limit=STORY_BOOK_LIMIT,
    )


def _story_book_section(programme: Programme, stories: QuerySet[Story], section: Section, limit: int | None) -> Section:
    """The published stories grouped by ambition and activity; above `limit`, the most significant ones."""
    total = stories.count()
    if limit is not None and total > limit:
        # A report of hundreds of pages helps nobody; the whole book stays online and printable.
        has_quote = Case(When(quote="", then=Value(0)), default=Value(1))
        chosen = (
            stories.annotate(
                chosen=Count("selections", distinct=True),
                substantiated=Count("parts__substantiations", distinct=True),
                quoted=has_quote,
            )
            .order_by("-chosen", "-substantiated", "-quoted", "-collected_on", "-pk")
            .values("pk")[:limit]
        )
        stories = stories.filter(pk__in=[row["pk"] for row in chosen])
        book_url = reverse("stories:programme_book", args=[programme.slug])
        section.blocks.append(
            Paragraphs(
                [
                    _(
                        "This programme has %(total)s published stories. This appendix shows %(shown)s of them: first "
                        "the ones a panel selected, then those with a substantiated claim or a quote, then the most "
                        "recent. All stories are in the online story book (%(url)s), which can also be printed whole."
                    )
                    % {"total": number(total), "shown": number(limit), "url": book_url}
                ]
            )
        )
    ordered = story_services.book_order(stories)
    groups = story_services.book_groups(ordered, private_ids=set())
    if not groups:
        section.blocks.append(Missing(_("No stories have been published for this programme yet.")))
    for group in groups:
        title = f"{group.line.code} {group.line.title}" if group.line else _("Other stories")
        child = Section(f"book-{group.line.pk if group.line else 'other'}", title)
        for activity_group in group.activities:
            entries = [
                StoryEntry(
                    who=_who(entry.attribution, entry.story).removesuffix(f", {activity_group.activity}")
                    if activity_group.activity
                    else _who(entry.attribution, entry.story),
                    quote=entry.story.quote,
                    parts=[
                        (
                            part.ring,
                            str(part.dimension),
                            part.text,
                            [
                                _("Substantiated by %(name)s (%(role)s), %(date)s: %(note)s")
                                % {"name": s.name, "role": s.role, "date": date_format(s.date, "j F Y"), "note": s.note}
                                for s in part.substantiations.all()
                            ],
                        )
                        for part in entry.parts
                    ],
                    reasons=[selection.reason for selection in entry.selections],
                )
                for entry in activity_group.entries
            ]
            activity_title = str(activity_group.activity) if activity_group.activity else _("The programme as a whole")
            child.blocks.append(StoryGroup(activity_title, entries))
        section.children.append(child)
    return section


def _notes_appendix(notes: Notes) -> Section:
    section = Section("notes", _("Where the figures come from"), appendix=True)
    section.blocks.append(
        Paragraphs(
            [
                _(
                    "Every figure in this report is computed from the records in rimpel on the "
                    "day the report was made. This list says what each figure counts and "
                    "from which records."
                )
            ]
        )
    )
    return section


# --- Evaluation report ------------------------------------------------------------------------------------------


def evaluation_report(programme: Programme, language: str) -> Report:
    notes = Notes()
    texts = _report_texts(programme)
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
                            % {"period": _period(programme)},
                            _("Programme record %(slug)s") % {"slug": programme.slug},
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
        _budget_section(programme, notes),
        _method_appendix(programme, texts, notes),
    ]
    if not lines:
        sections.insert(2, Section("lines", _("Action lines"), [Missing(_("This programme has no action lines yet."))]))
    sections.append(_notes_appendix(notes))
    return Report(
        kind="evaluation",
        title=_("Evaluation report %(programme)s") % {"programme": programme},
        subtitle=programme.name,
        network=_network_name(),
        programme=programme,
        period=_period(programme),
        generated_on=date_format(timezone.localdate(), "j F Y"),
        language=language,
        sections=sections,
        notes=notes.figures,
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
            points = [(date_format(m.date, "M Y"), m.value) for m in measurements]
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
    if not any(row.planned for row in budget.rows):
        section.blocks.append(Missing(_("No budget has been entered for this programme yet.")))
        return section
    url = f"{programme.get_absolute_url()}#budget-heading"
    source = _("Budget lines of programme %(slug)s") % {"slug": programme.slug}
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
    header = [_("Line")] + [str(year) for year in budget.years] + [_("Total")]
    columns = tuple(range(1, len(header)))

    def money(value: Decimal | None) -> Cell:
        return Cell(euro(value) if value is not None else "–", numeric=True)

    # Two narrow tables (planned, realised) read better on A4 than one with a column per year and kind.
    for caption, index, total_of_row, year_index, total in (
        (_("Planned per line and year"), 0, "planned_total", 1, planned),
        (_("Realised per line and year"), 1, "realised_total", 2, realised),
    ):
        rows = [
            [Cell(f"{row.line.code} {row.line.title}")]
            + [money(cell[index]) for cell in row.cells]
            + [money(getattr(row, total_of_row))]
            for row in budget.rows
            if row.planned or row.realised
        ]
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
                Cell(date_format(source.held_on, "j M Y") if source.held_on else "–"),
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


# --- Story book -------------------------------------------------------------------------------------------------


def story_book_report(programme: Programme, language: str) -> Report:
    """Every published story of the programme, by ambition and activity, as a booklet of its own."""
    notes = Notes()
    stories = _public_stories(programme)
    count = stories.count()
    introduction = Section(
        "introduction",
        _("About these stories"),
        [
            Paragraphs(
                [
                    _(
                        "Participants and partners tell what an activity did for them: what it brought them straight "
                        "away (ring 1), what changed afterwards between people and organisations (ring 2) and what "
                        "lasts beyond them, in their school, organisation or the city (ring 3). Respondents are named "
                        "by their role, unless they agreed to be named."
                    )
                ]
            ),
            FigureGrid(
                [
                    notes.add(
                        Figure(
                            _("published stories"),
                            count,
                            number(count),
                            _("Stories published with the respondent's consent."),
                            _("Published stories of programme %(slug)s") % {"slug": programme.slug},
                            reverse("stories:programme_book", args=[programme.slug]),
                        )
                    )
                ]
            ),
        ],
    )
    sections = [
        introduction,
        _story_book_section(programme, stories, Section("stories", _("The stories")), limit=None),
        _notes_appendix(notes),
    ]
    return Report(
        kind="storybook",
        title=_("Story book %(programme)s") % {"programme": programme},
        subtitle=programme.name,
        network=_network_name(),
        programme=programme,
        period=_period(programme),
        generated_on=date_format(timezone.localdate(), "j F Y"),
        language=language,
        sections=sections,
        notes=notes.figures,
    )


def build(kind: str, programme: Programme, language: str) -> Report:
    """The report of this kind, in the active language (the caller activates `language`)."""
    builders = {"impact": impact_report, "evaluation": evaluation_report, "storybook": story_book_report}
    if kind not in builders:
        raise ValueError(kind)
    return builders[kind](programme, language)
