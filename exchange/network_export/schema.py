"""The JSON Schema of the network file, generated from the declared models and their fields, with the
descriptions written for the people who read the file; docs/network-export.schema.json is its committed copy.
"""

import json
from typing import Any

from django.db import models
from django.utils import translation

from exchange.network_export.declared import FORMAT, MODELS, SCHEMA_PATH, VERSION, FieldSpec, field_specs, model_of

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
    "documents.Document.file": (
        "The file's name in the instance's storage (MEDIA_ROOT, or the S3 bucket); empty for a link. The files "
        "themselves are not in this file: copy the storage along (e.g. the media directory or the bucket) so the "
        "names find them again; a document whose file is missing answers 404 to its download."
    ),
    "documents.Document.target_kind": (
        "The kind of record the document is attached to, as a model label ('projects.project', "
        "'projects.projectupdate', 'activities.activity', 'programmes.programme', 'stories.story', 'network.line'); "
        "empty for a document of the network as a whole. target_id is that record's id."
    ),
    "stories.Story.consent": (
        "What the respondent agreed to: 'role' = publish with role only; 'named' = publish with name and "
        "organisation; 'internal' = internal analysis only, never published."
    ),
    "stories.Story.status": "Only 'published' (accepted) stories count in figures and reports.",
    "stories.Story.name_reference": (
        "The keyed hash (HMAC-SHA256 hex, with the instance's RIMPEL_ATTENDANCE_KEY) of the respondent's name, kept "
        "when the story is anonymised, so a later request about the respondent still finds it; empty without a name."
    ),
    "stories.Story.email_reference": (
        "The keyed hash (HMAC-SHA256 hex, with the instance's RIMPEL_ATTENDANCE_KEY) of the respondent's e-mail "
        "address, kept when the story is anonymised; empty without an address."
    ),
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
# A FileField is its name in the storage (documents.Document.file); the file itself is not in the export.
STRING_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "URLField", "FileField"}


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
