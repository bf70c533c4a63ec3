"""The whole network as one documented JSON file, and back into an empty instance (issue 8).

The file is one object: ``{"format": "rimpel-network", "version": 1, "exported_at": ..., "counts": {...},
"records": {"<app>.<model>": [...]}}``. Every record keeps its primary key (``id``) and names other records by
theirs; a many-to-many link is a list of ids. Dates are ``YYYY-MM-DD``, times ISO 8601 in UTC with their offset,
amounts (decimals) strings so no digit is lost. ``docs/network-export.schema.json`` (JSON Schema 2020-12) describes
every field; it is generated from ``MODELS`` below (``python manage.py network_export_schema``) and a test keeps the
committed copy equal to the generated one.

What is in it and what is not is declared here: every model of the project is either in ``MODELS`` (exported, in
dependency order) or in ``EXCLUDED`` (with the reason); a test fails for a model that is in neither.

Privacy: the file is for coordinators. Logins come without their password hash (a restored login has an unusable
password until one is set); attendance participants are their keyed hashes (a restored instance needs the same
``RIMPEL_ATTENDANCE_KEY`` for later lists to find the same people); stories carry their consent, and names and
e-mail addresses only where that consent let them be stored. No model holds uploaded files, so there are no media.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone, translation

FORMAT = "rimpel-network"
VERSION = 1
SCHEMA_PATH = "docs/network-export.schema.json"
BATCH = 1000

# Exported, in dependency order: a record names only records of models above it (or of its own model, such as an
# organisation's parent or a merged story; foreign keys are checked at the end of the restore's transaction).
MODELS: tuple[str, ...] = (
    "accounts.User",
    "network.Theme",
    "network.Organisation",
    "network.OrganisationAlias",
    "network.Person",
    "network.Line",
    "network.LineQuestion",
    "network.NetworkProfile",
    "network.NetworkRole",
    "activities.Activity",
    "activities.TargetSector",
    "projects.Project",
    "projects.ProjectUpdate",
    "impact.ImpactModel",
    "impact.Ring",
    "impact.Dimension",
    "impact.TargetGroup",
    "impact.ActivityFigures",
    "impact.Composition",
    "impact.MediaReach",
    "impact.SurveyResult",
    "programmes.Programme",
    "programmes.ProgrammeLine",
    "programmes.Action",
    "programmes.ActionReport",
    "programmes.Recommendation",
    "programmes.ImpactRoute",
    "programmes.BudgetLine",
    "programmes.ProgrammeFigure",
    "programmes.Indicator",
    "programmes.Measurement",
    "programmes.ReasoningLine",
    "programmes.ReasoningStep",
    "stories.CollectionLink",
    "stories.Story",
    "stories.StoryPart",
    "stories.Substantiation",
    "stories.SelectionRound",
    "stories.Selection",
    "reports.ReportText",
    "reports.EvaluationSource",
    "offerings.Offering",
    "questions.Question",
    "questions.Response",
    "attendance.Participant",
    "attendance.Attendance",
    "attendance.AttendanceList",
    "attendance.ErasedKey",
    "exchange.ImportedEvent",
)

# Not exported: rebuilt or renewed after a restore, or technical state that means nothing in another instance.
EXCLUDED: dict[str, str] = {
    "search.SearchEntry": "derived: the restore rebuilds the search index from the records",
    "network.GraphVersion": "cache token of the network map: the restore starts a new one",
    "core.PageVersion": "version of the cached public pages: every write of the restore adds a new one",
    "attendance.AttendanceVersion": "lock row and cache token of attendance writes: the restore renews it",
    "attendance.AttendanceUpload": "a checked list waiting for confirmation: short-lived, holds unsaved rows",
    "api.ApiToken": "keys to this instance's API: a coordinator issues new ones after a move",
    "exchange.ImportMapping": "the columns chosen at earlier spreadsheet imports: a convenience, chosen again once",
    "exchange.PendingImport": "an uploaded spreadsheet between its check and its import: short-lived",
    "core.UsedFormToken": "one-time tokens of forms posted before: technical, short-lived",
    "sessions.Session": "logins in progress: never moved between instances",
    "auth.Permission": "Django's permission table, made by migrate; rimpel decides in core.permissions",
    "auth.Group": "not used by rimpel (coordinators are a flag on the login)",
    "contenttypes.ContentType": "made by migrate",
}

# Fields left out of an exported model, with the reason.
OMITTED_FIELDS: dict[str, dict[str, str]] = {
    "accounts.User": {
        "password": "password hashes stay in the instance; a restored login must set a new password",
        "groups": "not used by rimpel",
        "user_permissions": "not used by rimpel",
    },
}

# Made by a migration in every new instance (the default impact model); an empty instance holds only these, and the
# restore replaces them with the file's.
SEEDED: tuple[str, ...] = ("impact.Dimension", "impact.Ring", "impact.ImpactModel", "impact.TargetGroup")

MODEL_DESCRIPTIONS: dict[str, str] = {
    "accounts.User": (
        "A login. Exported without its password: a restored login has an unusable password until an operator or "
        "the person sets one. is_coordinator marks the network's coordinators, who publish and curate."
    ),
    "impact.ImpactModel": (
        "The netwerkimpactmodel: inputs (people, means, shared identity) lead to activities whose effects spread "
        "as three rings."
    ),
    "impact.Ring": (
        "A ring of the impact model: 1 = first-degree impact (direct, countable results), 2 = second-degree "
        "(what changes between people and organisations), 3 = third-degree (social-cultural and structural "
        "effects)."
    ),
    "impact.Dimension": (
        "A dimension of a ring (e.g. 'Ontmoeting & bereik' on ring 1). Dimensions are data, editable per network; a "
        "retired dimension stays so routes, stories and reasoning steps that name it keep working."
    ),
    "impact.TargetGroup": "A target group of impact routes (professionals, community, partners).",
    "impact.ActivityFigures": (
        "An activity's first-degree figures: participants and first-timers (typed, or written by an attendance "
        "list: see source), plus the organisations involved. Reports and programme roll-ups count these."
    ),
    "programmes.ImpactRoute": (
        "An impact route: for one ambition (programme line) and one target group, the chosen dimension on each "
        "ring (ring1, ring2, ring3 name dimensions of rings 1, 2 and 3)."
    ),
    "programmes.ProgrammeFigure": (
        "A figure a programme reports from another source (e.g. a survey or a municipal statistic), with its unit, "
        "year and source; reports show it with that source."
    ),
    "programmes.ReasoningStep": (
        "One step of a reasoning line on a ring, with the evidence it cites: activity figures, programme figures "
        "and (from the story side) story parts."
    ),
    "stories.Story": (
        "An impact story: what one respondent says an activity or programme did for them. consent says what may be "
        "published: 'role' (publish with the role only), 'named' (with name and organisation), 'internal' (only "
        "for internal analysis, never published). respondent_name and email are stored only with consent "
        "'named' and are empty otherwise. status says whether the story counts: only 'published' (accepted) stories "
        "count in figures and reports, and of those only the ones whose consent is not 'internal' are shown."
    ),
    "stories.StoryPart": (
        "What the story says on one ring, tagged with a dimension of that ring; stems are the stored word stems "
        "for word search; reasoning_steps are the steps this part is evidence for."
    ),
    "attendance.Participant": (
        "A person seen on an attendance list, as a keyed hash (HMAC-SHA256 with the instance's "
        "RIMPEL_ATTENDANCE_KEY) of their e-mail address or name; e-mail addresses are never stored. A later list "
        "matches these people only when the restored instance uses the same RIMPEL_ATTENDANCE_KEY. display_name "
        "only with consent; key is empty after an erasure request."
    ),
    "attendance.ErasedKey": "The keyed hash of a person who asked to be erased: later lists leave them out.",
}

FIELD_DESCRIPTIONS: dict[str, str] = {
    "stories.Story.consent": (
        "What the respondent agreed to: 'role' = publish with role only; 'named' = publish with name and "
        "organisation; 'internal' = internal analysis only, never published."
    ),
    "stories.Story.status": "Only 'published' (accepted) stories count in figures and reports.",
    "stories.StoryPart.ring": "The ring (1, 2 or 3) this part is about.",
    "programmes.ReasoningStep.ring": "The ring (1, 2 or 3) of this step.",
    "attendance.Participant.key": "The keyed hash (HMAC-SHA256 hex) of the person's e-mail address or name.",
    "attendance.Attendance.first_time": (
        "Whether this was the person's first day in the network (stored, so figures do not change when lists are "
        "added out of order)."
    ),
}

TOP_DESCRIPTION = (
    "The whole network of a rimpel instance: organisations, people, lines, activities, projects, offerings, "
    "questions, the impact model with its rings and dimensions, programmes with their goal trees, impact routes, "
    "reasoning lines, figures, budget and indicators, impact stories with their consent, report texts and "
    "attendance (as keyed hashes). Records keep their ids and name each other by id; many-to-many links are lists "
    "of ids. Dates are YYYY-MM-DD, times ISO 8601 in UTC with an offset, decimals are strings. For coordinators "
    "only: it holds members' logins (without passwords) and stories' respondents where consent allowed."
)


# --- what is exported ------------------------------------------------------------------------------------------


@dataclass
class FieldSpec:
    name: str  # the key in the file
    field: models.Field
    kind: str  # "value", "reference" or "links"

    @property
    def target(self) -> str:
        return self.field.related_model._meta.label  # type: ignore[union-attr]  # a model class once apps are loaded


def model_of(label: str) -> type[models.Model]:
    return apps.get_model(label)


def field_specs(label: str) -> list[FieldSpec]:
    model = model_of(label)
    omitted = OMITTED_FIELDS.get(label, {})
    specs = []
    for model_field in model._meta.concrete_fields:
        if model_field.name in omitted:
            continue
        kind = "reference" if model_field.is_relation else "value"
        specs.append(FieldSpec(model_field.name, model_field, kind))
    for model_field in model._meta.many_to_many:
        if model_field.name not in omitted:
            specs.append(FieldSpec(model_field.name, model_field, "links"))
    return specs


def project_models() -> list[str]:
    """Every model of the installed apps, as "<app>.<model>" labels."""
    return sorted(model._meta.label for model in apps.get_models())


# --- export ----------------------------------------------------------------------------------------------------


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


def export_network() -> dict:
    """The whole network as one JSON-ready object."""
    with _consistent_read():
        records = {label: export_records(label) for label in MODELS}
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


# --- schema ----------------------------------------------------------------------------------------------------

DATE = r"^\d{4}-\d{2}-\d{2}$"
DATE_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
DECIMAL = r"^-?\d+(\.\d+)?$"
UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
INTEGER_TYPES = {
    "AutoField",
    "BigAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
}
STRING_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}


def _value_schema(model_field: models.Field) -> dict:
    internal = model_field.get_internal_type()
    if internal in INTEGER_TYPES:
        schema: dict = {"type": "integer"}
        if internal.startswith("Positive") or model_field.primary_key:
            schema["minimum"] = 1 if model_field.primary_key else 0
    elif internal == "BooleanField":
        schema = {"type": "boolean"}
    elif internal in STRING_TYPES:
        schema = {"type": "string"}
        if model_field.max_length:
            schema["maxLength"] = model_field.max_length
    elif internal == "DateField":
        schema = {"type": "string", "format": "date", "pattern": DATE}
    elif internal == "DateTimeField":
        schema = {"type": "string", "format": "date-time", "pattern": DATE_TIME}
    elif internal == "DecimalField" and isinstance(model_field, models.DecimalField):
        schema = {"type": "string", "pattern": DECIMAL, "maxLength": model_field.max_digits + 2}
    elif internal == "UUIDField":
        schema = {"type": "string", "format": "uuid", "pattern": UUID}
    else:  # pragma: no cover - a new kind of field needs a line above
        raise TypeError(f"No JSON type for {model_field.model._meta.label}.{model_field.name} ({internal})")
    if model_field.choices:
        values = [value for value, _label in model_field.flatchoices]
        if model_field.blank and internal in STRING_TYPES and "" not in values:
            values.append("")
        schema["enum"] = values
    return schema


def _describe(label: str, spec: FieldSpec) -> str:
    model_field = spec.field
    parts = []
    written = FIELD_DESCRIPTIONS.get(f"{label}.{spec.name}")
    verbose = str(model_field.verbose_name)
    parts.append(verbose[:1].upper() + verbose[1:] + ".")
    if written:
        parts.append(written)
    if model_field.help_text:
        parts.append(str(model_field.help_text))
    if model_field.choices and spec.kind == "value":
        parts.append("Values: " + "; ".join(f"{value} = {label}" for value, label in model_field.flatchoices) + ".")
    if spec.kind == "reference":
        parts.append(f"Refers to the {spec.target} record with this id.")
    elif spec.kind == "links":
        parts.append(f"Links to {spec.target} records: a list of their ids.")
    elif model_field.primary_key:
        parts.append("The record's id, kept by a restore.")
    return " ".join(parts)


def _field_schema(label: str, spec: FieldSpec) -> dict:
    if spec.kind == "links":
        schema: dict[str, Any] = {"type": "array", "items": {"type": "integer", "minimum": 1}, "uniqueItems": True}
    elif spec.kind == "reference":
        schema = {"type": "integer", "minimum": 1}
    else:
        schema = _value_schema(spec.field)
    if spec.kind != "links" and spec.field.null:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    if spec.kind in ("reference", "links"):
        schema["x-references"] = spec.target
    return {"description": _describe(label, spec), **schema}


def _model_description(label: str) -> str:
    model = model_of(label)
    written = MODEL_DESCRIPTIONS.get(label)
    doc = " ".join((model.__doc__ or "").split())
    if doc.startswith(f"{model.__name__}("):  # Django's generated docstring: the field list
        doc = ""
    name = str(model._meta.verbose_name)
    return " ".join(part for part in (written or doc, f"({name})") if part)


def build_schema() -> dict:
    """The JSON Schema (draft 2020-12) of the export file, from MODELS and the models' fields."""
    with translation.override("en"):
        definitions = {}
        for label in MODELS:
            specs = field_specs(label)
            definitions[label] = {
                "description": _model_description(label),
                "type": "object",
                "properties": {spec.name: _field_schema(label, spec) for spec in specs},
                "required": [spec.name for spec in specs],
                "additionalProperties": False,
            }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/rimpel/rimpel/docs/network-export.schema.json",
        "title": f"rimpel network export, version {VERSION}",
        "description": TOP_DESCRIPTION,
        "type": "object",
        "required": ["format", "version", "exported_at", "counts", "records"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT, "description": "Always 'rimpel-network'."},
            "version": {"const": VERSION, "description": "The version of this format."},
            "exported_at": {
                "type": "string",
                "format": "date-time",
                "pattern": DATE_TIME,
                "description": "When the file was made (UTC).",
            },
            "counts": {
                "description": "The number of records per model; equals the length of each list in records.",
                "type": "object",
                "properties": {label: {"type": "integer", "minimum": 0} for label in MODELS},
                "required": list(MODELS),
                "additionalProperties": False,
            },
            "records": {
                "description": "The records per model ('<app>.<model>'), in the order a restore writes them.",
                "type": "object",
                "properties": {label: {"type": "array", "items": {"$ref": f"#/$defs/{label}"}} for label in MODELS},
                "required": list(MODELS),
                "additionalProperties": False,
            },
        },
        "$defs": definitions,
    }


def schema_text() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


def committed_schema() -> dict:
    from django.conf import settings

    with open(settings.BASE_DIR / SCHEMA_PATH, encoding="utf-8") as handle:
        return json.load(handle)


# --- checking a file -------------------------------------------------------------------------------------------


def _where(path: Iterable) -> str:
    return "/".join(str(step) for step in path) or "(top)"


def _brief(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def schema_problems(data: object, limit: int = 20) -> list[str]:
    """What is wrong with the file against the schema: 'path: what', at most `limit` of them."""
    from jsonschema import Draft202012Validator

    if not isinstance(data, dict):
        return ["(top): the file is not a JSON object"]
    if data.get("format") != FORMAT:
        return [f"format: this is not a rimpel network file (expected {FORMAT!r}, found {_brief(data.get('format'))})"]
    if data.get("version") != VERSION:
        return [f"version: this rimpel can read version {VERSION}, the file is version {_brief(data.get('version'))}"]
    validator = Draft202012Validator(build_schema())
    problems = []
    for error in validator.iter_errors(data):
        message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
        problems.append(f"{_where(error.absolute_path)}: {message}")
        if len(problems) >= limit:
            break
    return sorted(problems)


def reference_problems(data: dict, limit: int = 20) -> list[str]:
    """After the schema: counts agree, ids are unique, every id named exists in the file, values convert."""
    problems: list[str] = []
    records = data["records"]
    ids = {}
    for label in MODELS:
        rows = records[label]
        if data["counts"][label] != len(rows):
            problems.append(f"counts/{label}: says {data['counts'][label]}, records/{label} holds {len(rows)}")
        seen = set()
        for index, row in enumerate(rows):
            if row["id"] in seen:
                problems.append(f"records/{label}/{index}/id: id {row['id']} appears twice")
            seen.add(row["id"])
        ids[label] = seen
    for label in MODELS:
        specs = field_specs(label)
        for index, row in enumerate(records[label]):
            for spec in specs:
                value = row[spec.name]
                where = f"records/{label}/{index}/{spec.name}"
                if spec.kind == "reference":
                    if value is not None and value not in ids.get(spec.target, ()):
                        problems.append(f"{where}: no {spec.target} with id {value} in the file")
                elif spec.kind == "links":
                    missing = [target for target in value if target not in ids.get(spec.target, ())]
                    if missing:
                        problems.append(
                            f"{where}: no {spec.target} with id {', '.join(map(str, missing[:5]))} in the file"
                        )
                elif (
                    value is not None
                    and isinstance(value, str)
                    and spec.field.get_internal_type() in ("DateField", "DateTimeField", "DecimalField")
                ):
                    try:
                        spec.field.to_python(value)
                    except ValidationError:
                        problems.append(
                            f"{where}: {_brief(value)} is not a valid "
                            f"{spec.field.get_internal_type().removesuffix('Field').lower()}"
                        )
                if len(problems) >= limit:
                    return problems
    return problems


def problems_in(data: Any) -> list[str]:
    return schema_problems(data) or reference_problems(data)


def rows_in_database() -> dict[str, int]:
    """Exported models that already hold records, apart from the defaults a migration made."""
    found = {}
    for label in MODELS:
        if label in SEEDED:
            continue
        count = model_of(label)._base_manager.count()
        if count:
            found[label] = count
    return found


# --- restore ---------------------------------------------------------------------------------------------------


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
        assert isinstance(spec.field, models.ManyToManyField)
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


def _renew_caches() -> dict[str, int]:
    from attendance.models import AttendanceVersion
    from attendance.services import VERSION_ROW
    from network.graph import bump_version
    from search.indexers import rebuild_all

    search = rebuild_all()
    bump_version()
    AttendanceVersion.objects.update_or_create(pk=VERSION_ROW, defaults={"token": uuid.uuid4().hex})
    cache.delete("search-vocabulary")
    return search


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
        result.search = _renew_caches()
        phase("index")
    return result


def database_counts() -> dict[str, int]:
    return {label: model_of(label)._base_manager.count() for label in MODELS}
