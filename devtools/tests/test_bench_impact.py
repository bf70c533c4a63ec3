"""The programme dashboard benchmark (bench_impact) on a small synthetic programme."""

import pytest
from django.core.management import call_command

from programmes.models import Programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_benchmark_builds_measures_and_leaves_nothing_behind(capsys):
    call_command("bench_impact", "--activities", "30", "--reasoning-lines", "2", "--runs", "1")
    out = capsys.readouterr().out
    assert "30 activities" in out and "queries" in out and "render median" in out
    assert not Programme.objects.filter(slug="bench-programma").exists()
