"""The web forms, bound to API data: the API writes through the same validation as the pages."""

import datetime as dt

from activities.forms import ActivityForm
from core.models import CodeList, Sector
from impact import services as impact_services
from stories.forms import TellStoryForm
from stories.services import link_activities

# API field name -> form field name, where they differ.
ACTIVITY_FIELDS = {"target_sectors": "sectors", "languages": "language_codes"}
BOOLEANS = {"all_day", "open_for_partners"}


class ApiActivityForm(ActivityForm):
    """The activity form, with organisers, themes and lines given by slug."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("organisers", "themes", "lines"):
            self.fields[name].to_field_name = "slug"

    @staticmethod
    def current_values(activity, organisation) -> dict:
        """The activity as API data; of its organisers only the given one (the others are kept as they are)."""
        return {
            "title": activity.title,
            "kind": activity.kind,
            "description": activity.description,
            "start_date": activity.local_start.date(),
            "start_time": None if activity.all_day else activity.local_start.time(),
            "end_date": activity.local_end.date(),
            "end_time": None if activity.all_day else activity.local_end.time(),
            "all_day": activity.all_day,
            "place": activity.place,
            "open_for_partners": activity.open_for_partners,
            "registration_url": activity.registration_url,
            "school_type": activity.school_type,
            "neighbourhood": activity.neighbourhood,
            "organisers": [org.slug for org in activity.organisers.all() if org.pk == organisation.pk],
            "themes": [theme.slug for theme in activity.themes.all()],
            "lines": [line.slug for line in activity.lines.all()],
            "target_sectors": [target.sector for target in activity.target_sectors.all()],
            "languages": CodeList.unpack(activity.languages),
        }


def activity_form_data(values: dict) -> dict:
    """API values as the form's data. Dates and times go in as text, so the form reads them as it reads a
    browser's (a time with a UTC offset is refused, as local times are meant)."""
    data = {}
    for name, value in values.items():
        if value is None:
            value = False if name in BOOLEANS else ""
        elif isinstance(value, dt.date | dt.time):
            value = value.isoformat()
        data[ACTIVITY_FIELDS.get(name, name)] = value
    return data


class ApiStoryForm(TellStoryForm):
    """The public story form, with the activity given by slug and the ring parts as a list."""

    checks_fill_time = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].to_field_name = "slug"

    @classmethod
    def for_link(cls, link, payload: dict) -> "ApiStoryForm":
        dimensions = impact_services.dimensions_in_use()
        data = {
            name: payload.get(name) or ""
            for name in (
                "respondent_role",
                "sector",
                "quote",
                "consent",
                "respondent_name",
                "organisation_name",
                "email",
            )
        }
        data["activity"] = link.activity.slug if link.activity_id else (payload.get("activity") or "")
        data["submission"] = str(payload["submission"]) if payload.get("submission") else ""
        for part in payload.get("parts") or []:
            data[f"ring{part['ring']}_dimension"] = str(part["dimension"])
            data[f"ring{part['ring']}_text"] = part["text"]
        return cls(
            data,
            activities=link_activities(link),
            chosen_activity=None,
            fixed_activity=link.activity_id is not None,
            dimensions=dimensions,
            preselected={},
            sectors=Sector.choices,
        )


def form_errors(form) -> dict[str, list[str]]:
    """The form's errors under the API's field names."""
    names = {form_name: api_name for api_name, form_name in ACTIVITY_FIELDS.items()}
    names["__all__"] = "non_field"
    for ring in (1, 2, 3):
        names[f"ring{ring}_dimension"] = f"parts.{ring}.dimension"
        names[f"ring{ring}_text"] = f"parts.{ring}.text"
    return {names.get(name, name): [str(message) for message in messages] for name, messages in form.errors.items()}
