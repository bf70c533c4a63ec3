"""The one place that speaks to the database's full-text engine: SQLite FTS5 or PostgreSQL tsvector.

Terms reach here already folded and stemmed (search.text), made only of [0-9a-z], so they can be put
into a MATCH or tsquery expression without escaping problems.
"""

from django.db import connection

CANDIDATES = 2000  # best-ranked matches considered per query; more is noise to the reader
PREFIX_MIN = 4


def _safe(term: str) -> str:
    cleaned = "".join(ch for ch in term if ch.isascii() and ch.isalnum())
    return cleaned


def match(terms: list[str], *, any_term: bool = False, limit: int = CANDIDATES) -> list[tuple[int, float]]:
    """(entry id, score) of the entries matching all terms (or any, when asked), best first. Terms also match
    as the start of a word, so "natuur" finds "natuurwandeling" and a half-typed word its completions.
    Higher score is better."""
    terms = [term for term in (_safe(term) for term in terms) if term]
    if not terms:
        return []
    if connection.vendor == "postgresql":
        return _postgresql(terms, any_term, limit)
    return _sqlite(terms, any_term, limit)


def _prefix(term: str) -> bool:
    # Dutch glues words together: "natuur" should find "natuurwandeling". Very short terms (po, ai)
    # match whole words only, or they would match half the index.
    return len(term) >= PREFIX_MIN


def _sqlite(terms, any_term, limit):
    quoted = [f'"{term}"*' if _prefix(term) else f'"{term}"' for term in terms]
    expression = (" OR " if any_term else " AND ").join(quoted)
    with connection.cursor() as cursor:
        # bm25 weighs a match in the title ten times one in the body; lower is better there.
        cursor.execute(
            "SELECT rowid, -bm25(search_fts, 10.0, 1.0) FROM search_fts WHERE search_fts MATCH %s "
            "ORDER BY bm25(search_fts, 10.0, 1.0) LIMIT %s",
            [expression, limit],
        )
        return cursor.fetchall()


def _postgresql(terms, any_term, limit):
    expression = (" | " if any_term else " & ").join(f"{term}:*" if _prefix(term) else term for term in terms)
    with connection.cursor() as cursor:
        # Title terms carry weight A, body terms B: ts_rank counts A 1.0 and B 0.4.
        cursor.execute(
            "SELECT id, ts_rank(search_vector, query) FROM search_searchentry, to_tsquery('simple', %s) query "
            "WHERE search_vector @@ query ORDER BY ts_rank(search_vector, query) DESC LIMIT %s",
            [expression, limit],
        )
        return cursor.fetchall()


def rebuild() -> None:
    """Make the full-text index agree with the entries table after bulk changes."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('rebuild')")
    # On PostgreSQL the vector is a generated column: it is always up to date.


SQLITE_SCHEMA = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(terms_title, terms_body, content='search_searchentry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
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
SQLITE_DROP = ["DROP TRIGGER IF EXISTS search_fts_update", "DROP TRIGGER IF EXISTS search_fts_delete",
               "DROP TRIGGER IF EXISTS search_fts_insert", "DROP TABLE IF EXISTS search_fts"]
POSTGRESQL_SCHEMA = [
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', coalesce(terms_title, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(terms_body, '')), 'B')) STORED",
    "CREATE INDEX search_vector_gin ON search_searchentry USING gin (search_vector)",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS search_vector_gin",
                   "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector"]
