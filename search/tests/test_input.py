"""Whatever is typed into the search box: never an error, always a sensible answer. And the results page:
grouped by kind with counts, narrowed by kind or theme, matches marked, HTML escaped, a suggestion for a
misspelling, and the same order for the same URL."""

import re
from html import unescape

import pytest
from django.db import connection
from django.utils import timezone

from search.models import SearchEntry
from search.services import MAX_QUERY_LENGTH, search
from search.text import MAX_QUERY_TERMS, MAX_TERM_LENGTH
from tests.factories import ActivityFactory, OrganisationFactory, in_days

pytestmark = pytest.mark.django_db

NATUURWANDELING = "Natuurwandeling in de Hortus"

# (name, what is typed, which title must be found, or None when nothing need be found)
BAD_INPUT = [
    ("empty", "", None),
    ("whitespace", " \t\n  \u00a0 ", None),
    ("5000 characters", ("natuur wandeling " * 300)[:5000], NATUURWANDELING),
    ("5000 characters of noise", "x" * 5000, None),
    ("quote", '"', None),
    ("unbalanced quote", '"natuurwandeling', NATUURWANDELING),
    ("star", "*", None),
    ("trailing star", "natuurwandeling*", NATUURWANDELING),
    ("NEAR", "NEAR", None),
    ("NEAR()", "NEAR(natuurwandeling hortus, 2)", NATUURWANDELING),
    ("minus", "-", None),
    ("minus word", "-natuurwandeling", NATUURWANDELING),
    ("OR", "OR", None),
    ("AND", "AND", None),
    ("NOT", "NOT", None),
    ("word OR word", "natuurwandeling OR xyzzy", NATUURWANDELING),
    ("word NOT word", "natuurwandeling NOT hortus", NATUURWANDELING),
    ("open bracket", "(", None),
    ("close bracket", ")", None),
    ("brackets", "(natuurwandeling)", NATUURWANDELING),
    ("colon", ":", None),
    ("caret", "^", None),
    ("caret word", "^natuurwandeling", NATUURWANDELING),
    ("fts column filter", "terms_title:x", None),
    ("fts column filter on a word", "terms_title:natuurwandeling", NATUURWANDELING),
    ("fts column set", "{terms_title terms_body}: natuurwandeling", NATUURWANDELING),
    ("tsquery syntax", "natuur:* & !hortus | <-> taal", NATUURWANDELING),
    ("sql", "'; DROP TABLE search_searchentry; --", None),
    ("sql with a word", "natuurwandeling' OR 1=1 --", NATUURWANDELING),
    ("percent and underscore", "%_%", None),
    ("backslash", "\\", None),
    ("emoji", "🌳🦔", None),
    ("emoji and a word", "🌳 natuurwandeling 🦔", NATUURWANDELING),
    ("nul byte", "\x00", None),
    ("nul inside a word", "natuur\x00wandeling", NATUURWANDELING),
    ("arabic", "مدرسة الطبيعة", None),
    ("cyrillic", "школа природы", None),
    ("mixed scripts", "natuurwandeling школа مدرسة", NATUURWANDELING),
    ("very long word", "natuurwandeling" + "en" * 2000, None),
    ("many words", " ".join(f"woord{n}" for n in range(200)), None),
    ("control characters", "\x01\x02\x1b[31m natuurwandeling\x7f\x1b[0m", NATUURWANDELING),
    ("html", "<b>natuurwandeling</b>", NATUURWANDELING),
    ("mathematical letters", "𝔫𝔞𝔱𝔲𝔲𝔯𝔴𝔞𝔫𝔡𝔢𝔩𝔦𝔫𝔤", NATUURWANDELING),  # NFKD folds these to latin letters
]
IDS = [name for name, _query, _expected in BAD_INPUT]


@pytest.mark.parametrize("name, query, expected", BAD_INPUT, ids=IDS)
@pytest.mark.parametrize("member", [False, True], ids=["public", "member"])
def test_bad_input_through_the_service(corpus, name, query, expected, member):
    results = search(query, member=member)
    assert len(results.query) <= MAX_QUERY_LENGTH
    assert "\x00" not in results.query
    assert len(results.terms) <= MAX_QUERY_TERMS
    for term in results.terms:
        # Letters and digits of any script, lower case, no operators or punctuation.
        assert re.fullmatch(r"[^\W_]+", term) and term == term.casefold() and len(term) <= MAX_TERM_LENGTH, (
            results.terms
        )
    titles = [hit.entry.title for hit in results.hits]
    if expected:
        assert expected in titles[:3], f"{query[:80]!r} gave {titles[:5]}"
    else:
        assert titles == [], f"{query[:80]!r} gave {titles[:5]}"  # operators and noise find nothing by chance
    if not results.terms:
        assert titles == [] and results.kind_counts == [] and not results.loosened
    # The entries table survives whatever was typed.
    assert SearchEntry.objects.filter(title=NATUURWANDELING).exists()


@pytest.mark.parametrize("name, query, expected", BAD_INPUT, ids=IDS)
def test_bad_input_through_the_view(corpus, anonymous_client, name, query, expected):
    response = anonymous_client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Traceback" not in html
    assert html.count("<mark>") == html.count("</mark>")
    assert "<b>natuurwandeling</b>" not in html, "what was typed is escaped"
    found = response.context["found"]
    assert len(found.query) <= MAX_QUERY_LENGTH
    if expected:
        assert expected in [hit.entry.title for hit in found.hits[:3]]
        assert expected in _titles(html)
    else:
        assert _titles(html) == []


@pytest.mark.parametrize(
    "url",
    [
        "/zoeken/",
        "/zoeken/?q=",
        "/zoeken/?q=%00",
        "/zoeken/?q=%FF%FE",
        "/zoeken/?q=natuur&soort=%00",
        "/zoeken/?q=natuur&soort=bestaat-niet",
        "/zoeken/?q=natuur&thema=%00",
        "/zoeken/?q=natuur&thema=" + "x" * 5000,
        "/zoeken/?q=natuur&q=taal",
        "/zoeken/?q[]=natuur",
        "/zoeken/?thema=natuur",
        "/zoeken/?soort=activity",
        "/en/zoeken/?q=%22%20OR%20%22",
    ],
)
def test_odd_urls(corpus, anonymous_client, url):
    response = anonymous_client.get(url)
    assert response.status_code == 200
    assert "Traceback" not in response.content.decode()


def test_only_stop_words_asks_for_a_real_word(corpus, anonymous_client):
    html = anonymous_client.get("/en/zoeken/", {"q": "één"}).content.decode()
    assert "too common to search on" in html
    assert "Nothing found" not in html


# --- the results page ---------------------------------------------------------------------------------------------


def _titles(html: str) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>", "", title))
        for title in re.findall(r'<li class="rimpel-hit"><a class="utrecht-link" href="[^"]*">(.*?)</a>', html)
    ]


def test_results_are_grouped_by_kind_with_counts(corpus, anonymous_client):
    response = anonymous_client.get("/en/zoeken/", {"q": "natuur"})
    html = response.content.decode()
    found = response.context["found"]
    counts = dict(found.kind_counts)
    assert counts == {"organisation": 2, "activity": 3, "project": 1, "story": 1}
    # Sections in a fixed order (organisations, activities, projects, …, stories), each headed with its count.
    sections = re.findall(
        r'<h2 class="utrecht-heading-2" id="kind-(\w+)">([^<]+) <span class="rimpel-count">'
        r"\((\d+)\)</span>",
        html,
    )
    assert [(kind, int(count)) for kind, _label, count in sections] == [
        ("organisation", 2),
        ("activity", 3),
        ("project", 1),
        ("story", 1),
    ]
    assert [label for _kind, label, _count in sections] == ["Organisations", "Activities", "Projects", "Stories"]
    # The facets offer every kind with its count.
    for kind, count in counts.items():
        assert f"soort={kind}" in html and f"({count})" in html
    assert found.total == sum(counts.values()) == len(_titles(html))


def test_a_group_shows_five_and_links_to_the_rest(corpus, anonymous_client):
    html = anonymous_client.get("/en/zoeken/", {"q": "leiden"}).content.decode()
    section = re.search(r'<section aria-labelledby="kind-organisation">(.*?)</section>', html, re.S).group(1)
    count = int(re.search(r"\((\d+)\)", section).group(1))
    assert count > 5
    assert section.count('class="rimpel-hit"') == 5
    assert f"All {count} organisations" in section
    assert "?q=leiden&amp;soort=organisation" in section


def test_soort_narrows_to_one_kind(corpus, anonymous_client):
    everything = anonymous_client.get("/zoeken/", {"q": "natuur"}).context["found"]
    response = anonymous_client.get("/zoeken/", {"q": "natuur", "soort": "activity"})
    html = response.content.decode()
    hits = response.context["hits"]
    assert len(hits) == 3 and {hit.entry.kind for hit in hits} == {"activity"}
    assert [hit.entry.pk for hit in hits] == [hit.entry.pk for hit in everything.hits if hit.entry.kind == "activity"]
    assert len(_titles(html)) == 3
    assert 'id="kind-organisation"' not in html
    # The kind facet still counts everything, and marks the chosen kind.
    assert response.context["found"].kind_counts == everything.kind_counts
    assert re.search(r'soort=activity"\s+aria-current="page"', html)
    # The search form keeps the kind.
    assert '<input type="hidden" name="soort" value="activity">' in html


def test_an_unknown_soort_shows_everything(corpus, anonymous_client):
    response = anonymous_client.get("/zoeken/", {"q": "natuur", "soort": "person"})
    assert response.context["kind"] == "person"
    assert response.context["hits"] == []  # people are for members: nothing, but no error
    response = anonymous_client.get("/zoeken/", {"q": "natuur", "soort": "rubbish"})
    assert response.context["kind"] == "" and response.context["found"].total == 7


def test_thema_narrows_to_one_theme(corpus, anonymous_client):
    response = anonymous_client.get("/zoeken/", {"q": "natuur"})
    themes = {theme.slug: count for theme, count in response.context["found"].theme_counts}
    assert themes["natuur"] == 6 and themes["duurzaamheid"] == 1
    narrowed = anonymous_client.get("/zoeken/", {"q": "natuur", "thema": "duurzaamheid"})
    html = narrowed.content.decode()
    assert _titles(html) == ["Bijenhotels bouwen"]
    assert re.search(r'thema=duurzaamheid"\s+aria-current="page"', html)
    # Theme and kind combine.
    both = anonymous_client.get("/zoeken/", {"q": "natuur", "thema": "natuur", "soort": "story"})
    assert [hit.entry.kind for hit in both.context["hits"]] == ["story"]
    # A theme no hit has leaves nothing, without an error.
    assert anonymous_client.get("/zoeken/", {"q": "natuur", "thema": "bestaat-niet"}).context["found"].total == 0


def test_matched_words_are_marked(corpus, anonymous_client):
    html = anonymous_client.get("/zoeken/", {"q": "scholen"}).content.decode()
    # Marked by stem: "scholen" marks "scholen" in the title and "Scholen" in the snippet.
    assert "Duurzame <mark>scholen</mark> in Leiden" in html
    assert "<mark>Scholen</mark> delen wat werkt" in html
    assert "<mark>Duurzame</mark>" not in html


def test_a_compound_found_by_its_start_is_marked_too(corpus, anonymous_client):
    html = anonymous_client.get("/zoeken/", {"q": "natuur"}).content.decode()
    assert "<mark>Natuurwandeling</mark> in de Hortus" in html


def test_html_in_a_title_is_escaped_and_still_marked(corpus, anonymous_client):
    html = anonymous_client.get("/zoeken/", {"q": "natuur"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Natuur</mark>" in html


def test_html_in_the_query_is_escaped(corpus, anonymous_client):
    html = anonymous_client.get("/zoeken/", {"q": '"><script>alert(2)</script> natuur'}).content.decode()
    assert "<script>alert(2)</script>" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html  # in the page title, the box and the status line


def test_a_misspelling_suggests_the_word_meant(corpus, anonymous_client):
    response = anonymous_client.get("/en/zoeken/", {"q": "duurzaamheit"})
    html = response.content.decode()
    assert response.context["found"].total == 0
    assert response.context["found"].suggestions[0] == "duurzaamheid"
    assert "Did you mean:" in html and '<a class="utrecht-link" href="?q=duurzaamheid">duurzaamheid</a>' in html
    # The suggestion leads to results.
    assert anonymous_client.get("/en/zoeken/", {"q": "duurzaamheid"}).context["found"].total > 0


def test_a_suggestion_follows_new_titles(corpus, anonymous_client):
    assert search("bijenkasd", member=False).suggestions == []  # nothing close yet
    ActivityFactory(title="Bijenkast bekijken", organisers=[OrganisationFactory()], start=in_days(3))
    from django.core.cache import cache

    cache.clear()  # the vocabulary is cached for ten minutes
    assert "bijenkast" in search("bijenkasd", member=False).suggestions


def test_no_suggestion_when_something_is_found(corpus):
    assert search("natuur", member=False).suggestions == []


def _page(client, url: str, **query) -> str:
    """The page without its per-request CSRF tokens (the header for htmx and the language form's field)."""
    html = client.get(url, query).content.decode()
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_same_url_gives_the_same_page(corpus, anonymous_client):
    for query in ("natuur", "hsl", "natuurwandeling kunstmatige", "podium", "leiden", "taal"):
        first = _page(anonymous_client, "/zoeken/", q=query)
        assert _titles(first), query
        assert first == _page(anonymous_client, "/zoeken/", q=query), query
    url = "/zoeken/?q=natuur&soort=activity&thema=natuur"
    assert _page(anonymous_client, url) == _page(anonymous_client, url)


def test_facet_links_keep_the_query(corpus, anonymous_client):
    html = anonymous_client.get("/zoeken/", {"q": "natuur hortus"}).content.decode()
    assert "?q=natuur%20hortus&amp;soort=activity" in html
    assert "?q=natuur%20hortus&amp;thema=natuur" in html


def test_people_only_for_members_on_the_page(corpus, anonymous_client, member_client):
    public = anonymous_client.get("/zoeken/", {"q": "annelies"}).content.decode()
    assert "Verhoeven" not in public and 'id="kind-person"' not in public
    html = member_client.get("/en/zoeken/", {"q": "annelies"}).content.decode()
    assert _titles(html) == ["Annelies Verhoeven"] and 'id="kind-person"' in html
    assert "<mark>Annelies</mark> Verhoeven" in html


@pytest.fixture
def table_scan():
    """On PostgreSQL, read the entries the way the planner does for a long list of candidates: a scan of the table
    (heap order) rather than one index lookup per id. SQLite always reads rows in rowid order."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_indexscan = off")
        cursor.execute("SET enable_indexonlyscan = off")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_indexscan")
        cursor.execute("RESET enable_indexonlyscan")


def test_full_ties_are_ordered_by_the_record_not_by_storage(corpus, table_scan):
    # Two entries that tie on score, date and title, stored newest first.
    date = timezone.localdate()
    for pk in (900_002, 900_001):
        SearchEntry.objects.create(
            pk=pk,
            kind="activity",
            object_id=pk,
            title="Tweelingdag",
            date=date,
            url=f"/agenda/tweelingdag-{pk}/",
            terms_title="tweelingdag",
        )
    hits = search("tweelingdag", member=False).hits
    assert hits[0].score == pytest.approx(hits[1].score)
    assert [hit.entry.pk for hit in hits] == [900_001, 900_002]


def test_a_title_in_another_script_can_be_found(corpus):
    ActivityFactory(title="Школа природы", slug="shkola-prirody", organisers=[OrganisationFactory()])
    assert [hit.entry.title for hit in search("школа", member=False).hits] == ["Школа природы"]


def test_a_facets_count_is_what_the_facet_shows(corpus, anonymous_client):
    """The count beside each kind is the number of results that kind's page lists, whichever page it is read on
    (the search box keeps the chosen kind, so a new query may start on a narrowed page)."""
    for query, start in [
        ("natuur", ""),
        ("natuur", "activity"),
        ("natuur hortus", ""),
        ("natuur hortus", "project"),
        ("natuurwandeling kunstmatige", ""),
        ("natuurwandeling kunstmatige", "story"),
    ]:
        counts = anonymous_client.get("/zoeken/", {"q": query, "soort": start}).context["found"].kind_counts
        for kind, count in counts:
            listed = anonymous_client.get("/zoeken/", {"q": query, "soort": kind}).context["hits"]
            assert len(listed) == count, (query, start, kind)


def test_a_facets_count_is_what_the_facet_shows_on_a_large_index(corpus, anonymous_client, monkeypatch):
    from search import backends

    # Three titles say "natuur…": with the threshold at three, the corpus behaves as a large index does.
    monkeypatch.setattr(backends, "TITLES_ENOUGH", 3)
    found = anonymous_client.get("/zoeken/", {"q": "natuur"}).context["found"]
    for kind, count in found.kind_counts:
        listed = anonymous_client.get("/zoeken/", {"q": "natuur", "soort": kind}).context["hits"]
        assert found.capped or len(listed) == count, kind
    assert found.capped or dict(found.kind_counts) == {"organisation": 2, "activity": 3, "project": 1, "story": 1}
