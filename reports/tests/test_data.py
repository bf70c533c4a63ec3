"""The reports as data, built from the demo network: sections, figures with their sources, stories and consent."""

import datetime as dt
import io
import re

import docx
import pytest
from django.db.models import Count
from django.utils import translation
from django.utils.html import escape

from programmes.models import Action, ActionReport, Indicator, Programme, ProgrammeLine, Recommendation
from programmes.services import add_measurement, rollup, save_report
from reports import data, renderers
from reports.data import Figure, FigureGrid, ItemList, Paragraphs, Quote, StoryGroup, Table
from reports.data import impact as impact_report
from reports.models import EvaluationSource, ReportText
from reports.tests.conftest import bare_programme, figures_in_order, missing_messages, section
from stories.models import PUBLIC, Consent, Story, StoryPart

pytestmark = pytest.mark.django_db

IMPACT_KEYS = [
    "foreword",
    "introduction",
    "summary",
    "ambitions",
    "routes",
    "first-degree",
    "rings",
    "reasoning",
    "model",
    "story-book",
    "notes",
]


@pytest.fixture(scope="module")
def lnos25(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return Programme.objects.get(slug="lnos25")


@pytest.fixture(scope="module")
def impact(lnos25, django_db_blocker):
    with django_db_blocker.unblock(), translation.override("nl"):
        return data.build("impact", lnos25, "nl")


@pytest.fixture(scope="module")
def evaluation(demo, django_db_blocker):
    with django_db_blocker.unblock(), translation.override("nl"):
        return data.build("evaluation", Programme.objects.get(slug="gelijke-kansen-2024-2026"), "nl")


def grid(report, key: str) -> list[Figure]:
    return [
        figure for block in section(report, key).blocks if isinstance(block, FigureGrid) for figure in block.figures
    ]


def blocks_of(report, key: str, kind: type) -> list:
    return [block for block in section(report, key).blocks if isinstance(block, kind)]


def public_stories(programme):
    return Story.objects.filter(PUBLIC, programme=programme)


# --- Impact report ----------------------------------------------------------------------------------------------


def test_impact_report_has_its_sections_in_order(impact):
    assert impact.kind == "impact"
    assert [s.key for s in impact.sections] == IMPACT_KEYS
    assert [s.key for s in impact.sections if s.appendix] == ["model", "story-book", "notes"]
    assert impact.language == "nl"
    assert impact.period == "1 januari 2025 – 31 december 2025"
    assert impact.subtitle == "Leiden Nationale Onderwijsstad 2025"


def test_first_degree_figures_equal_the_dashboard(impact, lnos25, client):
    totals = rollup(lnos25)
    dashboard = client.get("/programmas/lnos25/").context["figures"]["totals"]
    figures = grid(impact, "first-degree")
    activities, participants, partners, first_timers = figures[:4]
    assert (activities.value, participants.value, partners.value, first_timers.value) == (
        totals.activities,
        totals.participants,
        totals.partners,
        totals.first_timer_share,
    )
    assert (dashboard.activities, dashboard.participants, dashboard.partners, dashboard.first_timer_share) == (
        totals.activities,
        totals.participants,
        totals.partners,
        totals.first_timer_share,
    )
    # The demo's numbers, so a change in both the dashboard and the report does not go unnoticed.
    assert (activities.display, participants.display, partners.display, first_timers.display) == (
        "26",
        "1.130",  # the seeds' head counts: 350 + 180 + 100 + 500
        "25",
        "60%",  # the Nacht van de Leraar's 60% first-timers, the only activity that counted them
    )
    assert activities.url == participants.url == first_timers.url == "/programmas/lnos25/activiteiten/"
    assert partners.url == "/programmas/lnos25/#partners"


def test_the_activity_and_story_figures_lead_to_as_many_records(impact, client):
    figures = grid(impact, "first-degree")
    listing = client.get(figures[0].url)
    assert listing.status_code == 200
    assert listing.context["page"].paginator.count == figures[0].value
    stories = next(figure for figure in figures if figure.url == "/programmas/lnos25/verhalen/")
    assert client.get(stories.url).context["result_count"] == stories.value == 27
    for number in (1, 2, 3):
        (ring,) = grid(impact, f"ring-{number}")
        assert ring.url == f"/programmas/lnos25/verhalen/?ring={number}"
        assert client.get(ring.url).context["result_count"] == ring.value
        (per_dimension,) = blocks_of(impact, f"ring-{number}", Table)
        for row in per_dimension.rows:
            cell = row[1]
            assert client.get(cell.figure.url).context["result_count"] == cell.figure.value, row[0].text


def test_reported_programme_figures_appear_with_their_sources(impact):
    figures = {figure.label: figure for figure in grid(impact, "first-degree")}
    shown = {
        label: (figures[label].display, figures[label].source)
        for label in ("Activiteiten op de jaarkalender", "Betrokken partnerorganisaties", "Deelnemers")
    }
    assert shown == {
        "Activiteiten op de jaarkalender": ("226", "Impactverslag LNOS25, voorwoord"),
        "Betrokken partnerorganisaties": ("80+", "Impactverslag LNOS25, hoofdstuk 2.1"),
        "Deelnemers": ("17.000+", "Impactverslag LNOS25, hoofdstuk 2.1"),
    }
    assert all(figures[label] in impact.notes for label in shown)


@pytest.mark.parametrize("kind", ["impact", "evaluation"])
def test_every_figure_has_a_definition_and_a_source_and_notes_count_up_in_reading_order(kind, request):
    report = request.getfixturevalue(kind)
    assert len(report.notes) >= 10
    for figure in report.notes:
        assert figure.definition.strip(), figure.label
        assert figure.source.strip(), figure.label
    assert [figure.note for figure in report.notes] == list(range(1, len(report.notes) + 1))
    # The reader meets the footnote numbers in the order 1, 2, 3, ...
    assert [figure.note for figure in figures_in_order(report.sections)] == list(range(1, len(report.notes) + 1))


def test_story_counts_per_ring_are_the_public_stories_with_a_part_on_that_ring(impact, lnos25):
    for number in (1, 2, 3):
        (figure,) = grid(impact, f"ring-{number}")
        expected = public_stories(lnos25).filter(parts__ring=number).distinct().count()
        assert figure.value == expected == 27
        (per_dimension,) = blocks_of(impact, f"ring-{number}", Table)
        # Each story has one part per ring, so the dimensions add up to the ring's total.
        assert sum(row[1].figure.value for row in per_dimension.rows) == expected


def test_a_story_without_a_ring_3_part_is_not_counted_on_ring_3(lnos25):
    story = public_stories(lnos25).order_by("pk").first()
    StoryPart.objects.filter(story=story, ring=3).delete()
    with translation.override("nl"):
        report = data.build("impact", lnos25, "nl")
    counts = [grid(report, f"ring-{number}")[0].value for number in (1, 2, 3)]
    assert counts == [27, 27, 26]


def test_quotes_are_not_repeated_and_panel_choices_come_first(impact, lnos25):
    selected = set(
        public_stories(lnos25).filter(selections__isnull=False).exclude(quote="").values_list("quote", flat=True)
    )
    assert len(selected) == 2
    quoted = []
    for number in (1, 2, 3):
        quotes = blocks_of(impact, f"ring-{number}", Quote)
        flags = [quote.text in selected for quote in quotes]
        assert flags == sorted(flags, reverse=True), f"ring {number}: panel choices are not first"
        assert all(quote.reason for quote in quotes if quote.text in selected)
        quoted.extend(quote.text for quote in quotes)
    assert len(quoted) == len(set(quoted))
    assert len(quoted) == public_stories(lnos25).exclude(quote="").count() == 6
    # Both panel choices speak about ring 1, so they open the first ring's quotes.
    assert {quote.text for quote in blocks_of(impact, "ring-1", Quote)[:2]} == selected


def test_the_story_book_groups_per_ambition_with_the_public_stories_of_each(impact, lnos25):
    book = section(impact, "story-book")
    assert [child.title for child in book.children] == [
        "A1 De professional in het zonnetje",
        "A2 Rijke leeromgeving Leiden zichtbaar maken",
        "A3 Samen er dwars doorheen",
    ]
    expected = dict(public_stories(lnos25).values_list("line__code").annotate(n=Count("pk")))
    counts = {
        child.title.split()[0]: sum(len(group.entries) for group in child.blocks if isinstance(group, StoryGroup))
        for child in book.children
    }
    assert counts == expected == {"A1": 8, "A2": 11, "A3": 8}


def test_above_the_limit_the_story_book_shows_the_most_significant_stories(lnos25, monkeypatch):
    monkeypatch.setattr(impact_report, "STORY_BOOK_LIMIT", 5)
    with translation.override("en"):
        report = data.build("impact", lnos25, "en")
    book = section(report, "story-book")
    (note,) = [block for block in book.blocks if isinstance(block, Paragraphs)]
    assert note.paragraphs[0].startswith("This programme has 27 published stories. This appendix shows 5 of them")
    assert "/programmas/lnos25/verhalen/" in note.paragraphs[0]
    entries = [
        entry
        for child in book.children
        for group in child.blocks
        if isinstance(group, StoryGroup)
        for entry in group.entries
    ]
    assert len(entries) == 5
    selected = public_stories(lnos25).filter(selections__isnull=False)
    substantiated = public_stories(lnos25).filter(parts__substantiations__isnull=False).distinct()
    assert selected.count() == 4 and substantiated.count() == 1
    shown_reasons = {reason for entry in entries for reason in entry.reasons}
    assert shown_reasons == set(selected.values_list("selections__reason", flat=True))
    assert any(
        line.startswith("Substantiated by") for entry in entries for *_part, lines in entry.parts for line in lines
    )
    # The figures still count every story, not only those shown.
    assert grid(report, "ring-1")[0].value == 27


def test_the_story_book_report_holds_every_public_story(lnos25, monkeypatch, client):
    monkeypatch.setattr(impact_report, "STORY_BOOK_LIMIT", 5)  # the impact report's limit; the story book has none
    with translation.override("nl"):
        report = data.build("storybook", lnos25, "nl")
        html = renderers.render_html(report)
    assert report.kind == "storybook"
    assert [s.key for s in report.sections] == ["introduction", "stories", "notes"]
    (count,) = grid(report, "introduction")
    assert count.value == public_stories(lnos25).count() == 27
    assert count.note == 1 and report.notes == [count]
    assert client.get(count.url).context["result_count"] == 27
    stories = section(report, "stories")
    assert not [block for block in stories.blocks if isinstance(block, Paragraphs)]
    assert [child.title.split()[0] for child in stories.children] == ["A1", "A2", "A3"]
    entries = [
        entry
        for child in stories.children
        for group in child.blocks
        if isinstance(group, StoryGroup)
        for entry in group.entries
    ]
    assert len(entries) == 27
    internal = Story.objects.get(programme=lnos25, consent=Consent.INTERNAL).parts.get(ring=1).text
    assert all(text != internal for entry in entries for _ring, _dimension, text, _lines in entry.parts)
    assert escape(internal[:60]) not in html


def test_the_story_book_keeps_one_group_per_ambition_when_positions_are_equal(lnos25):
    ProgrammeLine.objects.filter(programme=lnos25).update(position=0)
    with translation.override("nl"):
        report = data.build("impact", lnos25, "nl")
    keys = [child.key for child in section(report, "story-book").children]
    assert len(keys) == len(set(keys)) == 3


def test_consent_internal_stories_and_names_of_role_only_respondents_stay_out(lnos25):
    internal = Story.objects.get(programme=lnos25, consent=Consent.INTERNAL)
    Story.objects.filter(pk=internal.pk).update(quote="Interne uitspraak die niet naar buiten mag")
    internal_text = internal.parts.get(ring=1).text
    # A role-only respondent whose name and organisation were given anyway, and whose quote is in the report.
    role_only = public_stories(lnos25).filter(consent=Consent.ROLE).exclude(quote="").order_by("pk").first()
    Story.objects.filter(pk=role_only.pk).update(
        respondent_name="Geheime Gerda", organisation=None, organisation_name="Geheim Genootschap"
    )
    with translation.override("nl"):
        report = data.build("impact", lnos25, "nl")
        html = renderers.render_html(report)
        document = docx.Document(io.BytesIO(renderers.render_docx(report)))
    word = "\n".join(paragraph.text for paragraph in document.paragraphs)
    for text in (html, word):
        assert "Interne uitspraak" not in text
        assert escape(internal_text[:60]) not in text and internal_text[:60] not in text
        assert "Geheime Gerda" not in text
        assert "Geheim Genootschap" not in text
        # The role-only story itself is there, by role; a named respondent is named.
        assert escape(role_only.quote) in text or role_only.quote in text
        assert "Marloes van der Veen" in text


# --- Evaluation report ------------------------------------------------------------------------------------------


def test_budget_totals_and_years(evaluation):
    planned, realised = grid(evaluation, "budget")
    assert (planned.value, planned.display) == (1800000, "€ 1.800.000")
    assert (realised.value, realised.display) == (1065000, "€ 1.065.000")
    assert planned in evaluation.notes and realised in evaluation.notes
    planned_table, realised_table = blocks_of(evaluation, "budget", Table)
    assert [cell.text for cell in planned_table.foot[0][1:-1]] == [
        "€ 800.000",
        "€ 500.000",
        "€ 500.000",
    ]  # €300,000 once, €500,000 a year
    assert planned_table.foot[0][-1].figure is planned
    foot = realised_table.foot[0]
    assert [cell.text for cell in foot[1:-1]] == ["€ 387.000", "€ 678.000", "–"]
    assert realised_table.header[1:4] == ["2024", "2025", "2026"]
    assert foot[-1].figure is realised
    # The programme's own budget figure opens the report.
    (budget,) = grid(evaluation, "introduction")
    assert (budget.note, budget.display) == (1, "€ 1.800.000")


def test_recommendations_are_grouped_per_action(evaluation):
    recommendations = section(evaluation, "recommendations")
    programme = Programme.objects.get(slug="gelijke-kansen-2024-2026")
    rows = Recommendation.objects.filter(action__line__programme=programme)
    per_action = dict(rows.values_list("action").annotate(n=Count("pk")))
    shown = {
        int(child.key.removeprefix("recommendations-")): len(child.blocks[0].items)
        for child in recommendations.children
    }
    assert shown == per_action
    assert sum(shown.values()) == rows.count() == 26
    first = rows.order_by("action__line__position", "action__position", "pk").first()
    assert recommendations.children[0].blocks[0].items[0].startswith(first.text)


def test_the_method_appendix_lists_the_evaluation_sources(evaluation):
    method = section(evaluation, "method")
    (table,) = blocks_of(evaluation, "method", Table)
    programme = Programme.objects.get(slug="gelijke-kansen-2024-2026")
    sources = EvaluationSource.objects.filter(programme=programme)
    assert [row[1].text for row in table.rows] == [source.title for source in sources]
    assert len(table.rows) == 15
    leaders = next(row for row in table.rows if row[1].text.startswith("Vragenlijst onder schoolleiders"))
    assert leaders[4].text == "11"
    assert leaders[4].figure in evaluation.notes
    assert leaders[4].figure.value == 11
    (described,) = [block for block in method.blocks if isinstance(block, ItemList)]
    assert any("Elf schoolleiders vulden hem in" in item for item in described.items)


# --- Language, empty programmes, awkward text -------------------------------------------------------------------


def test_a_report_built_in_english_has_english_titles(lnos25, impact):
    with translation.override("en"):
        report = data.build("impact", lnos25, "en")
        evaluation = data.build("evaluation", Programme.objects.get(slug="gelijke-kansen-2024-2026"), "en")
    assert [s.title for s in report.sections] == [
        "Foreword",
        "Introduction",
        "Summary",
        "Ambitions and goals",
        "Impact routes",
        "First-degree impact in figures",
        "Conclusions per ring",
        "Reasoning lines",
        "Appendix 1: the network impact model",
        "Appendix 2: the story book",
        "Where the figures come from",
    ]
    assert [child.title for child in section(report, "rings").children] == [
        "First-degree impact",
        "Second-degree impact",
        "Third-degree impact",
    ]
    assert report.title == "Impact report LNOS25"
    assert report.period == "1 January 2025 – 31 December 2025"
    assert [s.title for s in evaluation.sections if not s.key.startswith("line-")] == [
        "Summary",
        "Introduction",
        "Recommendations",
        "Budget: plan and realisation",
        "Appendix: how the evaluation was done",
        "Where the figures come from",
    ]
    # The Dutch build names the rings in Dutch: the language really follows the active one.
    assert [child.title for child in section(impact, "rings").children] == [
        "Eerstegraads impact",
        "Tweedegraads impact",
        "Derdegraads impact",
    ]


def test_a_programme_with_nothing_still_makes_both_reports_that_say_what_is_missing():
    programme = bare_programme()
    with translation.override("en"):
        impact = data.build("impact", programme, "en")
        evaluation = data.build("evaluation", programme, "en")
        rendered = [
            (
                renderers.render_html(report),
                renderers.render_pdf(report, "http://testserver/"),
                renderers.render_docx(report),
            )
            for report in (impact, evaluation)
        ]
    assert missing_messages(impact.sections) == {
        "foreword": ["No foreword has been written yet."],
        "introduction": ["No introduction has been written yet."],
        "ambitions": ["This programme has no ambitions yet."],
        "routes": ["No impact routes have been chosen for this programme yet."],
        "first-degree": ["No activity of this programme has counted figures yet."],
        "ring-1": ["No conclusion has been written for this ring yet."],
        "ring-2": ["No conclusion has been written for this ring yet."],
        "ring-3": ["No conclusion has been written for this ring yet."],
        "reasoning": ["No reasoning lines have been written for this programme yet."],
        "story-book": ["No stories have been published for this programme yet."],
    }
    assert missing_messages(evaluation.sections) == {
        "summary": ["No summary has been written yet."],
        "starting-points": ["The starting points have not been written down yet."],
        "purpose": ["The purpose of the evaluation has not been written down yet."],
        "lines": ["This programme has no action lines yet."],
        "recommendations": ["No recommendations have been recorded yet."],
        "budget": ["No budget has been entered for this programme yet."],
        "method": ["The method has not been described yet.", "No evaluation sources have been recorded yet."],
    }
    assert [figure.value for figure in grid(impact, "first-degree")] == [0, 0, 0, 0]
    assert evaluation.notes == []
    for report, (html, pdf, word) in zip((impact, evaluation), rendered, strict=True):
        for messages in missing_messages(report.sections).values():
            assert all(f'<p class="missing">{message}</p>' in html for message in messages)
        assert pdf.startswith(b"%PDF")
        headings = [p.text for p in docx.Document(io.BytesIO(word)).paragraphs if p.style.name == "Heading 1"]
        assert headings == ["Contents"] + [s.title for s in report.sections]
    assert "This report has no figures." in rendered[1][0]


def test_html_in_texts_is_escaped_and_a_very_long_word_does_not_break_the_pdf():
    long_word = "Onderwijs" * 33 + "xyz"  # 300 characters without a break
    programme = bare_programme(
        name="Programma <b>vet</b>",
        foreword=f"<script>alert(1)</script> en <b>vet</b>\n\n{long_word}",
        description="<img src=x onerror=alert(2)>",
    )
    ReportText.objects.create(programme=programme, key="ring1", text="<script>alert(3)</script>")
    # Texts of action reports are HTML (cleaned when saved); indicator names end up in a drawn chart.
    line = ProgrammeLine.objects.create(programme=programme, kind="action_line", code="1", title="Lijn <i>een</i>")
    action = Action.objects.create(line=line, code="1.1", title="Actie")
    save_report(
        ActionReport(
            action=action,
            period="2025",
            goal="<p>Doel <strong>vet</strong></p><script>alert(4)</script><p onclick='alert(5)'>Klik</p>",
        )
    )
    indicator = Indicator.objects.create(action=action, name="<script>alert(6)</script>", unit="<b>stuks</b>")
    for month, value in ((1, 3), (6, 8)):
        add_measurement(indicator, date=dt.date(2025, month, 1), value=value, unit=indicator.unit, source="Telling")
    ReportText.objects.create(programme=programme, key="summary", text="<b>samenvatting</b>")
    with translation.override("nl"):
        impact = data.build("impact", programme, "nl")
        evaluation = data.build("evaluation", programme, "nl")
        html = renderers.render_html(impact) + renderers.render_html(evaluation)
        pdf = renderers.render_pdf(impact, "http://testserver/")
        word = renderers.render_docx(impact)
    assert len(long_word) == 300
    assert "<script" not in html.lower()
    assert "<b>" not in html and "<img" not in html and "onclick" not in html
    assert "<p>Doel <strong>vet</strong></p>" in html  # the cleaned markup of an action report stays
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "&lt;b&gt;vet&lt;/b&gt;" in html
    assert long_word in html
    assert pdf.startswith(b"%PDF")
    import pypdf

    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "<script>alert(1)</script>" in text  # shown as text, not run or dropped
    assert re.sub(r"\s", "", text).count("Onderwijs" * 5) >= 1
    assert "<script>alert(1)</script>" in "\n".join(p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
