"""The demo network's directory: themes, organisations, people, lines, the calendar, projects, the network
profile, open days and offerings, from the JSON files in home/demo_data/.

Also the lookups the other demo modules share (reading a file, finding an organisation or activity by name).
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.html import escape

from activities.models import Activity
from activities.services import save_activity
from core.models import CodeList, PublicationStatus
from core.text import normalise_key
from meetings.models import Meeting
from meetings.services import save_meeting
from network.identity import RICH_TEXTS, save_profile
from network.models import Line, LineQuestion, NetworkProfile, Organisation, Person, Theme
from network.services import resolve_organisation, save_organisation
from offerings.models import Offering
from offerings.services import save_offering
from projects.models import Project, ProjectUpdate
from projects.services import save_project

DATA_DIR = Path(__file__).resolve().parent / "demo_data"


def read_data(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def find_organisation(reference: str) -> Organisation:
    organisation = resolve_organisation(reference)
    if organisation is None:
        raise ValueError(f"Demo data names an unknown organisation: {reference!r}")
    return organisation


def local_time(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def find_activity(title: str) -> Activity:
    activity = Activity.objects.filter(title=title).order_by("start").first()
    if activity is None:
        raise ValueError(f"Demo data names an unknown activity: {title!r}")
    return activity


def load_themes() -> dict[str, Theme]:
    """The themes by slug."""
    themes = {}
    for row in read_data("themes.json"):
        themes[row["slug"]], _ = Theme.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name_nl"], "name_en": row["name_en"]}
        )
    return themes


def load_organisations(themes: dict[str, Theme]) -> None:
    """Organisations with their aliases and themes, then their parents (which may come later in the file)."""
    organisations = read_data("organisations.json")
    by_name = {}
    for row in organisations:
        organisation = Organisation.objects.filter(name_key=normalise_key(row["name"])).first() or Organisation()
        organisation.name = row["name"]
        organisation.sector = row["sector"]
        organisation.website = row.get("website", "")
        organisation.description = row.get("description", "")
        by_name[row["name"]] = save_organisation(
            organisation, row.get("aliases", []), [themes[slug] for slug in row.get("themes", [])]
        )
    for row in organisations:
        if row.get("parent"):
            child = by_name[row["name"]]
            child.parent = by_name[row["parent"]]
            child.save(update_fields=["parent"])


def load_people() -> dict[str, Person]:
    """The people by name."""
    people = {}
    for row in read_data("people.json"):
        organisation = find_organisation(row["organisation"])
        people[row["name"]], _ = Person.objects.update_or_create(
            name=row["name"],
            organisation=organisation,
            defaults={
                "role": row["role"],
                "job_title": row.get("title", ""),
                "email": row.get("email", ""),
                "phone": row.get("phone", ""),
            },
        )
    return people


def load_lines(themes: dict[str, Theme], people: dict[str, Person]) -> dict[str, Line]:
    """The lines by slug, with their holders, questions and meetings."""
    lines = {}
    for row in read_data("lines.json"):
        line, _ = Line.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "kind": row["kind"], "purpose": row["purpose"]}
        )
        line.themes.set([themes[slug] for slug in row.get("themes", [])])
        holders = []
        for holder in row.get("holders", []):
            person = people.get(holder["name"])
            if person is None:
                person, _ = Person.objects.get_or_create(
                    name=holder["name"],
                    organisation=find_organisation(holder["organisation"]),
                    defaults={"role": "zichthouder", "job_title": holder.get("role", "")},
                )
            holders.append(person)
        line.holders.set(holders)
        line.questions.all().delete()
        for index, text in enumerate(row.get("questions", [])):
            LineQuestion.objects.create(line=line, text=text, position=index)
        lines[row["slug"]] = line
        for meeting in row.get("meetings", []):
            activity = save_demo_activity(
                {
                    "title": meeting["title"],
                    "kind": "meeting",
                    "start": meeting["start"],
                    "end": meeting["end"],
                    "all_day": False,
                    "place": meeting.get("place", ""),
                    "description": meeting.get("description", ""),
                    "organisers": [holder["organisation"] for holder in row.get("holders", [])[:1]] or ["LEF"],
                    "themes": row.get("themes", []),
                    "sectors": [],
                    "lines": [row["slug"]],
                    "open_for_partners": True,
                },
                themes,
                lines,
            )
            if meeting.get("agenda"):
                _load_workspace_meeting(line, activity, meeting["agenda"])
    return lines


# The opening and closing of the verkenners' morning of 7 April 2026 (seed 001), the same for every line.
OPENING = "Opening: op weg naar het LEFtival van 7 oktober 2026. We zoeken bijdragen die partners samen maken."
CLOSING = "Afsluiting: de trekkers vertellen kort hoe hun lijn verdergaat."


def _load_workspace_meeting(line: Line, activity: Activity, agenda: list[str]) -> None:
    """The line's own record of a calendar meeting, with its agenda and the holders invited."""
    meeting = Meeting.objects.filter(line=line, activity=activity).first() or Meeting(line=line, activity=activity)
    meeting.title = activity.title
    meeting.starts_at, meeting.ends_at, meeting.place = activity.start, activity.end, activity.place
    meeting.agenda = "<ol>" + "".join(f"<li>{escape(item)}</li>" for item in [OPENING, *agenda, CLOSING]) + "</ol>"
    save_meeting(meeting, invitees=list(line.holders.all()), by=None)


def load_projects(themes: dict[str, Theme]) -> None:
    """Projects with their leads, partners and updates."""
    for row in read_data("projects.json"):
        project = Project.objects.filter(code=row["code"]).first() or Project(code=row["code"])
        project.title = row["title"]
        project.cluster = row["cluster"]
        project.description = row.get("description", "")
        project.status = row["status"]
        project.publication_status = PublicationStatus.PUBLISHED
        leads = [find_organisation(ref) for ref in row["leads"]]
        partners = [find_organisation(ref) for ref in row.get("partners", [])]
        save_project(
            project,
            leads=leads,
            partners=partners,
            themes=[themes[slug] for slug in row.get("themes", [])],
            keep_published=True,
        )
        for update in row.get("updates", []):
            ProjectUpdate.objects.get_or_create(
                project=project, date=dt.date.fromisoformat(update["date"]), defaults={"text": update["text"]}
            )


def save_demo_activity(row: dict, themes: dict, lines: dict) -> Activity:
    start, end = local_time(row["start"]), local_time(row["end"])
    activity = Activity.objects.filter(title=row["title"], start=start).first() or Activity(
        title=row["title"], start=start
    )
    activity.end = end
    activity.kind = row["kind"]
    activity.all_day = row["all_day"]
    activity.place = row.get("place", "")
    activity.description = row.get("description", "")
    activity.open_for_partners = row.get("open_for_partners", False)
    activity.registration_url = row.get("registration_url", "")
    activity.publication_status = row.get("publication", PublicationStatus.PUBLISHED)
    return save_activity(
        activity,
        organisers=[find_organisation(ref) for ref in row["organisers"]],
        themes=[themes[slug] for slug in row.get("themes", [])],
        lines=[lines[slug] for slug in row.get("lines", [])],
        sectors=row.get("sectors", []),
        keep_published=True,
    )


def load_profile(data: dict) -> None:
    profile = NetworkProfile.objects.first() or NetworkProfile()
    profile.name = data["name"]
    profile.short_name = data.get("short_name", "")
    for field in ("tagline", "slogan", *RICH_TEXTS):
        setattr(profile, field, data.get(f"{field}_nl", ""))
        setattr(profile, f"{field}_en", data.get(f"{field}_en", ""))
    profile.values = "\n".join(data.get("values_nl", []))
    profile.values_en = "\n".join(data.get("values_en", []))
    roles = {
        role["key"]: {
            "name": role["name_nl"],
            "name_en": role["name_en"],
            "text": role["text_nl"],
            "text_en": role["text_en"],
        }
        for role in data.get("roles", [])
    }
    save_profile(profile, roles)


def load_open_day(row: dict, themes: dict) -> None:
    activity = save_demo_activity(
        {
            "title": row["title"],
            "kind": "open_day",
            "start": row["start"],
            "end": row["end"],
            "all_day": False,
            "place": row.get("place", ""),
            "organisers": [row["organiser"]],
            "description": row.get("description", ""),
            "registration_url": row.get("registration_url", ""),
            "sectors": [row["school_type"]],
            "themes": [],
        },
        themes,
        {},
    )
    activity.school_type = row["school_type"]
    activity.neighbourhood = row.get("neighbourhood", "")
    activity.languages = CodeList.pack(row.get("languages", []))
    activity.save(update_fields=["school_type", "neighbourhood", "languages"])


def load_offering(row: dict, themes: dict) -> None:
    offering = Offering.objects.filter(title=row["title"]).first() or Offering(title=row["title"])
    offering.provider = find_organisation(row["provider"])
    for field in (
        "kind",
        "description",
        "grade_from",
        "grade_to",
        "is_free",
        "price",
        "duration",
        "place",
        "at_school",
        "contact",
        "booking",
    ):
        setattr(offering, field, row.get(field))
    offering.price_note = row.get("price_note", "")
    offering.audiences = CodeList.pack(row["audiences"])
    offering.languages = CodeList.pack(row.get("languages", []))
    offering.expires_on = dt.date.fromisoformat(row["expires_on"]) if row.get("expires_on") else None
    offering.publication_status = row.get("publication", PublicationStatus.PUBLISHED)
    save_offering(offering, themes=[themes[slug] for slug in row.get("themes", [])], keep_published=True)
