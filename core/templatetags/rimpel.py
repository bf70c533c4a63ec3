from collections.abc import Iterable
from typing import cast

from django import forms, template
from django.conf import settings
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext
from django_filters import FilterSet

from core.forms import form_problems, required_hint

register = template.Library()


@register.filter
def localized(record, field: str) -> str:
    """The English variant of a text field on /en/ pages when it is filled, else the Dutch one."""
    if get_language() == "en":
        english = getattr(record, f"{field}_en", "")
        if english:
            return english
    return getattr(record, field, "")


@register.simple_tag
def record_lang() -> str:
    """` lang="nl"` on a page in another language: records are written in Dutch, so their text on an English page
    is marked as Dutch for screen readers (WCAG 3.1.2) and for the one-language check (tests/test_language.py)."""
    if get_language() == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


@register.filter
def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.simple_tag(takes_context=True)
def page_url(context, page_number) -> str:
    """A link to another page of the current list, keeping its filters."""
    query = context.get("query", "")
    return f"?{query}&page={page_number}" if query else f"?page={page_number}"


@register.simple_tag
def activity_when(activity) -> str:
    """'za 14 juni 2025, 19:00–23:00' or '3–5 oktober 2025 (hele dag)', in the page's language and local time.
    E, not F: the month as it stands in a date ('7 grudnia', not the nominative 'grudzień' in Polish and Ukrainian)."""
    start, end = activity.local_start, activity.local_end
    start_day = date_format(start, "D j E Y")
    if activity.all_day:
        if start.date() == end.date():
            return gettext("%(day)s (all day)") % {"day": start_day}
        return gettext("%(first)s to %(last)s (all day)") % {"first": start_day, "last": date_format(end, "D j E Y")}
    if start.date() == end.date():
        return f"{start_day}, {start:%H:%M}–{end:%H:%M}"
    return f"{start_day} {start:%H:%M} – {date_format(end, 'D j E Y')} {end:%H:%M}"


def _in_use(value: object) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, (str, list, tuple, QuerySet)):
        return len(value) > 0
    return True


def _always_set(field: forms.Field) -> bool:
    """A choice without an empty option, such as a sort order: it always has a value, so it is no filter."""
    if isinstance(field, forms.ModelChoiceField):
        return field.empty_label is None
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        # The form has normalised its choices to (value, label) pairs; the stubs allow more.
        choices = cast("Iterable[tuple[object, object]]", field.choices)
        return all(value != "" for value, _label in choices)
    return False


@register.filter
def active_filters(filters: object) -> int:
    """How many filters of a list are in use, for "Filters (3)" on a phone: the fields with a valid value that is
    not empty. Takes a django-filter FilterSet or a plain filter form."""
    form = filters.form if isinstance(filters, FilterSet) else filters
    if not isinstance(form, forms.Form) or not form.is_bound:
        return 0
    form.is_valid()  # cleaned_data then holds the fields that were valid; an ignored filter does not count
    return sum(1 for name, value in form.cleaned_data.items() if _in_use(value) and not _always_set(form.fields[name]))


@register.simple_tag(takes_context=True)
def clear_filters_url(context) -> str:
    """The list without its filters, keeping the view's own state (extra_hidden: month or list, a sort order)."""
    return "?" + urlencode(list(context.get("extra_hidden") or []))


@register.inclusion_tag("core/_form_top.html")
def form_top(form, formsets="") -> dict:
    """Above a form's fields: the summary of what went wrong, each point linked to its field (rimpel/forms.js
    moves the focus there), and the line that explains which fields are required."""
    return {"problems": form_problems(form, formsets), "required_hint": required_hint(form)}
