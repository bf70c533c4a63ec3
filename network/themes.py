"""Themes kept by coordinators: add, rename, retire and restore, and merge one theme into another.

Every relation to a theme is found through the models' meta (network.merging.relations_to), so the apps above
network are never imported: their links move by their table and key. A retired theme is no longer offered in forms
and filters (Theme.objects.offered()), but the records that have it keep it and show it. The search index follows
a rename or a merge through core.signals.themes_changed.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.batching import batched
from core.signals import themes_changed
from network.merging import MergeRefused, Relation, relations_to, repeated_rows
from network.models import Theme, ThemeMerge

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

MERGES = "network.thememerge.stays"

# Every relation to a theme, by "app.model.field", with the name the themes pages give its records. A relation that
# is not here fails network/tests/test_themes.py: decide whether its records should follow a merge, then name it.
RELATION_LABELS: dict[str, "_StrPromise"] = {
    "network.organisation.themes": gettext_lazy("organisations"),
    "network.line.themes": gettext_lazy("lines"),
    "activities.activity.themes": gettext_lazy("activities"),
    "projects.project.themes": gettext_lazy("projects"),
    "offerings.offering.themes": gettext_lazy("offerings"),
    "questions.question.themes": gettext_lazy("questions"),
    "stories.story.themes": gettext_lazy("stories"),
    "documents.document.themes": gettext_lazy("documents"),
    MERGES: gettext_lazy("earlier merges"),
}


def relations() -> list[Relation]:
    return relations_to(Theme)


def relation_label(relation: Relation) -> str:
    known = RELATION_LABELS.get(relation.key)
    return str(known) if known is not None else str(relation.model._meta.verbose_name_plural)


def _counted() -> list[Relation]:
    """The relations whose rows are records that have the theme (not the merge log)."""
    return [relation for relation in relations() if relation.key != MERGES]


@dataclass
class ThemeRow:
    theme: Theme
    counts: list[tuple[str, int]] = field(default_factory=list)  # (kind, number of records), kinds with any

    @property
    def total(self) -> int:
        return sum(count for _label, count in self.counts)


def theme_rows() -> list[ThemeRow]:
    """Every theme, retired ones too, with the number of records of each kind that have it: one query per kind."""
    rows = {theme.pk: ThemeRow(theme) for theme in Theme.objects.all()}
    for relation in _counted():
        counted = (
            relation.model._base_manager.values(relation.field)
            .annotate(count=Count("pk"))
            .values_list(relation.field, "count")
        )
        label = relation_label(relation)
        for theme_pk, count in counted:
            if theme_pk in rows:
                rows[theme_pk].counts.append((label, count))
    return list(rows.values())


def unique_slug(name: str) -> str:
    base = slugify(name)[:45] or "thema"
    slug, number = base, 2
    while Theme.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def save_theme(theme: Theme) -> Theme:
    """A new theme gets an address word (slug) from its name, kept when it is renamed so links keep working."""
    renamed = theme.pk is not None
    if not theme.slug:
        theme.slug = unique_slug(theme.name)
    theme.full_clean()
    theme.save()
    if renamed:
        themes_changed.send(sender=Theme, themes=[theme])
    return theme


def set_retired(theme: Theme, retired: bool) -> Theme:
    """Retire a theme (no longer offered for new choices; records keep it), or restore it."""
    theme.retired_at = timezone.now() if retired else None
    theme.save(update_fields=["retired_at"])
    return theme


def _moving(gone: Theme) -> dict[str, int]:
    """Relation key → the number of records that have the theme."""
    moving = {}
    for relation in _counted():
        count = relation.model._base_manager.filter(**{relation.field: gone}).count()
        if count:
            moving[relation.key] = count
    return moving


def moved_shown(moved: dict[str, int]) -> list[tuple[str, int]]:
    """(kind, number) from a plan or a logged merge, in the page's language."""
    labels = {relation.key: relation_label(relation) for relation in relations()}
    return [(labels.get(key, key), count) for key, count in moved.items()]


def plan_merge(gone: Theme) -> list[tuple[str, int]]:
    """How many records of each kind a merge of this theme moves; nothing is written."""
    return moved_shown(_moving(gone))


@transaction.atomic
def merge_themes(gone: Theme, stays: Theme, *, by: User | None) -> ThemeMerge:
    """Merge gone into stays: every record that had gone has stays now (once), gone is removed, and the merge is
    logged with the number of records of each kind that moved."""
    if gone.pk == stays.pk:
        raise MergeRefused([_("Choose two different themes.")])
    locked = Theme.objects.select_for_update().in_bulk([gone.pk, stays.pk])
    if len(locked) != 2:
        raise MergeRefused([_("One of the themes no longer exists.")])
    gone, stays = locked[gone.pk], locked[stays.pk]
    moved = _moving(gone)
    with batched():
        for relation in relations():
            rows = relation.model._base_manager.filter(**{relation.field: gone})
            # A record that has both themes keeps one link: the one to the theme that stays.
            rows.filter(pk__in=repeated_rows(relation, gone, stays)).delete()
            rows.update(**{relation.field: stays})
        merge = ThemeMerge.objects.create(
            stays=stays, gone_name=gone.name, gone_slug=gone.slug, moved=moved, merged_by=by
        )
        gone.delete()
        themes_changed.send(sender=Theme, themes=[stays])
    return merge


def recent_merges(limit: int = 20) -> list[ThemeMerge]:
    return list(ThemeMerge.objects.select_related("stays", "merged_by")[:limit])
