"""Reading and changing the impact model (rings, dimensions, target groups) and an activity's figures."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _

from core.services import BULK_BATCH, link_many, unique_slug
from core.text import normalise_key
from impact.models import ActivityFigures, Dimension, ImpactModel, Ring, TargetGroup


def _clean_name(value: str, model: type[models.Model], field: str = "name") -> str:
    """A name as typed: trimmed, not empty, within the column's length and free of NUL characters."""
    name = (value or "").replace("\x00", "").strip()
    limit: int = model._meta.get_field(field).max_length  # type: ignore[assignment, union-attr]  # a CharField
    if len(name) > limit:
        raise ValidationError(_("Keep the name under %(count)d characters.") % {"count": limit + 1})
    return name


def current_model() -> ImpactModel | None:
    """The network's impact model with its rings and every dimension (retired ones included)."""
    return ImpactModel.objects.prefetch_related(
        Prefetch("rings", queryset=Ring.objects.prefetch_related("dimensions"))
    ).first()


def active_rings(
    model: ImpactModel, keep_ids: set[int] | frozenset[int] = frozenset()
) -> list[tuple[int, list[Dimension]]]:
    """(ring number, dimensions in use) for drawing; uses the prefetched dimensions.

    keep_ids are retired dimensions a route or step still names: they stay in its drawing.
    """
    return [
        (ring.number, [d for d in ring.dimensions.all() if not d.retired or d.pk in keep_ids])
        for ring in model.rings.all()
    ]


def dimensions_in_use() -> list[Dimension]:
    """The current model's dimensions a story part can be about now (none without a model), ring by ring."""
    model = current_model()
    return [dimension for _number, dimensions in active_rings(model) for dimension in dimensions] if model else []


def find_dimension(ring_number: int, name: str) -> Dimension | None:
    """A dimension of a ring by name, forgiving case, accents and '&' versus 'en'."""
    wanted = normalise_key(name.replace("&", " en "))
    for dimension in Dimension.objects.filter(ring__number=ring_number):
        if normalise_key(dimension.name.replace("&", " en ")) == wanted:
            return dimension
    return None


@transaction.atomic
def add_dimension(ring: Ring, name: str, name_en: str = "") -> Dimension:
    name, name_en = _clean_name(name, Dimension), _clean_name(name_en, Dimension, "name_en")
    if not name:
        raise ValidationError(_("Give the dimension a name."))
    if ring.dimensions.filter(name__iexact=name).exists():
        raise ValidationError(
            _("Ring %(ring)s already has a dimension “%(name)s”.") % {"ring": ring.number, "name": name}
        )
    last = ring.dimensions.aggregate(last=Max("position"))["last"]
    return Dimension.objects.create(ring=ring, name=name, name_en=name_en, position=0 if last is None else last + 1)


def rename_dimension(dimension: Dimension, name: str, name_en: str = "") -> Dimension:
    name, name_en = _clean_name(name, Dimension), _clean_name(name_en, Dimension, "name_en")
    if not name:
        raise ValidationError(_("Give the dimension a name."))
    if dimension.ring.dimensions.exclude(pk=dimension.pk).filter(name__iexact=name).exists():
        raise ValidationError(
            _("Ring %(ring)s already has a dimension “%(name)s”.") % {"ring": dimension.ring.number, "name": name}
        )
    dimension.name, dimension.name_en = name, name_en
    dimension.save(update_fields=["name", "name_en"])
    return dimension


def set_retired(dimension: Dimension, retired: bool) -> None:
    """Retire (or bring back) a dimension; what already refers to it keeps pointing at it."""
    dimension.retired = retired
    dimension.save(update_fields=["retired"])


@transaction.atomic
def move_dimension(dimension: Dimension, step: int) -> None:
    """Move a dimension one place up (-1) or down (+1) within its ring."""
    siblings = list(dimension.ring.dimensions.all())
    index = siblings.index(dimension)
    target = index + step
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                sibling.position = position
                sibling.save(update_fields=["position"])


def add_target_group(name: str, name_en: str = "") -> TargetGroup:
    """A target group of the coordinator's own, next to professionals, community and partners."""
    name, name_en = _clean_name(name, TargetGroup), _clean_name(name_en, TargetGroup, "name_en")
    if not name:
        raise ValidationError(_("Give the target group a name."))
    if TargetGroup.objects.filter(name__iexact=name).exists():
        raise ValidationError(_("There is already a target group “%(name)s”.") % {"name": name})
    last = TargetGroup.objects.aggregate(last=Max("position"))["last"]
    return TargetGroup.objects.create(
        slug=unique_slug(TargetGroup, name, max_length=TargetGroup._meta.get_field("slug").max_length - 4),  # type: ignore[operator]  # a SlugField
        name=name,
        name_en=name_en,
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def save_activity_figures(figures: ActivityFigures, *, involved: Iterable) -> ActivityFigures:
    """Save an activity's head counts with the organisations involved besides its organisers."""
    figures.full_clean(exclude=["involved_organisations"])
    figures.save()
    figures.involved_organisations.set(involved)
    return figures


@dataclass
class NewFigures:
    """An activity's head counts for create_activity_figures with the organisations involved besides its
    organisers (records or primary keys)."""

    figures: ActivityFigures
    involved: Sequence[Any] = ()


def create_activity_figures(new: Sequence[NewFigures]) -> list[ActivityFigures]:
    """Create the head counts of many activities with the organisations involved in a few queries per thousand
    (imports, generated networks), as save_activity_figures saves one; they come checked as its full_clean would
    check them."""
    records = [item.figures for item in new]
    ActivityFigures.objects.bulk_create(records, batch_size=BULK_BATCH)
    link_many(ActivityFigures.involved_organisations, ((item.figures, org) for item in new for org in item.involved))
    return records
