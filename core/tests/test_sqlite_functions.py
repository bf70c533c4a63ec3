"""Lookups by name or address fold the case of every letter, on SQLite as on PostgreSQL (issue 20, finding 5):
SQLite's own LIKE folds ASCII only, so `iexact` missed "Émile" when asked for "émile"."""

import pytest

from accounts.models import User
from core.sqlite_functions import like

pytestmark = pytest.mark.django_db


@pytest.fixture
def emile():
    return User.objects.create(username="emile", first_name="Émile", last_name="Privé-Tester", email="e@MÜNCHEN.de")


@pytest.mark.parametrize(
    "lookup",
    [
        {"first_name__iexact": "émile"},
        {"first_name__iexact": "ÉMILE"},
        {"last_name__icontains": "PRIVÉ"},
        {"last_name__istartswith": "privé-t"},
        {"email__iexact": "E@münchen.DE"},
        {"email__icontains": "münchen"},
    ],
)
def test_case_is_folded_for_every_letter(emile, lookup):
    assert list(User.objects.filter(**lookup)) == [emile]


def test_accents_still_count_and_wildcards_in_the_value_are_literal(emile):
    assert not User.objects.filter(first_name__iexact="emile").exists()  # as on PostgreSQL; names use keys
    assert not User.objects.filter(last_name__icontains="%").exists()
    assert not User.objects.filter(first_name__iexact="_mile").exists()
    User.objects.create(username="procent", first_name="100%_Ä")
    assert User.objects.filter(first_name__icontains="%_ä").count() == 1


def test_like_follows_sqlite_for_nulls_wildcards_and_escapes():
    assert like(None, "x") is None and like("x", None) is None
    assert like("a%c", "ABBBC") and like("a_c", "AbC") and not like("a_c", "ac")
    assert like("50\\%", "50%", "\\") and not like("50\\%", "500", "\\")
    assert like("line%", "line\nnext")
    assert like("1%", 12)
