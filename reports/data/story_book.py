"""The story book of a programme: every public story, per ambition."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from programmes.models import Programme
from reports.data.blocks import (
    Figure,
    FigureGrid,
    Notes,
    Paragraphs,
    Report,
    Section,
    cover_drawing,
    network_name,
    notes_appendix,
    number,
    public_stories,
    report_period,
)
from reports.data.impact import story_book_section


def story_book_report(programme: Programme, language: str) -> Report:
    """Every published story of the programme, by ambition and activity, as a booklet of its own."""
    notes = Notes()
    stories = public_stories(programme)
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
                            _("Published stories of programme %(programme)s") % {"programme": programme.name},
                            reverse("stories:programme_book", args=[programme.slug]),
                        )
                    )
                ]
            ),
        ],
    )
    sections = [
        introduction,
        story_book_section(programme, stories, Section("stories", _("The stories")), limit=None),
        notes_appendix(notes),
    ]
    return Report(
        kind="storybook",
        title=_("Story book %(programme)s") % {"programme": programme},
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
