"""The export: every record of every declared model, read in one snapshot, as one JSON-ready object."""

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from exchange.network_export.declared import BATCH, FORMAT, MODELS, VERSION, FieldSpec, field_specs, model_of


def _out(model_field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if model_field.get_internal_type() == "DecimalField":
        return format(value, "f")
    return value


def _links(spec: FieldSpec) -> dict[int, list[int]]:
    assert isinstance(spec.field, models.ManyToManyField)  # the links of a spec are its many-to-many field
    through: Any = spec.field.remote_field.through  # a link model: its fields are known at run time only
    source = through._meta.get_field(spec.field.m2m_field_name()).attname
    target = through._meta.get_field(spec.field.m2m_reverse_field_name()).attname
    links: dict[int, list[int]] = {}
    for source_id, target_id in through.objects.order_by("pk").values_list(source, target).iterator(BATCH * 10):
        links.setdefault(source_id, []).append(target_id)
    return links


def export_records(label: str) -> list[dict]:
    specs = field_specs(label)
    values = [spec for spec in specs if spec.kind != "links"]
    links = {spec.name: _links(spec) for spec in specs if spec.kind == "links"}
    records = []
    rows = model_of(label)._base_manager.order_by("pk").values_list(*(spec.field.attname for spec in values))
    for row in rows.iterator(BATCH * 10):
        record = {spec.name: _out(spec.field, value) for spec, value in zip(values, row, strict=True)}
        for name, by_source in links.items():
            record[name] = by_source.get(record["id"], [])
        records.append(record)
    return records


@contextmanager
def _consistent_read() -> Iterator[None]:
    """One snapshot for the whole export, so counts and links agree while others keep writing."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def export_network(progress: Callable[[int, int], None] | None = None) -> dict:
    """The whole network as one JSON-ready object; `progress(done, total)` hears after each model."""
    records = {}
    with _consistent_read():
        for done, label in enumerate(MODELS, start=1):
            records[label] = export_records(label)
            if progress is not None:
                progress(done, len(MODELS))
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        "counts": {label: len(rows) for label, rows in records.items()},
        "records": records,
    }


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def file_name(day: dt.date | None = None) -> str:
    return f"rimpel-netwerk-{(day or timezone.localdate()).isoformat()}.json"
