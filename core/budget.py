"""A bound on the work one uploaded file may cause, so a small hostile file cannot hold a worker.

Some libraries loop without ever handing control back: dateutil expands a repeat rule that never matches
(FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30) day by day up to the year 9999 before its first result. Budget.steps
counts the Python calls made inside its block (every round of such a loop makes some) and stops the block with
OverBudget after a given number of them without a result (the block says when it has one), or once the file's
wall-clock budget (settings.INPUT_BUDGET_SECONDS) is spent. It uses the profile hook of the running thread only,
so it also works in threaded servers.
"""

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from django.conf import settings

# The clock is read every so many calls: reading it on every call would cost more than the work it guards.
CLOCK_EVERY = 1000


class OverBudget(BaseException):  # noqa: N818 — like KeyboardInterrupt: a library's `except Exception` must not swallow it
    """The block used up its steps or the file's time."""


class Budget:
    """The time left for one input, from when it was made."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = settings.INPUT_BUDGET_SECONDS if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds

    @property
    def spent(self) -> bool:
        return time.monotonic() >= self.deadline

    @contextmanager
    def steps(self, limit: int | None = None) -> Iterator["Steps"]:
        """Run the block within the time left and with at most limit function calls between two calls of the
        Steps' progress() (a result found); OverBudget otherwise."""
        if self.spent:
            raise OverBudget
        steps = Steps()
        deadline = self.deadline

        def hook(_frame: FrameType, _event: str, _arg: object) -> None:
            steps.count += 1
            if (limit is not None and steps.count > limit) or (
                steps.count % CLOCK_EVERY == 0 and time.monotonic() >= deadline
            ):
                raise OverBudget  # the interpreter removes the hook as the exception leaves it

        previous = sys.getprofile()
        sys.setprofile(hook)
        try:
            yield steps
        finally:
            sys.setprofile(previous)


class Steps:
    """The calls counted since the last result."""

    def __init__(self) -> None:
        self.count = 0

    def progress(self) -> None:
        self.count = 0
