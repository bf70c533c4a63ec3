"""Production setup: /health, error pages, security headers, start-up validation of settings, JSON logs."""

import json
import logging
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.test import Client, override_settings
from django.urls import path

from core import startup
from rimpel.logformat import JsonFormatter

GOOD_SECRET = "k" * 40 + "abcdefghij"


# --- /health ---------------------------------------------------------------------------------------------------


def test_health_says_ok_when_the_database_answers(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_is_not_redirected_to_a_language_even_with_english_preferred(client, db):
    response = client.get("/health", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_health_answers_503_when_the_database_does_not(client, db):
    with mock.patch("core.health.connection.cursor", side_effect=DatabaseError("connection refused")):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "refused" not in response.content.decode()


def test_health_is_not_rate_limited(client, db):
    assert all(client.get("/health").status_code == 200 for _ in range(200))


# --- error pages -----------------------------------------------------------------------------------------------


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


@override_settings(DEBUG=False)
def test_the_404_page_is_in_the_sites_look_and_language(client, db):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'class="utrecht-root' in body
    response = client.get("/geen-pagina/")
    assert "Pagina niet gevonden" in response.content.decode()


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_the_500_page_needs_no_request_context_or_database(db):
    client = Client(raise_request_exception=False)
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=AssertionError):
        response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Er ging iets mis" in body and "Something went wrong" in body
    assert "/static/rimpel/theme.css" in body and "/static/rimpel/tokens.css" in body  # the same look as the rest
    assert "boom" not in body


# --- security headers ------------------------------------------------------------------------------------------


@override_settings(DEBUG=False, SECURE_HSTS_SECONDS=31536000, SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_production_responses_carry_the_security_headers(client, db):
    response = client.get("/en/account/inloggen/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response.cookies["csrftoken"]["secure"]


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), SECURE_HSTS_SECONDS=60)
def test_hsts_follows_the_proxys_https_header(client, db):
    assert "Strict-Transport-Security" not in client.get("/health")
    assert client.get("/health", HTTP_X_FORWARDED_PROTO="https")["Strict-Transport-Security"] == "max-age=60"


def test_the_settings_are_production_ones_without_debug():
    from django.conf import settings

    assert settings.SECURE_HSTS_SECONDS == 31536000
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF


def test_no_template_has_an_inline_script_style_or_event_handler():
    import re
    from pathlib import Path

    from django.conf import settings

    pattern = re.compile(r"<script(?![^>]*\bsrc=)|<[a-z][^>]*\s(on[a-z]+|style)\s*=|<style|javascript:", re.IGNORECASE)
    offenders = []
    for template in Path(settings.BASE_DIR).glob("*/templates/**/*.html"):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if "{% if for_pdf %}<style>" in line:  # the PDF's inline stylesheet, never sent to a browser
                continue
            if pattern.search(line.split("{#")[0]):
                offenders.append(f"{template}:{number}")
    assert not offenders


# --- start-up validation ---------------------------------------------------------------------------------------


def _settings(**values):
    defaults = {
        "DEBUG": False,
        "SECRET_KEY": GOOD_SECRET,
        "ALLOWED_HOSTS": ["rimpel.example.org"],
        "ALLOWED_HOSTS_FROM_ENVIRONMENT": True,
        "EMAIL_URL_FROM_ENVIRONMENT": True,
        "EMAIL_FROM_FROM_ENVIRONMENT": True,
        "ATTENDANCE_KEY": "a" * 20 + GOOD_SECRET,
        "WORKERS": 5,
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "rimpel_cache"}},
    }
    return SimpleNamespace(**{**defaults, **values})


def test_good_production_settings_pass():
    assert startup.production_problems(_settings()) == []
    startup.validate(_settings())


def test_debug_skips_the_validation():
    assert startup.production_problems(_settings(DEBUG=True, SECRET_KEY="insecure-development-key")) == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"SECRET_KEY": "short"}, "RIMPEL_SECRET_KEY is too short"),
        ({"SECRET_KEY": "a" * 60}, "RIMPEL_SECRET_KEY is too short or too simple"),
        ({"SECRET_KEY": "insecure-development-key"}, "RIMPEL_SECRET_KEY is a development, test or example key"),
        ({"ALLOWED_HOSTS_FROM_ENVIRONMENT": False}, "RIMPEL_ALLOWED_HOSTS is not set"),
        ({"ALLOWED_HOSTS": []}, "RIMPEL_ALLOWED_HOSTS is not set"),
        ({"EMAIL_URL_FROM_ENVIRONMENT": False}, "RIMPEL_EMAIL_URL is not set"),
        ({"EMAIL_FROM_FROM_ENVIRONMENT": False}, "RIMPEL_EMAIL_FROM is not set"),
        ({"ATTENDANCE_KEY": "insecure-development-attendance-key"}, "RIMPEL_ATTENDANCE_KEY is a development"),
        (
            {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}},
            "RIMPEL_CACHE=memory keeps a cache in each of the 5 worker processes",
        ),
    ],
)
def test_a_production_server_refuses_weak_settings_with_a_clear_message(values, expected):
    with pytest.raises(ImproperlyConfigured, match=expected) as raised:
        startup.validate(_settings(**values))
    assert "refuses to start" in str(raised.value)


def test_the_problems_are_errors_of_check_deploy(settings):
    settings.SECRET_KEY = "short"
    errors = [m for m in checks.run_checks(include_deployment_checks=True) if m.id == "rimpel.E001"]
    assert errors and errors[0].level == checks.ERROR


def test_missing_mail_settings_are_their_own_error_of_check_deploy(settings):
    settings.EMAIL_URL_FROM_ENVIRONMENT = False
    errors = [m for m in checks.run_checks(include_deployment_checks=True) if m.id == "rimpel.E002"]
    assert errors and errors[0].level == checks.ERROR
    assert "RIMPEL_EMAIL_URL" in errors[0].msg


def test_development_needs_no_mail_settings():
    assert startup.mail_problems(_settings(DEBUG=True, EMAIL_URL_FROM_ENVIRONMENT=False)) == []


def test_without_a_secret_key_the_settings_do_not_load(monkeypatch):
    import importlib

    import rimpel.settings

    monkeypatch.setenv("RIMPEL_DEBUG", "0")
    monkeypatch.delenv("RIMPEL_SECRET_KEY", raising=False)
    try:
        with pytest.raises(ImproperlyConfigured, match="RIMPEL_SECRET_KEY is required with RIMPEL_DEBUG off"):
            importlib.reload(rimpel.settings)
    finally:
        monkeypatch.undo()
        importlib.reload(rimpel.settings)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("RIMPEL_EMAIL_URL", "smtp://user:hunter2@mail.example.org/?tls=maybe", "RIMPEL_EMAIL_URL: tls must be 1 or 0"),
        ("RIMPEL_EMAIL_FROM", "rimpel", "RIMPEL_EMAIL_FROM must be an e-mail address"),
    ],
)
def test_a_bad_mail_setting_stops_the_settings_from_loading(monkeypatch, variable, value, expected):
    import importlib

    import rimpel.settings

    monkeypatch.setenv(variable, value)
    try:
        with pytest.raises(ImproperlyConfigured, match=expected) as raised:
            importlib.reload(rimpel.settings)
        assert "hunter2" not in str(raised.value)
    finally:
        monkeypatch.undo()
        importlib.reload(rimpel.settings)


# --- logs ------------------------------------------------------------------------------------------------------


def test_log_lines_are_json_with_the_extra_fields():
    record = logging.LogRecord("rimpel.request", logging.INFO, __file__, 1, "%s %s", ("GET", "/"), None)
    record.status = 200
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "INFO" and line["logger"] == "rimpel.request"
    assert line["message"] == "GET /" and line["status"] == 200 and line["time"].endswith("+00:00")


def test_each_request_is_logged_with_path_status_and_duration(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="rimpel.request"):
        client.get("/health?token=secret")
    (record,) = [r for r in caplog.records if r.name == "rimpel.request"]
    assert (record.method, record.path, record.status) == ("GET", "/health", 200)
    assert record.duration_ms >= 0
    assert "secret" not in record.getMessage()
