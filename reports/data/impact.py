"""The impact report of a programme: ambitions, impact routes, the three rings with their figures and stories, the
reasoning lines, and its appendices (the impact model, the story book, the notes).
"""

from django.db.models import Case, Count, Prefetch, QuerySet, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.models import PublicationStatus
from impact import services as impact_services
from impact.models import MediaReach
from programmes import services as programme_services
from programmes.models import LineKind, Programme, ReasoningStep
from reports.charts import rings_svg
from reports.data.blocks import (
    Cell,
    Chart,
    Figure,
    FigureGrid,
    ItemList,
    Missing,
    Notes,
    Paragraphs,
    Quote,
    Report,
    Section,
    StoryEntry,
    StoryGroup,
    Table,
    Term,
    cover_drawing,
    network_name,
    notes_appendix,
    number,
    paragraphs,
    public_stories,
    report_period,
    report_texts,
    text_or_missing,
)
from reports.models import TextKey
from stories.book import Attribution, attribution, book_groups, book_order
from stories.models import PUBLIC, Story, StoryPart

# Above this many stories the report's story-book appendix shows a selection (see _story_book_appendix).
STORY_BOOK_LIMIT = 250


def impact_report(programme: Programme, language: str) -> Report:
    notes = Notes()
    texts = report_texts(programme)
    stories = public_stories(programme)
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
    sections.append(notes_appendix(notes))
    return Report(
        kind="impact",
        title=_("Impact report %(programme)s") % {"programme": programme},
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
    section.blocks += [Term.of("route"), Term.of("dimension")]
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
    records = _("published activities linked to an action of programme %(programme)s") % {"programme": programme.name}
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
            _("Published stories of programme %(programme)s") % {"programme": programme.name},
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
    section = Section("first-degree", _("First-degree impact in figures"), [Term.of("ring1"), FigureGrid(figures)])
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
        who = attribution(story, private=False)
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
        # Ring 1 is explained with its figures, in the section before.
        blocks: list = [] if number_ == 1 else [Term.of(f"ring{number_}")]
        blocks += text_or_missing(texts, f"ring{number_}", _("No conclusion has been written for this ring yet."))
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
                _("Published stories of programme %(programme)s") % {"programme": programme.name},
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
    section = Section("reasoning", _("Reasoning lines"), [Term.of("reasoning_line")])
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
                _("Story of %(who)s") % {"who": _who(attribution(part.story, private=False), part.story)}
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
    return story_book_section(
        programme,
        stories,
        Section("story-book", _("Appendix 2: the story book"), appendix=True),
        limit=STORY_BOOK_LIMIT,
    )


def story_book_section(programme: Programme, stories: QuerySet[Story], section: Section, limit: int | None) -> Section:
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
    ordered = book_order(stories)
    groups = book_groups(ordered, private_ids=set())
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
