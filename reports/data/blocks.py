"""The building blocks of every report (sections, figures with their provenance, tables, quotes…), the footnote
numbering and the helpers the reports share.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils.formats import date_format, number_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from impact import services as impact_services
from impact.terms import TERMS
from network.models import NetworkProfile
from programmes.models import Programme
from reports.charts import rings_svg
from reports.models import ReportText
from stories.models import PUBLIC, Story

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
class Term:
    """A word of the impact model with its plain explanation, where the report first uses it (impact.terms)."""

    term: str
    explanation: str
    kind: str = "term"

    @classmethod
    def of(cls, key: str) -> "Term":
        entry = TERMS[key]
        return cls(str(entry.term), str(entry.explanation))


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
    cover_svg: str = ""  # the impact model's ring drawing on the cover; empty without a model


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


def report_texts(programme: Programme) -> dict:
    return dict(ReportText.objects.filter(programme=programme).values_list("key", "text"))


def report_period(programme: Programme) -> str:
    return f"{date_format(programme.period_start, 'j F Y')} – {date_format(programme.period_end, 'j F Y')}"


def network_name() -> str:
    profile = NetworkProfile.objects.first()
    return profile.name if profile else ""


def cover_drawing() -> str:
    """The network's impact model as the rings the report draws elsewhere, with no dimension chosen."""
    model = impact_services.current_model()
    if model is None:
        return ""
    return rings_svg(impact_services.active_rings(model), set(), _("The network impact model"), "cover-rings")


def public_stories(programme: Programme) -> QuerySet[Story]:
    return programme.stories.filter(PUBLIC)


def notes_appendix(notes: Notes) -> Section:
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
