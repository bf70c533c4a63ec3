"""The rate limits hold across gunicorn's worker processes, on the shipped defaults (issue 20, finding 2), and no
response names the server; gunicorn refuses to start with a per-process cache and several workers."""

import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from devtools.bench.harness import base_env, free_port

GOOD_KEY = "k" * 40 + "abcdefghij"


def test_wrong_passwords_sent_at_once_to_several_workers_stop_at_the_limit():
    out = StringIO()
    call_command("bench_limits", workers=3, passwords=15, api=0, stdout=out)
    report = out.getvalue()
    assert "gunicorn with 3 workers" in report and "DatabaseCache" in report
    assert "15 sent at once, 5 checked, 10 refused (429)" in report
    assert "responses naming the server: 0 of" in report


def _gunicorn(tmp_path, *arguments: str, **environment: str) -> subprocess.CompletedProcess:
    env = base_env(f"sqlite:///{tmp_path / 'never-opened.sqlite3'}")
    env.pop("PYTEST_VERSION", None)
    env.update({"RIMPEL_SECRET_KEY": GOOD_KEY, "RIMPEL_BIND": f"127.0.0.1:{free_port()}", **environment})
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", *arguments, "rimpel.wsgi"]
    return subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("arguments", "environment"),
    [
        ((), {"RIMPEL_CACHE": "memory"}),  # the default 5 workers
        ((), {"RIMPEL_CACHE": "memory", "RIMPEL_WORKERS": "3"}),
        (("--workers", "3"), {"RIMPEL_CACHE": "memory", "RIMPEL_WORKERS": "1"}),  # gunicorn's own flag, too
    ],
)
def test_gunicorn_refuses_a_per_process_cache_with_several_workers(tmp_path, arguments, environment):
    result = _gunicorn(tmp_path, *arguments, **environment)
    assert result.returncode != 0
    assert "RIMPEL_CACHE=memory keeps a cache in each of the" in result.stdout + result.stderr
