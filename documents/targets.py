"""The records a document can be attached to, named by model label: documents sits below the apps whose pages show
documents, so it never imports their models. Each kind says which of its records the public sees (the same rule as
the kind's own pages) and the contribution slot on its page where its documents show."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model, Q, QuerySet


@dataclass(frozen=True)
class Target:
    public: Q  # the records the public sees
    slot: str = ""  # the slot on the record's page (core.contributions); "" for kinds shown by their own page


PUBLISHED = Q(publication_status="published")

TARGETS: dict[str, Target] = {
    "activities.activity": Target(PUBLISHED, "activity_detail"),
    "projects.project": Target(PUBLISHED, "project_detail.documents"),
    # A progress update's documents show with the update, on its project's page.
    "projects.projectupdate": Target(Q(project__publication_status="published")),
    "programmes.programme": Target(PUBLISHED, "programme_detail.documents"),
    "stories.story": Target(Q(status="published") & ~Q(consent="internal"), "story_detail.documents"),
    "network.line": Target(Q(), "line_detail.documents"),
    # The identity page's documents (what the network makes: reports, brochures, portraits); coordinators keep them.
    "network.networkprofile": Target(Q(), "identity.documents"),
}


def label(record: Model) -> str:
    return record._meta.label_lower


def is_target(record: object) -> bool:
    return isinstance(record, Model) and label(record) in TARGETS


def model(kind: str) -> type[Model]:
    return apps.get_model(kind)


def find(kind: str, pk: int | None) -> Model | None:
    """The record a document is attached to; None for the network as a whole, or when it is gone."""
    if not kind or pk is None or kind not in TARGETS:
        return None
    return model(kind)._default_manager.filter(pk=pk).first()


def is_public(kind: str, pk: int | None) -> bool:
    """Whether the public sees the record (True for the network as a whole)."""
    if not kind:
        return True
    return kind in TARGETS and model(kind)._default_manager.filter(TARGETS[kind].public, pk=pk).exists()


def on_public_records() -> Q:
    """Documents of the network as a whole, or attached to a record the public sees: one subquery per kind."""
    condition = Q(target_kind="")
    for kind, target in TARGETS.items():
        public_ids = model(kind)._default_manager.filter(target.public).values("pk")
        condition |= Q(target_kind=kind, target_id__in=public_ids)
    return condition


def of(queryset: QuerySet, record: Model) -> QuerySet:
    return queryset.filter(target_kind=label(record), target_id=record.pk)
