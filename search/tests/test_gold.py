"""The gold set (search/gold/questions.json) against the demo network: matching must keep finding what a broker
would suggest. The targets of issue 24 are hit@5 ≥ 0.9 and MRR ≥ 0.75 for projects and organisations; this test
fails below 0.8, so a change that makes matching clearly worse cannot land unnoticed. `devtools bench_matching`
prints the full figures."""

import pytest
from django.db import transaction

from home.demo import load_demo
from search.evaluation import evaluate, load_gold, missing_keys
from search.models import Kind

FLOOR = 0.8


@pytest.fixture(scope="module")
def evaluation(django_db_setup, django_db_blocker):
    """The demo loaded and the gold questions asked once for the module, all rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        gold = load_gold()
        assert missing_keys(gold) == []  # the gold set names only records the demo has
        yield evaluate(gold)
        transaction.set_rollback(True)


@pytest.mark.parametrize("kind", [Kind.PROJECT, Kind.ORGANISATION, ""])
def test_matching_finds_what_the_gold_set_expects(evaluation, kind):
    count, hit, _mrr = evaluation.figures(kind)
    assert count >= 30 if kind != Kind.PROJECT else count >= 25
    assert hit >= FLOOR, [(o.title, o.expected, o.suggested) for o in evaluation.outcomes if not o.hit]


def test_the_gold_set_has_enough_questions():
    assert len(load_gold()) >= 30
