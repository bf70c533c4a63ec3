"""The gold set (search/gold/questions.json) and the held-out set (search/gold/held_out.json) against the demo
network: matching must keep finding what a broker would suggest. The targets of issue 24 are hit@5 ≥ 0.9 and
MRR ≥ 0.75 for projects and organisations; the gold set fails below 0.8, so a change that makes matching clearly
worse cannot land unnoticed. The held-out set was never tuned on; its floors are 0.1 below what the ranking
measured on it when it landed, so a change that only fits the gold set shows here. `devtools bench_matching
[--set held_out]` prints the full figures."""

import pytest
from django.db import transaction

from home.demo import load_demo
from search.evaluation import SETS, Outcome, evaluate, load_gold, missing_keys
from search.models import Kind

FLOOR = 0.8
# hit@5 measured on the held-out set (project 1.00, organisation 0.96, overall 0.98), less 0.1.
HELD_OUT_FLOORS = {Kind.PROJECT: 0.9, Kind.ORGANISATION: 0.86, "": 0.88}


@pytest.fixture(scope="module")
def evaluations(django_db_setup, django_db_blocker):
    """The demo loaded and both sets' questions asked once for the module, all rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        found = {}
        for name, path in SETS.items():
            questions = load_gold(path)
            assert missing_keys(questions) == []  # each set names only records the demo's index holds
            with transaction.atomic():  # each set asked on the demo alone, not after the other's questions
                found[name] = evaluate(questions)
                transaction.set_rollback(True)
        yield found
        transaction.set_rollback(True)


@pytest.mark.parametrize("kind", [Kind.PROJECT, Kind.ORGANISATION, ""])
def test_matching_finds_what_the_gold_set_expects(evaluations, kind):
    count, hit, _mrr = evaluations["gold"].figures(kind)
    assert count >= 30 if kind != Kind.PROJECT else count >= 25
    assert hit >= FLOOR, [(o.title, o.expected, o.suggested) for o in evaluations["gold"].outcomes if not o.hit]


@pytest.mark.parametrize("kind", [Kind.PROJECT, Kind.ORGANISATION, ""])
def test_matching_finds_what_the_held_out_set_expects(evaluations, kind):
    evaluation = evaluations["held_out"]
    _count, hit, _mrr = evaluation.figures(kind)
    assert hit >= HELD_OUT_FLOORS[kind], [(o.title, o.expected, o.suggested) for o in evaluation.outcomes if not o.hit]


def test_each_set_has_enough_questions():
    assert len(load_gold()) >= 30
    assert len(load_gold(SETS["held_out"])) >= 20


def test_recall_counts_the_expected_records_among_the_first_five():
    nature = Outcome("natuur", Kind.PROJECT, ["2a", "2c", "2h", "2m", "2n", "2x"], ["2c", "2f", "2e", "2n", "2b", "2m"])
    assert nature.hit == 1.0 and nature.recall == 2 / 5  # five expected at most; 2m is sixth
    assert Outcome("lucht", Kind.PROJECT, ["2e"], ["1a", "2e"]).recall == 1.0
