"""Shared fixtures of the report tests: the demo network loaded once per module, and walkers over a report."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import transaction

from home.demo import load_demo
from programmes.models import Programme
from reports.data import Figure, FigureGrid, Missing, Section, Table
from stories.models import Selection, SelectionRound, Story
from stories.services import substantiate


@pytest.fixture(autouse=True)
def fresh_limits():
    """The hourly limit on report files (reports.views) counts from zero in every test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo network (lnos25 and gelijke-kansen-2024-2026), loaded once for a whole test module.

    It lives in a transaction around the module that is rolled back at the end, so other modules never see it;
    each test's own changes are rolled back to a savepoint inside it by the usual `db` fixture.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            quote_and_choose()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# The demo retells its stories without quotes or panel choices (the seeds give none); the reports show both, so
# the tests add them, and a substantiation: (activity, respondent role, what was said or "", the panel's reason or "").
QUOTES = [
    (
        "Nacht van de Leraar 2025",
        "organisator LNOS25",
        "Een avond vol inspiratie; ik ga morgen met zin aan het werk.",
        "",
    ),
    ("LAIDENfest 2025", "docent VO", "Dit AI-festival is in korte tijd groots neergezet, met veel aanbod.", ""),
    ("Beleidspel Kansengelijkheid", "bestuurder peuterspeelzaal", "In de schoenen van een ander groeide begrip.", ""),
    (
        "Vrouwen in de wetenschap",
        "docent mbo",
        "Mijn studenten keken ter plekke anders naar hun kansen.",
        "Een vervolg.",
    ),
    ("LAIDENfest 2025", "docent hbo", "Na het festival bracht ik AI meteen in de MR ter sprake.", "Snel op de agenda."),
    ("LIFF-filmmiddag 'Radical' met nagesprek", "docent hbo", "De film raakte me, en het gesprek erna hielp.", ""),
    ("PGP-conferentie: praktijkgericht programma in vo en mbo", "docent mbo", "", "Bezoeken over en weer."),
    ("Duurzaamheidsfestival voor het onderwijs 2025", "docent VO", "", "Nieuwe netwerken in andere regio's."),
]


def quote_and_choose() -> None:
    """Give six demo stories a quote, let a test panel choose four stories and substantiate one."""
    programme = Programme.objects.get(slug="lnos25")
    panel = SelectionRound.objects.create(programme=programme, title="Testpanel", held_on=dt.date(2026, 1, 20))
    for activity, role, quote, reason in QUOTES:
        story = Story.objects.get(activity__title=activity, respondent_role=role)
        Story.objects.filter(pk=story.pk).update(quote=quote)
        if reason:
            Selection.objects.create(round=panel, story=story, reason=reason)
    festival = Story.objects.get(
        activity__title="Duurzaamheidsfestival voor het onderwijs 2025", respondent_role="docent VO"
    )
    substantiate(
        festival.parts.get(ring=3),
        name="Test Getuige",
        role="beleidsadviseur",
        date=dt.date(2026, 2, 10),
        note="Klopt.",
        user=None,
    )


def bare_programme(slug: str = "leeg", **fields) -> Programme:
    """A published programme with nothing in it: no lines, stories, routes, budget, texts or sources."""
    return Programme.objects.create(
        slug=slug,
        name=fields.pop("name", "Leeg programma"),
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        publication_status=fields.pop("publication_status", "published"),
        **fields,
    )


def walk(sections: list[Section]):
    """Every (section, block) pair in reading order: a section's own blocks first, then its subsections."""
    for section in sections:
        for block in section.blocks:
            yield section, block
        yield from walk(section.children)


def figures_in_order(sections: list[Section]) -> list[Figure]:
    """The numbered figures as a reader first meets them: in figure grids and table cells (body, then foot)."""
    found = []
    for _section, block in walk(sections):
        if isinstance(block, FigureGrid):
            found.extend(block.figures)
        elif isinstance(block, Table):
            found.extend(cell.figure for row in [*block.rows, *block.foot] for cell in row if cell.figure)
        elif hasattr(block, "table"):  # a chart carries its data as a table
            found.extend(cell.figure for row in [*block.table.rows, *block.table.foot] for cell in row if cell.figure)
    first_seen = []
    for figure in found:
        if figure.note and not any(figure is seen for seen in first_seen):
            first_seen.append(figure)
    return first_seen


def missing_messages(sections: list[Section]) -> dict[str, list[str]]:
    """The `Missing` messages per section key (subsections under their own key)."""
    messages: dict[str, list[str]] = {}
    for section, block in walk(sections):
        if isinstance(block, Missing):
            messages.setdefault(section.key, []).append(block.message)
    return messages


def section(report, key: str) -> Section:
    """The section or subsection with this key."""
    pending = list(report.sections)
    while pending:
        candidate = pending.pop(0)
        if candidate.key == key:
            return candidate
        pending.extend(candidate.children)
    raise KeyError(key)
