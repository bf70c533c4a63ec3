"""The request validator's (pydantic's) problems in the request's language. Its own messages are English only,
so an answer mixed them with the Dutch detail and the forms' Dutch messages; here each kind of problem gets the
text Django's forms use for it (translated in Django's catalogue), and any other kind a general one."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

REQUIRED = {"missing"}
TOO_LONG = {"string_too_long", "too_long"}
WHOLE_NUMBER = {"int_parsing", "int_type", "int_from_float"}
DATE = {"date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact", "datetime_parsing"}
TIME = {"time_parsing", "time_type"}
CHOICE = {"literal_error", "enum"}
LIST = {"list_type"}
AT_LEAST = {"greater_than_equal", "greater_than"}
AT_MOST = {"less_than_equal", "less_than"}
UUID = {"uuid_parsing", "uuid_type", "uuid_version"}


def message(problem: dict) -> str:
    kind = problem.get("type", "")
    context = problem.get("ctx") or {}
    if kind in REQUIRED:
        return _("This field is required.")
    if kind in TOO_LONG and "max_length" in context:
        limit = int(context["max_length"])
        shown = len(problem["input"]) if isinstance(problem.get("input"), str | list) else limit + 1
        return ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            limit,
        ) % {"limit_value": limit, "show_value": shown}
    if kind in WHOLE_NUMBER:
        return _("Enter a whole number.")
    if kind in DATE:
        return _("Enter a valid date.")
    if kind in TIME:
        return _("Enter a valid time.")
    if kind in CHOICE:
        return _("Select a valid choice. %(value)s is not one of the available choices.") % {
            "value": problem.get("input", "")
        }
    if kind in LIST:
        return _("Enter a list of values.")
    if kind in AT_LEAST and context:
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": context.get("ge", context.get("gt"))
        }
    if kind in AT_MOST and context:
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": context.get("le", context.get("lt"))
        }
    if kind in UUID:
        return _("Enter a valid UUID.")
    return _("Enter a valid value.")
