"""The benchmark's baseline page exists only when RIMPEL_BENCH=1 (make bench); a normal deployment has no such URL."""

import importlib

import pytest
from django.test import Client, override_settings
from django.urls import Resolver404, clear_url_caches, resolve

import devtools.urls
import rimpel.urls


def _reload_urls() -> None:
    """devtools.urls reads BENCH_BASELINE when imported; rimpel.urls then includes the reloaded patterns."""
    importlib.reload(devtools.urls)
    importlib.reload(rimpel.urls)
    clear_url_caches()


def test_baseline_is_not_mounted_by_default(settings):
    assert settings.BENCH_BASELINE is False
    with pytest.raises(Resolver404):
        resolve("/bench/baseline/")


@pytest.mark.django_db
def test_baseline_answers_without_the_database_when_enabled(django_assert_num_queries):
    try:
        with override_settings(BENCH_BASELINE=True):
            _reload_urls()
            with django_assert_num_queries(0):
                response = Client().get("/bench/baseline/")
            assert response.status_code == 200
            assert response["Content-Type"].startswith("text/plain")
    finally:
        _reload_urls()
    with pytest.raises(Resolver404):
        resolve("/bench/baseline/")
