"""Patterns across stories, on a small corpus whose answers are counted by hand, and the links into the story book."""

import html
import re

import pytest

from stories.book import counted_stories
from stories.models import PUBLIC, Story
from stories.patterns import frequent_words, patterns
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


def words(ring_words):
    return [(word.word, word.stem, word.stories) for word in ring_words.words]


def test_frequent_words_per_ring_count_stories_once_per_stem(corpus):
    result = public_patterns(corpus)
    assert result.story_count == 4
    assert [ring.number for ring in result.words] == [1, 2, 3]
    # "scholen" and "school" share one stem; S3 uses both and counts once. Ties are in stem order.
    assert words(result.words[0]) == [
        ("leerkrachten", "leerkracht", 3),
        ("ontmoeting", "ontmoet", 3),  # "ontmoette" (S1), "ontmoeting" (S2, S4): the commonest spelling is shown
        ("ouders", "ouder", 2),
        ("scholen", "school", 2),  # spelled "scholen" twice, "school" once
        ("betrekken", "betrek", 1),
        ("leerde", "leer", 1),
        ("mooie", "mooie", 1),
        ("wijk", "wijk", 1),
    ]
    assert words(result.words[1])[0] == ("school", "school", 2)
    assert all(count == 1 for _w, _s, count in words(result.words[1])[1:])
    assert words(result.words[2])[0] == ("school", "school", 2)
    stop_words = {"ik", "van", "andere", "veel", "uit", "de", "naar", "hoe", "een", "en", "met", "wij", "nu", "we"}
    assert not stop_words & {stem for ring in result.words for _w, stem, _c in words(ring)}


def test_frequent_words_are_limited_and_a_text_counts_once_per_stem():
    counted = frequent_words(["school scholen school", "Scholen!", "De school van de wijk"], limit=1)
    assert [(w.word, w.stem, w.stories) for w in counted] == [("school", "school", 3)]
    assert frequent_words(["de het een en", "12 345"]) == []


def test_themes_count_the_stories_of_the_set_only(corpus):
    assert [(theme.name, theme.stories_count) for theme in public_patterns(corpus).themes] == [
        ("Taal", 3),
        ("Ouders", 2),
    ]
    everything_accepted = patterns(counted_stories(corpus["programme"]))
    assert everything_accepted.story_count == 5
    assert [(theme.name, theme.stories_count) for theme in everything_accepted.themes] == [("Ouders", 3), ("Taal", 3)]


def test_dimension_pairs_follow_ring_1_to_2_and_2_to_3(corpus):
    pairs = [(pair.first, pair.second, pair.stories) for pair in public_patterns(corpus).pairs]
    assert pairs == [
        (dim(ENCOUNTER), dim(CONNECTIONS), 2),  # S1, S2
        (dim(KNOWLEDGE), dim(BEHAVIOUR), 1),  # S3
        (dim(CONNECTIONS), dim(EMBEDDING), 1),  # S1
        (dim(BEHAVIOUR), dim(EMBEDDING), 1),  # S3
    ]


def test_the_sector_table_per_ring(corpus):
    tables = public_patterns(corpus).sectors
    assert [table.number for table in tables] == [1, 2, 3]
    ring1, ring2, ring3 = tables
    assert ring1.dimensions == [dim(ENCOUNTER), dim(KNOWLEDGE)]
    assert [(row.sector, row.label, [count for _d, count in row.counts]) for row in ring1.rows] == [
        ("po", "Primary education", [2, 0]),
        ("vo", "Secondary education", [0, 1]),
        ("", "Sector unknown", [1, 0]),
    ]
    assert ring2.dimensions == [dim(CONNECTIONS), dim(BEHAVIOUR)]
    assert [(row.sector, [count for _d, count in row.counts]) for row in ring2.rows] == [("po", [2, 0]), ("vo", [0, 1])]
    assert ring3.dimensions == [dim(EMBEDDING)]
    assert [(row.sector, [count for _d, count in row.counts]) for row in ring3.rows] == [("po", [1]), ("vo", [1])]


def test_no_stories_no_patterns():
    programme = make_programme(slug="leeg")
    result = patterns(counted_stories(programme))
    assert result.story_count == 0 and result.pairs == [] and result.themes == []
    assert [ring.words for ring in result.words] == [[], [], []]
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
    assert kinds == {"ring&woord", "thema", "dimensie&dimensie", "sector&dimensie"}
    assert len(links) > 25
    for href, count in links:
        assert book_count(persona_client, href) == count, href


def test_the_page_shows_the_hand_counted_numbers(anonymous_client, corpus):
    page = anonymous_client.get("/en/programmas/p/verhalen/patronen/").content.decode()
    assert (
        'leerkrachten: <a class="utrecht-link" href="/en/programmas/p/verhalen/?ring=1&amp;woord=leerkrachten">'
        "3 stories</a>"
    ) in page
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
