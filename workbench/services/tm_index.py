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

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..models import TMUnit
from .queries import like_pattern

MIN_TRIGRAM = 3
# Trigrams sent to FTS5 for one lookup: the rarest of each stretch of WINDOW consecutive
# trigrams. Common trigrams (的发展, 推进了) match most units and make bm25 ranking slow while
# telling little; a pick in every stretch means any run of 2 x WINDOW characters the query
# shares with a unit (a fragment: 8+ characters) contains one of the trigrams sent.
WINDOW = 3
MAX_QUERY_TRIGRAMS = 24
# A trigram in more than this share of the units costs much and finds nothing in particular.
COMMON_SHARE = 0.05
# pg_trgm similarity below which a unit cannot reach a 50+ fuzzy score on these texts.
PG_SIMILARITY_FLOOR = 0.2
# Units per trigram, remembered per process and database: only used to choose the rarest, so
# a count that lags behind new units does no harm. Absent trigrams are not remembered (a new
# memory may bring them). Bounded: cleared when it grows past this.
_DF_CACHE: dict[tuple[str, str], int] = {}
_DF_CACHE_MAX = 200_000


def _pg_word_floor(key: str) -> float:
    """The word similarity of a unit sharing one 8-character run (6 trigrams) with `key`."""
    return max(0.02, 0.9 * 6 / (len(key) + 2))


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _fts_phrase(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _trigrams(key: str) -> list[str]:
    """The key's trigrams in order (lower case, as the trigram tokenizer folds them)."""
    return [key[i : i + 3].lower() for i in range(len(key) - 2)]


def _doc_counts(session: Session, grams: set[str]) -> dict[str, int]:
    """Units holding each trigram (absent ones left out), remembered per database."""
    if len(_DF_CACHE) > _DF_CACHE_MAX:
        _DF_CACHE.clear()
    database = str(session.get_bind().url)
    counts: dict[str, int] = {}
    cursor = None
    for gram in grams:
        count = _DF_CACHE.get((database, gram))
        if count is None:
            if cursor is None:  # the DB-API cursor: dozens of one-row lookups, no ORM cost
                cursor = session.connection().connection.cursor()
            # one equality lookup per term: fts5vocab answers `term = ?` from the index,
            # but scans the whole vocabulary for IN (...)
            cursor.execute("SELECT doc FROM tm_unit_fts_vocab WHERE term = ?", (gram,))
            row = cursor.fetchone()
            count = row[0] if row else 0
            if count:
                _DF_CACHE[(database, gram)] = count
        if count:
            counts[gram] = count
    if cursor is not None:
        cursor.close()
    return counts


def _picked(session: Session, key: str) -> list[str]:
    """The rarest trigram of every stretch of WINDOW trigrams of `key` that the memory has."""
    grams = [g for g in _trigrams(key) if g.strip() == g]
    counts = _doc_counts(session, set(grams))
    picks: list[str] = []
    for start in range(0, len(grams), WINDOW):
        present = [g for g in grams[start : start + WINDOW] if g in counts]
        if present:
            pick = min(present, key=lambda g: counts[g])
            if pick not in picks:
                picks.append(pick)
    common = COMMON_SHARE * _unit_count(session)
    rare = [g for g in picks if counts[g] <= common]
    if len(rare) >= 4:
        picks = rare
    if len(picks) > MAX_QUERY_TRIGRAMS:  # a very long query: its rarest picks
        picks = sorted(picks, key=lambda g: counts[g])[:MAX_QUERY_TRIGRAMS]
    return picks


def _unit_count(session: Session) -> int:
    """About how many units there are (the largest id), remembered like the trigram counts."""
    key = (str(session.get_bind().url), "\x00units")
    if key not in _DF_CACHE:
        _DF_CACHE[key] = session.execute(text("SELECT max(id) FROM tm_unit")).scalar() or 0
    return _DF_CACHE[key]


def similar_ids(session: Session, key: str, limit: int) -> list[int]:
    """Good units whose Simplified source shares the most trigrams with `key`, best first."""
    if len(key) < MIN_TRIGRAM:
        return []
    if _sqlite(session):
        grams = _picked(session, key)
        if not grams:
            return []
        # No column filter (it costs): Han trigrams only occur in the Chinese column anyway.
        match = " OR ".join(_fts_phrase(g) for g in grams)
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
    if _sqlite(session) and len(needle) >= MIN_TRIGRAM:
        column = "target" if english else "source_key"
        # FTS5 walks its hits newest first and stops at the pool; good is checked after.
        rows = session.execute(
            text(
                "SELECT u.id FROM (SELECT rowid AS id FROM tm_unit_fts WHERE tm_unit_fts "
                "MATCH :match ORDER BY rowid DESC LIMIT :pool) AS hit "
                "JOIN tm_unit u ON u.id = hit.id WHERE u.good ORDER BY u.id DESC LIMIT :limit"
            ),
            # Chinese needs no column filter (which costs): Han text is only in source_key.
            {
                "match": f"{column} : {_fts_phrase(needle)}" if english else _fts_phrase(needle),
                "pool": limit * 4,
                "limit": limit,
            },
        )
        return [row[0] for row in rows]
    column = TMUnit.target if english else TMUnit.source_key
    pattern = like_pattern(needle)
    condition = column.ilike(pattern, escape="\\") if english else column.like(pattern, escape="\\")
    rows = session.execute(
        select(TMUnit.id).where(TMUnit.good, condition).order_by(TMUnit.id.desc()).limit(limit)
    )
    return [row[0] for row in rows]
