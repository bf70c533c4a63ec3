"""How well matching finds what it should: the gold set (search/gold/questions.json) and the held-out set
(search/gold/held_out.json) against the demo network.

Each gold question names, per kind, the records a broker would put in front of the asker, by stable keys
(project code, organisation slug, person name, offering slug, line slug). A question is asked as a member
would ask it, its suggestions are read, and per kind we count hit@5 (one expected record among the first
five) and the reciprocal rank of the first expected record (MRR). The questions are written to the database
and taken out again: run inside a transaction that is rolled back.
"""

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from network.models import Line, Organisation, Person
from offerings.models import Offering
from projects.models import Project
from questions.models import Question, Visibility
from search.matching import suggest
from search.models import Kind, SearchEntry

GOLD = Path(__file__).parent / "gold" / "questions.json"
# Written before the ranking was run on them and never used to tune it: how matching does on questions it has
# not seen. The gold set tells whether a change keeps what works; this one whether it generalises.
HELD_OUT = Path(__file__).parent / "gold" / "held_out.json"
SETS = {"gold": GOLD, "held_out": HELD_OUT}
TOP = 5
KINDS = [Kind.PROJECT, Kind.ORGANISATION, Kind.PERSON, Kind.OFFERING, Kind.LINE]
# How each kind's records are named in the gold set.
KEYS: dict[str, tuple[Any, str]] = {
    Kind.PROJECT: (Project, "code"),
    Kind.ORGANISATION: (Organisation, "slug"),
    Kind.PERSON: (Person, "name"),
    Kind.OFFERING: (Offering, "slug"),
    Kind.LINE: (Line, "slug"),
}


@dataclass
class Outcome:
    title: str
    kind: str
    expected: list[str]
    suggested: list[str]

    @property
    def rank(self) -> int:
        """1-based place of the first expected record among the suggestions; 0 when none is there."""
        return next((place for place, key in enumerate(self.suggested, 1) if key in self.expected), 0)

    @property
    def hit(self) -> float:
        return 1.0 if 0 < self.rank <= TOP else 0.0

    @property
    def reciprocal_rank(self) -> float:
        return 1 / self.rank if self.rank else 0.0

    @property
    def recall(self) -> float:
        """Share of the expected records among the first five (of at most five expected): all five nature
        projects, not just one of them."""
        return len(set(self.suggested[:TOP]) & set(self.expected)) / min(len(self.expected), TOP)


@dataclass
class Evaluation:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)  # one suggest() per question

    def figures(self, kind: str = "") -> tuple[int, float, float]:
        """(number of judged question-kind pairs, hit@5, MRR) for one kind, or for all when kind is empty."""
        chosen = [o for o in self.outcomes if not kind or o.kind == kind]
        if not chosen:
            return 0, 0.0, 0.0
        return (
            len(chosen),
            sum(o.hit for o in chosen) / len(chosen),
            sum(o.reciprocal_rank for o in chosen) / len(chosen),
        )

    def recall(self, kind: str = "") -> float:
        """Mean recall@5 for one kind, or for all when kind is empty."""
        chosen = [o for o in self.outcomes if not kind or o.kind == kind]
        return sum(o.recall for o in chosen) / len(chosen) if chosen else 0.0

    def worst(self, count: int) -> list[Outcome]:
        return sorted(self.outcomes, key=lambda o: (o.reciprocal_rank, o.title))[:count]


def load_gold(path: Path = GOLD) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["questions"]


def missing_keys(gold: list[dict]) -> list[str]:
    """Expected records the search index does not hold, so no ranking could suggest them: the demo is not
    loaded, the set is out of date, or it names a draft."""
    missing = []
    for kind in KINDS:
        model, key = KEYS[kind]
        wanted = {name for item in gold for name in item["expect"].get(kind, [])}
        indexed = SearchEntry.objects.filter(kind=kind).values("object_id")
        present = set(model.objects.filter(**{f"{key}__in": wanted}, pk__in=indexed).values_list(key, flat=True))
        missing += [f"{kind} {name}" for name in sorted(wanted - present)]
    return missing


def evaluate(gold: list[dict]) -> Evaluation:
    """Ask each gold question and compare the suggestions with what was expected."""
    evaluation = Evaluation()
    stranger = get_user_model().objects.create_user(username="gold-asker", password=None)
    for number, item in enumerate(gold):
        question = Question.objects.create(
            title=item["title"],
            looking_for=item["looking_for"],
            slug=f"gold-{number}-{slugify(item['title'])[:150]}",
            asker=_asker(item.get("asker"), stranger),
            visibility=Visibility.MEMBERS,
            sectors=",".join(item.get("sectors", [])),
        )
        started = time.perf_counter()
        grouped = dict(suggest(question, member=True))
        evaluation.seconds.append(time.perf_counter() - started)
        for kind in KINDS:
            expected = item["expect"].get(kind, [])
            if expected:
                suggested = _keys(kind, grouped.get(kind, []))
                evaluation.outcomes.append(Outcome(item["title"], kind, expected, suggested))
    return evaluation


def _asker(name: str | None, stranger):
    """The gold question's asker as a user: their own account, made for them when they have none."""
    if not name:
        return stranger
    person = Person.objects.get(name=name)
    if person.user is None:
        person.user = get_user_model().objects.create_user(username=f"gold-{slugify(name)}", password=None)
        person.save(update_fields=["user"])
    return person.user


def _keys(kind: str, suggestions) -> list[str]:
    model, key = KEYS[kind]
    ids = [s.entry.object_id for s in suggestions]
    names = dict(model.objects.filter(pk__in=ids).values_list("pk", key))
    return [str(names.get(pk, "?")) for pk in ids]
