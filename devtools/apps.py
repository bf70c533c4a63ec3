from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development tools (generator, benchmarks, fault scripts): installed only with RIMPEL_DEV_TOOLS, never in
    production, and never imported by the product (the forbidden contract in pyproject.toml)."""

    name = "devtools"
    label = "devtools"
    verbose_name = "Development tools"
