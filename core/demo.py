"""Builds the demo network (Leiden) from the JSON files in core/demo_data/.

Every step looks records up by a natural key (slug, name, code, title and
start), so loading twice changes nothing.
"""

import datetime as dt
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from activities.models import Activity
from activities.services import save_activity
from attendance.demo import load_demo_attendance
from attendance.models import Attendance
from core.models import CodeList, PublicationStatus
from core.text import normalise_key
from impact.defaults import create_defaults
from impact.figures import save_figures
from impact.models import (
    ActivityFigures,
    Composition,
    Dimension,
    ImpactModel,
    MediaReach,
    Ring,
    SurveyResult,
    TargetGroup,
)
from impact.services import find_dimension
from network.models import Line, LineQuestion, NetworkProfile, NetworkRole, Organisation, Person, Theme
from network.services import resolve_organisation, save_organisation
from offerings.models import Offering
from offerings.services import save_offering
from programmes.models import (
    Action,
    ActionReport,
    Indicator,
    Programme,
    ProgrammeFigure,
    ProgrammeLine,
    ReasoningLine,
    ReasoningStep,
    Recommendation,
)
from programmes.services import add_measurement, save_budget_line, save_report, save_route
from projects.models import Project, ProjectUpdate
from projects.services import save_project
from questions import services as question_services
from questions.models import Question, QuestionStatus, Response
from reports.models import EvaluationSource
from reports.services import save_texts
from stories import services as story_services
from stories.models import CollectionLink, Selection, SelectionRound, Story, StoryStatus

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
DEMO_PASSWORD = "rimpel-demo"
DEMO_USERS = {
    # username: (is_coordinator, organisation reference the user edits)
    "coordinator": (True, None),
    "redacteur": (False, "HsL"),
    "redacteur-gemeente": (False, "GL"),
}


def _read(name: str):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _organisation(reference: str) -> Organisation:
    organisation = resolve_organisation(reference)
    if organisation is None:
        raise ValueError(f"Demo data names an unknown organisation: {reference!r}")
    return organisation


def _local(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@transaction.atomic
def load_demo(with_users: bool = False) -> dict[str, int]:
    """Load the demo network; with_users also creates the demo logins (local demos only)."""
    # Normally made by a migration; a flushed test database may have lost them.
    create_defaults(ImpactModel, Ring, Dimension, TargetGroup)
    themes = {}
    for row in _read("themes.json"):
        themes[row["slug"]], _ = Theme.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name_nl"], "name_en": row["name_en"]}
        )

    organisations = _read("organisations.json")
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

    people = {}
    for row in _read("people.json"):
        organisation = _organisation(row["organisation"])
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

    lines = {}
    for row in _read("lines.json"):
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
                    organisation=_organisation(holder["organisation"]),
                    defaults={"role": "zichthouder", "job_title": holder.get("role", "")},
                )
            holders.append(person)
        line.holders.set(holders)
        line.questions.all().delete()
        for index, text in enumerate(row.get("questions", [])):
            LineQuestion.objects.create(line=line, text=text, position=index)
        lines[row["slug"]] = line
        for meeting in row.get("meetings", []):
            _save_demo_activity(
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

    for row in _read("activities.json"):
        _save_demo_activity(row, themes, lines)

    for row in _read("projects.json"):
        project = Project.objects.filter(code=row["code"]).first() or Project(code=row["code"])
        project.title = row["title"]
        project.cluster = row["cluster"]
        project.description = row.get("description", "")
        project.status = row["status"]
        project.publication_status = PublicationStatus.PUBLISHED
        leads = [_organisation(ref) for ref in row["leads"]]
        partners = [_organisation(ref) for ref in row.get("partners", [])]
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

    _load_profile(_read("network.json"))
    for row in _read("programmes.json"):
        _load_programme(row)
    load_demo_attendance()
    _load_stories(_read("stories.json"))
    _load_report_texts(_read("reports.json"))
    _load_questions(_read("questions.json"), with_users)
    for row in _read("open_days.json"):
        _load_open_day(row, themes)
    for row in _read("offerings.json"):
        _load_offering(row, themes)
    if with_users:
        _create_users()
    return {
        "organisations": Organisation.objects.count(),
        "people": Person.objects.count(),
        "lines": Line.objects.count(),
        "activities": Activity.objects.count(),
        "projects": Project.objects.count(),
        "project updates": ProjectUpdate.objects.count(),
        "themes": Theme.objects.count(),
        "programmes": Programme.objects.count(),
        "actions": Action.objects.count(),
        "reasoning lines": ReasoningLine.objects.count(),
        "stories": Story.objects.count(),
        "questions": Question.objects.count(),
        "attendances": Attendance.objects.count(),
        "offerings": Offering.objects.count(),
    }


def _save_demo_activity(row: dict, themes: dict, lines: dict) -> Activity:
    start, end = _local(row["start"]), _local(row["end"])
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
        organisers=[_organisation(ref) for ref in row["organisers"]],
        themes=[themes[slug] for slug in row.get("themes", [])],
        lines=[lines[slug] for slug in row.get("lines", [])],
        sectors=row.get("sectors", []),
        keep_published=True,
    )


# Who is responsible for each demo programme (editors of these organisations may edit it).
PROGRAMME_OWNERS = {"lnos25": ["het LEF"], "gelijke-kansen-2024-2026": ["GL"]}


def _dimension(ring: int, name: str) -> Dimension:
    """A dimension the demo names; a name the impact model lacks is a mistake in the demo data, said as such."""
    found = find_dimension(ring, name)
    if found is None:
        raise ValueError(f"The demo names dimension {name!r} of ring {ring}, which the impact model lacks.")
    return found


def _activity(title: str) -> Activity:
    activity = Activity.objects.filter(title=title).order_by("start").first()
    if activity is None:
        raise ValueError(f"Demo data names an unknown activity: {title!r}")
    return activity


def _load_programme(data: dict) -> None:
    programme = Programme.objects.filter(slug=data["slug"]).first() or Programme(slug=data["slug"])
    for field in ("name", "short_name", "description", "foreword", "introduction"):
        setattr(programme, field, data.get(field, ""))
    programme.period_start = dt.date.fromisoformat(data["period_start"])
    programme.period_end = dt.date.fromisoformat(data["period_end"])
    programme.budget = data.get("budget")
    programme.publication_status = PublicationStatus.PUBLISHED
    programme.save()
    programme.organisations.set([_organisation(ref) for ref in PROGRAMME_OWNERS.get(programme.slug, [])])
    # The goal tree is rebuilt from the file each time: simpler than matching every node.
    programme.reasoning_lines.all().delete()
    programme.reported_figures.all().delete()
    programme.lines.all().delete()
    lines = {}
    for position, row in enumerate(data["lines"]):
        line = ProgrammeLine.objects.create(
            programme=programme,
            kind=row["kind"],
            code=row["code"],
            title=row["title"],
            description=row.get("description", ""),
            goal=row.get("goal", ""),
            position=position,
        )
        lines[row["code"]] = line
        if row.get("route"):
            route = row["route"]
            save_route(
                line,
                TargetGroup.objects.get(slug=route["target_group"]),
                *[find_dimension(number, route[f"ring{number}"]) for number in (1, 2, 3)],
            )
        for budget in row.get("budget", []):
            save_budget_line(line, budget["year"], budget["planned"], budget.get("realised"))
        for action_position, action_row in enumerate(row.get("actions", [])):
            _load_action(line, action_row, action_position)
    for figure in data.get("programme_figures", []):
        ProgrammeFigure.objects.create(
            programme=programme,
            label=figure["label"],
            value=figure["value"],
            qualifier=figure["qualifier"],
            unit=figure.get("unit", ""),
            year=figure.get("year"),
            source=figure["source"],
        )
    for row in data.get("activity_figures", []):
        _load_activity_figures(row)
    for row in data.get("reasoning_lines", []):
        _load_reasoning_line(programme, lines, row)


def _load_action(line: ProgrammeLine, row: dict, position: int) -> None:
    action = Action.objects.create(
        line=line, code=row["code"], title=row["title"], description=row.get("description", ""), position=position
    )
    action.organisations.set([_organisation(ref) for ref in row.get("organisations", [])])
    action.activities.set([_activity(title) for title in row.get("activities", [])])
    for report in row.get("reports", []):
        save_report(
            ActionReport(
                action=action,
                period=report["period"],
                goal=report.get("goal", ""),
                efforts=report.get("efforts", ""),
                outputs=report.get("outputs", ""),
                reflection=report.get("reflection", ""),
            )
        )
    for recommendation in row.get("recommendations", []):
        Recommendation.objects.create(
            action=action,
            text=recommendation["text"],
            owner=recommendation.get("owner", ""),
            status=recommendation["status"],
        )
    for indicator_row in row.get("indicators", []):
        indicator = Indicator.objects.create(
            action=action,
            name=indicator_row["name"],
            unit=indicator_row["unit"],
            baseline=indicator_row.get("baseline"),
            target=indicator_row.get("target"),
            direction=indicator_row.get("direction", "up"),
        )
        for measurement in indicator_row.get("measurements", []):
            add_measurement(
                indicator,
                date=dt.date.fromisoformat(measurement["date"]),
                value=measurement["value"],
                unit=indicator.unit,
                source=measurement["source"],
            )


def _load_activity_figures(row: dict) -> None:
    figures = save_figures(
        _activity(row["activity"]),
        participants=row.get("participants"),
        first_timers=row.get("first_timers"),
        source=row.get("source", ""),
    )
    figures.composition.all().delete()
    figures.media.all().delete()
    figures.surveys.all().delete()
    for part in row.get("composition", []):
        Composition.objects.create(
            figures=figures, group=part["group"], share_percent=part["share_percent"], base=part["base"]
        )
    for medium in row.get("media", []):
        MediaReach.objects.create(
            figures=figures,
            kind=medium["kind"],
            count=medium.get("count", 1),
            reach=medium["reach"],
            unit=medium["unit"],
            source=medium.get("source", ""),
        )
    for survey in row.get("surveys", []):
        # A share without the number of respondents cannot be weighed; such results stay out.
        if survey.get("respondents"):
            SurveyResult.objects.create(
                figures=figures,
                question=survey["question"],
                share_percent=survey["share_percent"],
                respondents=survey["respondents"],
            )


def _load_reasoning_line(programme: Programme, lines: dict, row: dict) -> None:
    reasoning = ReasoningLine.objects.create(
        programme=programme, line=lines.get(row.get("ambition")), title=row["title"]
    )
    activities = [_activity(title) for title in row.get("activities", [])]
    reasoning.activities.set(activities)
    counted = ActivityFigures.objects.filter(activity__in=activities)
    for position, step_row in enumerate(row["steps"]):
        step = ReasoningStep.objects.create(
            reasoning_line=reasoning,
            ring=step_row["ring"],
            position=position,
            text=step_row["text"],
            dimension=_dimension(step_row["ring"], step_row["dimension"]),
        )
        if step.ring == 1:
            # Ring-1 effects are what head counts show; later rings wait for stories as evidence.
            step.activity_figures.set(counted)


def _load_profile(data: dict) -> None:
    profile = NetworkProfile.objects.first() or NetworkProfile()
    profile.name = data["name"]
    profile.short_name = data.get("short_name", "")
    for field in ("tagline", "ambition", "strategy", "history"):
        setattr(profile, field, data.get(f"{field}_nl", ""))
        setattr(profile, f"{field}_en", data.get(f"{field}_en", ""))
    profile.values = "\n".join(data.get("values_nl", []))
    profile.values_en = "\n".join(data.get("values_en", []))
    profile.save()
    for position, role in enumerate(data.get("roles", [])):
        NetworkRole.objects.update_or_create(
            profile=profile,
            key=role["key"],
            defaults={
                "name": role["name_nl"],
                "name_en": role["name_en"],
                "text": role["text_nl"],
                "text_en": role["text_en"],
                "position": position,
            },
        )


def demo_users_exist() -> bool:
    return get_user_model().objects.filter(username__in=DEMO_USERS).exists()


def _create_users() -> None:
    User = get_user_model()
    for username, (coordinator, reference) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(username=username, defaults={"is_coordinator": coordinator})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if reference:
            _organisation(reference).editors.add(user)


def _member_login(person_name: str, with_users: bool):
    """The login of a demo person who asks or answers a question; usable only in a local demo."""
    person = Person.objects.filter(name=person_name).first()
    if person is None:
        raise ValueError(f"Demo data names an unknown person: {person_name!r}")
    if person.user is None:
        User = get_user_model()
        username = normalise_key(person_name).replace(" ", ".")
        first_name, _space, last_name = person_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            if with_users:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        person.user = user
        person.save(update_fields=["user"])
    return person.user


def _load_questions(rows: list[dict], with_users: bool) -> None:
    """Questions members brought to the lines, some with offers of help, one answered."""
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for row in rows:
        question = Question.objects.filter(title=row["title"]).first() or Question(title=row["title"])
        question.looking_for = row["looking_for"]
        question.asker = _member_login(row["asker"], with_users)
        question.line = Line.objects.get(slug=row["line"]) if row.get("line") else None
        question.visibility = row["visibility"]
        question_services.save_question(
            question, themes=[themes[slug] for slug in row["themes"]], sector_codes=row.get("sectors", [])
        )
        created = _local(f"{row['created']}T10:00:00")
        answered = _local(f"{row['answered']}T16:00:00") if row.get("answered") else None
        status = QuestionStatus.ANSWERED if answered else QuestionStatus.OPEN
        Question.objects.filter(pk=question.pk).update(created_at=created, answered_at=answered, status=status)
        for response in row.get("responses", []):
            saved, _new = question_services.respond(
                question, _member_login(response["author"], with_users), response["message"]
            )
            Response.objects.filter(pk=saved.pk).update(created_at=_local(f"{response['date']}T12:00:00"))


# The public collection link of the demo programme: /v/lnos25/.
DEMO_LINK_CODE = "lnos25"


def _load_stories(rows: list[dict]) -> None:
    """The story book of LNOS25: accepted stories, a few chosen by the inner circle, one claim substantiated."""
    programmes = {row["programme"] for row in rows}
    rounds = {}
    for slug in programmes:
        programme = Programme.objects.get(slug=slug)
        CollectionLink.objects.get_or_create(
            code=DEMO_LINK_CODE, defaults={"programme": programme, "title": "Verhalen LNOS25"}
        )
        rounds[slug] = SelectionRound.objects.get_or_create(
            programme=programme,
            title="Terugblik binnenkring LNOS25",
            defaults={
                "panel": "De binnenkring van LNOS25: vijf partners uit po, vo, mbo, hbo en gemeente.",
                "held_on": dt.date(2026, 1, 20),
            },
        )[0]
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for row in rows:
        programme = Programme.objects.get(slug=row["programme"])
        activity = _activity(row["activity"])
        story = (
            Story.objects.filter(
                activity=activity, respondent_role=row["respondent_role"], collected_on=row["collected_on"]
            ).first()
            or Story()
        )
        story.programme = programme
        story.line = programme.lines.get(code=row["ambition"])
        story.activity = activity
        story.respondent_role = row["respondent_role"]
        story.sector = row["sector"]
        story.respondent_name = row.get("respondent_name", "")
        story.organisation_name = row.get("organisation", "")
        story.organisation = resolve_organisation(row["organisation"]) if row.get("organisation") else None
        story.consent = row["consent"]
        story.source = row["source"]
        story.collected_on = dt.date.fromisoformat(row["collected_on"])
        story.quote = row.get("quote", "")
        story.status = StoryStatus.PUBLISHED
        parts = {part["ring"]: (_dimension(part["ring"], part["dimension"]), part["text"]) for part in row["parts"]}
        story = story_services.save_story(
            story, parts=parts, themes=[themes[slug] for slug in row["themes"]], user=None
        )
        if row.get("selected"):
            Selection.objects.update_or_create(
                round=rounds[row["programme"]], story=story, defaults={"reason": row["selected"]}
            )
        claim = row.get("substantiation")
        if claim:
            part = story.parts.get(ring=claim["ring"])
            if not part.substantiations.filter(name=claim["name"]).exists():
                story_services.substantiate(
                    part,
                    name=claim["name"],
                    role=claim["role"],
                    date=dt.date.fromisoformat(claim["date"]),
                    note=claim["note"],
                    user=None,
                )
    for slug in programmes:
        story_services.link_evidence(Programme.objects.get(slug=slug))


def _load_report_texts(data: dict) -> None:
    """The texts a programme lead writes for the reports, and the sources of the evaluation."""
    for slug, row in data.items():
        programme = Programme.objects.get(slug=slug)
        save_texts(programme, row.get("texts", {}))
        programme.evaluation_sources.all().delete()
        for source in row.get("sources", []):
            EvaluationSource.objects.create(
                programme=programme,
                kind=source["kind"],
                title=source["title"],
                held_on=dt.date.fromisoformat(source["held_on"]) if source.get("held_on") else None,
                invited=source.get("invited"),
                responded=source.get("responded"),
                description=source.get("description", ""),
            )


def _load_open_day(row: dict, themes: dict) -> None:
    activity = _save_demo_activity(
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


def _load_offering(row: dict, themes: dict) -> None:
    offering = Offering.objects.filter(title=row["title"]).first() or Offering(title=row["title"])
    offering.provider = _organisation(row["provider"])
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
