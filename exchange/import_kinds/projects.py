"""Projects in a spreadsheet, saved through projects.services.save_project."""

from collections.abc import Iterable
from typing import cast

from django.utils.translation import gettext_lazy as _

from core.models import PublicationStatus
from core.text import normalise_key
from exchange import cells
from exchange.import_kinds.common import (
    DESCRIPTION_HEADERS,
    STATUSES,
    THEMES,
    Row,
    choice,
    optional_organisations,
    organisations,
    text,
)
from exchange.references import Lookups
from exchange.spreadsheet import Field, Kind, filled
from projects.models import Cluster, Project, ProjectStatus
from projects.services import save_project

CLUSTERS = cells.labels_of(
    Cluster.choices,
    {
        "gezondheid": Cluster.HEALTH,
        "duurzaamheid": Cluster.BIODIVERSITY,
        "erfgoed": Cluster.HERITAGE,
        "kennisstad": Cluster.KNOWLEDGE_CITY,
    },
)
PROJECT_STATUSES = cells.labels_of(
    ProjectStatus.choices,
    {"gepland": "planned", "loopt": "running", "lopend": "running", "gepauzeerd": "paused", "afgerond": "completed"},
)


def _projects_existing(lookups: Lookups) -> dict:
    related: dict[str, dict[int, set]] = {name: {} for name in ("leads", "partners", "themes")}
    for name, column in (("leads", "organisation_id"), ("partners", "organisation_id"), ("themes", "theme_id")):
        for project_id, other in getattr(Project, name).through.objects.values_list("project_id", column):
            related[name].setdefault(project_id, set()).add(other)
    index = {}
    for row in cast(
        Iterable[Row],
        Project.objects.values("pk", "code", "title", "cluster", "description", "status", "publication_status"),
    ):
        row["publication"] = row.pop("publication_status")
        row["project_status"] = row.pop("status")
        for name, by_project in related.items():
            row[name] = by_project.get(row["pk"], set())
        index[normalise_key(row["code"])] = row
    return index


def _project_save(values: dict, current: dict | None, lookups: Lookups) -> Project:
    record = Project.objects.get(pk=current["pk"]) if current else Project(code=values["code"])
    for name in ("title", "cluster", "description"):
        setattr(record, name, filled(values, current, name, ""))
    record.status = filled(values, current, "project_status", ProjectStatus.RUNNING)
    record.publication_status = filled(values, current, "publication", PublicationStatus.DRAFT)
    record.full_clean(exclude=["leads", "partners", "themes", "slug"])
    return save_project(
        record,
        leads=filled(values, current, "leads"),
        partners=filled(values, current, "partners", []),
        themes=filled(values, current, "themes", []),
        keep_published=True,
    )


def _project_complete(values: dict, lookups: Lookups) -> list:
    # A lead is not also a partner (save_project leaves it out), so the sheet compares as what is stored.
    if values.get("partners") and values.get("leads"):
        values["partners"] = [partner for partner in values["partners"] if partner not in values["leads"]]
    return []


PROJECTS = Kind(
    name="projects",
    label=_("projects"),
    fields=(
        Field(
            "code",
            _("code"),
            ("code", "nummer", "projectcode", "nr", "projectnummer", "projectnr", "kenmerk"),
            text(20),
            required=True,
        ),
        Field(
            "title",
            _("title"),
            (
                "titel",
                "naam",
                "project",
                "title",
                "name",
                "projectnaam",
                "naam project",
                "projecttitel",
                "titel project",
            ),
            text(200),
            required=True,
        ),
        Field(
            "cluster",
            _("cluster"),
            ("cluster", "domein", "cluster project", "projectcluster"),
            choice(CLUSTERS),
            required=True,
        ),
        Field(
            "leads",
            _("leads (trekkers)"),
            (
                "trekker",
                "trekkers",
                "lead",
                "leads",
                "penvoerder",
                "aanvrager",
                "hoofdaanvrager",
                "eigenaar",
                "trekkende organisatie",
            ),
            organisations,
            required=True,
        ),
        Field(
            "partners",
            _("partners"),
            (
                "partners",
                "partner",
                "betrokken",
                "samenwerkingspartners",
                "partnerorganisaties",
                "betrokken partijen",
                "betrokken organisaties",
            ),
            optional_organisations,
        ),
        Field(
            "project_status",
            _("status"),
            ("status", "fase", "stand", "projectstatus", "voortgang"),
            choice(PROJECT_STATUSES),
        ),
        Field("description", _("description"), DESCRIPTION_HEADERS, text(10000)),
        THEMES,
        Field("publication", _("publication status"), ("publicatie", "gepubliceerd", "published"), choice(STATUSES)),
    ),
    key=lambda values: normalise_key(values["code"]),
    existing=_projects_existing,
    complete=_project_complete,
    complete_without_failed=True,
    save=_project_save,
    describe=lambda values: f"{values['code']} {values['title']}",
)
