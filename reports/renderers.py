"""Lay a report (reports.data.Report) out as a web page, a PDF (WeasyPrint over the same HTML) or a Word file."""

import dataclasses
import functools
import io
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from reports.data import (
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
    StoryGroup,
    Table,
    Term,
)

if TYPE_CHECKING:  # python-docx is imported where a Word file is made, not when the app loads
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.shared import Length
    from docx.table import Table as WordTable
    from docx.text.paragraph import Paragraph

FORMATS = ("html", "pdf", "docx")

# The language tag Word (spelling, hyphenation, reading aloud) and the document's properties get per report language.
WORD_LANGUAGES = {"nl": "nl-NL", "en": "en-GB"}

# WeasyPrint reports every screen-only CSS property it skips; those are expected, not problems.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


@functools.cache
def report_css() -> str:
    """The report's stylesheet (reports/static/reports/report.css), inlined into the HTML WeasyPrint prints."""
    found = finders.find("reports/report.css")
    if not isinstance(found, str):  # None when missing (a list only with all=True)
        raise FileNotFoundError("reports/report.css")
    return Path(found).read_text(encoding="utf-8")


def render_html(
    report: Report, *, for_pdf: bool = False, base_url: str = "", pdf_url: str = "", docx_url: str = ""
) -> str:
    return render_to_string(
        "reports/report.html",
        {
            "report": report,
            "for_pdf": for_pdf,
            "base_url": base_url.rstrip("/"),
            "pdf_url": pdf_url,
            "docx_url": docx_url,
            "report_css": report_css() if for_pdf else "",
        },
    )


class PdfUnavailable(RuntimeError):
    """The machine lacks the Pango library WeasyPrint draws with."""


def render_pdf(report: Report, base_url: str) -> bytes:
    """A4 PDF with page numbers, running headers, a contents page with page numbers and tagged structure."""
    return weasyprint_pdf(render_html(report, for_pdf=True, base_url=base_url), base_url)


def weasyprint_pdf(html: str, base_url: str) -> bytes:
    """WeasyPrint's own part: the report's HTML to a tagged PDF (what `report --timing` compares the whole with)."""
    try:
        # Imported here: it needs the system's Pango, which only PDFs require.
        from weasyprint import HTML
    except OSError as error:
        raise PdfUnavailable(
            _(
                "PDF reports need the Pango library on the server (Debian: apt-get install "
                "libpango-1.0-0 libpangoft2-1.0-0)."
            )
        ) from error
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


# --- Word -------------------------------------------------------------------------------------------------------


# Control characters a user may paste in are fine in HTML but not allowed in Word's XML.
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    """The same value with every string in it (dataclasses, lists, tuples) stripped of XML-unsafe characters."""
    if isinstance(value, str):
        return XML_UNSAFE.sub("", value)
    if isinstance(value, list):
        return [_xml_safe(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_xml_safe(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value, **{f.name: _xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        )
    return value


def render_docx(report: Report) -> bytes:
    """A Word document built from the report data (not from the HTML): real headings, tables and styles."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.shared import Cm, Mm, Pt, RGBColor

    report = _xml_safe(report)

    document = Document()
    # A4 with the PDF's margins (python-docx's template is US Letter); later sections copy these settings.
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.4)
    section.left_margin = section.right_margin = Cm(2)
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        styles[name].font.color.rgb = RGBColor(0x0B, 0x5F, 0x8A)
    language = WORD_LANGUAGES.get(report.language, report.language)
    _set_language(document, language)
    properties = document.core_properties
    properties.title, properties.author, properties.subject = report.title, report.network, report.subtitle
    properties.language = language

    # The cover, as in the PDF: network, title, programme, period, date and the ring drawing.
    document.add_paragraph(report.network.upper(), style="Subtitle")
    document.add_paragraph(report.title, style="Title")
    document.add_paragraph(report.subtitle)
    document.add_paragraph(report.period)
    document.add_paragraph(
        _("Made with rimpel from the network's records on %(date)s.") % {"date": report.generated_on}
    )
    if report.cover_svg:
        _picture(document, report.cover_svg, _("The network impact model"), Cm(10))
    document.add_page_break()
    document.add_heading(_("Contents"), level=1)
    _field(
        document.add_paragraph(),
        'TOC \\o "1-2" \\h \\z \\u',
        _("Right-click and choose “Update field” to show the contents."),
    )
    _field(section.footer.paragraphs[0], "PAGE", "1")
    section.header.paragraphs[0].text = report.title
    for chapter in report.sections:
        new_section = document.add_section(WD_SECTION.NEW_PAGE)
        new_section.header.is_linked_to_previous = True
        document.add_heading(chapter.title, level=1)
        _blocks(document, report, chapter.blocks)
        if chapter.key == "notes":
            for figure in report.notes:
                paragraph = document.add_paragraph(style="List Number")
                paragraph.add_run(f"{figure.display} {figure.label}").bold = True
                paragraph.add_run(f": {figure.definition} {_('Records:')} {figure.source}.")
        for child in chapter.children:
            document.add_heading(child.title, level=2)
            _blocks(document, report, child.blocks)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_language(document: "Document", language: str) -> None:
    """The language of all text: on the document defaults every style inherits, and on the Normal style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run_properties = [document.styles["Normal"].element.get_or_add_rPr()]
    run_properties += document.styles.element.findall(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for properties in run_properties:
        lang = properties.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            properties.append(lang)  # w:lang comes after the font, size and colour a style sets
        lang.set(qn("w:val"), language)


def _field(paragraph: "Paragraph", instruction: str, placeholder: str) -> None:
    """A Word field (contents, page number) that Word fills in when it opens or updates the document."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def element(tag: str, **attributes: str) -> "BaseOxmlElement":
        node = OxmlElement(tag)
        for key, value in attributes.items():
            node.set(qn(key), value)
        return node

    run = paragraph.add_run()
    run._r.append(element("w:fldChar", **{"w:fldCharType": "begin"}))
    text = element("w:instrText", **{"xml:space": "preserve"})
    text.text = f" {instruction} "
    run._r.append(text)
    run._r.append(element("w:fldChar", **{"w:fldCharType": "separate"}))
    paragraph.add_run(placeholder)
    end = paragraph.add_run()
    end._r.append(element("w:fldChar", **{"w:fldCharType": "end"}))


def _figure_text(figure: Figure) -> str:
    return f"{figure.display} [{figure.note}]" if figure.note else figure.display


def _blocks(document: "Document", report: Report, blocks: list) -> None:
    for block in blocks:
        if isinstance(block, Paragraphs):
            for text in block.paragraphs:
                document.add_paragraph(text)
        elif isinstance(block, RichText):
            if block.heading:
                document.add_heading(block.heading, level=3)
            for text in block.paragraphs:
                document.add_paragraph(text)
        elif isinstance(block, Term):
            paragraph = document.add_paragraph()
            paragraph.add_run(block.term).italic = True
            paragraph.add_run(f": {block.explanation}")
        elif isinstance(block, Missing):
            document.add_paragraph(block.message, style="Intense Quote")
        elif isinstance(block, FigureGrid):
            for figure in block.figures:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(_figure_text(figure)).bold = True
                paragraph.add_run(f" {figure.label}. {figure.definition}")
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Chart):
            _chart(document, block)
        elif isinstance(block, Quote):
            document.add_paragraph(f"“{block.text}” — {block.attribution}", style="Quote")
            if block.reason:
                document.add_paragraph(f"{_('Chosen by the panel:')} {block.reason}")
        elif isinstance(block, ItemList):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, StoryGroup):
            _stories(document, block)


def _table(document: "Document", block: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.add_paragraph(block.caption, style="Caption")
    rows: list[Sequence[str | Cell]] = [block.header, *block.rows, *block.foot]
    table = document.add_table(rows=len(rows), cols=len(block.header))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row_index, row in enumerate(rows):
        for column, value in enumerate(row):
            cell = table.cell(row_index, column)
            text = value if isinstance(value, str) else (_figure_text(value.figure) if value.figure else value.text)
            cell.text = text
            if column in block.numeric_columns:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if row_index == 0 or row_index >= len(rows) - len(block.foot):
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    _repeat_header_and_keep_rows(table)


def _repeat_header_and_keep_rows(table: "WordTable") -> None:
    """The header row repeats on each page, and no row is split over two pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        if index == 0:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            properties.append(header)
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        properties.append(keep)


def _chart(document: "Document", block: Chart) -> None:
    from docx.shared import Cm

    _picture(document, block.svg, block.alt, Cm(14))
    document.add_paragraph(block.alt, style="Caption")
    _table(document, block.table)


def _picture(document: "Document", svg: str, alt: str, width: "Length") -> None:
    """An SVG drawing as a PNG picture, with its alternative text as Word shows it to screen readers."""
    import cairosvg

    png = cairosvg.svg2png(bytestring=svg.encode(), scale=2)
    document.add_picture(io.BytesIO(png), width=width)
    document.inline_shapes[-1]._inline.docPr.set("descr", alt)


def _stories(document: "Document", block: StoryGroup) -> None:
    document.add_heading(block.title, level=3)
    for entry in block.entries:
        document.add_paragraph().add_run(entry.who).bold = True
        if entry.quote:
            document.add_paragraph(f"“{entry.quote}”", style="Quote")
        for ring, dimension, text, substantiations in entry.parts:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{_('Ring %(ring)s') % {'ring': ring}}: {dimension}. ").bold = True
            paragraph.add_run(text)
            for line in substantiations:
                document.add_paragraph(line, style="List Bullet")
        for reason in entry.reasons:
            document.add_paragraph(f"{_('Chosen by the panel:')} {reason}")
