"""The themes field of every record's form: offers the themes in use, and keeps a retired theme the record has."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import Chooser
from network.models import Theme


class OfferedThemesWidget(Chooser):
    """Check boxes for the themes in use, plus the retired themes already chosen (so saving keeps them)."""

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> list:
        groups = super().optgroups(name, value, attrs)
        kept = []
        for group_name, options, index in groups:
            options = [option for option in options if option["selected"] or not _retired(option["value"])]
            if options:
                kept.append((group_name, options, index))
        return kept


def _retired(value: Any) -> bool:
    theme = getattr(value, "instance", None)
    return isinstance(theme, Theme) and theme.retired_at is not None


class ThemesField(forms.ModelMultipleChoiceField):
    """Every theme validates (a record keeps a retired one), but only the offered ones and the record's own show."""

    widget = OfferedThemesWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Themes"))
        kwargs.setdefault("required", False)
        super().__init__(queryset=Theme.objects.all(), **kwargs)
