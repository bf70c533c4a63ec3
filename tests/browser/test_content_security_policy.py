"""The key pages work under the Content-Security-Policy: nothing blocked, htmx and the network map still run."""

import re

import pytest

from tests.browser.conftest import csp_violations

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/agenda/",
    "/agenda/?weergave=maand&maand=2025-05",
    "/netwerk/",
    "/programmas/lnos25/",
    "/programmas/lnos25/rapport/",
    "/programmas/lnos25/rapport/impact/",
    "/programmas/lnos25/rapport/evaluatie/",
    "/v/lnos25/",
    "/impactmodel/",
    "/verhalen/",
    "/api/docs",
    "/geen-pagina/",
]


def test_key_pages_break_no_rule_of_the_policy(page, demo_site):
    violations = csp_violations(page)
    for path in PAGES:
        response = page.goto(demo_site + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert not violations, (path, violations)


def test_htmx_filters_and_the_network_map_run_under_the_policy(page, demo_site):
    page.goto(demo_site + "/agenda/?jaar=2025")
    with page.expect_response(lambda response: response.request.headers.get("hx-request") == "true"):
        page.get_by_label(re.compile("open voor partners", re.I)).check()
    page.goto(demo_site + "/netwerk/")
    page.wait_for_selector("#network-map[data-drawn]")
    assert page.locator("#network-map canvas").count() >= 1
