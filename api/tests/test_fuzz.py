"""Fuzzing: schemathesis generates requests from the API's own OpenAPI document and sends them to the WSGI
app, anonymously and with a token; no response may be a server error or differ from the document.

Bounded: a few examples per operation and a time budget, so it fits in every `make test` run;
RIMPEL_FUZZ_EXAMPLES and RIMPEL_FUZZ_SECONDS raise them for a longer run by hand.
"""

import os
import time
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import tokens
from impact.models import ActivityFigures
from stories.tests.factories import make_line, make_link, make_programme, make_story
from tests.factories import (
    ActivityFactory,
    LineFactory,
    LineQuestionFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
)

# Django's handler without rimpel.wsgi's production start-up check (the tests run with a short test key).
application = get_wsgi_application()

# Per test function (anonymous, with a token); an operation the spent budget leaves is skipped with its name
# (never passed), and the examples sent are counted per budget and printed at the end.
BUDGET_SECONDS = float(os.environ.get("RIMPEL_FUZZ_SECONDS", 20))
EXAMPLES = int(os.environ.get("RIMPEL_FUZZ_EXAMPLES", 15))
# A longer run by hand also sends schemathesis's boundary cases (its explicit phase).
PHASES = [Phase.explicit, Phase.generate] if "RIMPEL_FUZZ_EXAMPLES" in os.environ else [Phase.generate]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
_started: dict[str, float] = {}
SENT: Counter = Counter()


# The document as the app serves it (reading it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(scope="module", autouse=True)
def report_counts(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and SENT:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nAPI fuzz: requests sent: {dict(SENT)} (budget {BUDGET_SECONDS:.0f} s each)")


@pytest.fixture
def open_connection():
    """Keep the test's database connection through WSGI requests: Django closes it when a request ends
    (on PostgreSQL that would end the test's transaction), so step aside as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def network(db, open_connection, org_a, coordinator):
    """A small network with a record of every kind, so generated slugs and filters sometimes hit."""
    theme = ThemeFactory(slug="duurzaamheid")
    activity = ActivityFactory(slug="slug", organisers=[org_a], themes=[theme], sectors=["po"])
    ActivityFactory(organisers=[org_a], publication_status="draft")
    ActivityFigures.objects.create(activity=activity, participants=12, first_timers=3)
    project = ProjectFactory(leads=[org_a], themes=[theme])
    line = LineFactory(slug="slug", kind="zichtlijn")
    line.themes.add(theme)
    line.holders.add(PersonFactory(organisation=org_a))
    line.projects.add(project)
    LineQuestionFactory(line=line)
    programme = make_programme(slug="programme", organisations=[org_a])
    make_line(programme, activities=[activity])
    make_story(programme=programme, activity=activity, consent="named", name="Naam")
    make_link(code="abc2345", activity=activity)


@pytest.fixture
def token_headers(org_a, coordinator, network):
    return {"Authorization": f"Bearer {tokens.issue(org_a, 'Fuzzing writes', coordinator)[1]}"}


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=PHASES,
    suppress_health_check=list(HealthCheck),
)


def _call(case, budget: str, headers=None):
    started = _started.setdefault(budget, time.monotonic())
    if time.monotonic() - started > BUDGET_SECONDS:
        pytest.skip(
            f"the API fuzz budget of {BUDGET_SECONDS:.0f} s (RIMPEL_FUZZ_SECONDS) is spent: "
            f"{case.method} {case.path} ({budget}) was not fuzzed further"
        )
    case.call_and_validate(headers=headers, checks=CHECKS)
    SENT[budget] += 1


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_matches_its_document(case, network):
    _call(case, "anonymous")


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_matches_its_document_with_a_token(case, token_headers):
    _call(case, "token", token_headers)
