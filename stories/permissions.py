"""Which stories a user reads, and whose respondent they see in full.

Part of the one rule set in core.permissions (see its docstring), kept here because these rules are queries on the
story's own fields; they are tested with the rest in core/tests/test_permissions.py.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from core.permissions import is_coordinator
from stories.models import PUBLIC, Story


def visible_stories(queryset: QuerySet[Story], user: AbstractBaseUser | AnonymousUser) -> QuerySet[Story]:
    """Stories the public may read, plus every story of the activities this user's organisations organise
    (and of their programmes, for stories about a programme as a whole)."""
    if is_coordinator(user):
        return queryset
    if not user.is_authenticated:
        return queryset.filter(PUBLIC)
    matching_ids = queryset.filter(PUBLIC | _own_stories(user)).values("pk")
    return queryset.filter(pk__in=matching_ids)


def _own_stories(user: AbstractBaseUser) -> Q:
    # The same rule as Story.editing_organisation_ids, as a query.
    return Q(activity__organisers__editors=user) | Q(activity__isnull=True, programme__organisations__editors=user)


def private_story_ids(user: AbstractBaseUser | AnonymousUser, stories: Iterable[Story]) -> set[int]:
    """Of these stories, the ones whose respondent this user may see in full (name, organisation, e-mail)."""
    if is_coordinator(user):
        return {story.pk for story in stories}
    if not user.is_authenticated:
        return set()
    ids = [story.pk for story in stories]
    return set(Story.objects.filter(_own_stories(user), pk__in=ids).values_list("pk", flat=True))
