"""What the network file holds: the models in it, in the order a restore writes them, those left out
and why, the fields left out, and each model's fields as the file names them.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models

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
    "programmes.BudgetItem",
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
    "reports.ReportSettings",
    "offerings.Offering",
    "questions.Question",
    "questions.Response",
    "meetings.Meeting",
    "meetings.Decision",
    "meetings.FollowUp",
    "attendance.Participant",
    "attendance.Attendance",
    "attendance.AttendanceList",
    "attendance.ErasedKey",
    "attendance.RegistrationSetup",
    "exchange.ImportedEvent",
    "notifications.Preferences",
    "notifications.Follow",
    "search.RelatedTerms",
    "documents.Document",
    "schools.WijkMap",
    "schools.Wijk",
    "parents.ParentPage",
    "parents.ParentPageTranslation",
)

# Not exported: rebuilt or renewed after a restore, or technical state that means nothing in another instance.
EXCLUDED: dict[str, str] = {
    "core.OutgoingMail": "mail waiting or sent lately: the old instance sends it, so a move sends nothing twice",
    "django_tasks_database.DBTaskResult": "background work queued or done in this instance",
    "network.Invitation": "pending invitations: their links lead to the old instance; a coordinator invites again",
    "network.OrganisationMerge": "merges of the last day for their undo, by this instance's row numbers; the name of "
    "the organisation that went stays an abbreviation of the one that stayed",
    "network.ThemeMerge": "the log of this instance's theme merges; the file holds the themes as the merges left them",
    "network.SignUp": "sign-ups in flight: personal data whose links lead to the old instance; people sign up again",
    "notifications.Notification": "messages in the site about recent events: they belong to the old instance",
    "notifications.Batch": "which digests were sent when: a record of the old instance's mailings",
    "notifications.Reminder": "which activities people were reminded of: a record of the old instance's mailings",
    "search.SearchEntry": "derived: the restore rebuilds the search index from the records",
    "core.CacheVersion": "versions of the cached pages, map and attendance tables: the restore's writes renew them",
    "attendance.Registration": "sign-ups: names and addresses kept only until a while after the activity, with cancel "
    "links that lead to the old instance; the attendance lists made from them are exported",
    "attendance.AttendanceTurn": "lock row that makes attendance writes take turns: made again at the first write",
    "core.StagedUpload": "an upload between its check and its confirmation: short-lived, holds unsaved rows",
    "api.ApiToken": "keys to this instance's API: a coordinator issues new ones after a move",
    "exchange.ImportMapping": "the columns chosen at earlier spreadsheet imports: a convenience, chosen again once",
    "core.UsedFormToken": "one-time tokens of forms posted before: technical, short-lived",
    "core.BackgroundJob": "reports, imports and exports being made or made lately, with their files: this instance's "
    "own work, made again on request",
    "core.RateCounter": "rate-limit counts of the last minutes or hours: technical, short-lived",
    "sessions.Session": "logins in progress: never moved between instances",
    "auth.Permission": "Django's permission table, made by migrate; rimpel decides in core.permissions",
    "auth.Group": "not used by rimpel (coordinators are a flag on the login)",
    "contenttypes.ContentType": "made by migrate",
    "admin.LogEntry": "the Django admin's change log: support's history in this instance",
    # Open data derived from files: DUO and CBS keep publishing earlier years, so a move imports them again.
    "schooldata.DataRelease": "imports of DUO's and CBS's open data files: imported again from the published files",
    "schooldata.PupilCount": "rows of a school data release (open data, imported again from DUO's file)",
    "schooldata.PupilsByPostcode": "rows of a school data release (open data, imported again from DUO's file)",
    "schooldata.SchoolWeighting": "rows of a school data release (open data, imported again from DUO's file)",
    "schooldata.AreaFigure": "rows of a school data release (open data, imported again from CBS's file)",
    "schooldata.PostcodeArea": "rows of a school data release (open data, imported again from CBS's file)",
}

# Fields left out of an exported model, with the reason.
OMITTED_FIELDS: dict[str, dict[str, str]] = {
    "accounts.User": {
        "password": "password hashes stay in the instance; a restored login must set a new password",
        "groups": "not used by rimpel",
        "user_permissions": "not used by rimpel",
    },
    "stories.Story": {
        "sender_key": "a hash keyed with this instance's secret key, only for moderating a recent flood",
    },
}

# Made by a migration in every new instance (the default impact model); an empty instance holds only these, and the
# restore replaces them with the file's.
SEEDED: tuple[str, ...] = ("impact.Dimension", "impact.Ring", "impact.ImpactModel", "impact.TargetGroup")


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


def database_counts() -> dict[str, int]:
    return {label: model_of(label)._base_manager.count() for label in MODELS}
