"""Which questions a user reads.

Part of the one rule set in core.permissions (see its docstring), kept here because the rule is a query on the
question's own visibility; who asks, manages and responds is decided there. Tested in core/tests/test_permissions.py.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from questions.models import Question, Visibility


def visible_questions(queryset: QuerySet[Question], user: AbstractBaseUser | AnonymousUser) -> QuerySet[Question]:
    """Questions asked to everyone; members also read the ones asked to members only."""
    if user.is_authenticated:
        return queryset
    return queryset.filter(visibility=Visibility.PUBLIC)
