from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """A share (0–1) as a percentage with one decimal in the page's language; a dash when unknown."""
    if share is None:
        return "–"
    return f"{number_format(round(100 * share, 1), decimal_pos=1, use_l10n=True)}%"


@register.filter
def points(difference: float | None) -> str:
    """A difference of two shares in percentage points, with its sign."""
    if difference is None:
        return "–"
    value = round(100 * difference, 1)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number_format(abs(value), decimal_pos=1, use_l10n=True)}"
