"""The whole network as one documented JSON file, and back into an empty instance (issue 8).

The file is one object: ``{"format": "rimpel-network", "version": 1, "exported_at": ..., "counts": {...},
"records": {"<app>.<model>": [...]}}``. Every record keeps its primary key (``id``) and names other records by
theirs; a many-to-many link is a list of ids. Dates are ``YYYY-MM-DD``, times ISO 8601 in UTC with their offset,
amounts (decimals) strings so no digit is lost. ``docs/network-export.schema.json`` (JSON Schema 2020-12) describes
every field; it is generated from ``MODELS`` (``python manage.py network_export_schema``) and a test keeps the
committed copy equal to the generated one.

What is in it and what is not is declared in ``declared``: every model of the project is either in ``MODELS``
(exported, in dependency order) or in ``EXCLUDED`` (with the reason); a test fails for a model that is in neither.

Privacy: the file is for coordinators. Logins come without their password hash (a restored login has an unusable
password until one is set); attendance participants are their keyed hashes (a restored instance needs the same
``RIMPEL_ATTENDANCE_KEY`` for later lists to find the same people); stories carry their consent, and names and
e-mail addresses only where that consent let them be stored. No model holds uploaded files, so there are no media.

The package: what is in the file (declared), the export (writer), its JSON Schema (schema), the checks of a file
(checks) and the restore (restore).
"""

from exchange.network_export.checks import problems_in, reference_problems, rows_in_database, schema_problems
from exchange.network_export.declared import (
    BATCH,
    EXCLUDED,
    FORMAT,
    MODELS,
    OMITTED_FIELDS,
    SCHEMA_PATH,
    SEEDED,
    VERSION,
    FieldSpec,
    database_counts,
    field_specs,
    model_of,
    project_models,
)
from exchange.network_export.restore import Restored, RestoreRefused, restore_network
from exchange.network_export.schema import build_schema, committed_schema, schema_text
from exchange.network_export.writer import dumps, export_network, export_records, file_name

__all__ = [
    "BATCH",
    "EXCLUDED",
    "FORMAT",
    "MODELS",
    "OMITTED_FIELDS",
    "SCHEMA_PATH",
    "SEEDED",
    "VERSION",
    "FieldSpec",
    "RestoreRefused",
    "Restored",
    "build_schema",
    "committed_schema",
    "database_counts",
    "dumps",
    "export_network",
    "export_records",
    "field_specs",
    "file_name",
    "model_of",
    "problems_in",
    "project_models",
    "reference_problems",
    "restore_network",
    "rows_in_database",
    "schema_problems",
    "schema_text",
]
