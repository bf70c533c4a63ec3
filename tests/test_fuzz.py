"""Every view fuzzed (issue 20): no hostile value in a query string or form field may cause a server error, and a
refused request writes nothing.

For every web URL in tests/access.py (the API has its own schemathesis run, api/tests/test_fuzz.py) and each
persona, the page is opened in the small world of tests/test_view_permissions.py; the forms it shows (filter sets
with method GET, forms that POST, wherever their action points) give the field names, and hypothesis sends them
hostile values: numbers out of range, huge ids, unicode digits, NUL, empty, very long, malformed dates. Every
request runs in a savepoint that is rolled back, so the world stays as it is.

Bounded: RIMPEL_FUZZ_VIEWS_SECONDS (default 120) for the whole run and RIMPEL_FUZZ_VIEWS_EXAMPLES (default 2)
values per form; what the budget leaves is *skipped* with its name, never passed. The counts per persona are
printed at the end.
"""

import os
import re
import time
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.forms import BaseForm, BaseFormSet
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests import test_view_permissions
from tests.access import ACCESS, ADMIN_PREFIX
from tests.test_view_permissions import client_for, url_for

# The permission matrix's world and its fresh rate limits, as fixtures of this module too.
world = test_view_permissions.world
fresh_limits = test_view_permissions.fresh_limits

BUDGET_SECONDS = float(os.environ.get("RIMPEL_FUZZ_VIEWS_SECONDS", 120))
EXAMPLES = int(os.environ.get("RIMPEL_FUZZ_VIEWS_EXAMPLES", 2))
PERSONAS = ("anonymous", "member", "editor_a", "coordinator")

HOSTILE = [
    "",
    "0",
    "-1",
    "99999",
    str(2**63 - 1),
    str(2**63),
    "99999999999999999999999",
    "1e309",
    "-1e309",
    "NaN",
    "²",
    "٣",
    "\x00",
    "a\x00b",
    "9" * 5000,
    "x" * 5000,
    "2025-02-30",
    "9999-12-31",
    "0000-00-00",
    "-0001-01-01",
    "31-12-99999",
    "25:61",
    "2025-13",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "🙂",
]
# Sent to every form as is, every field at once, before hypothesis's mixes: each class of value that broke a view.
SWEEP = [str(2**63), "1e309", "-1", "²", "\x00", "9" * 5000, "2025-02-30"]
VALUES = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20), st.integers().map(str))
# Written by any request, refused or not: the session, the cache (rate limits) and the cache topics' versions.
BOOKKEEPING = {"django_session", "rimpel_cache", "core_cacheversion"}
WRITE = re.compile(r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.I)
RAN: Counter = Counter()
# A form met before by the same persona (the header's search and language forms are on every page) is not sent again.
FUZZED: set[tuple] = set()
_started: list[float] = []

CASES = [
    (name, index, entry)
    for name, entries in ACCESS.items()
    for index, entry in enumerate(entries)
    if not name.startswith(ADMIN_PREFIX) and not name.startswith("api:")
]


class Forms(HTMLParser):
    """The forms of a page: (action, method, field names); a link with a query string counts as a GET form (the
    programme page's breakdowns link to its activities with `jaar`, a parameter no form shows)."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[tuple[str, str, list[str]]] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            action = urlsplit(attributes.get("action") or self.page_url)
            self.inside = not action.netloc  # a form to another site is not ours to fuzz
            if self.inside:
                self.forms.append((action.path or self.page_url, (attributes.get("method") or "get").lower(), []))
        elif tag == "a" and "?" in (attributes.get("href") or ""):
            link = urlsplit(attributes["href"])
            names = sorted({pair.split("=", 1)[0] for pair in link.query.split("&") if pair})
            if not link.netloc and names:
                self.forms.append((link.path or self.page_url, "get", names))
        elif tag in ("input", "select", "textarea", "button") and self.inside:
            name = attributes.get("name")
            if name and name not in ("csrfmiddlewaretoken", *self.forms[-1][2]):
                self.forms[-1][2].append(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def targets(url: str, response, entry, w) -> list[tuple[str, str, list[str]]]:
    """What to fuzz: the page's own URL with `page` (lists are paged), its forms, and a POST case's fields."""
    path = urlsplit(url).path
    found = [(path, "get", ["page"])]
    if entry.method != "get":
        found.append((path, entry.method, sorted(entry.data(w)) if entry.data else ["id"]))
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        parser = Forms(path)
        parser.feed(response.content.decode())
        found += [form for form in parser.forms if form[2] and form[0].startswith("/") and form[1] in ("get", "post")]
    return found


def shows_errors(response) -> bool:
    """Whether the page shows a bound form with errors (a form re-shown: the input was refused)."""
    contexts = response.context if isinstance(response.context, list) else [response.context or {}]
    for context in contexts:
        values = context.flatten().values() if hasattr(context, "flatten") else context.values()
        for value in values:
            if isinstance(value, BaseForm) and value.is_bound and value.errors:
                return True
            if isinstance(value, BaseFormSet) and value.is_bound and not value.is_valid():
                return True
    return False


def send(client, headers, method: str, path: str, data: dict) -> tuple[object, set[str]]:
    """The request inside a savepoint that is rolled back, and the tables it wrote to."""
    written: set[str] = set()

    def record(execute, sql, params, many, context):
        if match := WRITE.match(sql):
            written.add(match[1].lower())
        return execute(sql, params, many, context)

    cache.clear()  # rate limits and cached pages start empty
    with transaction.atomic():
        with connection.execute_wrapper(record):
            response = getattr(client, method)(path, data, **headers)
        transaction.set_rollback(True)
    return response, written


def check(client, headers, persona: str, method: str, path: str, data: dict) -> None:
    response, written = send(client, headers, method, path, data)
    RAN[persona] += 1
    shown = f"{method.upper()} {path} {data!r:.300} as {persona}"
    assert response.status_code < 500, f"{shown}: {response.status_code}"
    refused = response.status_code >= 400 or (method != "get" and shows_errors(response))
    if refused:
        assert written <= BOOKKEEPING, f"{shown} was refused ({response.status_code}) but wrote to {written}"


def fuzz(client, headers, persona: str, method: str, path: str, fields: list[str]) -> None:
    for value in SWEEP:
        check(client, headers, persona, method, path, dict.fromkeys(fields, value))

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.fixed_dictionaries({name: st.lists(VALUES, min_size=1, max_size=2) for name in fields}))
    def one(data):
        check(client, headers, persona, method, path, data)

    one()


@pytest.fixture(scope="module", autouse=True)
def report_counts(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and RAN:
        counts = ", ".join(f"{persona} {RAN[persona]}" for persona in PERSONAS)
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nview fuzz: requests per persona: {counts} (budget {BUDGET_SECONDS:.0f} s)")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,index,entry", CASES, ids=[f"{name}#{index}" for name, index, _entry in CASES])
def test_no_hostile_value_breaks_a_view(world, name, index, entry, persona):
    started = _started[0] if _started else _started.append(time.monotonic()) or _started[0]
    if time.monotonic() - started > BUDGET_SECONDS:
        pytest.skip(
            f"the fuzz budget of {BUDGET_SECONDS:.0f} s (RIMPEL_FUZZ_VIEWS_SECONDS) is spent: "
            f"{name} as {persona} was not fuzzed"
        )
    url = url_for(world, name, entry)
    client, headers = client_for(world, persona, False)
    page = client.get(url, **headers)
    assert page.status_code < 500, f"GET {url} as {persona}: {page.status_code}"
    for path, method, fields in targets(url, page, entry, world):
        if (key := (persona, method, path, tuple(fields))) not in FUZZED:
            FUZZED.add(key)
            fuzz(client, headers, persona, method, path, fields)
