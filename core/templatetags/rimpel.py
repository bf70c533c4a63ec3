from django import template
from django.conf import settings
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

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
    """'za 14 juni 2025, 19:00–23:00' or '3–5 oktober 2025 (hele dag)', in the page's language and local time."""
    start, end = activity.local_start, activity.local_end
    start_day = date_format(start, "D j F Y")
    if activity.all_day:
        if start.date() == end.date():
            return gettext("%(day)s (all day)") % {"day": start_day}
        return gettext("%(first)s to %(last)s (all day)") % {"first": start_day, "last": date_format(end, "D j F Y")}
    if start.date() == end.date():
        return f"{start_day}, {start:%H:%M}–{end:%H:%M}"
    return f"{start_day} {start:%H:%M} – {date_format(end, 'D j F Y')} {end:%H:%M}"


@register.inclusion_tag("core/_form_top.html")
def form_top(form, formsets="") -> dict:
    """Above a form's fields: the summary of what went wrong, each point linked to its field (rimpel/forms.js
    moves the focus there), and the line that explains which fields are required."""
    return {"problems": form_problems(form, formsets), "required_hint": required_hint(form)}
