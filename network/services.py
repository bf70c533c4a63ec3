"""Writes and lookups for organisations, people and lines, and the logins that work for organisations."""

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from core import mail
from core.services import BULK_BATCH, free_slug, link_many, unique_slug
from core.signals import created_in_bulk
from core.text import normalise_key
from network.models import (
    INVITATION_DAYS,
    SIGNUP_HOURS,
    Invitation,
    NetworkProfile,
    Organisation,
    OrganisationAlias,
    OrganisationRole,
    Person,
    SignUp,
    SignUpQuerySet,
    Theme,
)

ALIAS_LENGTH: int = OrganisationAlias._meta.get_field("key").max_length  # type: ignore[assignment]  # a CharField
NAME_KEY_LENGTH: int = Organisation._meta.get_field("name_key").max_length  # type: ignore[assignment]  # a CharField


class AmbiguousOrganisation(Exception):
    pass


def resolve_organisation(text: str) -> Organisation | None:
    """Turn a reference such as 'UL/FSW', 'HsL' or 'Hogeschool Leiden' into one organisation.

    Exact alias first (case-insensitive), then the normalised alias, then the normalised name. Aliases are
    unique; a name that several organisations share (schools in other towns) names none of them.
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
    found = Organisation.objects.filter(aliases__key=key).first()
    if found is not None:
        return found
    named = list(Organisation.objects.filter(name_key=key)[:2])
    return named[0] if len(named) == 1 else None


def resolve_organisations(references: Iterable[str]) -> dict[str, int]:
    """resolve_organisation for many references at once, in two queries: reference → the primary key of the
    organisation it names, for those that name one. An alias names one organisation; a name only when no other
    organisation has it."""
    keys = {reference: normalise_key(reference.strip()) for reference in references}
    wanted = {key for key in keys.values() if key}
    found: dict[str, int] = {}
    shared = set()
    for name_key, pk in Organisation.objects.filter(name_key__in=wanted).values_list("name_key", "pk"):
        if name_key in found:
            shared.add(name_key)
        found[name_key] = pk
    for name_key in shared:
        del found[name_key]
    found.update(OrganisationAlias.objects.filter(key__in=wanted).values_list("key", "organisation_id"))
    return {reference: found[key] for reference, key in keys.items() if key in found}


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
    """Messages for aliases or a name that would make a reference point at two organisations.

    A name may come back in another place, or for another school location (another vestigingscode)."""
    others = Organisation.objects.all()
    if organisation is not None and organisation.pk:
        others = others.exclude(pk=organisation.pk)
    messages = []
    name_key = normalise_key(name)
    same_name = Q(name_key=name_key, place__iexact=organisation.place if organisation else "")
    if organisation is not None and organisation.vestigingscode:
        same_name &= Q(vestigingscode="") | Q(vestigingscode=organisation.vestigingscode)
    if not name_key:
        messages.append(_("The name needs at least one letter or digit."))
    elif len(name_key) > NAME_KEY_LENGTH:
        messages.append(_("The name is too long; keep it under %(count)d characters.") % {"count": NAME_KEY_LENGTH})
    elif (clash := others.filter(same_name | Q(aliases__key=name_key)).first()) is not None:
        messages.append(_("The name “%(name)s” is already used by %(other)s.") % {"name": name, "other": clash.name})
    code = organisation.vestigingscode if organisation is not None else ""
    if code and (clash := others.filter(vestigingscode=code).first()) is not None:
        messages.append(
            _("The location code %(code)s is already used by %(other)s.") % {"code": code, "other": clash.name}
        )
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
    _name(organisation)
    organisation.save()
    if themes is not None:
        organisation.themes.set(themes)
    wanted = {normalise_key(alias): alias for alias in aliases}
    organisation.aliases.exclude(key__in=wanted).delete()
    existing = set(organisation.aliases.values_list("key", flat=True))
    for key, alias in wanted.items():
        if key not in existing:
            # One by one (not bulk) so listeners such as the search index hear of each new alias.
            _alias(organisation, alias).save()
    return organisation


def _name(organisation: Organisation, taken_slugs: set[str] | None = None) -> None:
    """What the name decides: the key references are matched by, and a new organisation's slug (free among
    taken_slugs when many are named at once)."""
    organisation.name_key = normalise_key(organisation.name)
    if not organisation.slug:
        # A school of a name used elsewhere is told apart by its place: de-regenboog-zwolle.
        text = organisation.name
        if organisation.place and organisation.name_key:
            others = Organisation.objects.filter(name_key=organisation.name_key).exclude(pk=organisation.pk)
            if (taken_slugs is not None and slugify(organisation.name) in taken_slugs) or (
                taken_slugs is None and others.exists()
            ):
                text = f"{organisation.name} {organisation.place}"
        organisation.slug = (
            unique_slug(Organisation, text, organisation) if taken_slugs is None else free_slug(text, taken_slugs)
        )


def _alias(organisation: Organisation, alias: str) -> OrganisationAlias:
    return OrganisationAlias(organisation=organisation, alias=alias, key=normalise_key(alias))


@dataclass
class NewOrganisation:
    """An organisation for create_organisations with its abbreviations and themes (records or primary keys)."""

    organisation: Organisation
    aliases: Sequence[str] = ()
    themes: Sequence[Any] = ()


def create_organisations(new: Sequence[NewOrganisation], *, taken_slugs: set[str] | None = None) -> list[Organisation]:
    """Create many new organisations with their abbreviations and themes in a few queries per thousand.

    The same rules as save_organisation: the name key and a free slug. The names and abbreviations come checked
    (alias_conflicts would ask the database once per row); the unique keys still refuse a clash. A parent must
    exist before (create parents in an earlier call). taken_slugs as in activities.services.create_activities."""
    if taken_slugs is None:
        taken_slugs = set(Organisation.objects.values_list("slug", flat=True))
    organisations = [item.organisation for item in new]
    for organisation in organisations:
        _name(organisation, taken_slugs)
    Organisation.objects.bulk_create(organisations, batch_size=BULK_BATCH)
    OrganisationAlias.objects.bulk_create(
        [_alias(item.organisation, alias) for item in new for alias in dict.fromkeys(item.aliases)],
        batch_size=BULK_BATCH,
    )
    link_many(Organisation.themes, ((item.organisation, theme) for item in new for theme in item.themes))
    created_in_bulk.send(Organisation, records=organisations)
    return organisations


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


def create_people(people: Sequence[Person]) -> list[Person]:
    """Create many people at once; they come checked as save_person's full_clean would check them."""
    Person.objects.bulk_create(people, batch_size=BULK_BATCH)
    created_in_bulk.send(Person, records=people)
    return list(people)


# --- Logins: roles per organisation and invitations ------------------------------------------------------------


class InvitationUnavailable(Exception):
    """The invitation was used, withdrawn or has expired."""


def set_role(user: User, organisation: Organisation, role: str | None) -> None:
    """Make the user editor or member of the organisation (one role each), or take them off it (None)."""
    organisation.editors.remove(user)
    organisation.members.remove(user)
    if role == OrganisationRole.EDITOR:
        organisation.editors.add(user)
    elif role == OrganisationRole.MEMBER:
        organisation.members.add(user)


def set_active(user: User, active: bool) -> None:
    """Deactivate (or reactivate) a login. Nothing is deleted: the records they made stay, and an inactive
    login cannot log in (Django's backend also ends its sessions)."""
    user.is_active = active
    user.save(update_fields=["is_active"])


def roles_of(user: User) -> list[tuple[Organisation, OrganisationRole]]:
    """The user's organisations with their role in each, by name."""
    editor = [(organisation, OrganisationRole.EDITOR) for organisation in user.editable_organisations.all()]
    member = [(organisation, OrganisationRole.MEMBER) for organisation in user.member_organisations.all()]
    return sorted(editor + member, key=lambda pair: pair[0].name)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _renew_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + timedelta(days=INVITATION_DAYS)
    return token


def invitation_link(invitation: Invitation, token: str, base_url: str) -> str:
    with translation.override(invitation.language):
        return base_url.rstrip("/") + reverse("network:invitation_accept", args=[token])


def _send_invitation(invitation: Invitation, link: str) -> None:
    inviter = invitation.invited_by
    mail.send(
        "network/mail/invitation",
        to=invitation.email,
        context={
            "organisation": invitation.organisation.name,
            "role": OrganisationRole(invitation.role).label,  # lazy: rendered in the invitee's language
            "as_coordinator": invitation.as_coordinator,
            "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
            "link": link,
            "expires_at": invitation.expires_at,
        },
        language=invitation.language,
    )


@transaction.atomic
def invite(
    email: str,
    organisation: Organisation,
    role: str,
    *,
    invited_by: User | None,
    base_url: str,
    as_coordinator: bool = False,
    language: str | None = None,
) -> tuple[Invitation, str]:
    """Invite the address to the organisation and mail the link; returns the invitation and the link, which
    exists only now (the database keeps its hash). An earlier pending invitation to the same organisation is
    withdrawn, so only the newest link works."""
    email = email.strip()
    Invitation.objects.pending().filter(email__iexact=email, organisation=organisation).update(
        withdrawn_at=timezone.now()
    )
    invitation = Invitation(
        email=email,
        organisation=organisation,
        role=role,
        as_coordinator=as_coordinator,
        invited_by=invited_by,
        language=language or translation.get_language() or "nl",
    )
    token = _renew_token(invitation)
    invitation.save()
    link = invitation_link(invitation, token, base_url)
    _send_invitation(invitation, link)
    return invitation, link


@transaction.atomic
def resend(invitation: Invitation, base_url: str) -> str:
    """Send the invitation again with a new link and a new week; the old link stops working."""
    if invitation.accepted_at or invitation.withdrawn_at:
        raise InvitationUnavailable
    token = _renew_token(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    link = invitation_link(invitation, token, base_url)
    _send_invitation(invitation, link)
    return link


def withdraw(invitation: Invitation) -> None:
    if invitation.accepted_at is None and invitation.withdrawn_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])


def find_invitation(token: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation").filter(token_hash=_hash(token)).first()


def account_for_address(email: str) -> User | None:
    """The active login with this address, if any. Only for someone who proved they read its mail."""
    return User.objects.filter(email__iexact=email, is_active=True).order_by("pk").first()


@transaction.atomic
def accept(invitation: Invitation, user: User) -> None:
    """Give the user the invitation's role, link them to the person with their address, and use the link up."""
    # Locked, so two clicks at once cannot both use it.
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if not invitation.is_pending:
        raise InvitationUnavailable
    set_role(user, invitation.organisation, invitation.role)
    if invitation.as_coordinator and not user.is_coordinator:
        user.is_coordinator = True
        user.save(update_fields=["is_coordinator"])
    link_person(user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])


@transaction.atomic
def create_invited_account(invitation: Invitation, *, first_name: str, last_name: str, password: str) -> User:
    """A new login for the invited address, with the invitation accepted."""
    user = User(
        username=_free_username(invitation.email), email=invitation.email, first_name=first_name, last_name=last_name
    )
    user.set_password(password)
    user.save()
    accept(invitation, user)
    return user


def _free_username(email: str) -> str:
    """The address is the user name, so people log in with it; numbered if an old login already has it."""
    base = email.casefold()
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def link_person(user: User) -> None:
    """Link the login to the directory's person with the same address, when exactly one without a login has it."""
    if not user.email or Person.objects.filter(user=user).exists():
        return
    candidates = list(Person.objects.filter(email__iexact=user.email, user=None)[:2])
    if len(candidates) == 1:
        candidates[0].user = user
        candidates[0].save(update_fields=["user"])


# --- Self sign-up ------------------------------------------------------------------------------------------------

# Sign-ups are kept this long after their link expired (for "this link was used"), then removed, unless they wait.
KEEP_SIGNUPS = timedelta(days=30)


class SignUpUnavailable(Exception):
    """The sign-up link was used, has expired, or its address got a login meanwhile."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def signup_needs_approval() -> bool:
    """The network's setting: whether a coordinator approves every sign-up (off by default)."""
    return bool(NetworkProfile.objects.values_list("signup_needs_approval", flat=True).first())


def set_signup_needs_approval(needed: bool) -> None:
    profile = NetworkProfile.objects.first() or NetworkProfile(name=settings.RIMPEL_NETWORK_NAME)
    profile.signup_needs_approval = needed
    profile.save()


def pending_signups() -> SignUpQuerySet:
    """Confirmed sign-ups waiting for a coordinator, oldest first."""
    return SignUp.objects.waiting().select_related("organisation")


def organisation_names() -> list[str]:
    """Every organisation's name, for the sign-up form's list of suggestions."""
    return list(Organisation.objects.order_by("name").values_list("name", flat=True))


def purge_signups() -> int:
    """Remove sign-ups whose link expired a while ago and that wait for nobody; returns how many."""
    old = SignUp.objects.filter(expires_at__lt=timezone.now() - KEEP_SIGNUPS)
    return old.exclude(pk__in=SignUp.objects.waiting().values("pk")).delete()[0]


@transaction.atomic
def request_signup(
    *,
    first_name: str,
    last_name: str,
    email: str,
    organisation: Organisation | None,
    organisation_text: str,
    base_url: str,
    language: str | None = None,
) -> tuple[SignUp, str] | None:
    """Mail the address a link that confirms the sign-up and return the sign-up with the link (which exists only
    now: the database keeps its hash). When the address already has a login, mail that instead, pointing to the
    password reset, store nothing and return None. The caller shows the same page either way."""
    email = email.strip()
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    purge_signups()
    if account_for_address(email):
        with translation.override(language):
            reset_url = base_url.rstrip("/") + reverse("password_reset")
        mail.send("network/mail/signup_existing", to=email, context={"reset_url": reset_url}, language=language)
        return None
    # Only the newest link works: earlier unconfirmed sign-ups of the address go.
    SignUp.objects.filter(email__iexact=email, verified_at=None).delete()
    token = secrets.token_urlsafe(32)
    signup = SignUp.objects.create(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        organisation=organisation,
        organisation_text="" if organisation else organisation_text.strip(),
        language=language,
        token_hash=_hash(token),
        expires_at=timezone.now() + timedelta(hours=SIGNUP_HOURS),
    )
    with translation.override(language):
        link = base_url.rstrip("/") + reverse("network:signup_verify", args=[token])
    mail.send(
        "network/mail/signup",
        to=email,
        context={"name": signup.first_name, "link": link, "expires_at": signup.expires_at},
        language=language,
    )
    return signup, link


def find_signup(token: str) -> SignUp | None:
    return SignUp.objects.select_related("organisation").filter(token_hash=_hash(token)).first()


def signup_problem(signup: SignUp | None) -> str | None:
    """Why the link cannot be used (unknown, used, expired, account, waiting), or None when it can."""
    if signup is None:
        return "unknown"
    if signup.verified_at is not None:
        return "used"
    if signup.is_expired:
        return "expired"
    if account_for_address(signup.email):
        return "account"
    if SignUp.objects.waiting().filter(email__iexact=signup.email).exists():
        return "waiting"
    return None


def signup_waits(signup: SignUp) -> bool:
    """A sign-up waits for a coordinator when the network asks for it, or when nobody chose its organisation."""
    return signup.organisation is None or signup_needs_approval()


@transaction.atomic
def verify_signup(signup: SignUp, password: str) -> User:
    """The link was opened and a password chosen: make the login. It is a member of the organisation at once, or,
    when the sign-up waits for a coordinator, inactive (it cannot log in) until approve_signup."""
    # Locked, so two clicks at once cannot make two logins.
    signup = SignUp.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=signup.pk)
    problem = signup_problem(signup)
    if problem:
        raise SignUpUnavailable(problem)
    waits = signup_waits(signup)
    user = User(
        username=_free_username(signup.email),
        email=signup.email,
        first_name=signup.first_name,
        last_name=signup.last_name,
        is_active=not waits,
    )
    user.set_password(password)
    user.save()
    signup.user = user
    signup.verified_at = timezone.now()
    if not waits:
        _admit(user, signup.organisation)  # type: ignore[arg-type]  # waits when there is none
        signup.decided_at, signup.approved = signup.verified_at, True
    signup.save(update_fields=["user", "verified_at", "decided_at", "approved"])
    return user


def _admit(user: User, organisation: Organisation) -> None:
    set_role(user, organisation, OrganisationRole.MEMBER)
    link_person(user)


@transaction.atomic
def approve_signup(signup: SignUp, organisation: Organisation, *, decided_by: User, base_url: str) -> None:
    """Activate the waiting login as a member of the organisation (the one chosen, or one the coordinator picked)
    and tell the person."""
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.decided_at is not None or signup.user is None:
        raise SignUpUnavailable("decided")
    user = signup.user
    set_active(user, True)
    _admit(user, organisation)
    signup.organisation = organisation
    _decide(signup, True, decided_by)
    with translation.override(signup.language):
        login_url = base_url.rstrip("/") + reverse("accounts:login")
    mail.send(
        "network/mail/signup_approved",
        to=signup.email,
        context={"name": signup.first_name, "organisation": organisation.name, "login_url": login_url},
        language=signup.language,
    )


@transaction.atomic
def decline_signup(signup: SignUp, *, decided_by: User) -> None:
    """Tell the person, and remove the waiting login: it never logged in and holds nothing but a name and an
    address, so the address is free to sign up or be invited again."""
    signup = SignUp.objects.select_for_update(of=("self",)).select_related("user").get(pk=signup.pk)
    if signup.decided_at is not None:
        raise SignUpUnavailable("decided")
    user = signup.user
    _decide(signup, False, decided_by)
    mail.send(
        "network/mail/signup_declined", to=signup.email, context={"name": signup.first_name}, language=signup.language
    )
    if user is not None and not user.is_active and user.last_login is None:
        user.delete()


def _decide(signup: SignUp, approved: bool, decided_by: User) -> None:
    signup.approved, signup.decided_at, signup.decided_by = approved, timezone.now(), decided_by
    signup.save(update_fields=["organisation", "approved", "decided_at", "decided_by"])
