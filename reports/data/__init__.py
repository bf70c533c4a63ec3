"""The reports as one plain structure: programme → sections → blocks, every figure with its provenance.

Built once per request (or command) inside the report's language; the HTML/PDF template and the Word
writer only lay it out. Numbers come from the same services as the programme dashboard, so they agree.

The package: the blocks every report is made of (blocks), and one module per report (impact, evaluation,
story_book).
"""

from programmes.models import Programme
from reports.data.blocks import (
    Cell,
    Chart,
    Figure,
    FigureGrid,
    ItemList,
    Missing,
    Paragraphs,
    Quote,
    Report,
    RichText,
    Section,
    StoryEntry,
    StoryGroup,
    Table,
    Term,
)
from reports.data.evaluation import evaluation_report
from reports.data.impact import impact_report
from reports.data.story_book import story_book_report

__all__ = [
    "KINDS",
    "Cell",
    "Chart",
    "Figure",
    "FigureGrid",
    "ItemList",
    "Missing",
    "Paragraphs",
    "Quote",
    "Report",
    "RichText",
    "Section",
    "StoryEntry",
    "StoryGroup",
    "Table",
    "Term",
    "build",
    "evaluation_report",
    "impact_report",
    "story_book_report",
]

KINDS = ("impact", "evaluation", "storybook")


def build(kind: str, programme: Programme, language: str) -> Report:
    """The report of this kind, in the active language (the caller activates `language`)."""
    builders = {"impact": impact_report, "evaluation": evaluation_report, "storybook": story_book_report}
    if kind not in builders:
        raise ValueError(kind)
    return builders[kind](programme, language)
