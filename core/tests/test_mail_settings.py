"""RIMPEL_EMAIL_URL: read simply and strictly (rimpel.env.email_settings)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from rimpel.env import email_settings


def test_smtp_with_starttls_and_an_encoded_password():
    assert email_settings("URL", "smtp://rimpel%40example.org:p%2Fss@smtp.example.org:587/?tls=1") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "rimpel@example.org",
        "EMAIL_HOST_PASSWORD": "p/ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 30,
    }


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtp://mail.example.org", 25, False, False),
        ("smtp://mail.example.org/?tls=1", 587, True, False),
        ("smtps://mail.example.org", 465, False, True),
        ("smtps://mail.example.org:2465", 2465, False, True),
    ],
)
def test_smtp_ports_follow_the_kind_of_tls(url, port, tls, ssl):
    values = email_settings("URL", url)
    assert (values["EMAIL_PORT"], values["EMAIL_USE_TLS"], values["EMAIL_USE_SSL"]) == (port, tls, ssl)
    assert values["EMAIL_HOST_USER"] == values["EMAIL_HOST_PASSWORD"] == ""


def test_console_and_file():
    assert email_settings("URL", "console:") == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    assert email_settings("URL", "file:///srv/rimpel/mail") == {
        "EMAIL_BACKEND": "core.mail_backends.EmlFileBackend",
        "EMAIL_FILE_PATH": "/srv/rimpel/mail",
    }


def test_a_timeout_can_be_given():
    assert email_settings("URL", "smtp://mail.example.org/?timeout=5")["EMAIL_TIMEOUT"] == 5


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://mail.example.org", "must start with smtp://"),
        ("mail.example.org:25", "must start with smtp://"),
        ("smtp://", "no host name"),
        ("smtp://mail.example.org:port", "not a valid URL"),
        ("smtp://mail.example.org/relay", "nothing may follow the host"),
        ("smtp://mail.example.org/?ssl=1", "only tls and timeout"),
        ("smtp://mail.example.org/?tls=1&tls=0", "only tls and timeout"),
        ("smtp://mail.example.org/?tls=maybe", "tls must be 1 or 0"),
        ("smtps://mail.example.org/?tls=1", "smtps:// is TLS already"),
        ("smtp://mail.example.org/?timeout=0", "timeout must be a whole number"),
        ("console:stdout", "console: takes nothing"),
        ("file:var/mail", "absolute folder"),
    ],
)
def test_a_bad_value_fails_loudly_without_repeating_the_password(url, expected):
    with pytest.raises(ImproperlyConfigured, match=expected) as raised:
        email_settings("RIMPEL_EMAIL_URL", url.replace("//mail", "//user:hunter2@mail"))
    assert "hunter2" not in str(raised.value)
    assert "RIMPEL_EMAIL_URL" in str(raised.value)
