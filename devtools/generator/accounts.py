"""Logins (only when asked: `generate_network --accounts N`): N of the generated people get an account with their
address, as member of their organisation (one in five as editor), and one in twenty asks an open question on a
theme or two in the past four weeks. Enough for the weekly digest to be measured at city scale (bench_digest)."""

import datetime as dt
import time

from django.contrib.auth.hashers import make_password

from accounts.models import User
from devtools.generator.base import Network, insert, local
from network.models import Organisation, Person
from questions.models import Question
from questions.services import save_question

EDITOR_SHARE = 0.2
QUESTION_SHARE = 0.05
QUESTION_TITLES = [
    "Wie heeft ervaring met {topic}?",
    "Zoek een partner voor {topic}",
    "Hoe pakken jullie {topic} aan?",
    "Tips gevraagd: {topic}",
]


def make_accounts(net: Network, count: int) -> None:
    started = time.perf_counter()
    rng = net.rng("accounts")
    chosen = rng.sample(net.people, min(count, len(net.people)))
    emails = dict(Person.objects.filter(pk__in=[pk for pk, _name, _index in chosen]).values_list("pk", "email"))
    unusable = make_password(None)  # generated people never log in
    users = insert(
        User,
        (
            User(
                username=f"{emails[pk].partition('@')[0]}.{pk}",
                email=emails[pk],
                first_name=name.partition(" ")[0],
                last_name=name.partition(" ")[2],
                password=unusable,
            )
            for pk, name, _index in chosen
        ),
    )
    people = []
    editors, members = Organisation.editors.through, Organisation.members.through
    roles: dict[type, list] = {editors: [], members: []}
    for user, (person_pk, _name, index) in zip(users, chosen, strict=True):
        people.append(Person(pk=person_pk, user_id=user.pk))
        through = editors if rng.random() < EDITOR_SHARE else members
        roles[through].append(through(organisation_id=net.orgs[index].pk, user_id=user.pk))
    Person.objects.bulk_update(people, ["user"], batch_size=1000)
    for through, rows in roles.items():
        insert(through, rows)
    net.done("accounts", len(users), started)
    _make_questions(net, rng, users)


def _make_questions(net: Network, rng, users: list[User]) -> None:
    started = time.perf_counter()
    region = net.regions[0]
    questions = 0
    for user in rng.sample(users, int(len(users) * QUESTION_SHARE)):
        themes = rng.sample(net.themes, rng.randint(1, 2))
        title = net.text(rng, region, QUESTION_TITLES, 1)
        question = Question(
            title=title,
            looking_for=f"{title} Wij zoeken een school of partner die dit al eens deed.",
            asker=user,
            visibility=rng.choice(["public", "members"]),
            created_at=local(net.today - dt.timedelta(days=rng.randint(0, 27)), 10),
        )
        save_question(question, themes=themes, sector_codes=[])
        questions += 1
    net.done("questions", questions, started)
