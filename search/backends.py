"""The one place that speaks to the database's full-text engine: SQLite FTS5 or PostgreSQL tsvector.

Terms reach here already folded and stemmed (search.text) and are cut down to letters and digits, so
they can be put into a MATCH or tsquery expression without escaping problems.
"""

import itertools

from django.db import connection
from django.utils import timezone

from search import text
from search.related import PHRASE_GAP

CANDIDATES = 500  # best-ranked matches read per query: enough for every page a reader goes through
TITLES_ENOUGH = 60  # this many title matches make a full first page of every kind
PREFIX_MIN = text.PREFIX_MIN
LEFT_OUT = " AND search_fts.rowid NOT IN "


def _safe(term: str) -> str:
    # Letters and digits of any script; nothing the query syntax of either database reads as an operator.
    return "".join(ch for ch in term if ch.isalnum())


def _member(term: str) -> str | list[str]:
    """A term, or a related phrase ("luchtkwaliteit school") as its words, made safe; empty when nothing is left."""
    if " " not in term:
        return _safe(term)
    words = [safe for safe in (_safe(word) for word in term.split()) if safe]
    return words if len(words) > 1 else "".join(words)


def _prefix(term: str) -> bool:
    # Dutch glues words together: "natuur" should find "natuurwandeling". Very short terms (po, ai)
    # match whole words only, or they would match half the index.
    return len(term) >= PREFIX_MIN


def _near_postgresql(phrase: list[str]) -> str:
    """A phrase of the related terms (search.related) as tsquery: its words in any order, at most PHRASE_GAP
    other words among them, as SQLite's NEAR finds them."""
    words = [f"{term}:*" if _prefix(term) else term for term in phrase]
    options = []
    for order in itertools.permutations(words):
        for steps in itertools.product(range(1, PHRASE_GAP + 2), repeat=len(order) - 1):
            if sum(steps) - len(steps) <= PHRASE_GAP:
                after = zip(steps, order[1:], strict=True)
                options.append(order[0] + "".join(f" <{step}> {word}" for step, word in after))
    return "(" + " | ".join(options) + ")"


def _near_sqlite(phrase: list[str]) -> str:
    return "NEAR(" + " ".join(f'"{term}"*' if _prefix(term) else f'"{term}"' for term in phrase) + f", {PHRASE_GAP})"


def _where(public_only: bool, kind: str) -> tuple[str, list]:
    clauses = ["(e.visible_until IS NULL OR e.visible_until >= %s)"]
    params: list[object] = [timezone.localdate()]
    if public_only:
        clauses.append("e.members_only = %s")
        params.append(False)
    if kind:
        clauses.append("e.kind = %s")
        params.append(kind)
    return "".join(f" AND {clause}" for clause in clauses), params


def _expression(groups: list[list[str | list[str]]], any_term: bool, titles_only: bool) -> str:
    """Each group is a term with its related terms (search.related): any of them will do for that term. A
    related phrase is a list of words, found where they stand near each other."""
    if connection.vendor == "postgresql":
        # Titles have a vector of their own (title_vector), so the same expression serves both passes.
        ored = [
            " | ".join(
                _near_postgresql(term) if isinstance(term, list) else f"{term}:*" if _prefix(term) else term
                for term in group
            )
            for group in groups
        ]
        return (" | " if any_term else " & ").join(
            f"({part})" if len(group) > 1 else part for part, group in zip(ored, groups, strict=True)
        )
    ored = [
        " OR ".join(
            _near_sqlite(term) if isinstance(term, list) else f'"{term}"*' if _prefix(term) else f'"{term}"'
            for term in group
        )
        for group in groups
    ]
    joined = (" OR " if any_term else " AND ").join(
        f"({part})" if len(group) > 1 else part for part, group in zip(ored, groups, strict=True)
    )
    return f"{{terms_title}} : ({joined})" if titles_only else joined


def _left_out_sqlite(public_only: bool) -> tuple[str, list]:
    """_where for SQLite without a kind: the few entries a search leaves out (expired, members only), found through
    their partial indexes (SearchEntry.Meta), so ranking needs no join with the entries. The join read each
    matching entry's row: for a common word (12,000 titles at city scale) nearly as costly as the ranking."""
    left_out = "SELECT id FROM search_searchentry WHERE visible_until < %s"
    if public_only:
        left_out += " UNION ALL SELECT id FROM search_searchentry WHERE members_only"
    return f"{LEFT_OUT}({left_out})", [timezone.localdate()]


def _ranked(
    expression: str, where: str, params: list, limit: int, titles_only: bool, any_expression: str = ""
) -> list[tuple[int, float]]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ts_rank rewards query words close together, which a title and its text never are; so a title
            # holding any of the words gets its own rank on top, as bm25 weighs titles on SQLite.
            if titles_only:
                rank, vectors, extra = "ts_rank(e.title_vector, query)", "", []
            else:
                rank = "ts_rank(e.search_vector, query) + ts_rank(e.title_vector, any_query)"
                vectors, extra = ", to_tsquery('simple', %s) any_query", [any_expression]
            vector = "e.title_vector" if titles_only else "e.search_vector"
            sql = (
                "SELECT e.id, " + rank + " FROM search_searchentry e, "  # noqa: S608
                "to_tsquery('simple', %s) query"
                + vectors
                + " WHERE "
                + vector
                + " @@ query"
                + where
                + " ORDER BY 2 DESC LIMIT %s"
            )
            cursor.execute(sql, [expression, *extra, *params, limit])  # `where` is fixed text
            return cursor.fetchall()
        # bm25 weighs a match in the title ten times one in the body; lower is better there.
        entries = "" if where.startswith(LEFT_OUT) else " JOIN search_searchentry e ON e.id = search_fts.rowid"
        sql = (
            "SELECT search_fts.rowid, -bm25(search_fts, 10.0, 1.0) FROM search_fts"  # noqa: S608
            + entries
            + " WHERE search_fts MATCH %s"
            + where
            + " ORDER BY bm25(search_fts, 10.0, 1.0) LIMIT %s"
        )
        cursor.execute(sql, [expression, *params, limit])  # `where` is fixed text; values are parameters
        return cursor.fetchall()


def match(
    terms: list[str],
    *,
    related: list[list[str]] | None = None,  # a member with a space is a phrase: its words near each other
    any_term: bool = False,
    public_only: bool = True,
    kind: str = "",
    limit: int = CANDIDATES,
    titles_first: bool = True,
) -> tuple[list[tuple[int, float]], bool]:
    """(entry id, score) of the entries matching all terms (or any, when asked), best first. Terms also match
    as the start of a word, so "natuur" finds "natuurwandeling" and a half-typed word its completions.
    Higher score is better. `related` gives each term with its related terms (search.related), any of which
    will do for it.

    Ranking every match of a common word costs time on a large index, so titles are searched first: when
    enough titles match, those are the best results anyway (a title counts ten times the text) and the
    texts are not ranked (unless titles_first is off: matching weighs words itself and needs the texts too).
    Returns the rows and whether they are all the matches (False when cut off).
    """
    groups = [
        [member for member in (_member(term) for term in group) if member]
        for group in (related or [[term] for term in terms])
    ]
    groups = [group for group in groups if group]
    if not groups:
        return [], True
    # With a kind the join stays: SQLite would drive the search from a list of all entries of that kind.
    where, params = (
        _left_out_sqlite(public_only) if connection.vendor == "sqlite" and not kind else _where(public_only, kind)
    )
    if titles_first:
        in_titles = _ranked(_expression(groups, any_term, titles_only=True), where, params, limit, titles_only=True)
        if len(in_titles) >= TITLES_ENOUGH:
            return in_titles, False
    rows = _ranked(
        _expression(groups, any_term, titles_only=False),
        where,
        params,
        limit,
        titles_only=False,
        any_expression=_expression(groups, True, titles_only=False),
    )
    return rows, len(rows) < limit


def rebuild() -> None:
    """Make the full-text index agree with the entries table after bulk changes."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('rebuild')")
    # On PostgreSQL the vector is a generated column: it is always up to date.


SQLITE_SCHEMA = [
    # Prefix indexes make the word-start matches ("natuur*") fast.
    "CREATE VIRTUAL TABLE search_fts USING fts5(terms_title, terms_body, content='search_searchentry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='4 5 6')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, terms_title, terms_body) VALUES (new.id, new.terms_title, new.terms_body); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms_title, terms_body) "
    "VALUES ('delete', old.id, old.terms_title, old.terms_body); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms_title, terms_body) "
    "VALUES ('delete', old.id, old.terms_title, old.terms_body); "
    "INSERT INTO search_fts(rowid, terms_title, terms_body) VALUES (new.id, new.terms_title, new.terms_body); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRESQL_SCHEMA = [
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', coalesce(terms_title, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(terms_body, '')), 'B')) STORED",
    "CREATE INDEX search_vector_gin ON search_searchentry USING gin (search_vector)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS search_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]
# The title pass of match() reads titles alone: on a large index that is far fewer rows to rank.
POSTGRESQL_TITLES = [
    "ALTER TABLE search_searchentry ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', coalesce(terms_title, '')), 'A')) STORED",
    "CREATE INDEX search_title_vector_gin ON search_searchentry USING gin (title_vector)",
]
POSTGRESQL_TITLES_DROP = [
    "DROP INDEX IF EXISTS search_title_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector",
]
