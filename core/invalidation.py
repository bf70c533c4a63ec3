"""Cached results that follow the records they are computed from: one version per *topic*, renewed after every
commit that wrote to one of the topic's tables.

A topic is a name and the tables its cached results read: "pages" (the public page cache, core.pagecache), "map"
(the network map, networkmap), "attendance" (the attendance year tables). The app that reads the tables declares
them, in its AppConfig.ready():

    invalidation.register("map", Activity, Activity.organisers.through, "network_line", ...)

A cache keys its entries with `current(topic)`, the token of the topic's newest CacheVersion row; every process
reads it from the database, so a new row makes every process stop using what it cached before.

Who renews: an execute wrapper on every database connection sees each statement that writes (INSERT, UPDATE,
DELETE, REPLACE, TRUNCATE), whichever code sends it: services, signals, bulk inserts and updates that send no
signals, raw SQL, imports, the restore. Each topic whose tables the statement writes to gets one new version once
the transaction commits (or at once in autocommit); a rolled-back transaction renews nothing. Tables in no topic
renew nothing: sessions and logins (`accounts_user.last_login`), form tokens, uploads waiting for confirmation,
API tokens, the cache table (rate-limit counts), and the version rows themselves.

Why after the commit: row numbers are handed out at insert, so a long transaction's version row could otherwise
be numbered before a short one's and committed after it, and results cached under the short one's row would stay
without the long one's data (PostgreSQL; SQLite writes one at a time). Numbered after its commit, every version
row is newer than the data it stands for. A process that dies between a commit and its version row leaves the
caches stale until their entries expire, which is why every cache here sets a lifetime.

A topic may be split by app (`split_by_app`, the page cache's "pages"): each app's tables of it are then also in a
topic of their own, "pages.stories", so a cache can key on the few apps it reads instead of on every table.

`migrate` and `flush` pause the wrapper (the version table may not exist yet) and renew every topic when done.

The search index (search.signals) is not a topic: it is derived data rewritten per record, inside the writing
transaction, and needs to know which record changed, which a table name does not say.
"""

import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import Max, Model
from django.db.models.signals import post_migrate, pre_migrate

from core.models import CacheVersion

VERSIONS_KEPT = 100  # older version rows are pruned now and then; only the newest of each topic counts

_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|TRUNCATE"
    r'(?:\s+TABLE)?)\s+["`]?(\w+)',
    re.IGNORECASE,
)
_topics_of_table: dict[str, set[str]] = defaultdict(set)
_split: set[str] = set()  # topics whose tables also renew "<topic>.<app label>"
_paused = False  # while migrations run: the version table may not exist yet; post_migrate renews every topic


def register(topic: str, *tables: str | type[Model]) -> None:
    """Declare tables (names, or models for their own table) whose writes renew the topic; a link table is named
    by its model: `Activity.organisers.through`. Registering again (a reloaded app registry) changes nothing."""
    for table in tables:
        name = (table if isinstance(table, str) else table._meta.db_table).lower()
        _topics_of_table[name].add(topic)
        if topic in _split:
            _topics_of_table[name].add(app_topic(topic, _app_of(table)))


def split_by_app(topic: str) -> None:
    """From now on (and for the tables registered before) each app's tables of `topic` also renew
    `app_topic(topic, app label)`."""
    _split.add(topic)
    for name, names in _topics_of_table.items():
        if topic in names:
            names.add(app_topic(topic, _app_of(name)))


def app_topic(topic: str, app_label: str) -> str:
    return f"{topic}.{app_label}"


def _app_of(table: str | type[Model]) -> str:
    if not isinstance(table, str):
        return table._meta.app_label
    found = [
        m._meta.app_label
        for m in apps.get_models(include_auto_created=True)
        if m._meta.db_table.lower() == table.lower()
    ]
    return found[0] if found else table.split("_", 1)[0]


def topics() -> dict[str, set[str]]:
    """Each topic with its tables, for tests and the architecture document."""
    tables_of: dict[str, set[str]] = defaultdict(set)
    for table, names in _topics_of_table.items():
        for topic in names:
            tables_of[topic].add(table)
    return dict(tables_of)


def topics_written_by(sql: str) -> set[str]:
    match = _WRITE.match(sql)
    return _topics_of_table.get(match.group(1).lower(), set()) if match else set()


def current(topic: str, using: str = "default") -> str:
    """The token a topic's cached results are keyed with (the first one is made on demand, e.g. after a flush)."""
    token = CacheVersion.objects.using(using).filter(topic=topic).order_by("-pk").values_list("token", flat=True)
    return token.first() or renew(topic, using)


def current_of(names: Iterable[str], using: str = "default") -> dict[str, str]:
    """The tokens of several topics in one query (the version rows are few: older ones are pruned)."""
    names = set(names)
    newest = CacheVersion.objects.using(using).filter(topic__in=names).values("topic").annotate(newest=Max("pk"))
    rows = CacheVersion.objects.using(using).filter(pk__in=newest.values("newest")).values_list("topic", "token")
    tokens = dict(rows)
    for topic in names - tokens.keys():
        tokens[topic] = renew(topic, using)
    return tokens


def renew(topic: str, using: str = "default") -> str:
    """A new version row and its random token. Inserting never waits on another writer's lock, as updating one
    shared row would."""
    token = uuid.uuid4().hex
    row = CacheVersion.objects.using(using).create(topic=topic, token=token)
    if row.pk % VERSIONS_KEPT == 0:
        # Every topic's older rows, whichever topic's row reached the multiple; each topic keeps its newest.
        newest = CacheVersion.objects.using(using).values("topic").annotate(newest=Max("pk")).values("newest")
        old = CacheVersion.objects.using(using).filter(pk__lte=row.pk - VERSIONS_KEPT).exclude(pk__in=newest)
        # One plain DELETE: delete() would commit a transaction of its own, which SQLite refuses while the
        # statement that renews the topic (an INSERT … RETURNING in autocommit) still has rows to hand out.
        old._raw_delete(using)
    return token


def renew_after_commit(connection: BaseDatabaseWrapper, topic: str) -> None:
    """Renew the topic at once in autocommit, else once when the transaction commits. Django drops a callback with
    a rolled-back savepoint, so a later write in the same transaction registers it again. Robust: a failure is
    logged and cannot turn a saved write into an error."""
    if not connection.in_atomic_block:
        renew(topic, connection.alias)
    elif not any(  # type: ignore[misc]  # Django's entries are (savepoints, callback, robust); the stubs say pairs
        isinstance(callback, RenewAfterCommit) and callback.topic == topic
        for _savepoints, callback, _robust in connection.run_on_commit
    ):
        connection.on_commit(RenewAfterCommit(topic, connection.alias), robust=True)


class RenewAfterCommit:
    """The commit callback of a transaction that wrote to a topic's tables (a class, so it is recognised on the
    connection's list of callbacks)."""

    def __init__(self, topic: str, using: str):
        self.topic = topic
        self.using = using

    def __call__(self) -> None:
        renew(self.topic, self.using)


def _note_write(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
    """Execute wrapper: once the statement has run, renew the topics whose tables it wrote to."""
    result = execute(sql, params, many, context)
    if not _paused:
        for topic in topics_written_by(sql):
            renew_after_commit(context["connection"], topic)
    return result


def is_paused() -> bool:
    return _paused


def watch_writes(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if _note_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_note_write)


def pause_for_migrations(sender: Any, **kwargs: Any) -> None:
    global _paused  # noqa: PLW0603 - one switch for the whole process while `migrate` or `flush` runs
    _paused = True


def resume_after_migrations(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Sent once per app: the first one renews every topic."""
    global _paused  # noqa: PLW0603
    if _paused and CacheVersion._meta.db_table in connections[using].introspection.table_names():
        for topic in topics():
            renew(topic, using)
    _paused = False


def watch_open_connections() -> None:
    """Watch connections opened from now on, and any already open (the app registry loads after some)."""
    connection_created.connect(watch_writes, dispatch_uid="core.invalidation.watch_writes")
    pre_migrate.connect(pause_for_migrations, dispatch_uid="core.invalidation.pause")
    post_migrate.connect(resume_after_migrations, dispatch_uid="core.invalidation.resume")
    for connection in connections.all(initialized_only=True):
        watch_writes(None, connection)
