"""Merging two organisations: the one that goes becomes an alias of the one that stays, and everything that points
to it moves over. The one place that merges, and the one that undoes a merge on the same day.

Every relation to an organisation is found through the model's meta (a foreign key or a many-to-many), so the
apps above network (activities, projects …) are never imported: their rows move by their table and key. A row that
would then exist twice (an activity organised by both) is removed, and kept in the snapshot for the undo. The
search index follows through core.signals.organisations_merged; the network map follows by itself, as every write
to its tables renews its cache (core.invalidation).
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core import serializers
from django.db import IntegrityError, models, transaction
from django.db.models import ForeignObjectRel, ManyToManyRel, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.batching import batched
from core.signals import organisations_merged
from core.text import normalise_key
from network.models import Organisation, OrganisationAlias, OrganisationMerge
from network.services import ALIAS_LENGTH, AmbiguousOrganisation, resolve_organisation

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

UNDO_HOURS = 24
PARENT = "network.organisation.parent"

# Every relation to an organisation, by "app.model.field" (the model and field that point to it, or the
# organisation's own many-to-many fields), with the name the confirmation page gives its rows. A relation that is
# not here fails network/tests/test_merging.py: decide whether moving its rows is right, then name it.
RELATION_LABELS: dict[str, "_StrPromise"] = {
    "network.organisation.themes": gettext_lazy("themes"),
    "network.organisation.editors": gettext_lazy("editors"),
    "network.organisation.members": gettext_lazy("members"),
    PARENT: gettext_lazy("parts (organisations under it)"),
    "network.organisationalias.organisation": gettext_lazy("abbreviations"),
    "network.person.organisation": gettext_lazy("people"),
    "network.invitation.organisation": gettext_lazy("invitations"),
    "network.signup.organisation": gettext_lazy("sign-ups"),
    "network.organisationmerge.stays": gettext_lazy("earlier merges"),
    "activities.activity.organisers": gettext_lazy("activities (organiser)"),
    "projects.project.leads": gettext_lazy("projects (lead)"),
    "projects.project.partners": gettext_lazy("projects (partner)"),
    "impact.activityfigures.involved_organisations": gettext_lazy("figures of activities (involved)"),
    "programmes.programme.organisations": gettext_lazy("programmes"),
    "programmes.action.organisations": gettext_lazy("actions of programmes"),
    "stories.story.organisation": gettext_lazy("stories"),
    "offerings.offering.provider": gettext_lazy("offerings (provider)"),
    "attendance.attendance.organisation": gettext_lazy("attendance records"),
    "exchange.importedevent.organisation": gettext_lazy("events read from its calendar"),
    "api.apitoken.organisation": gettext_lazy("API tokens"),
    "notifications.follow.organisation": gettext_lazy("followers"),
    # Open data of DUO about the school location; a release that counted both keeps the count of the one that stays.
    "schooldata.pupilcount.organisation": gettext_lazy("pupil counts (DUO)"),
    "schooldata.pupilsbypostcode.organisation": gettext_lazy("pupils by postcode (DUO)"),
    "schooldata.schoolweighting.organisation": gettext_lazy("school weightings"),
}

# The fields a merge fills when the one that stays has them empty. The visiting address is one value: a street of
# one and a postcode of the other would be an address of neither; it is filled when the parts the one that stays
# has (often only the place) are the same.
ADDRESS = ("street", "house_number", "postcode", "place")
NOT_FILLED = {"id", "name", "name_key", "slug", "updated_at"}


@dataclass(frozen=True)
class Relation:
    key: str
    model: type[models.Model]  # the table whose rows point to the organisation: a link table for a many-to-many
    field: str  # its foreign key to the organisation


def relations() -> list[Relation]:
    """Every relation to an organisation, from the models' meta (hidden ones such as sign-ups' too)."""
    return relations_to(Organisation)


def relations_to(target: type[models.Model]) -> list[Relation]:
    """Every relation to a record of the target model (organisations, themes): its own many-to-many fields and
    the foreign keys and many-to-many fields of other models that point to it."""
    found = []
    for m2m in target._meta.many_to_many:
        assert isinstance(m2m, models.ManyToManyField)
        found.append(
            Relation(f"{target._meta.label_lower}.{m2m.name}", _model(m2m.remote_field.through), m2m.m2m_field_name())
        )
    for rel in target._meta.get_fields(include_hidden=True):
        if not isinstance(rel, ForeignObjectRel):
            continue  # the organisation's own fields
        model = _model(rel.related_model)
        if model._meta.auto_created:
            continue  # a link table of a many-to-many: found by its field
        key = f"{model._meta.label_lower}.{rel.field.name}"
        if isinstance(rel, ManyToManyRel):
            through = _model(rel.through)
            if through._meta.auto_created:  # a declared link table has a foreign key of its own
                assert isinstance(rel.field, models.ManyToManyField)
                found.append(Relation(key, through, rel.field.m2m_reverse_field_name()))
        else:
            found.append(Relation(key, model, rel.field.name))
    return found


def _model(model: Any) -> type[models.Model]:
    """A model the meta names (the stubs allow a name too, which the registry has resolved by now)."""
    assert isinstance(model, type) and issubclass(model, models.Model)
    return model


def relation_label(relation: Relation) -> str:
    known = RELATION_LABELS.get(relation.key)
    return str(known) if known is not None else str(relation.model._meta.verbose_name_plural)


@dataclass(frozen=True)
class FieldChange:
    label: str
    stays: str  # the value shown for the one that stays ("" when empty)
    gone: str


@dataclass
class MergePlan:
    """What a merge of gone into stays will do: the rows per kind that move, the fields filled, the conflicts
    (the one that stays keeps its value) and why it cannot be done, if so."""

    gone: Organisation
    stays: Organisation
    moving: list[tuple[str, int]] = field(default_factory=list)
    filled: list[FieldChange] = field(default_factory=list)
    conflicts: list[FieldChange] = field(default_factory=list)
    # attname → new value, for the fields filled
    values: dict[str, Any] = field(default_factory=dict)
    keeps_name: bool = True  # the old name becomes an abbreviation of the one that stays
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def filled_pairs(self) -> list[tuple[str, str]]:
        return [(change.label, change.gone) for change in self.filled]

    @property
    def conflict_rows(self) -> list[tuple[str, str, str]]:
        return [(change.label, change.stays, change.gone) for change in self.conflicts]


class MergeRefused(Exception):
    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _rows(relation: Relation, record: models.Model) -> models.QuerySet:
    return relation.model._base_manager.filter(**{relation.field: record})


def _unique_keys(relation: Relation) -> list[tuple[tuple[str, ...], Q | None]]:
    """The field sets with the foreign key that must be unique in the relation's table, each with its condition."""
    meta = relation.model._meta
    keys: list[tuple[tuple[str, ...], Q | None]] = [(tuple(names), None) for names in meta.unique_together]
    keys += [
        (tuple(constraint.fields), constraint.condition)
        for constraint in meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]
    if getattr(meta.get_field(relation.field), "unique", False):
        keys.append(((relation.field,), None))
    return [(names, condition) for names, condition in keys if relation.field in names]


def repeated_rows(relation: Relation, gone: models.Model, stays: models.Model) -> list[int]:
    """The gone one's rows that would repeat a row of the one that stays (an activity both organise)."""
    duplicates: set[int] = set()
    for names, condition in _unique_keys(relation):
        others = [name for name in names if name != relation.field]
        gone_rows, stays_rows = _rows(relation, gone), _rows(relation, stays)
        if condition is not None:
            gone_rows, stays_rows = gone_rows.filter(condition), stays_rows.filter(condition)
        if not others:
            if stays_rows.exists():
                duplicates.update(gone_rows.values_list("pk", flat=True))
            continue
        taken = set(stays_rows.values_list(*others))
        for pk, *values in gone_rows.values_list("pk", *others):
            if tuple(values) in taken:
                duplicates.add(pk)
    return sorted(duplicates)


def _moving_rows(relation: Relation, gone: Organisation, stays: Organisation) -> models.QuerySet:
    rows = _rows(relation, gone)
    return rows.exclude(pk=stays.pk) if relation.key == PARENT else rows


def _shown(organisation: Organisation, names: tuple[str, ...]) -> str:
    if names == ("parent",):
        return organisation.parent.name if organisation.parent else ""
    if names == ("sector",):
        return str(organisation.get_sector_display())
    return " ".join(str(getattr(organisation, name)) for name in names if getattr(organisation, name))


def _field_groups() -> list[tuple[str, tuple[str, ...]]]:
    groups: list[tuple[str, tuple[str, ...]]] = [(_("address"), ADDRESS)]
    for model_field in Organisation._meta.concrete_fields:
        if model_field.name not in NOT_FILLED and model_field.name not in ADDRESS:
            groups.append((str(model_field.verbose_name), (model_field.name,)))
    return groups


def _field(name: str) -> models.Field:
    found = Organisation._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


def _plan_fields(plan: MergePlan) -> None:
    gone, stays = plan.gone, plan.stays
    for label, names in _field_groups():
        attnames = [_field(name).attname for name in names]
        stays_values = [getattr(stays, attname) for attname in attnames]
        gone_values = [getattr(gone, attname) for attname in attnames]
        if names == ("parent",):
            # A part merged into its whole keeps no parent of its own; a whole merged into its part lends it its own.
            if gone.parent_id == stays.pk:
                continue
            if stays.parent_id == gone.pk:
                stays_values = [None]
        if not any(gone_values) or stays_values == gone_values:
            continue
        # Filled when what the one that stays has agrees (the place of an address without its street).
        agrees = all(not ours or ours == theirs for ours, theirs in zip(stays_values, gone_values, strict=True))
        if agrees:
            plan.filled.append(FieldChange(label, "", _shown(gone, names)))
            plan.values.update(zip(attnames, gone_values, strict=True))
        else:
            plan.conflicts.append(FieldChange(label, _shown(stays, names), _shown(gone, names)))
    if stays.parent_id == gone.pk and "parent_id" not in plan.values:
        plan.values["parent_id"] = None


def _plan_name(plan: MergePlan) -> None:
    gone, stays = plan.gone, plan.stays
    key = normalise_key(gone.name)
    ours = Q(pk__in=[gone.pk, stays.pk])
    if key == stays.name_key or stays.aliases.filter(key=key).exists() or gone.aliases.filter(key=key).exists():
        plan.keeps_name = False  # already found under it
        return
    if len(gone.name) > ALIAS_LENGTH or len(key) > ALIAS_LENGTH:
        plan.keeps_name = False
        plan.notes.append(_("The old name is too long to keep as an abbreviation; its address still leads here."))
        return
    clash = Organisation.objects.exclude(ours).filter(Q(name_key=key) | Q(aliases__key=key)).first()
    if clash is not None:
        plan.keeps_name = False
        plan.notes.append(
            _("The old name is not kept as an abbreviation: %(other)s has that name too.") % {"other": clash.name}
        )


def plan_merge(gone: Organisation, stays: Organisation) -> MergePlan:
    """What merging gone into stays would do; nothing is written."""
    plan = MergePlan(gone=gone, stays=stays)
    if gone.pk == stays.pk:
        plan.problems.append(_("Choose two different organisations."))
        return plan
    for relation in relations():
        count = _moving_rows(relation, gone, stays).count()
        if count:
            plan.moving.append((relation_label(relation), count))
    _plan_fields(plan)
    _plan_name(plan)
    return plan


def _would_cycle(organisation: Organisation) -> bool:
    seen, parent_id = {organisation.pk}, organisation.parent_id
    while parent_id is not None:
        if parent_id in seen:
            return True
        seen.add(parent_id)
        parent_id = Organisation.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return False


@transaction.atomic
def merge_organisations(gone: Organisation, stays: Organisation, *, by: User | None) -> OrganisationMerge:
    """Merge gone into stays: its rows move over, its values fill the empty fields of stays, its name becomes an
    abbreviation of stays and its address redirects there. Returns the merge, which holds what the undo needs."""
    locked = Organisation.objects.select_for_update().in_bulk([gone.pk, stays.pk])
    if len(locked) != 2:
        raise MergeRefused([_("One of the organisations no longer exists.")])
    gone, stays = locked[gone.pk], locked[stays.pk]
    plan = plan_merge(gone, stays)
    if plan.problems:
        raise MergeRefused(plan.problems)
    fields = [model_field.name for model_field in Organisation._meta.concrete_fields]
    snapshot: dict[str, Any] = {
        "stays": stays.pk,
        "gone": serializers.serialize("json", [gone], fields=fields),
        "moved": {},
        "dropped": {},
        "filled": {attname: [getattr(stays, attname), value] for attname, value in plan.values.items()},
        # As the confirmation showed them, for the result page.
        "filled_shown": plan.filled_pairs,
        "conflicts": plan.conflict_rows,
        "alias": None,
    }
    with batched():
        for relation in relations():
            duplicates = _rows(relation, gone).filter(pk__in=repeated_rows(relation, gone, stays))
            if duplicates:
                snapshot["dropped"][relation.key] = serializers.serialize("json", duplicates)
                duplicates.delete()
            rows = _moving_rows(relation, gone, stays)
            moved = list(rows.values_list("pk", flat=True))
            if moved:
                snapshot["moved"][relation.key] = moved
                rows.update(**{relation.field: stays})
        if "parent_id" in plan.values:
            # Before gone is deleted: stays may be one of its parts.
            Organisation.objects.filter(pk=stays.pk).update(parent_id=plan.values["parent_id"])
        gone_pk, gone_name, gone_slug = gone.pk, gone.name, gone.slug
        gone.delete()
        for attname, value in plan.values.items():
            setattr(stays, attname, value)
        if _would_cycle(stays):
            raise MergeRefused([_("The merge would make an organisation part of itself. Change “part of” first.")])
        stays.save()
        if plan.keeps_name:
            alias = OrganisationAlias.objects.create(organisation=stays, alias=gone_name, key=normalise_key(gone_name))
            snapshot["alias"] = alias.pk
        merge = OrganisationMerge.objects.create(
            stays=stays, gone_pk=gone_pk, gone_name=gone_name, gone_slug=gone_slug, snapshot=snapshot, merged_by=by
        )
        organisations_merged.send(sender=Organisation, organisations=[stays])
    return merge


def redirect_for(slug: str) -> OrganisationMerge | None:
    """The newest merge of an organisation that had this address, for the redirect to the one that stays."""
    return OrganisationMerge.objects.select_related("stays").filter(gone_slug=slug).first()


def undoable_merges(organisation: Organisation) -> list[OrganisationMerge]:
    """The merges into this organisation that can still be undone."""
    since = timezone.now() - timedelta(hours=UNDO_HOURS)
    recent = OrganisationMerge.objects.filter(stays=organisation, merged_at__gt=since)
    return [merge for merge in recent if undo_problem(merge) is None]


def undo_problem(merge: OrganisationMerge) -> str | None:
    """Why the merge can no longer be undone, or None when it can."""
    if timezone.now() - merge.merged_at > timedelta(hours=UNDO_HOURS):
        return _("This merge is more than a day old and can no longer be undone. Split the organisation by hand.")
    if merge.stays_id != merge.snapshot["stays"]:
        return _("The organisation was merged again since, so this merge can no longer be undone.")
    if Organisation.objects.filter(Q(pk=merge.gone_pk) | Q(slug=merge.gone_slug)).exists():
        return _("Another organisation has the old address now, so this merge can no longer be undone.")
    return None


@transaction.atomic
def undo_merge(merge: OrganisationMerge) -> Organisation:
    """Restore the organisation that went (the same number and address), move its rows back, empty the fields it
    filled (unless changed since) and remove its name from the abbreviations. Returns the restored organisation."""
    merge = OrganisationMerge.objects.select_for_update().get(pk=merge.pk)
    problem = undo_problem(merge)
    if problem:
        raise MergeRefused([problem])
    stays = Organisation.objects.select_for_update().get(pk=merge.stays_id)
    snapshot = merge.snapshot
    with batched():
        OrganisationAlias.objects.filter(pk=snapshot["alias"], organisation=stays).delete()
        parent_before = None
        for attname, (before, filled) in snapshot["filled"].items():
            if getattr(stays, attname) != filled:
                continue  # changed since: the change stays
            if attname == "parent_id" and before == merge.gone_pk:
                parent_before = before
                before = None  # until the organisation it was part of is back
            setattr(stays, attname, before)
        stays.save()
        (restored,) = serializers.deserialize("json", snapshot["gone"])
        gone = restored.object
        assert isinstance(gone, Organisation)
        if gone.parent_id is not None and not Organisation.objects.filter(pk=gone.parent_id).exists():
            gone.parent_id = None
        gone.save()
        if parent_before is not None:
            stays.parent_id = parent_before
            stays.save(update_fields=["parent"])
        by_key = {relation.key: relation for relation in relations()}
        for key, pks in snapshot["moved"].items():
            relation = by_key[key]
            relation.model._base_manager.filter(pk__in=pks, **{relation.field: stays}).update(**{relation.field: gone})
        for text in snapshot["dropped"].values():
            for row in serializers.deserialize("json", text):
                try:
                    with transaction.atomic():
                        row.save()
                except IntegrityError:
                    continue  # what it linked to was deleted since
        merge.delete()
        organisations_merged.send(sender=Organisation, organisations=[stays, gone])
    return gone


def organisation_labels() -> list[str]:
    """The names to choose from: a name several organisations share gets its place, "De Regenboog (Zwolle)"."""
    rows = list(Organisation.objects.order_by("name").values_list("name", "name_key", "place"))
    counts: dict[str, int] = {}
    for _name, key, _place in rows:
        counts[key] = counts.get(key, 0) + 1
    return [f"{name} ({place})" if counts[key] > 1 and place else name for name, key, place in rows]


_WITH_PLACE = re.compile(r"^(?P<name>.+)\s+\((?P<place>[^()]+)\)$")


def organisation_for_label(text: str) -> Organisation | None:
    """The organisation a label of organisation_labels (or a name or abbreviation) names, if exactly one."""
    try:
        found = resolve_organisation(text)
    except AmbiguousOrganisation:
        found = None
    if found is not None:
        return found
    match = _WITH_PLACE.match(text.strip())
    if match is None:
        return None
    named = list(
        Organisation.objects.filter(
            name_key=normalise_key(match["name"]), place__iexact=match["place"].strip()
        ).order_by("pk")[:2]
    )
    return named[0] if len(named) == 1 else None
