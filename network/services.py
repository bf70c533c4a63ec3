"""Writes and lookups for organisations, people and lines."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.services import unique_slug
from core.text import normalise_key
from network.models import Organisation, OrganisationAlias, Person, Theme

ALIAS_LENGTH: int = OrganisationAlias._meta.get_field("key").max_length  # type: ignore[assignment]  # a CharField
NAME_KEY_LENGTH: int = Organisation._meta.get_field("name_key").max_length  # type: ignore[assignment]  # a CharField


class AmbiguousOrganisation(Exception):
    pass


def resolve_organisation(text: str) -> Organisation | None:
    """Turn a reference such as 'UL/FSW', 'HsL' or 'Hogeschool Leiden' into one organisation.

    Exact alias first (case-insensitive), then the normalised name, then the
    normalised alias. Aliases and names are kept unique, so at most one matches.
    """
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    by_alias = Organisation.objects.filter(aliases__alias__iexact=cleaned).distinct()
    if len(by_alias) > 1:
        raise AmbiguousOrganisation(cleaned)
    if by_alias:
        return by_alias[0]
    key = normalise_key(cleaned)
    return Organisation.objects.filter(Q(name_key=key) | Q(aliases__key=key)).distinct().first()


def parse_aliases(text: str) -> list[str]:
    """Aliases as typed in a form: separated by commas or new lines."""
    parts = text.replace("\n", ",").split(",")
    seen, aliases = set(), []
    for part in parts:
        alias = part.strip()
        if alias and normalise_key(alias) not in seen:
            seen.add(normalise_key(alias))
            aliases.append(alias)
    return aliases


def alias_conflicts(aliases: list[str], name: str, organisation: Organisation | None) -> list[str]:
    """Messages for aliases or a name that would make a reference point at two organisations."""
    others = Organisation.objects.all()
    if organisation is not None and organisation.pk:
        others = others.exclude(pk=organisation.pk)
    messages = []
    name_key = normalise_key(name)
    if not name_key:
        messages.append(_("The name needs at least one letter or digit."))
    elif len(name_key) > NAME_KEY_LENGTH:
        messages.append(_("The name is too long; keep it under %(count)d characters.") % {"count": NAME_KEY_LENGTH})
    elif (clash := others.filter(Q(name_key=name_key) | Q(aliases__key=name_key)).first()) is not None:
        messages.append(_("The name “%(name)s” is already used by %(other)s.") % {"name": name, "other": clash.name})
    for alias in aliases:
        key = normalise_key(alias)
        if not key:
            messages.append(_("The abbreviation “%(alias)s” needs a letter or digit.") % {"alias": alias})
            continue
        if max(len(alias), len(key)) > ALIAS_LENGTH:
            messages.append(
                _("The abbreviation “%(alias)s” is too long; use at most %(count)d characters.")
                % {"alias": alias, "count": ALIAS_LENGTH}
            )
            continue
        clash = others.filter(Q(name_key=key) | Q(aliases__key=key)).first()
        if clash is not None:
            messages.append(
                _("The abbreviation “%(alias)s” already belongs to %(other)s.") % {"alias": alias, "other": clash.name}
            )
    return messages


@transaction.atomic
def save_organisation(
    organisation: Organisation, aliases: list[str], themes: Iterable[Theme] | None = None
) -> Organisation:
    """Save an organisation with its aliases; raises ValidationError on a clashing name or alias."""
    problems = alias_conflicts(aliases, organisation.name, organisation)
    if organisation.parent_id and organisation.pk and _would_cycle(organisation):
        problems.append(_("An organisation cannot be part of itself or of one of its parts."))
    if problems:
        raise ValidationError(problems)
    organisation.name_key = normalise_key(organisation.name)
    if not organisation.slug:
        organisation.slug = unique_slug(Organisation, organisation.name, organisation)
    organisation.save()
    if themes is not None:
        organisation.themes.set(themes)
    wanted = {normalise_key(alias): alias for alias in aliases}
    organisation.aliases.exclude(key__in=wanted).delete()
    existing = set(organisation.aliases.values_list("key", flat=True))
    for key, alias in wanted.items():
        if key not in existing:
            # One by one (not bulk) so listeners such as the search index hear of each new alias.
            OrganisationAlias.objects.create(organisation=organisation, alias=alias, key=key)
    return organisation


def _would_cycle(organisation: Organisation) -> bool:
    seen = {organisation.pk}
    parent = organisation.parent
    while parent is not None:
        if parent.pk in seen:
            return True
        seen.add(parent.pk)
        parent = parent.parent
    return False


def save_person(person: Person) -> Person:
    person.full_clean()
    person.save()
    return person
