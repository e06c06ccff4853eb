"""The glossary as the rest of the workbench sees it: one automaton per glossary state.

Building an Aho-Corasick automaton for 10,000 terms takes a noticeable moment, so it is
built once and reused until a term changes (the key is the number of terms and the last
change, read with one cheap query).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..glossary.matcher import Match, TermMatcher
from ..models import DismissedCandidate, Term


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


_lock = threading.Lock()
_cache: dict[tuple, TermIndex] = {}


def term_index(session: Session) -> TermIndex:
    """Index of all live (not deleted, not deprecated) terms, cached per glossary state."""
    bind = session.get_bind()
    key = (id(bind),) + tuple(
        session.execute(
            select(func.count(Term.id), func.max(Term.updated_at), func.max(Term.id))
        ).one()
    )
    with _lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
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
    index = TermIndex(
        TermMatcher((t.id, t.source) for t in rows), views, frozenset(t.source_key for t in entries)
    )
    with _lock:
        # keep only the newest index per database
        for k in [k for k in _cache if k[0] == key[0]]:
            del _cache[k]
        _cache[key] = index
    return index


_dismissed_cache: dict[tuple, frozenset[str]] = {}


def dismissed_keys(session: Session) -> frozenset[str]:
    """Simplified texts reviewers dismissed as candidates, cached until one more is dismissed."""
    bind = session.get_bind()
    key = (id(bind),) + tuple(
        session.execute(
            select(
                func.count(DismissedCandidate.id),
                func.max(DismissedCandidate.id),
                func.max(DismissedCandidate.created_at),  # tells apart databases that reuse ids
            )
        ).one()
    )
    with _lock:
        hit = _dismissed_cache.get(key)
    if hit is not None:
        return hit
    keys = frozenset(session.scalars(select(DismissedCandidate.text_key)))
    with _lock:
        for k in [k for k in _dismissed_cache if k[0] == key[0]]:
            del _dismissed_cache[k]
        _dismissed_cache[key] = keys
    return keys
