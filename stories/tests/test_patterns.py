"""Patterns across stories, on a small corpus whose answers are counted by hand, and the links into the story book."""

import html
import re
from collections import Counter

import pytest

from stories.book import counted_stories
from stories.models import PUBLIC, Story
from stories.patterns import TELLING_Z, distinctive_words, log_odds, patterns, ring_words
from stories.tests.factories import (
    BEHAVIOUR,
    CONNECTIONS,
    EMBEDDING,
    ENCOUNTER,
    KNOWLEDGE,
    dim,
    make_line,
    make_programme,
    make_story,
)
from tests.factories import ActivityFactory, ThemeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def corpus(org_a):
    """Four public stories, one accepted for internal analysis only, one still waiting.

    Ring 1 content words (stop words such as ik, van, andere, veel, uit, de, naar, hoe, een, en, met left out):
      S1 ontmoette leerkrachten scholen            S2 leerkrachten wijk ontmoeting
      S3 leerde school scholen ouders betrekken    S4 mooie ontmoeting ouders leerkrachten
    """
    programme = make_programme(organisations=[org_a])
    activity = ActivityFactory(title="Netwerkdag", organisers=[org_a])
    line = make_line(programme, "1", "Kansen", activities=[activity])
    taal, ouders = ThemeFactory(name="Taal"), ThemeFactory(name="Ouders")
    common = {"programme": programme, "line": line, "activity": activity}
    s1 = make_story(
        **common,
        sector="po",
        themes=[taal],
        parts={
            1: (ENCOUNTER, "Ik ontmoette leerkrachten van andere scholen."),
            2: (CONNECTIONS, "Wij starten een project met een school uit de wijk."),
            3: (EMBEDDING, "De school neemt het project op in het beleid."),
        },
    )
    s2 = make_story(
        **common,
        sector="po",
        themes=[taal],
        parts={
            1: (ENCOUNTER, "Veel leerkrachten uit de wijk kwamen naar de ontmoeting."),
            2: (CONNECTIONS, "Met twee scholen en een andere school werken we nu samen aan taal."),
        },
    )
    s3 = make_story(
        **common,
        sector="vo",
        themes=[taal, ouders],
        parts={
            1: (KNOWLEDGE, "Ik leerde hoe een school en andere scholen ouders betrekken."),
            2: (BEHAVIOUR, "Ik betrek ouders nu eerder bij de les."),
            3: (EMBEDDING, "Onze school heeft nu een vaste ouderavond."),
        },
    )
    s4 = make_story(
        **common,
        sector="",
        themes=[ouders],
        parts={
            1: (ENCOUNTER, "Een mooie ontmoeting met ouders en leerkrachten."),
        },
    )
    internal = make_story(
        **common,
        sector="po",
        consent="internal",
        themes=[ouders],
        parts={
            1: (ENCOUNTER, "Ouders en scholen vonden elkaar."),
            2: (CONNECTIONS, "Een project met ouders."),
        },
    )
    waiting = make_story(
        **common,
        sector="po",
        status="new",
        themes=[taal],
        parts={
            1: (ENCOUNTER, "scholen wijk ouders bijeenkomst leerkrachten"),
            2: (CONNECTIONS, "school school"),
        },
    )
    return {
        "programme": programme,
        "public": [s1, s2, s3, s4],
        "internal": internal,
        "waiting": waiting,
        "taal": taal,
        "ouders": ouders,
    }


def public_patterns(corpus):
    return patterns(Story.objects.filter(PUBLIC, programme=corpus["programme"]))


def test_log_odds_sets_apart_what_a_group_uses_more_not_what_everyone_uses():
    group = Counter({"school": 10, "fijnstof": 8})
    rest = Counter({"school": 10, "fijnstof": 1})
    everything = group + rest
    scores = log_odds(group, rest, everything)
    assert scores["fijnstof"] > TELLING_Z > scores["school"]
    # With the prior, one use in a small group does not beat a word many of its stories use.
    assert log_odds(Counter({"x": 1, "y": 6}), Counter({"y": 6}), Counter({"x": 1, "y": 12}))["x"] < TELLING_Z


def test_distinctive_words_on_a_corpus_with_known_answers():
    # "school" is in every unit; "ontmoeting" only in group 1, "samenwerken" only in group 2, "eenmalig" once.
    units = [(1, {"school", "ontmoeting"})] * 6 + [(1, {"school", "eenmalig"})] + [(2, {"school", "samenwerk"})] * 6
    spellings = {stem: Counter({stem: 1}) for stem in ("school", "ontmoeting", "samenwerk", "eenmalig")}
    spellings["samenwerk"] = Counter({"samenwerken": 3, "samenwerking": 1})
    found = distinctive_words(units, spellings)
    assert [(w.word, w.stories) for w in found[1]] == [("ontmoeting", 6)]
    assert [(w.word, w.stories) for w in found[2]] == [("samenwerken", 6)]  # the commonest spelling is shown


def test_the_corpus_is_too_small_for_distinctive_words_so_none_are_claimed(corpus):
    result = public_patterns(corpus)
    assert [heading for heading, _groups in result.words] == ["Per ring", "Per dimension", "Per sector", "Per year"]
    for _heading, groups in result.words:
        for group in groups:
            assert all(word.stories >= 2 and word.z >= TELLING_Z for word in group.words)


def test_themes_count_the_stories_of_the_set_only(corpus):
    assert [(theme.name, theme.stories_count) for theme in public_patterns(corpus).themes] == [
        ("Taal", 3),
        ("Ouders", 2),
    ]
    everything_accepted = patterns(counted_stories(corpus["programme"]))
    assert everything_accepted.story_count == 5
    assert [(theme.name, theme.stories_count) for theme in everything_accepted.themes] == [("Ouders", 3), ("Taal", 3)]


def test_dimension_pairs_are_those_named_together_more_than_chance(corpus):
    # Stories with parts: S1 (encounter, connections, embedding), S2 (encounter, connections),
    # S3 (knowledge, behaviour, embedding), S4 (encounter). Encounter+connections: 2 stories, expected 3 × 2 / 4.
    pairs = [(pair.first, pair.second, pair.stories, pair.expected) for pair in public_patterns(corpus).pairs]
    assert pairs == [(dim(ENCOUNTER), dim(CONNECTIONS), 2, 1.5)]


def test_the_sector_table_per_ring(corpus):
    tables = public_patterns(corpus).sectors
    assert [table.number for table in tables] == [1, 2, 3]
    ring1, ring2, ring3 = tables
    assert ring1.dimensions == [dim(ENCOUNTER), dim(KNOWLEDGE)]
    assert [(row.sector, row.label, [count for _d, count, _n in row.counts]) for row in ring1.rows] == [
        ("po", "Primary education", [2, 0]),
        ("vo", "Secondary education", [0, 1]),
        ("", "Sector unknown", [1, 0]),
    ]
    assert ring2.dimensions == [dim(CONNECTIONS), dim(BEHAVIOUR)]
    assert [(row.sector, [count for _d, count, _n in row.counts]) for row in ring2.rows] == [
        ("po", [2, 0]),
        ("vo", [0, 1]),
    ]
    assert ring3.dimensions == [dim(EMBEDDING)]
    assert [(row.sector, [count for _d, count, _n in row.counts]) for row in ring3.rows] == [("po", [1]), ("vo", [1])]


def test_no_stories_no_patterns():
    programme = make_programme(slug="leeg")
    result = patterns(counted_stories(programme))
    assert result.story_count == 0 and result.pairs == [] and result.themes == []
    assert [groups for _heading, groups in result.words] == [[], [], [], []]
    assert [table.rows for table in result.sectors] == [[], [], []]


# --- The page: every number links to the stories it counts --------------------------------------------------------

BOOK_LINK = re.compile(
    r'<a class="utrecht-link" href="(/en/programmas/p/verhalen/\?[^"]+)">'
    r"(\d+)(?: stor(?:y|ies))?</a>"
)
RESULT_COUNT = re.compile(r'<p class="utrecht-paragraph rimpel-meta">(\d+) (?:stor(?:y|ies)|verha(?:al|len))</p>')


def book_count(client, url):
    body = client.get(url).content.decode()
    results = body[body.index('<div id="results"') :]
    (count,) = RESULT_COUNT.findall(results)
    assert int(count) == results.count('<article class="rimpel-story'), url
    return int(count)


@pytest.mark.parametrize(
    "persona_client, story_count", [("anonymous", 4), ("coordinator", 5)], indirect=["persona_client"]
)
def test_every_count_on_the_patterns_page_links_to_as_many_stories(persona_client, story_count, corpus):
    page = persona_client.get("/en/programmas/p/verhalen/patronen/").content.decode()
    assert f"What {story_count} stories say together." in page
    links = [(html.unescape(href), int(count)) for href, count in BOOK_LINK.findall(page)]
    kinds = {re.sub(r"=[^&]*", "", href.split("?")[1]) for href, _count in links}
    assert kinds == {"ring&dimensie&woord", "thema", "dimensie&dimensie", "sector&dimensie"}
    assert len(links) > 8  # fewer words than raw counts gave: only the telling ones
    for href, count in links:
        assert book_count(persona_client, href) == count, href


def test_the_page_shows_the_hand_counted_numbers(anonymous_client, corpus):
    page = anonymous_client.get("/en/programmas/p/verhalen/patronen/").content.decode()
    assert f'href="/en/programmas/p/verhalen/?thema={corpus["taal"].slug}">3 stories</a>' in page
    pair = f"?dimensie={dim(ENCOUNTER).pk}&amp;dimensie={dim(CONNECTIONS).pk}"
    assert f'href="/en/programmas/p/verhalen/{pair}">2</a>' in page
    assert f'href="/en/programmas/p/verhalen/?sector=vo&amp;dimensie={dim(KNOWLEDGE).pk}">1</a>' in page
    # The waiting story's words never show up.
    assert book_count(anonymous_client, "/en/programmas/p/verhalen/?ring=2&woord=school") == 2
    assert book_count(anonymous_client, "/en/programmas/p/verhalen/") == 4


def test_the_pattern_page_of_a_draft_programme_is_hidden_from_the_public(anonymous_client, coordinator_client):
    make_programme(slug="concept", published=False)
    assert anonymous_client.get("/en/programmas/concept/verhalen/patronen/").status_code == 404
    page = coordinator_client.get("/en/programmas/concept/verhalen/patronen/")
    assert page.status_code == 200 and "There are no accepted stories yet." in page.content.decode()


@pytest.fixture
def sectors_apart(org_a):
    """Six primary-school stories about meeting people and six secondary-school stories about learning: the words
    and the dimensions of ring 1 tell the two sectors apart; "school" is in every story and tells nothing."""
    programme = make_programme(slug="apart", organisations=[org_a])
    for number in range(6):
        make_story(
            programme=programme,
            sector="po",
            parts={1: (ENCOUNTER, f"Een ontmoeting op school met collega {number}.")},
        )
        make_story(
            programme=programme,
            sector="vo",
            parts={1: (KNOWLEDGE, f"Ik leerde een methode voor school, les {number}.")},
        )
    return programme


def test_sectors_that_differ_are_marked_and_their_words_found(sectors_apart):
    result = patterns(Story.objects.filter(PUBLIC, programme=sectors_apart))
    ring1 = result.sectors[0]
    assert ring1.carried
    assert [(row.sector, [(count, notable) for _d, count, notable in row.counts]) for row in ring1.rows] == [
        ("po", [(6, True), (0, True)]),
        ("vo", [(0, True), (6, True)]),
    ]
    by_sector = {group.query: [word.word for word in group.words] for group in dict(result.words)["Per sector"]}
    # Every word of one sector's stories only; "school", in all twelve, is not among them.
    assert by_sector == {"sector=po": ["collega", "ontmoeting"], "sector=vo": ["leerde", "les", "methode"]}
    assert not result.sectors[1].carried  # no stories in ring 2: nothing to tell


def test_every_distinctive_word_links_to_as_many_stories(anonymous_client, sectors_apart):
    page = anonymous_client.get("/en/programmas/apart/verhalen/patronen/").content.decode()
    links = re.findall(r'href="(/en/programmas/apart/verhalen/\?[^"]*woord=[^"]+)">(\d+) stor(?:y|ies)</a>', page)
    assert len(links) >= 4
    for href, count in links:
        body = anonymous_client.get(html.unescape(href)).content.decode()
        results = body[body.index('<div id="results"') :]
        assert results.count('<article class="rimpel-story') == int(count), href


def test_ring_words_name_what_sets_each_ring_apart(org_a):
    programme = make_programme(slug="ringen", organisations=[org_a])
    for number in range(6):
        make_story(
            programme=programme,
            parts={
                1: (ENCOUNTER, f"Een ontmoeting op school, dag {number}."),
                2: (CONNECTIONS, f"Samenwerken met de school, week {number}."),
            },
        )
    assert ring_words(Story.objects.filter(PUBLIC, programme=programme)) == {
        1: ["dag", "ontmoeting"],
        2: ["samenwerken", "week"],
    }
