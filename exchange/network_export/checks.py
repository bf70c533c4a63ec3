"""Checking a network file before a restore: against the schema, then its counts, ids and references."""

import json
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from exchange.network_export.declared import FORMAT, MODELS, SEEDED, VERSION, field_specs, model_of
from exchange.network_export.schema import build_schema


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
