"""manage.py report: writes a programme's report as PDF, Word or HTML, and says clearly what it cannot do."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from reports import data, renderers

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out, **options)
    return out.getvalue()


def test_writes_the_impact_report_as_pdf(demo, tmp_path):
    target = tmp_path / "x.pdf"
    said = run("impact", programme="lnos25", format="pdf", output=str(target))
    body = target.read_bytes()
    assert body.startswith(b"%PDF")
    assert len(body) > 50_000
    assert said.startswith(f"Wrote {target} (")
    assert "12 figures with their sources" in said


def test_timing_says_the_whole_and_weasyprints_own_time(demo, tmp_path, monkeypatch):
    calls = []
    weasyprint_pdf = renderers.weasyprint_pdf
    monkeypatch.setattr(
        renderers, "weasyprint_pdf", lambda html, base: calls.append(html) or weasyprint_pdf(html, base)
    )
    said = run("impact", programme="lnos25", format="pdf", output=str(tmp_path / "x.pdf"), timing=True)
    assert re.search(r"End to end \(data, layout, file\): [0-9.]+ s CPU, [0-9.]+ s wall\.", said)
    assert re.search(r"WeasyPrint alone for the same HTML: [0-9.]+ s CPU, [0-9.]+ s wall; ratio [0-9.]+ \(CPU\)", said)
    assert len(calls) == 3 and calls[1] == calls[2]  # warmed up, the whole, then the same HTML alone


def test_writes_the_evaluation_report_as_word(demo, tmp_path):
    target = tmp_path / "x.docx"
    run("evaluation", programme="gelijke-kansen-2024-2026", format="docx", output=str(target))
    document = docx.Document(str(target))
    with translation.override("nl"):
        assert document.core_properties.title == gettext("Evaluation report %(programme)s") % {"programme": "LGKA"}
    assert any("1.065.000" in table.rows[-1].cells[-1].text for table in document.tables)


def test_writes_html_in_the_language_asked_for(demo, tmp_path):
    dutch, english = tmp_path / "nl.html", tmp_path / "en.html"
    run("impact", programme="lnos25", format="html", output=str(dutch))
    run("impact", "--language", "en", programme="lnos25", format="html", output=str(english))
    dutch_page, english_page = dutch.read_text(), english.read_text()
    assert '<html lang="nl"' in dutch_page and "Impactroutes" in dutch_page
    assert '<html lang="en"' in english_page and "Impact routes" in english_page
    assert "Eerstegraads impact" in dutch_page and "First-degree impact" in english_page
    # Links in a file that leaves the site point back at it.
    assert 'href="http://localhost:8000/programmas/lnos25/activiteiten/"' in dutch_page
    assert 'href="http://localhost:8000/en/programmas/lnos25/activiteiten/"' in english_page


def test_without_output_it_names_the_file_after_programme_and_kind(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("evaluation", programme="gelijke-kansen-2024-2026", format="html")
    assert (tmp_path / "gelijke-kansen-2024-2026-evaluation.html").read_text().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        (["impact"], {"programme": "onbekend"}, "Unknown programme 'onbekend'. Known programmes: "),
        (["jaarverslag"], {"programme": "lnos25"}, "Unknown report 'jaarverslag'; choose one of: impact, evaluation"),
        (["impact"], {"programme": "lnos25", "format": "odt"}, "Unknown format 'odt'; choose one of: html, pdf, docx."),
        (["impact"], {"programme": "lnos25", "language": "de"}, "Unknown language 'de'; choose one of: nl, en."),
    ],
)
def test_what_it_cannot_do_is_a_clear_error(demo, tmp_path, args, options, message):
    target = tmp_path / "x.out"
    with pytest.raises(CommandError) as raised:
        run(*args, output=str(target), **options)
    assert str(raised.value).startswith(message)
    assert not target.exists()


def test_an_unknown_report_lists_every_kind(demo):
    with pytest.raises(CommandError) as raised:
        run("jaarverslag", programme="lnos25")
    assert str(raised.value) == f"Unknown report 'jaarverslag'; choose one of: {', '.join(data.KINDS)}."
    assert {"impact", "evaluation"} <= set(data.KINDS)


def test_an_unknown_programme_lists_the_known_ones(demo):
    with pytest.raises(
        CommandError,
        match=r"Known programmes: (gelijke-kansen-2024-2026, lnos25|lnos25, "
        r"gelijke-kansen-2024-2026)\.",
    ):
        run("impact", programme="onbekend")


def test_without_pango_the_pdf_is_a_clear_error(demo, tmp_path, monkeypatch):
    def unavailable(report, base_url):
        raise renderers.PdfUnavailable("PDF reports need the Pango library on the server.")

    monkeypatch.setattr(renderers, "render_pdf", unavailable)
    with pytest.raises(CommandError, match="need the Pango library"):
        run("impact", programme="lnos25", format="pdf", output=str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_manage_py_exits_non_zero_with_the_message(tmp_path):
    env = {**os.environ, "RIMPEL_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'throwaway.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, "manage.py"]
    migrate = subprocess.run(
        [*manage, "migrate", "-v0"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert migrate.returncode == 0, migrate.stderr
    result = subprocess.run(
        [*manage, "report", "impact", "--programme", "onbekend", "--output", str(tmp_path / "x.pdf")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Unknown programme 'onbekend'. Known programmes: none yet." in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_an_output_folder_that_does_not_exist_is_a_clear_error(demo, tmp_path):
    with pytest.raises(CommandError, match="Could not write"):
        call_command(
            "report",
            "evaluation",
            programme="gelijke-kansen-2024-2026",
            format="html",
            output=str(tmp_path / "missing" / "gk.html"),
        )
