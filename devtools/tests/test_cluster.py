"""The pieces of `make cluster-check` (devtools/cluster/): the script itself starts PostgreSQL, Redis, two servers, a
worker and HAProxy and takes minutes, so it stays out of the test run; its parts and config files are tested here."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLUSTER = Path(__file__).resolve().parents[1] / "cluster"
DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
sys.path.insert(0, str(CLUSTER))

from parts import Browser, Claim, first_refusal, form_fields, free_port, redis_answers, replaced, start, stop, wait_for  # noqa: E402, I001

PAGE = """
<form method="get" action="/zoeken/"><input name="q" value="lezen"></form>
<form method="post" action="">
  <input type="hidden" name="csrfmiddlewaretoken" value="t0k3n">
  <input name="name" value="Bibliotheek &amp; Co">
  <input type="checkbox" name="themes" value="3" checked>
  <input type="checkbox" name="themes" value="4">
  <input type="radio" name="sector" value="po">
  <input type="radio" name="sector" value="vo" checked>
  <select name="kind"><option value="a">A</option><option value="b" selected>B</option></select>
  <select name="lines" multiple><option value="1" selected>1</option><option value="2" selected>2</option></select>
  <textarea name="about">Over ons</textarea>
  <input type="file" name="logo">
  <button type="submit" name="save" value="1">Opslaan</button>
</form>
"""


def test_a_form_is_sent_as_the_page_filled_it_in():
    fields = form_fields(PAGE, "name")
    assert fields == [
        ("csrfmiddlewaretoken", "t0k3n"),
        ("name", "Bibliotheek & Co"),
        ("themes", "3"),
        ("sector", "vo"),
        ("kind", "b"),
        ("lines", "1"),
        ("lines", "2"),
        ("about", "Over ons"),
    ]
    assert ("name", "Nieuw") in replaced(fields, name="Nieuw")
    with pytest.raises(LookupError):
        form_fields(PAGE, "password")


def test_the_first_refused_attempt_is_counted_from_one():
    assert first_refusal([200, 200, 200, 200, 200, 429, 429]) == 6
    assert first_refusal([200, 200]) is None


def test_a_browser_sends_its_client_address():
    browser = Browser("192.0.2.1")
    assert browser.address == "192.0.2.1" and browser.csrf() == ""
    assert Claim("x", True, "y").line() == "PASS: x — y"


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="haproxy is not installed (make cluster-check installs it)")
def test_the_haproxy_example_is_valid():
    environment = {
        **os.environ,
        "RIMPEL_PROXY_BIND": "127.0.0.1:18080",
        "RIMPEL_APP_A": "127.0.0.1:18001",
        "RIMPEL_APP_B": "127.0.0.1:18002",
    }
    result = subprocess.run(
        ["haproxy", "-c", "-f", str(DEPLOY / "haproxy.cfg")],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
def test_redis_starts_with_the_example_config_and_stops(tmp_path):
    port = free_port()
    redis = start(
        ["redis-server", str(DEPLOY / "redis.conf"), "--port", str(port), "--dir", str(tmp_path)], tmp_path / "log"
    )
    try:
        wait_for(lambda: redis_answers(port), "Redis", 10)
    finally:
        stop(redis)
    assert redis.poll() is not None
