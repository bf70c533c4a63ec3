"""The evaluation report's optional section on segregation in primary schools (reports.data.segregation): chosen on
the texts page, shown in the HTML, the PDF and the Word file with the monitor's latest figures and their sources."""

import io

import docx
import pypdf
import pytest

from reports import data, renderers
from reports.models import ReportSettings, TextKey
from reports.tests.conftest import bare_programme
from schooldata.tests.monitor_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(org_a):
    programme = bare_programme("p", name="Programma P")
    programme.organisations.set([org_a])
    return programme


def test_the_section_is_off_until_chosen_on_the_texts_page(client, coordinator, programme):
    build_world()
    assert "segregation" not in [section.key for section in data.build("evaluation", programme, "nl").sections]
    client.force_login(coordinator)
    texts = dict.fromkeys(TextKey.values, "")
    response = client.post("/programmas/p/rapport/teksten/", {**texts, "segregation_section": "on"})
    assert response.status_code == 302
    assert ReportSettings.objects.get(programme=programme).segregation_section
    form = client.get("/programmas/p/rapport/teksten/").content.decode()
    assert 'name="segregation_section"' in form and "checked" in form


def test_html_pdf_and_word_show_the_latest_indices_with_their_source(programme):
    build_world()
    ReportSettings.objects.create(programme=programme, segregation_section=True)
    report = data.build("evaluation", programme, "nl")
    keys = [section.key for section in report.sections]
    assert keys.index("segregation") < keys.index("budget")
    html = renderers.render_html(report)
    assert "Segregatie in het basisonderwijs" in html
    assert "10,0%" in html and "51,0%" in html  # 2024-2025: dissimilarity and isolation
    assert "pupils_by_postcode-2024.csv" in html  # the note names the release
    assert "<svg" in html
    pdf = pypdf.PdfReader(io.BytesIO(renderers.render_pdf(report, "http://testserver/")))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Segregatie in het basisonderwijs" in text and "ongelijkheid in 2024-2025" in text
    word = docx.Document(io.BytesIO(renderers.render_docx(report)))
    assert "Segregatie in het basisonderwijs" in [paragraph.text for paragraph in word.paragraphs]


def test_without_school_data_the_section_says_so(programme):
    ReportSettings.objects.create(programme=programme, segregation_section=True)
    html = renderers.render_html(data.build("evaluation", programme, "nl"))
    assert "Er zijn nog geen schoolgegevens ingelezen" in html


def test_every_year_in_the_table_names_its_releases(programme):
    build_world()
    ReportSettings.objects.create(programme=programme, segregation_section=True)
    html = renderers.render_html(data.build("evaluation", programme, "nl"))
    assert "pupils_by_postcode-2023.csv" in html  # the earlier year's figures, not only the latest's
