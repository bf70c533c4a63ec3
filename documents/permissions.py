"""Which documents a user sees.

Part of the one rule set in core.permissions (see its docstring), kept here because the rule is a query on the
document's own fields and the records it is attached to. Tested in core/tests/test_permissions.py.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from core.permissions import can_manage_documents, is_coordinator
from documents import targets
from documents.models import Document


def visible_documents(queryset: QuerySet[Document], user: AbstractBaseUser | AnonymousUser) -> QuerySet[Document]:
    """For lists (the media library, search, the API): documents of records the public sees, members-only ones for
    members. A draft's documents are seen on the draft's own page, by those who see the draft."""
    if is_coordinator(user):
        return queryset
    if not user.is_authenticated:
        queryset = queryset.filter(members_only=False)
    return queryset.filter(targets.on_public_records())


def may_see_document(user: AbstractBaseUser | AnonymousUser, document: Document) -> bool:
    if document.members_only and not user.is_authenticated:
        return False
    if is_coordinator(user) or targets.is_public(document.target_kind, document.target_id):
        return True
    record = targets.find(document.target_kind, document.target_id)
    return record is not None and can_manage_documents(user, record)
