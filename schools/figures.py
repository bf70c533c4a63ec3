"""Pupil numbers for the guide, from schooldata (the DUO imports) when that app is installed.

schooldata sits beside the guide in the layers and may not be there yet; until it is, a school has no figures.
Tests replace `_source` with a fake of the same signature.
"""

from collections.abc import Callable
from importlib import import_module

from django.apps import apps

from network.models import Organisation

History = list[tuple[str, int]]  # (school year "2024-2025", pupils), oldest first


def _source() -> Callable[[Organisation], History] | None:
    if not apps.is_installed("schooldata"):
        return None
    return import_module("schooldata.figures").pupil_history


def pupil_history(organisation: Organisation) -> History:
    source = _source()
    return source(organisation) if source else []
