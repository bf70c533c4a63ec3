"""The restore: an empty instance rebuilt from a network file, record for record, in one transaction."""

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.management.color import no_style
from django.db import connection, models, transaction

from exchange.network_export.checks import problems_in, rows_in_database
from exchange.network_export.declared import BATCH, MODELS, SEEDED, field_specs, model_of


class RestoreRefused(Exception):
    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class Restored:
    counts: dict[str, int] = field(default_factory=dict)
    links: int = 0
    logins: int = 0
    search: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per phase: check, records, links, index


@contextmanager
def _keeping_timestamps(labels: Iterable[str]) -> Iterator[None]:
    """bulk_create would stamp auto_now fields with the time of the restore; keep the file's times instead."""
    switched = []
    for label in labels:
        for model_field in model_of(label)._meta.concrete_fields:
            if isinstance(model_field, models.DateField | models.TimeField) and (
                model_field.auto_now or model_field.auto_now_add
            ):
                switched.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in switched:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


def _in(model_field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    return model_field.to_python(value)


def _write(label: str, rows: list[dict]) -> int:
    model = model_of(label)
    values = [spec for spec in field_specs(label) if spec.kind != "links"]
    pending = []
    for row in rows:
        record = model(**{spec.field.attname: _in(spec.field, row[spec.name]) for spec in values})
        if isinstance(record, AbstractBaseUser):  # logins come without their passwords
            record.set_unusable_password()
        pending.append(record)
        if len(pending) >= BATCH:
            model._base_manager.bulk_create(pending)
            pending = []
    model._base_manager.bulk_create(pending)
    return len(rows)


def _write_links(label: str, rows: list[dict]) -> int:
    made = 0
    for spec in field_specs(label):
        if spec.kind != "links":
            continue
        assert isinstance(spec.field, models.ManyToManyField)  # the links of a spec are its many-to-many field
        through: Any = spec.field.remote_field.through  # a link model: its fields are known at run time only
        source = through._meta.get_field(spec.field.m2m_field_name()).attname
        target = through._meta.get_field(spec.field.m2m_reverse_field_name()).attname
        pending = [through(**{source: row["id"], target: target_id}) for row in rows for target_id in row[spec.name]]
        through._base_manager.bulk_create(pending, batch_size=BATCH)
        made += len(pending)
    return made


def _reset_sequences() -> None:
    tables = [model_of(label) for label in MODELS]
    tables += [
        spec.field.remote_field.through  # type: ignore[union-attr]  # links specs are many-to-many fields
        for label in MODELS
        for spec in field_specs(label)
        if spec.kind == "links"
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), tables)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _rebuild_search_index() -> dict[str, int]:
    """The index is derived from the records. (The cached pages, map and attendance tables need no call: the
    restore's writes renew their topics, core.invalidation, once it commits.)"""
    from search.indexers import rebuild_all

    return rebuild_all()


def restore_network(data: Any) -> Restored:
    """Rebuild an empty instance from an export, in one transaction; refuses before writing when the file is not a
    valid network file or the database already holds a network."""
    result = Restored()
    clock = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.seconds[name] = now - clock
        clock = now

    problems = problems_in(data)
    if problems:
        raise RestoreRefused("The file is not a valid rimpel network file.", problems)
    phase("check")
    with transaction.atomic():
        present = rows_in_database()
        if present:
            raise RestoreRefused(
                "The database is not empty: a restore only goes into a new instance.",
                [f"{label}: {count} records" for label, count in present.items()],
            )
        for label in SEEDED:  # the migration's default impact model, replaced by the file's
            model_of(label)._base_manager.all().delete()
        records = data["records"]
        with _keeping_timestamps(MODELS):
            for label in MODELS:
                result.counts[label] = _write(label, records[label])
        phase("records")
        for label in MODELS:
            result.links += _write_links(label, records[label])
        connection.check_constraints()
        _reset_sequences()
        phase("links")
        result.logins = result.counts["accounts.User"]
        result.search = _rebuild_search_index()
        phase("index")
    return result
