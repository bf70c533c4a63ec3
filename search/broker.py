"""The broker's view (makelaar, seed 002): where the network's matching leaves work for a coordinator to do.

- Open questions without a good match: nothing in the network scores as a clear fit, so a coordinator should
  ask around in person.
- Pairs who ask and offer about the same thing but never worked together: an open question's asker's
  organisation and an organisation suggested for it, when the two share no project (lead or partner) and no
  activity (organiser). An introduction is the act.
"""

from collections import defaultdict
from dataclasses import dataclass

from activities.models import Activity
from network.models import Organisation
from projects.models import Project
from questions.models import Question, QuestionStatus
from search.matching import MINIMUM_SCORE, Suggestion, suggest
from search.models import Kind

OPEN_QUESTIONS = 50  # the newest open questions: a coordinator works through these first
GOOD_MATCH = 1.5 * MINIMUM_SCORE  # clearly more than the least a suggestion needs


@dataclass
class Unmatched:
    question: Question
    best: Suggestion | None  # the closest the network came, if anything


@dataclass
class Introduction:
    question: Question
    asker: Organisation
    other: Suggestion  # an organisation that could help, with why


@dataclass
class BrokerView:
    unmatched: list[Unmatched]
    introductions: list[Introduction]


def broker_view() -> BrokerView:
    questions = list(
        Question.objects.filter(status=QuestionStatus.OPEN)
        .select_related("asker__person__organisation", "line")
        .prefetch_related("themes")
        .order_by("-created_at", "-pk")[:OPEN_QUESTIONS]
    )
    worked = _worked_together()
    unmatched, introductions = [], []
    for question in questions:
        grouped = dict(suggest(question, member=True))
        found = [s for suggestions in grouped.values() for s in suggestions]
        best = max(found, key=lambda s: s.score, default=None)
        if best is None or best.score < GOOD_MATCH:
            unmatched.append(Unmatched(question=question, best=best))
        person = getattr(question.asker, "person", None)
        if person is None:
            continue
        for other in grouped.get(Kind.ORGANISATION, []):
            if other.score >= GOOD_MATCH and other.entry.object_id not in worked[person.organisation_id]:
                introductions.append(Introduction(question=question, asker=person.organisation, other=other))
    return BrokerView(unmatched=unmatched, introductions=introductions)


def _worked_together() -> dict[int, set[int]]:
    """Organisation id → the organisations it shares a project or an activity with."""
    members: dict[tuple[str, int], set[int]] = defaultdict(set)
    for project_id, organisation_id in Project.leads.through.objects.values_list("project_id", "organisation_id"):
        members["project", project_id].add(organisation_id)
    for project_id, organisation_id in Project.partners.through.objects.values_list("project_id", "organisation_id"):
        members["project", project_id].add(organisation_id)
    for activity_id, organisation_id in Activity.organisers.through.objects.values_list(
        "activity_id", "organisation_id"
    ):
        members["activity", activity_id].add(organisation_id)
    worked: dict[int, set[int]] = defaultdict(set)
    for group in members.values():
        for organisation_id in group:
            worked[organisation_id] |= group
    return worked
