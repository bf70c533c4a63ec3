"""`make run` on another port: the links in the mails its worker sends lead to that port, not to 8000."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _dry_run(*arguments: str, **environment: str) -> list[str]:
    env = {key: value for key, value in os.environ.items() if key != "RIMPEL_SITE_URL"} | environment
    output = subprocess.run(
        ["make", "-n", "run", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return [line for line in output.splitlines() if "db_worker" in line or "runserver" in line]


def test_the_worker_and_the_server_link_to_the_port_they_serve():
    lines = _dry_run("PORT=8080")
    assert len(lines) == 2
    assert all("RIMPEL_SITE_URL=http://127.0.0.1:8080 " in line for line in lines), lines


def test_a_site_url_from_the_environment_wins():
    lines = _dry_run("PORT=8080", RIMPEL_SITE_URL="https://rimpel.example.org")
    assert all("RIMPEL_SITE_URL=https://rimpel.example.org " in line for line in lines), lines
