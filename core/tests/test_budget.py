import contextlib
import sys

import pytest

from core.budget import Budget, OverBudget


def busy(rounds: int) -> None:
    for _ in range(rounds):
        abs(-1)


def test_steps_stop_a_block_that_makes_too_many_calls_and_restore_the_hook():
    before = sys.getprofile()
    with pytest.raises(OverBudget), Budget(60).steps(1000):
        busy(10_000)
    assert sys.getprofile() is before


def test_progress_resets_the_count():
    with Budget(60).steps(1000) as steps:
        for _ in range(20):
            busy(400)
            steps.progress()


def test_a_spent_budget_refuses_any_work():
    with pytest.raises(OverBudget), Budget(0).steps():
        busy(1)


def test_a_library_catching_exception_does_not_swallow_it():
    def library() -> None:
        with contextlib.suppress(Exception):  # what a library might do
            busy(10_000)

    with pytest.raises(OverBudget), Budget(60).steps(100):
        library()
