"""Candidate retrieval for the translation memory, one implementation per database.

SQLite: an FTS5 table with the trigram tokenizer over tm_unit (source_key, target), kept in
step by triggers (see the tm migration). PostgreSQL: pg_trgm GIN indexes on the same columns
(the database's C.UTF-8 or UTF-8 ctype makes Han characters trigram material).

Trigram indexes cannot look up strings under three characters (on SQLite 3.40 a LIKE or
MATCH with a short pattern returns no rows at all), so those take a plain LIKE scan, bounded
by LIMIT, on both databases. Results are ordered by id (newest first) or by relevance and
re-scored in Python, so both databases give the same answers.
"""

from __future__ import annotations

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from ..models import TMUnit
from .glossary import like_pattern

MIN_TRIGRAM = 3
# Trigrams sent to FTS5 for one fuzzy lookup: enough to rank, few enough to stay fast.
MAX_QUERY_TRIGRAMS = 40
# pg_trgm similarity below which a unit cannot reach a 50+ fuzzy score on these texts.
PG_SIMILARITY_FLOOR = 0.2


def _pg_word_floor(key: str) -> float:
    """The word similarity of a unit sharing one 8-character run (6 trigrams) with `key`."""
    return max(0.02, 0.9 * 6 / (len(key) + 2))


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _fts_phrase(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _trigrams(key: str) -> list[str]:
    grams = list(dict.fromkeys(key[i : i + 3] for i in range(len(key) - 2)))
    grams = [g for g in grams if g.strip() == g and not g.isspace()]
    if len(grams) > MAX_QUERY_TRIGRAMS:
        step = len(grams) / MAX_QUERY_TRIGRAMS
        grams = [grams[int(i * step)] for i in range(MAX_QUERY_TRIGRAMS)]
    return grams


def similar_ids(session: Session, key: str, limit: int) -> list[int]:
    """Good units whose Simplified source shares the most trigrams with `key`, best first."""
    if len(key) < MIN_TRIGRAM:
        return []
    if _sqlite(session):
        grams = _trigrams(key)
        if not grams:
            return []
        match = "source_key : (" + " OR ".join(_fts_phrase(g) for g in grams) + ")"
        rows = session.execute(
            text(
                "SELECT u.id FROM (SELECT rowid AS id, rank FROM tm_unit_fts "
                "WHERE tm_unit_fts MATCH :match ORDER BY rank LIMIT :pool) AS hit "
                "JOIN tm_unit u ON u.id = hit.id WHERE u.good ORDER BY hit.rank LIMIT :limit"
            ),
            {"match": match, "pool": limit * 2, "limit": limit},
        )
        return [row[0] for row in rows]
    # Two rankings, as bm25 gives both on SQLite: similar as a whole (fuzzy matches), and
    # containing much of the query in one stretch (long units sharing clauses: fragments).
    session.execute(
        text(
            "SELECT set_config('pg_trgm.similarity_threshold', :floor, true), "
            "set_config('pg_trgm.word_similarity_threshold', :word_floor, true)"
        ),
        {"floor": str(PG_SIMILARITY_FLOOR), "word_floor": str(_pg_word_floor(key))},
    )
    ids: list[int] = []
    for condition, order in (
        ("source_key % :key", "similarity(source_key, :key)"),
        (":key <% source_key", "word_similarity(:key, source_key)"),
    ):
        rows = session.execute(
            text(
                f"SELECT id FROM tm_unit WHERE good AND {condition} "
                f"ORDER BY {order} DESC, id DESC LIMIT :limit"
            ),
            {"key": key, "limit": limit},
        )
        ids += [row[0] for row in rows if row[0] not in ids]
    return ids


def containing_ids(session: Session, needle: str, *, english: bool, limit: int) -> list[int]:
    """Good units whose Simplified source (or English, ignoring case) contains `needle`,
    newest first."""
    column = TMUnit.target if english else TMUnit.source_key
    stmt: Select = select(TMUnit.id).where(TMUnit.good)
    if _sqlite(session) and len(needle) >= MIN_TRIGRAM:
        where = ("target" if english else "source_key") + " : " + _fts_phrase(needle)
        stmt = stmt.where(
            TMUnit.id.in_(
                select(text("rowid"))
                .select_from(text("tm_unit_fts"))
                .where(text("tm_unit_fts MATCH :match"))
            )
        ).params(match=where)
    elif english:
        stmt = stmt.where(column.ilike(like_pattern(needle), escape="\\"))
    else:
        stmt = stmt.where(column.like(like_pattern(needle), escape="\\"))
    rows = session.execute(stmt.order_by(TMUnit.id.desc()).limit(limit))
    return [row[0] for row in rows]
