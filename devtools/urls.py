"""The development tools' pages, outside the language prefix: the benchmark's baseline, only with RIMPEL_BENCH=1."""

from django.conf import settings
from django.urls import URLPattern, path

from devtools.views import baseline

# `make bench` measures every page against this minimal one (no database, same middleware).
urlpatterns: list[URLPattern] = (
    [path("bench/baseline/", baseline, name="bench_baseline")] if settings.BENCH_BASELINE else []
)
