"""The reports laid out: the PDF (text, contents page, page numbers, tags, fonts), the Word file and the web page."""

import io
import re
from html.parser import HTMLParser

import docx
import pypdf
import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from programmes.models import Programme
from reports import data, renderers
from reports.data import FigureGrid, Table
from reports.tests.conftest import bare_programme, walk

pytestmark = pytest.mark.django_db

BASE_URL = "http://testserver/"


def _build(kind: str, slug: str):
    with translation.override("nl"):
        return data.build(kind, Programme.objects.get(slug=slug), "nl")


@pytest.fixture(scope="module")
def impact(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return _build("impact", "lnos25")


@pytest.fixture(scope="module")
def evaluation(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return _build("evaluation", "gelijke-kansen-2024-2026")


@pytest.fixture(scope="module")
def impact_pdf(impact):
    with translation.override("nl"):
        return pypdf.PdfReader(io.BytesIO(renderers.render_pdf(impact, BASE_URL)))


@pytest.fixture(scope="module")
def evaluation_pdf(evaluation):
    with translation.override("nl"):
        return pypdf.PdfReader(io.BytesIO(renderers.render_pdf(evaluation, BASE_URL)))


@pytest.fixture(scope="module")
def evaluation_docx(evaluation):
    with translation.override("nl"):
        return docx.Document(io.BytesIO(renderers.render_docx(evaluation)))


@pytest.fixture(scope="module")
def impact_html(impact):
    with translation.override("nl"):
        return renderers.render_html(impact, pdf_url="/x.pdf", docx_url="/x.docx")


@pytest.fixture(scope="module")
def impact_texts(impact_pdf) -> list[str]:
    """The text of each page (extracting it takes a second, so once per module)."""
    return [page.extract_text() for page in impact_pdf.pages]


@pytest.fixture(scope="module")
def evaluation_texts(evaluation_pdf) -> list[str]:
    return [page.extract_text() for page in evaluation_pdf.pages]


DUTCH_DATE = re.compile(
    r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}\b"
)


def flat(text: str) -> str:
    """Text without line breaks or hyphenation at line ends, to find phrases that wrapped."""
    return re.sub(r"\s+", " ", re.sub(r"[-\u2010]\n", "", text))


# --- PDF --------------------------------------------------------------------------------------------------------


def test_the_impact_pdf_shows_title_contents_figures_and_a_quote(impact, impact_pdf, impact_texts):
    texts = impact_texts
    everything = flat("\n".join(texts))
    assert len(impact_pdf.pages) > 10
    assert texts[0].splitlines()[:2] == ["LEIDEN EDUCATION FIELDLAB", impact.title]
    with translation.override("nl"):
        assert impact.title == gettext("Impact report %(programme)s") % {"programme": "LNOS25"}
    with translation.override("nl"):
        contents = gettext("Contents")
    assert contents in ("Inhoud", "Contents")
    assert texts[1].startswith(contents)
    for shown in ("1.130", "226", "80+", "17.000+", "60%", "Activiteiten op de jaarkalender"):
        assert shown in everything, shown
    assert "Een avond vol inspiratie; ik ga morgen met zin aan" in everything  # a quote of reports/tests/conftest.py
    assert "Marloes van der Veen" in everything


def test_every_page_after_the_cover_has_a_page_number_of_the_total(impact_texts):
    texts = impact_texts
    total = len(texts)
    assert not re.search(r"\b\d+ / \d+\s*$", texts[0]), "the cover has no page number"
    for number, text in enumerate(texts[1:], start=2):
        assert re.search(rf"(^|\s){number} / {total}\s*$", text), f"page {number}: {text[-80:]!r}"


def test_the_contents_page_gives_the_page_where_each_chapter_starts(impact, impact_texts):
    texts = impact_texts
    listed = {}
    for line in texts[1].splitlines():
        match = re.match(r"^(.*?)\s*\.*\s+(\d+)$", line)
        if match:
            listed.setdefault(match.group(1).rstrip(" ."), int(match.group(2)))
    for chapter in impact.sections:
        assert chapter.title in listed, f"{chapter.title} is not in the contents"
        page = listed[chapter.title]
        # Chapters follow each other (only the contents and the first appendix start a page): the heading is a line.
        assert chapter.title in texts[page - 1].splitlines(), f"{chapter.title} does not start on page {page}"
    numbers = [listed[chapter.title] for chapter in impact.sections]
    assert numbers == sorted(numbers) and numbers[0] == 3 and numbers[-1] <= len(texts)


def test_the_cover_names_network_title_programme_date_in_words_and_draws_the_rings(
    impact, evaluation, impact_texts, evaluation_texts
):
    for report, texts in ((impact, impact_texts), (evaluation, evaluation_texts)):
        cover = flat(texts[0])
        for shown in (report.network.upper(), report.title, report.subtitle, report.period, report.generated_on):
            assert shown in cover, shown
        assert DUTCH_DATE.search(report.generated_on), report.generated_on
        assert "<svg" in report.cover_svg
        assert "Activiteit" in cover  # the centre of the ring drawing


def test_the_contents_set_chapters_larger_than_their_sections(impact, impact_pdf):
    sizes: dict[str, float] = {}

    def visit(text, matrix, text_matrix, font, size):
        if text.strip():
            sizes.setdefault(text.strip(), size * text_matrix[0] * matrix[0])

    impact_pdf.pages[1].extract_text(visitor_text=visit)
    ambitions = next(section for section in impact.sections if section.key == "ambitions")
    chapter, part = sizes[ambitions.title], sizes[ambitions.children[0].title]
    assert chapter > part, (chapter, part)


def test_no_page_after_the_cover_is_near_empty_and_short_chapters_share_a_page(impact, impact_texts, evaluation_texts):
    for texts in (impact_texts, evaluation_texts):
        for number, text in enumerate(texts[1:], start=2):
            assert len(text) >= 150, f"page {number} is nearly empty: {text!r}"
    # Foreword, introduction and summary are short: they follow each other on page 3, not one a page.
    lines = impact_texts[2].splitlines()
    for key in ("foreword", "introduction", "summary"):
        assert next(section.title for section in impact.sections if section.key == key) in lines


def test_the_text_layer_has_no_hyphenated_words(impact, evaluation, impact_texts, evaluation_texts, impact_html):
    with translation.override("nl"):
        evaluation_html = renderers.render_html(evaluation)
    for texts, html in ((impact_texts, impact_html), (evaluation_texts, evaluation_html)):
        everything = "\n".join(texts)
        assert "\u2010" not in everything and "\u00ad" not in everything  # what hyphenation inserts
        # A line may end in a hyphen only where the word has one ("LinkedIn-pagina"), never inside a word.
        for start, end in re.findall(r"(\w+)-\n(\w+)", everything):
            assert f"{start}-{end}" in html, f"{start}-/{end} is split"


def test_dates_are_written_out_in_dutch(evaluation_texts):
    everything = flat("\n".join(evaluation_texts))
    assert not re.search(r"\b(Jan|Feb|Mar|Mrt|Apr|May|Mei|Jun|Jul|Aug|Sep|Oct|Okt|Nov|Dec) \d{4}\b", everything)
    assert DUTCH_DATE.search(everything)
    assert re.search(
        r"\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) "
        r"\d{4}\b",
        everything,
    )


def test_notes_name_the_programme_by_its_name_not_its_slug(impact, evaluation, impact_texts, evaluation_texts):
    for report, texts in ((impact, impact_texts), (evaluation, evaluation_texts)):
        programme = report.programme
        everything = flat("\n".join(texts))
        assert f"programma {programme.slug}" not in everything
        assert not [figure.source for figure in report.notes if programme.slug in figure.source]
        assert any(programme.name in figure.source for figure in report.notes)
    assert "Gepubliceerde verhalen van programma Leiden Nationale Onderwijsstad 2025" in flat("\n".join(impact_texts))


def test_the_pdf_is_tagged_in_the_reports_language_with_embedded_fonts(impact, impact_pdf):
    root = impact_pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl"
    assert impact_pdf.metadata.title == f"{impact.title} · Leiden Education Fieldlab"
    embedded, fonts = set(), set()
    for page in impact_pdf.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts.add(font["/BaseFont"])
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
                embedded.add(font["/BaseFont"])
    assert fonts
    assert {str(name).split("+")[-1] for name in fonts} == {str(name).split("+")[-1] for name in embedded}


def test_figure_links_in_the_pdf_point_at_the_site(impact_pdf):
    uris = {
        annotation.get_object()["/A"].get("/URI")
        for page in impact_pdf.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    assert "http://testserver/programmas/lnos25/activiteiten/" in uris
    assert "http://testserver/programmas/lnos25/verhalen/?ring=1" in uris


def test_the_evaluation_pdf_shows_the_realised_budget(evaluation_pdf):
    everything = flat("\n".join(page.extract_text() for page in evaluation_pdf.pages))
    assert "1.065.000" in everything
    assert "1.800.000" in everything
    assert "387.000" in everything and "678.000" in everything
    assert "Vragenlijst onder schoolleiders van scholen met een brugfunctionaris" in everything


# --- Word -------------------------------------------------------------------------------------------------------


def test_word_is_a4_in_the_reports_language_with_the_cover(evaluation, evaluation_docx):
    from docx.oxml.ns import qn

    for section in evaluation_docx.sections:
        # Word stores twentieths of a point: A4 comes back within a tenth of a millimetre.
        assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210, 297)
    styles = evaluation_docx.styles
    defaults = styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    normal = styles["Normal"].element.rPr.find(qn("w:lang"))
    assert defaults.get(qn("w:val")) == normal.get(qn("w:val")) == "nl-NL"
    assert evaluation_docx.core_properties.language == "nl-NL"
    cover = [paragraph.text for paragraph in evaluation_docx.paragraphs[:5]]
    assert cover[:4] == [evaluation.network.upper(), evaluation.title, evaluation.subtitle, evaluation.period]
    assert evaluation.generated_on in cover[4] and DUTCH_DATE.search(cover[4])
    assert evaluation_docx.inline_shapes[0]._inline.docPr.get("descr") == "Het netwerkimpactmodel"
    assert evaluation_docx.paragraphs[1].style.name == "Title"


def test_an_english_word_report_is_british_english(demo):
    with translation.override("en"):
        report = data.build("evaluation", bare_programme(), "en")
        document = docx.Document(io.BytesIO(renderers.render_docx(report)))
    assert document.core_properties.language == "en-GB"
    assert round(document.sections[0].page_height.mm) == 297
    assert DUTCH_DATE.search(report.generated_on) is None and re.search(r"\d{4}$", report.generated_on)


def test_word_chapters_are_heading_1_and_their_parts_heading_2(evaluation, evaluation_docx):
    headings = [
        (p.style.name, p.text) for p in evaluation_docx.paragraphs if p.style.name in ("Heading 1", "Heading 2")
    ]
    with translation.override("nl"):
        contents = gettext("Contents")
    expected = [("Heading 1", contents)]
    for chapter in evaluation.sections:
        expected.append(("Heading 1", chapter.title))
        expected.extend(("Heading 2", child.title) for child in chapter.children)
    assert headings == expected
    assert ("Heading 1", "1 Kinderen, jongeren en ouders gebruiken het Leidse aanbod goed geïnformeerd") in headings


def test_word_has_the_realised_budget_table_and_pictures_with_alt_text(evaluation, evaluation_docx):
    totals = [
        [cell.text for cell in table.rows[-1].cells]
        for table in evaluation_docx.tables
        if "1.065.000" in table.rows[-1].cells[-1].text
    ]
    assert len(totals) == 1
    realised = next(f for f in evaluation.notes if f.value == 1065000)
    assert totals[0][1:] == ["€ 387.000", "€ 678.000", "–", f"€ 1.065.000 [{realised.note}]"]
    pictures = evaluation_docx.inline_shapes
    assert len(pictures) >= 2
    descriptions = [picture._inline.docPr.get("descr") for picture in pictures]
    assert all(description and description.strip() for description in descriptions)
    assert any(
        description.startswith("Planned and realised per year") or "2024: € 800.000" in description
        for description in descriptions
    )
    with translation.override("nl"):
        expected = gettext("Evaluation report %(programme)s") % {"programme": "LGKA"}
    assert evaluation_docx.core_properties.title == evaluation.title == expected
    assert evaluation_docx.core_properties.language == "nl-NL"


def test_word_lists_every_figure_with_its_source_in_the_notes_chapter(evaluation, evaluation_docx):
    numbered = [p.text for p in evaluation_docx.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == len(evaluation.notes)
    for text, figure in zip(numbered, evaluation.notes, strict=True):
        assert text.startswith(f"{figure.display} {figure.label}")
        assert figure.source in text


# --- HTML -------------------------------------------------------------------------------------------------------


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.links = [], [], []
        self._href = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "a":
            self._href = attributes.get("href")
            self.hrefs.append(self._href)
            self.links.append([self._href, ""])

    def handle_data(self, text):
        if self._href is not None:
            self.links[-1][1] += text

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None


def test_the_web_page_has_no_script_and_every_figure_links_to_its_records(impact, impact_html):
    assert "<script" not in impact_html.lower()
    parser = _Anchors()
    parser.feed(impact_html)
    links = {(href, text) for href, text in parser.links}
    figures = list(impact.notes)
    for _section, block in walk(impact.sections):
        if isinstance(block, Table):
            figures.extend(cell.figure for row in block.rows for cell in row if cell.figure)
    with_url = [figure for figure in figures if figure.url]
    assert len(with_url) > len(impact.notes)  # the per-dimension counts link too
    for figure in with_url:
        assert (figure.url, figure.display) in links, f"{figure.label} ({figure.display}) is not a link"
    first = next(block for _s, block in walk(impact.sections) if isinstance(block, FigureGrid)).figures[0]
    assert f'<a href="{escape(first.url)}">{first.display}</a>' in impact_html


def test_each_footnote_reference_has_its_note_and_ids_are_unique(impact, evaluation, impact_html):
    with translation.override("nl"):
        evaluation_html = renderers.render_html(evaluation)
    for report, html in ((impact, impact_html), (evaluation, evaluation_html)):
        parser = _Anchors()
        parser.feed(html)
        references = {int(href.removeprefix("#note-")) for href in parser.hrefs if href.startswith("#note-")}
        notes = {int(i.removeprefix("note-")) for i in parser.ids if i.startswith("note-")}
        assert references == notes == set(range(1, len(report.notes) + 1))
        assert len(parser.ids) == len(set(parser.ids)), "an id is used twice"
        internal = {href[1:] for href in parser.hrefs if href.startswith("#")}
        assert internal <= set(parser.ids), internal - set(parser.ids)
        assert f'<html lang="{report.language}"' in html


def test_the_impact_report_explains_the_models_words_where_it_first_uses_them(impact, impact_html, impact_texts):
    for term in ("Impactroute", "Dimensie", "Eerstegraads impact", "Tweedegraads impact", "Redeneerlijn"):
        assert impact_html.count(f"<dfn>{term}</dfn>: ") == 1, term
    assert "Redeneerlijn: een korte reeks stappen" in flat(" ".join(impact_texts))
    with translation.override("nl"):
        document = docx.Document(io.BytesIO(renderers.render_docx(impact)))
    explained = [p for p in document.paragraphs if p.text.startswith("Derdegraads impact: ")]
    assert len(explained) == 1 and explained[0].runs[0].italic
