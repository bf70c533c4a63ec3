"""The development tools are installed only on request: without them there are no dev commands and no baseline URL."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import get_commands

DEV_COMMANDS = {
    "generate_network",
    "bench_pages",
    "bench_attendance",
    "bench_story_submissions",
    "bench_search",
    "bench_network_map",
    "bench_import",
    "bench_network_export",
    "bench_impact",
    "bench_report",
    "bench_limits",
    "screenshots",
}
# Prints what a process with the given environment installs: apps, commands, and whether the baseline URL resolves.
PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.core.management import get_commands
from django.urls import Resolver404, resolve
try:
    resolve("/bench/baseline/")
    baseline = True
except Resolver404:
    baseline = False
print(json.dumps({"apps": settings.INSTALLED_APPS, "commands": sorted(get_commands()), "baseline": baseline}))
"""


def _probe(**environment: str) -> dict:
    """Load the settings in a fresh process: outside pytest (no PYTEST_VERSION), as a deployment would."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTEST_VERSION", "RIMPEL_DEV_TOOLS", "RIMPEL_DEBUG", "RIMPEL_BENCH")
    }
    env.update({"DJANGO_SETTINGS_MODULE": "rimpel.settings", "RIMPEL_BENCH": "1", **environment})
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_test_run_has_every_dev_command():
    assert "devtools" in settings.INSTALLED_APPS
    assert {name: app for name, app in get_commands().items() if name in DEV_COMMANDS} == dict.fromkeys(
        DEV_COMMANDS, "devtools"
    )


@pytest.mark.parametrize(
    ("environment", "installed"),
    [
        ({}, False),  # a deployment
        ({"RIMPEL_DEBUG": "1"}, True),  # local development
        ({"RIMPEL_DEBUG": "1", "RIMPEL_DEV_TOOLS": "0"}, False),
        ({"RIMPEL_DEV_TOOLS": "1"}, True),  # make bench: DEBUG off, tools on
    ],
)
def test_dev_tools_are_installed_only_when_asked_for(environment, installed):
    probe = _probe(**environment)
    assert ("devtools" in probe["apps"]) is installed
    assert DEV_COMMANDS & set(probe["commands"]) == (DEV_COMMANDS if installed else set())
    assert probe["baseline"] is installed
