"""Builds the demo network (Leiden) from the JSON files in home/demo_data/.

Every step looks records up by a natural key (slug, name, code, title and
start), so loading twice changes nothing. The steps live with their use case:
the directory and calendar in `demo_directory`, the impact programmes, stories
and reports in `demo_programmes`; the logins and the questions members ask are here.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from activities.models import Activity
from attendance.models import Attendance
from core.batching import batched
from core.text import normalise_key
from documents.models import Document
from home.demo_directory import (
    find_organisation,
    load_lines,
    load_offering,
    load_open_day,
    load_organisations,
    load_people,
    load_profile,
    load_projects,
    load_themes,
    local_time,
    read_data,
    save_demo_activity,
)
from home.demo_documents import load_documents
from home.demo_programmes import load_programme, load_report_texts, load_stories
from impact.defaults import create_defaults
from impact.models import Dimension, ImpactModel, Ring, TargetGroup
from network.models import Line, Organisation, Person, Theme
from offerings.models import Offering
from programmes.models import Action, Programme, ReasoningLine
from projects.models import Project, ProjectUpdate
from questions import services as question_services
from questions.models import Question, QuestionStatus, Response
from stories.models import Story

DEMO_PASSWORD = "rimpel-demo"
DEMO_USERS = {
    # username: (is_coordinator, organisation reference the user edits, the demo person whose login it is)
    "coordinator": (True, None, "Hanneke Willems"),
    "redacteur": (False, "HsL", "Marieke van Dijk"),
    "redacteur-gemeente": (False, "GL", "Esther Mulder"),
}


@transaction.atomic
def load_demo(with_users: bool = False) -> dict[str, int]:
    """Load the demo network; with_users also creates the demo logins (local demos only).

    Only the seed documents' facts and figures: no made-up attendance lists (attendance.demo makes those, on
    request), since their head counts would change the figures the network reported."""
    # Each record is indexed for search once, at the end, not at each save and link: that was a third of the time.
    with batched():
        return _load_demo(with_users)


def _load_demo(with_users: bool) -> dict[str, int]:
    # Normally made by a migration; a flushed test database may have lost them.
    create_defaults(ImpactModel, Ring, Dimension, TargetGroup)
    themes = load_themes()
    load_organisations(themes)
    people = load_people()
    lines = load_lines(themes, people)
    for row in read_data("activities.json"):
        save_demo_activity(row, themes, lines)
    load_projects(themes)
    load_profile(read_data("network.json"))
    for row in read_data("programmes.json"):
        load_programme(row)
    load_stories(read_data("stories.json"))
    load_documents()
    load_report_texts(read_data("reports.json"))
    _load_questions(read_data("questions.json"), with_users)
    for row in read_data("open_days.json"):
        load_open_day(row, themes)
    for row in read_data("offerings.json"):
        load_offering(row, themes)
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
        "documents and media": Document.objects.count(),
    }


def demo_users_exist() -> bool:
    return get_user_model().objects.filter(username__in=DEMO_USERS).exists()


def _create_users() -> None:
    User = get_user_model()
    for username, (coordinator, reference, person_name) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_coordinator": coordinator, "email": f"{username}@example.org"}
        )
        # A demo loaded before the users had addresses or names gets them now.
        user.email = user.email or f"{username}@example.org"
        if not user.first_name:
            user.first_name, _space, user.last_name = person_name.partition(" ")
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        # The demo person is this login's card in the directory (People and mails show the same name).
        Person.objects.filter(name=person_name, user=None).update(user=user)
        if reference:
            find_organisation(reference).editors.add(user)


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
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@example.org"},
        )
        if created:
            if with_users:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        person.user = user
        person.save(update_fields=["user"])
        # A member of the organisation the directory places them in, as an invitation or sign-up would make them.
        person.organisation.members.add(user)
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
        created = local_time(f"{row['created']}T10:00:00")
        answered = local_time(f"{row['answered']}T16:00:00") if row.get("answered") else None
        status = QuestionStatus.ANSWERED if answered else QuestionStatus.OPEN
        Question.objects.filter(pk=question.pk).update(created_at=created, answered_at=answered, status=status)
        for response in row.get("responses", []):
            # Recorded directly, not through question_services.respond: these offers are history, and its signal
            # would mail the demo askers "someone offers help" on every fresh `make run`.
            saved, _new = Response.objects.update_or_create(
                question=question,
                author=_member_login(response["author"], with_users),
                defaults={"message": response["message"]},
            )
            Response.objects.filter(pk=saved.pk).update(created_at=local_time(f"{response['date']}T12:00:00"))
