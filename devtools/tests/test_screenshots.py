"""Smoke test of the screenshot command (issue 22's closing note): one page at both widths and the report's pages.
Skipped unless RIMPEL_TEST_SCREENSHOTS=1: it needs Chromium and renders a report, about half a minute that CI (kept
under 20 minutes) does not spend on a tool for the closing notes."""

import datetime as dt
import os

import pytest
from django.core.management import call_command
from PIL import Image

from programmes.models import Programme

pytestmark = pytest.mark.skipif(
    os.environ.get("RIMPEL_TEST_SCREENSHOTS") != "1", reason="a dev tool's smoke test; set RIMPEL_TEST_SCREENSHOTS=1"
)


def test_the_home_page_at_both_widths_and_the_report_cover(transactional_db, live_server, tmp_path):
    Programme.objects.create(
        slug="lnos25",
        name="Leiden Nationale Onderwijsstad 2025",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        publication_status="published",
    )
    call_command("screenshots", url=live_server.url, out=str(tmp_path), only=["home", "pdf"])
    names = sorted(path.name for path in tmp_path.glob("*.png"))
    assert {"home-1280.png", "home-390.png", "report-cover.png"} <= set(names)
    assert not any("gemeente" in name for name in names)  # no second server given
    with Image.open(tmp_path / "home-390.png") as image:
        assert image.width == 390
