"""BookIds pages the story book a programme at a time; every window must hold exactly the stories the one sort over
the whole book gives, also across programmes that share a name and for the stories without a programme."""

import pytest

from stories.book import BookIds, book_order_ids
from stories.models import COUNTED, Story
from stories.tests.factories import ENCOUNTER, UNDERSTANDING, make_line, make_programme, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def book():
    first = make_programme(slug="b", name="Beta")
    twin = make_programme(slug="b2", name="Beta")  # the same name: its stories mix with the first one's
    last = make_programme(slug="a", name="Zeta")
    lines = [make_line(first, "2"), make_line(twin, "1"), make_line(last, "1")]
    for round_ in range(3):
        for programme, line in zip([last, first, twin], lines[::-1], strict=True):
            make_story(programme=programme, line=line if round_ else None)
        make_story()  # no programme: last in the book
    make_story(status="new")
    make_story(programme=first, parts={1: (ENCOUNTER, "Wij kwamen."), 2: (UNDERSTANDING, "Wij bouwden een brug.")})
    return Story.objects.filter(COUNTED)


def test_every_window_matches_the_sort_of_the_whole_book(book):
    expected = list(book_order_ids(book))
    ids = BookIds(book)
    assert ids.count() == len(ids) == len(expected) == 13
    for start in range(len(expected) + 2):
        for size in (1, 2, 3, 5, 25):
            assert ids[start : start + size] == expected[start : start + size], (start, size)
    assert ids[0:None] == expected


def test_a_filter_that_repeats_stories_counts_each_once(book):
    repeated = book.filter(parts__ring__in=[1, 2]).distinct()
    expected = list(book_order_ids(repeated))
    ids = BookIds(repeated)
    assert ids.count() == len(expected) and ids[0:25] == expected


def test_an_empty_book(book):
    ids = BookIds(book.none())
    assert ids.count() == 0 and ids[0:25] == []
