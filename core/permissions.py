"""Who may see and change what. Every view asks these helpers; nothing else decides.

Rules:
- a coordinator edits everything and is the only one who publishes;
- an editor edits the records of the organisations they are an editor of
  (an activity through its organisers, a project through its leads, a person
  through their organisation) and nothing else;
- anyone, logged in or not, sees published records; drafts are seen only by
  those who may edit them.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from network.models import Organisation


def is_coordinator(user) -> bool:
    return bool(user.is_authenticated and (user.is_coordinator or user.is_superuser))


def editable_organisations(user) -> QuerySet[Organisation]:
    if is_coordinator(user):
        return Organisation.objects.all()
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(editors=user)


def is_editor(user) -> bool:
    return is_coordinator(user) or (user.is_authenticated and user.editable_organisations.exists())


def can_edit(user, record) -> bool:
    """Whether the user may change the record (an Organisation, Person, Activity or Project)."""
    if is_coordinator(user):
        return True
    if not user.is_authenticated:
        return False
    own_ids = set(user.editable_organisations.values_list("pk", flat=True))
    return bool(own_ids & record.editing_organisation_ids())


def can_publish(user) -> bool:
    return is_coordinator(user)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def visible(queryset: QuerySet, user, owner_field: str) -> QuerySet:
    """Published records plus the drafts this user may edit.

    owner_field is the lookup from the record to the organisations that edit it
    ("organisers" for activities, "leads" for projects).
    """
    if is_coordinator(user):
        return queryset
    published = Q(publication_status="published")
    if not user.is_authenticated:
        return queryset.filter(published)
    own_drafts = Q(**{f"{owner_field}__editors": user})
    matching_ids = queryset.filter(published | own_drafts).values("pk")
    return queryset.filter(pk__in=matching_ids)
