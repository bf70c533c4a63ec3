"""The render benchmark (bench_render) on a tiny generated network: every key page, both roles, a figure each."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from devtools.generator.run import generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    generate(0.003, seed=1, today=timezone.localdate())


def test_the_table_has_every_key_page_for_both_roles(network):
    out = StringIO()
    call_command("bench_render", "--runs", "1", "--targets", "demo", stdout=out)
    table = out.getvalue()
    assert "| page | visitor | coordinator |" in table
    for page in ("home", "calendar_month", "projects", "story_book", "programme_dashboard", "api_activities"):
        assert f"| {page} | " in table
    assert "Targets at demo scale: 20 ms per key page, 40 ms" in table


def test_json_gives_a_median_and_a_query_count_per_page_and_role(network):
    out = StringIO()
    call_command(
        "bench_render", "--runs", "2", "--page", "home", "--page", "story_book", "--cold", "--json", stdout=out
    )
    report = json.loads(out.getvalue())
    assert report["cold"] is True
    assert set(report["pages"]) == {"home", "story_book"}
    for figures in report["pages"].values():
        for role in ("visitor", "coordinator"):
            assert figures[role]["ms"] > 0 and figures[role]["queries"] > 0 and len(figures[role]["runs"]) == 2


def test_an_unknown_page_is_refused(network):
    with pytest.raises(CommandError, match="Unknown page"):
        call_command("bench_render", "--page", "nowhere", stdout=StringIO())


def test_the_database_backends_cpu_is_counted_on_postgresql_and_is_in_process_on_sqlite():
    from django.db import connection

    from devtools.management.commands.bench_render import _backend_cpu_seconds

    if connection.vendor != "postgresql":
        assert _backend_cpu_seconds() is None  # SQLite works inside this process: already in its CPU time
        return
    before = _backend_cpu_seconds()
    with connection.cursor() as cursor:  # about a second of the backend's CPU, none of this process's
        cursor.execute("SELECT count(*) FROM generate_series(1, 3000000) a, generate_series(1, 3) b")
    after = _backend_cpu_seconds()
    assert before is not None and after is not None
    assert after - before >= 0.05
