"""Many writes in one go, such as an import: side work that every save repeats (re-indexing the record for
search) is done once per record, after the last write and inside the same transaction. Outside a batch, that work
happens at each save as usual.
"""

import contextvars
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

_pending: contextvars.ContextVar[dict | None] = contextvars.ContextVar("batched_side_work", default=None)


@contextmanager
def batched() -> Iterator[None]:
    """Collect side work until the block ends without an error; a failed block's work is dropped with it."""
    if _pending.get() is not None:  # already inside a batch: the outer one finishes the work
        yield
        return
    work: dict[Hashable, Callable[[], None]] = {}
    token = _pending.set(work)
    try:
        yield
    finally:
        _pending.reset(token)
    for action in work.values():
        action()


def later(key: Hashable, action: Callable[[], object]) -> bool:
    """Within a batch, keep action for the end (once per key); whether it was kept."""
    work = _pending.get()
    if work is None:
        return False
    work.setdefault(key, action)
    return True


def later_for_each(key: Hashable, item: Hashable, action: Callable[[set], None]) -> bool:
    """Within a batch, gather item under key, for one call of action with all of them at the end; whether it
    was kept."""
    work = _pending.get()
    if work is None:
        return False
    if key not in work:
        items: set = set()
        work[key] = _Gathered(items, action)
    work[key].items.add(item)
    return True


class _Gathered:
    def __init__(self, items: set, action: Callable[[set], None]):
        self.items, self.action = items, action

    def __call__(self) -> None:
        self.action(self.items)
