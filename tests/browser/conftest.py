"""Playwright driving Debian's Chromium. Without Chromium the tests are skipped, unless
RIMPEL_REQUIRE_BROWSER=1 (as in .ci/run), which turns the skip into a failure."""

import os
from pathlib import Path

import pytest

from home.demo import load_demo

CHROMIUM = Path(os.environ.get("RIMPEL_CHROMIUM", "/usr/bin/chromium"))
SKIP_REASON = (
    f"Browser tests skipped: no Chromium at {CHROMIUM}. "
    "Install it with `apt-get install chromium` (or set RIMPEL_CHROMIUM) to run them."
)

# Playwright's sync API runs an event loop in the test thread; the test itself only
# prepares data before the browser starts, so Django's async-safety guard can step aside.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("RIMPEL_REQUIRE_BROWSER") == "1":
            pytest.fail(SKIP_REASON.replace("skipped", "required"))
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def csp_violations(page) -> list[str]:
    """Collects what the Content-Security-Policy blocks on this page (Chromium reports it on the console)."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    violations = csp_violations(page)
    yield page
    context.close()
    # Every page a browser test visits keeps to the Content-Security-Policy (no inline scripts or styles).
    assert not violations, violations


@pytest.fixture
def demo_site(transactional_db, live_server):
    load_demo()
    return live_server.url
