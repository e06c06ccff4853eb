"""The glossary as the rest of the workbench sees it: one automaton per glossary state.

Building an Aho-Corasick automaton for 10,000 terms takes a noticeable moment, so it is
built once and reused until a term changes (the key is the number of terms and the last
change, read with one cheap query).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..glossary.candidates import expression_units
from ..glossary.matcher import Match, TermMatcher
from ..models import DismissedCandidate, Term

T = TypeVar("T")


@dataclass(frozen=True)
class TermView:
    id: int
    source: str
    target: str
    alternatives: tuple[str, ...]
    forbidden: tuple[str, ...]
    note: str
    category: str
    status: str


@dataclass(frozen=True)
class TermIndex:
    matcher: TermMatcher
    terms: dict[int, TermView]
    # Simplified keys of every entry not deleted, deprecated ones included: these are never
    # shown as candidates, although deprecated terms are not highlighted.
    known: frozenset[str] = frozenset()

    def find(self, text: str) -> list[tuple[Match, TermView]]:
        return [(m, self.terms[m.term_id]) for m in self.matcher.find(text)]

    def find_approved(self, text: str) -> list[tuple[Match, TermView]]:
        """Occurrences of approved terms with a rendering: the only renderings that are a
        promise (QA checks them, MT enforces them, exports mark them); proposed ones are guesses."""
        return [(m, v) for m, v in self.find(text) if v.status == "approved" and v.target.strip()]


_lock = threading.Lock()
_caches: dict[str, dict[tuple, Any]] = {}


def cached(session: Session, name: str, stamp: Select, build: Callable[[], T]) -> T:
    """`build()` once per state of a table, the state read with one cheap aggregate query.

    Only the newest value per database is kept, so the cache cannot grow.
    """
    key = (id(session.get_bind()),) + tuple(session.execute(stamp).one())
    with _lock:
        cache = _caches.setdefault(name, {})
        hit = cache.get(key)
    if hit is not None:
        return hit
    value = build()
    with _lock:
        for k in [k for k in cache if k[0] == key[0]]:
            del cache[k]
        cache[key] = value
    return value


def term_index(session: Session) -> TermIndex:
    """Index of all live (not deleted, not deprecated) terms, cached per glossary state."""
    stamp = select(func.count(Term.id), func.max(Term.updated_at), func.max(Term.id))
    return cached(session, "terms", stamp, lambda: _build_index(session))


def _build_index(session: Session) -> TermIndex:
    entries = session.scalars(select(Term).where(Term.deleted.is_(False))).all()
    rows = [t for t in entries if t.status != "deprecated"]
    views = {
        t.id: TermView(
            t.id,
            t.source,
            t.target,
            tuple(t.alternatives or ()),
            tuple(t.forbidden or ()),
            t.note,
            t.category,
            t.status,
        )
        for t in rows
    }
    matcher = TermMatcher(
        ((t.id, t.source) for t in rows),
        nested=[t.id for t in rows if t.applies_nested],
        units=expression_units,
    )
    return TermIndex(matcher, views, frozenset(t.source_key for t in entries))


def dismissed_keys(session: Session) -> frozenset[str]:
    """Simplified texts reviewers dismissed as candidates, cached until one more is dismissed."""
    stamp = select(
        func.count(DismissedCandidate.id),
        func.max(DismissedCandidate.id),
        func.max(DismissedCandidate.created_at),  # tells apart databases that reuse ids
    )
    return cached(
        session,
        "dismissed",
        stamp,
        lambda: frozenset(session.scalars(select(DismissedCandidate.text_key))),
    )
