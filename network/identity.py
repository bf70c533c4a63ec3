"""The network's identity (its backbone): who it is, what it wants, how it works and the four roles it plays.

One NetworkProfile per instance; coordinators edit it (network.views_identity). Its long texts are rich text,
cleaned when saved, so the identity page and the home page show them as HTML.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.richtext import sanitise
from network.models import NetworkProfile, NetworkRole

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# The texts kept as rich text, each with its English twin (field + "_en").
RICH_TEXTS = ("ambition", "strategy", "purpose", "organisational_form", "history")
PLAIN_TEXTS = ("tagline", "slogan", "values")


@dataclass(frozen=True)
class RoleKind:
    key: str
    name: str
    name_en: str
    # What the platform shows for this role: URL names with their link texts.
    shows: tuple[tuple[str, "_StrPromise"], ...]


# The four roles of seed 002, in their order; the platform shows each role's work on these pages.
ROLES = (
    RoleKind(
        "platform",
        "Platform",
        "Platform",
        (("activities:calendar", _("The calendar")), ("offerings:list", _("Offerings for schools"))),
    ),
    RoleKind(
        "makelaar",
        "Makelaar",
        "Broker",
        (("questions:list", _("Questions and offers of help")), ("networkmap:map", _("The network map"))),
    ),
    RoleKind("pionier", "Pionier", "Pioneer", (("projects:portfolio", _("Projects")),)),
    RoleKind(
        "verdiepen",
        "Verdiepen",
        "Deepening",
        (("stories:book", _("Story book")), ("programmes:list", _("Programmes and their reports"))),
    ),
)
ROLE_KINDS = {kind.key: kind for kind in ROLES}


@dataclass(frozen=True)
class RoleShown:
    role: NetworkRole
    links: list[tuple[str, str]]  # (address, text)


def current_profile() -> NetworkProfile | None:
    return NetworkProfile.objects.prefetch_related("roles").first()


def roles_shown(profile: NetworkProfile) -> list[RoleShown]:
    """The profile's roles, each with the pages that show its work."""
    shown = []
    for role in profile.roles.all():
        kind = ROLE_KINDS.get(role.key)
        links = [(reverse(name), str(text)) for name, text in kind.shows] if kind else []
        shown.append(RoleShown(role, links))
    return shown


@transaction.atomic
def save_profile(profile: NetworkProfile, roles: dict[str, dict[str, str]]) -> NetworkProfile:
    """Save the profile with its rich texts cleaned, and the four roles' names and texts (by key: name, name_en,
    text, text_en). A role without a Dutch text is left out of the page (removed)."""
    for name in RICH_TEXTS:
        for field in (name, f"{name}_en"):
            setattr(profile, field, sanitise(getattr(profile, field)))
    profile.full_clean()
    profile.save()
    for position, kind in enumerate(ROLES):
        values = roles.get(kind.key)
        if values is None:
            continue
        if not values.get("text", "").strip():
            NetworkRole.objects.filter(profile=profile, key=kind.key).delete()
            continue
        NetworkRole.objects.update_or_create(
            profile=profile,
            key=kind.key,
            defaults={
                "name": values.get("name", "").strip() or kind.name,
                "name_en": values.get("name_en", "").strip() or kind.name_en,
                "text": values["text"].strip(),
                "text_en": values.get("text_en", "").strip(),
                "position": position,
            },
        )
    return profile
