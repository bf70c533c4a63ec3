"""The whole-network export and restore (issue 8): the demo network goes out as one file that matches the committed
JSON Schema, comes back into an emptied database with the same records, counts, report figures and roll-ups, and
a restore refuses a database that holds a network and a file that is not a valid network file."""

import copy
import dataclasses
import decimal
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.utils import translation
from jsonschema import Draft202012Validator

from attendance.demo import load_demo_attendance
from exchange import network_export
from exchange.network_export import (
    EXCLUDED,
    MODELS,
    SEEDED,
    RestoreRefused,
    database_counts,
    export_network,
    field_specs,
    model_of,
    restore_network,
)
from home.demo import load_demo
from impact.defaults import create_defaults
from impact.models import Dimension, ImpactModel, Ring, TargetGroup
from network.models import Organisation
from programmes import services as programme_services
from programmes.models import Programme
from reports import data as report_data
from search.models import SearchEntry

pytestmark = pytest.mark.django_db

KINDS = ("impact", "evaluation", "storybook")


def plain(value):
    """A comparable copy of a report or roll-up: records become (model, id), numbers and dates their text."""
    if isinstance(value, models.Model):
        return (value._meta.label, value.pk)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: plain(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, decimal.Decimal | float):
        return str(value)
    return value


def figures(report) -> list:
    return [
        (figure.note, figure.label, str(figure.value), figure.display, figure.definition, figure.source, figure.url)
        for figure in report.notes
    ]


def snapshot() -> dict:
    """What the reports and programme pages show: every report's figures and whole structure, and the roll-ups."""
    result = {}
    for programme in Programme.objects.order_by("pk"):
        for kind in KINDS:
            with translation.override("nl"):
                report = report_data.build(kind, programme, "nl")
            result[f"{programme.slug}/{kind}/figures"] = figures(report)
            result[f"{programme.slug}/{kind}/sections"] = plain(report.sections)
        result[f"{programme.slug}/rollup"] = plain(programme_services.rollup(programme))
        for line in programme.lines.order_by("pk"):
            result[f"{programme.slug}/rollup/{line.code or line.pk}"] = plain(
                programme_services.rollup(programme, line)
            )
        result[f"{programme.slug}/budget"] = plain(programme_services.budget_table(programme))
        result[f"{programme.slug}/coverage"] = plain(programme_services.model_coverage(programme))
    return result


def counts() -> dict:
    """Records per exported model, links per many-to-many table, and the search index's entries."""
    links = {}
    for label in MODELS:
        for spec in field_specs(label):
            if spec.kind == "links":
                links[f"{label}.{spec.name}"] = spec.field.remote_field.through.objects.count()
    return {**database_counts(), **links, "search.SearchEntry": SearchEntry.objects.count()}


@dataclasses.dataclass
class RoundTrip:
    exported: dict
    before_counts: dict
    before: dict
    output: str
    after_counts: dict
    after: dict
    again: dict


@pytest.fixture(scope="module")
def round_trip(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo network exported, the database emptied to a new instance (only the migration's default impact
    model), and the file restored with the command; all in one transaction rolled back after the module."""
    path = tmp_path_factory.mktemp("export") / "rimpel-netwerk.json"
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo(with_users=True)
            load_demo_attendance()  # the demo's example attendance, so that pseudonymised lists go round too
            call_command("rebuild_search_index", stdout=StringIO())
            call_command("export_network", str(path), stdout=StringIO())
            exported = json.loads(path.read_text(encoding="utf-8"))
            before_counts, before = counts(), snapshot()
            connection.check_constraints()  # PostgreSQL truncates no table with pending (deferred) checks
            call_command("flush", interactive=False, verbosity=0)
            create_defaults(ImpactModel, Ring, Dimension, TargetGroup)  # as the migration leaves a new instance
            output = StringIO()
            call_command("restore_network", str(path), stdout=output)
            yield RoundTrip(
                exported,
                before_counts,
                before,
                output.getvalue(),
                counts(),
                snapshot(),
                json.loads(network_export.dumps(export_network())),
            )
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- the declared list ------------------------------------------------------------------------------------------


def test_every_model_is_either_exported_or_excluded_with_a_reason():
    declared = set(MODELS) | set(EXCLUDED)
    assert not set(MODELS) & set(EXCLUDED)
    assert len(MODELS) == len(set(MODELS))
    missing = sorted(set(network_export.project_models()) - declared)
    assert not missing, f"Declare these models in exchange.network_export MODELS or EXCLUDED: {missing}"
    assert not declared - set(network_export.project_models())
    assert all(reason.strip() for reason in EXCLUDED.values())
    assert set(SEEDED) <= set(MODELS)


def test_records_refer_only_to_exported_models_above_them():
    for position, label in enumerate(MODELS):
        for spec in field_specs(label):
            if spec.kind == "value":
                continue
            assert spec.target in MODELS, f"{label}.{spec.name} refers to {spec.target}, which is not exported"
            assert MODELS.index(spec.target) <= position, f"{label} comes before {spec.target} in MODELS"
            if spec.kind == "links":
                assert spec.field.remote_field.through._meta.auto_created, f"{label}.{spec.name} has its own model"


def test_the_committed_schema_is_the_generated_one():
    assert network_export.committed_schema() == network_export.build_schema(), (
        "docs/network-export.schema.json is out of date: run 'python manage.py network_export_schema'"
    )
    Draft202012Validator.check_schema(network_export.committed_schema())


def test_the_schema_command_checks_and_writes(tmp_path, settings):
    call_command("network_export_schema", "--check", stdout=StringIO())
    settings.BASE_DIR = tmp_path
    (tmp_path / "docs").mkdir()
    with pytest.raises(CommandError, match="out of date"):
        call_command("network_export_schema", "--check", stdout=StringIO())
    call_command("network_export_schema", stdout=StringIO())
    assert json.loads((tmp_path / network_export.SCHEMA_PATH).read_text()) == network_export.build_schema()


def test_the_schema_documents_the_key_concepts():
    definitions = network_export.build_schema()["$defs"]
    assert "ring" in definitions["impact.Ring"]["description"]
    assert "retired" in definitions["impact.Dimension"]["description"]
    assert "route" in definitions["programmes.ImpactRoute"]["description"]
    consent = definitions["stories.Story"]["properties"]["consent"]
    assert consent["enum"] == ["role", "named", "internal"]
    assert "internal analysis" in consent["description"]
    assert "RIMPEL_ATTENDANCE_KEY" in definitions["attendance.Participant"]["description"]
    assert "password" not in definitions["accounts.User"]["properties"]
    assert definitions["stories.StoryPart"]["properties"]["reasoning_steps"]["type"] == "array"


# --- the round trip ---------------------------------------------------------------------------------------------


def test_the_export_matches_the_committed_schema(round_trip):
    validator = Draft202012Validator(network_export.committed_schema())
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(round_trip.exported)
    ]
    assert errors == []
    assert network_export.problems_in(round_trip.exported) == []


def test_the_export_holds_the_network_but_no_passwords(round_trip):
    records = round_trip.exported["records"]
    assert round_trip.exported["counts"] == {label: len(rows) for label, rows in records.items()}
    assert {"coordinator", "redacteur"} <= {user["username"] for user in records["accounts.User"]}
    assert all("password" not in user for user in records["accounts.User"])
    assert {ring["number"] for ring in records["impact.Ring"]} == {1, 2, 3}
    assert records["programmes.ImpactRoute"] and records["stories.Story"] and records["attendance.Attendance"]
    for story in records["stories.Story"]:
        assert story["consent"] in ("role", "named", "internal")
        if story["consent"] != "named":
            assert story["respondent_name"] == "" and story["email"] == ""
    assert all(len(participant["key"]) in (0, 64) for participant in records["attendance.Participant"])


def test_the_restore_keeps_every_count(round_trip):
    assert round_trip.after_counts == round_trip.before_counts
    assert round_trip.after_counts["stories.Story"] > 0 and round_trip.after_counts["search.SearchEntry"] > 0


def test_the_reports_and_roll_ups_show_the_same_numbers(round_trip):
    assert round_trip.before  # two programmes, three kinds of report each
    assert sum(len(value) for key, value in round_trip.before.items() if key.endswith("/figures")) > 20
    for key, value in round_trip.before.items():
        assert round_trip.after[key] == value, key


def test_a_second_export_is_the_same_file(round_trip):
    assert round_trip.again["records"] == round_trip.exported["records"]


def test_restored_logins_have_no_usable_password_and_the_command_says_so(round_trip):
    users = model_of("accounts.User").objects.all()
    assert users.count() == len(round_trip.exported["records"]["accounts.User"]) > 3
    assert not any(user.has_usable_password() for user in users)
    assert users.get(username="coordinator").is_coordinator
    assert f"{users.count()} logins were restored without a password" in round_trip.output
    assert "RIMPEL_ATTENDANCE_KEY" in round_trip.output


def test_new_records_get_fresh_ids_after_a_restore(round_trip):
    highest = max(row["id"] for row in round_trip.exported["records"]["network.Organisation"])
    organisation = Organisation.objects.create(
        name="Nieuw na herstel", name_key="nieuw na herstel", slug="nieuw-na-herstel", sector="vo"
    )
    assert organisation.pk > highest


# --- refusals ---------------------------------------------------------------------------------------------------


def _refusal(data) -> RestoreRefused:
    with pytest.raises(RestoreRefused) as refused:
        restore_network(data)
    return refused.value


def test_a_database_that_holds_a_network_is_refused_and_left_alone(round_trip):
    before = counts()
    refusal = _refusal(round_trip.exported)
    assert "not empty" in str(refusal)
    assert "network.Organisation: " in "\n".join(refusal.problems)
    assert counts() == before


def test_the_command_refuses_with_the_reason(round_trip, tmp_path):
    path = tmp_path / "network.json"
    path.write_text(json.dumps(round_trip.exported), encoding="utf-8")
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore_network", str(path), stdout=StringIO())
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="is not a JSON file"):
        call_command("restore_network", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore_network", str(tmp_path / "missing.json"), stdout=StringIO())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda data: data.update(format="something-else"), "format: this is not a rimpel network file"),
        (lambda data: data.update(version=2), "version: this rimpel can read version 1, the file is version 2"),
        (
            lambda data: data["records"]["stories.Story"][0].update(consent="maybe"),
            "records/stories.Story/0/consent: 'maybe' is not one of",
        ),
        (
            lambda data: data["records"]["network.Person"][1].pop("name"),
            "records/network.Person/1: 'name' is a required property",
        ),
        (
            lambda data: data["records"]["activities.Activity"][2].update(start="yesterday"),
            "records/activities.Activity/2/start: 'yesterday' does not match",
        ),
        (
            lambda data: data["records"]["programmes.Measurement"][0].update(date="2025-13-40"),
            'records/programmes.Measurement/0/date: "2025-13-40" is not a valid date',
        ),
        (
            lambda data: data["records"]["network.Person"][0].update(organisation=999999),
            "records/network.Person/0/organisation: no network.Organisation with id 999999 in the file",
        ),
        (
            lambda data: data["records"]["activities.Activity"][0].update(organisers=[999998]),
            "records/activities.Activity/0/organisers: no network.Organisation with id 999998 in the file",
        ),
        (lambda data: data["counts"].update({"network.Theme": 1}), "counts/network.Theme: says 1"),
        (lambda data: data["records"].pop("impact.Ring"), "records: 'impact.Ring' is a required property"),
    ],
)
def test_an_invalid_file_is_refused_with_where_and_what(round_trip, change, expected):
    data = copy.deepcopy(round_trip.exported)
    change(data)
    refusal = _refusal(data)
    assert "not a valid rimpel network file" in str(refusal)
    assert any(problem.startswith(expected) for problem in refusal.problems), refusal.problems


def test_a_file_that_is_not_an_object_is_refused():
    assert network_export.problems_in([1, 2]) == ["(top): the file is not a JSON object"]
