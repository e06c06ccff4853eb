"""(pure) What a memory unit is worth for one source sentence: match classes, penalties, order.

Classes, best first:
- context (101): same Simplified source and the same neighbouring sources;
- exact (100): same Simplified source (either script);
- figures (99): only figures differ; the English comes with the figures replaced;
- fuzzy: rapidfuzz's normalised Indel similarity of the Simplified sources, shown from a
  threshold (default 70);
- fragment: a clause (split at ，；：。) or a run of 8+ characters of this sentence that
  occurs in a unit, shown with that unit's English.

Penalties (Weblate multiplies by 0.7): machine-translated or unreviewed units x 0.7; every
match of a reference memory minus its penalty in percentage points. Among equal scores an
official unit comes first, then reviewed ones, then the newest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from rapidfuzz.distance import Indel

from .figures import substitute
from .keys import context_hash as make_context_hash
from .keys import figures_hash, source_key

KINDS = ("context", "exact", "figures", "fuzzy", "fragment")
BASE_SCORE = {"context": 101.0, "exact": 100.0, "figures": 99.0}
DEFAULT_THRESHOLD = 70
# Units a person has checked (or an edition published): no "unreviewed" penalty.
REVIEWED_STATUSES = frozenset({"reviewed", "approved"})
TRUSTED_ORIGINS = frozenset({"official", "import", "reference"})
UNREVIEWED_FACTOR = 0.7
# Clauses end at these; a clause shorter than this says too little to be worth showing.
_CLAUSE_END = re.compile(r"[，；：。！？,;:!?]")
MIN_CLAUSE = 4
MIN_RUN = 8
MAX_FRAGMENTS = 5


@dataclass(frozen=True)
class Unit:
    """What matching needs to know of a memory unit."""

    id: int
    source: str
    source_key: str
    target: str
    memory: str
    memory_origin: str  # human, import, official, reference
    penalty: int = 0  # the memory's, in percentage points
    origin: str = "human"  # the unit's: human, mt, import, official, reference, tm
    status: str = "approved"
    context_hash: str = ""
    figures_hash: str | None = None
    document: str = ""
    user: str = ""
    updated_at: datetime | None = None

    @property
    def official(self) -> bool:
        return self.memory_origin == "official" or self.origin == "official"

    @property
    def reviewed(self) -> bool:
        return self.status in REVIEWED_STATUSES or self.memory_origin in TRUSTED_ORIGINS


@dataclass(frozen=True)
class Query:
    source: str
    key: str
    context_hash: str = ""
    figures_hash: str | None = None

    @classmethod
    def of(cls, source: str, prev_source: str | None = None, next_source: str | None = None):
        key = source_key(source)
        context = ""
        if prev_source is not None or next_source is not None:
            context = make_context_hash(
                source_key(prev_source or ""), source_key(next_source or "")
            )
        return cls(source=source, key=key, context_hash=context, figures_hash=figures_hash(key))


@dataclass
class Match:
    unit: Unit
    kind: str
    score: float  # after penalties
    target: str  # the English to insert (figures replaced for kind "figures")
    fragment: str = ""  # kind "fragment": the shared Chinese text
    replaced: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # figures that could not be replaced

    @property
    def usable(self) -> bool:
        """Whether the English can be inserted as it is (figures all replaced)."""
        return self.kind in ("context", "exact") or (self.kind == "figures" and not self.missing)

    def as_dict(self) -> dict:
        u = self.unit
        return {
            "source": u.source,
            "target": self.target,
            "score": round(self.score, 1),
            "kind": self.kind,
            "origin": u.origin,
            "memory": u.memory,
            "fragment": self.fragment,
            "unit_target": u.target,
            "document": u.document,
            "user": u.user,
            "date": u.updated_at.isoformat(timespec="seconds") if u.updated_at else "",
            "status": u.status,
            "replaced": [list(pair) for pair in self.replaced],
            "missing": self.missing,
            "unit_id": u.id,
        }


def penalised(unit: Unit, raw: float) -> float:
    factor = UNREVIEWED_FACTOR if (unit.origin == "mt" or not unit.reviewed) else 1.0
    return max(0.0, raw * factor - unit.penalty)


def fuzzy_score(a: str, b: str) -> float:
    return Indel.normalized_similarity(a, b) * 100


def _order(m: Match) -> tuple:
    u = m.unit
    stamp = u.updated_at.timestamp() if u.updated_at else 0.0
    return (-round(m.score, 6), KINDS.index(m.kind), not u.official, not u.reviewed, -stamp, u.id)


def classify(query: Query, unit: Unit, threshold: float = DEFAULT_THRESHOLD) -> Match | None:
    """The full-sentence match of `unit` for `query` (context, exact, figures, fuzzy) or None."""
    if unit.source_key == query.key:
        kind = (
            "context" if query.context_hash and unit.context_hash == query.context_hash else "exact"
        )
        return Match(unit, kind, penalised(unit, BASE_SCORE[kind]), unit.target)
    if query.figures_hash is not None and unit.figures_hash == query.figures_hash:
        sub = substitute(query.key, unit.source_key, unit.target)
        return Match(
            unit,
            "figures",
            penalised(unit, BASE_SCORE["figures"]),
            sub.target,
            replaced=sub.replaced,
            missing=sub.missing,
        )
    raw = fuzzy_score(query.key, unit.source_key)
    if raw >= 100:
        raw = 99.0  # differs only in what the key ignores: still not the same text
    score = penalised(unit, raw)
    if score < threshold:
        return None
    return Match(unit, "fuzzy", score, unit.target)


def clauses(key: str) -> list[str]:
    """The clauses of a source key worth looking up on their own (split at ，；：。...)."""
    parts = [p.strip() for p in _CLAUSE_END.split(key)]
    return [p for p in parts if len(p) >= MIN_CLAUSE and p != key.strip("。！？")]


def shared_runs(query_key: str, unit_key: str, min_length: int = MIN_RUN) -> list[str]:
    """Runs of `min_length`+ characters both keys share, in the query's order."""
    runs = []
    for op in Indel.opcodes(query_key, unit_key):
        if op.tag == "equal" and op.src_end - op.src_start >= min_length:
            runs.append(query_key[op.src_start : op.src_end])
    return runs


def _fragment(query: Query, unit: Unit, text: str) -> Match:
    raw = 100.0 * len(text) / max(len(query.key), 1)  # how much of the sentence it covers
    return Match(unit, "fragment", penalised(unit, raw), unit.target, fragment=text)


def fragments(
    query: Query, clause_units: dict[str, list[Unit]], candidates: Iterable[Unit], exclude: set[int]
) -> list[Match]:
    """Clauses and long runs of the query found in units that are no full match.

    `clause_units` maps each clause to units containing it; `candidates` are the fuzzy
    candidates, searched for shared runs. One match per distinct fragment (the best unit),
    none that lies inside a longer fragment already shown.
    """
    found: dict[str, Match] = {}

    def offer(m: Match) -> None:
        if m.fragment not in found or _order(m) < _order(found[m.fragment]):
            found[m.fragment] = m

    for clause, units in clause_units.items():
        for unit in units:
            if unit.id not in exclude and clause in unit.source_key:
                offer(_fragment(query, unit, clause))
    for unit in candidates:
        if unit.id in exclude:
            continue
        if query.key in unit.source_key:
            offer(_fragment(query, unit, query.key))  # the whole query, however aligned
            continue
        for run in shared_runs(query.key, unit.source_key):
            offer(_fragment(query, unit, run))
    chosen: list[Match] = []
    for m in sorted(found.values(), key=lambda m: (-len(m.fragment), _order(m))):
        if any(m.fragment in c.fragment for c in chosen):
            continue
        chosen.append(m)
        if len(chosen) == MAX_FRAGMENTS:
            break
    return sorted(chosen, key=lambda m: query.key.find(m.fragment))


def rank(
    query: Query,
    candidates: Iterable[Unit],
    *,
    clause_units: dict[str, list[Unit]] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
    with_fragments: bool = True,
) -> list[Match]:
    """The best full matches (at most `limit`), then fragments from other units."""
    units = {u.id: u for u in candidates}
    for more in (clause_units or {}).values():
        for u in more:
            units.setdefault(u.id, u)
    full = [m for m in (classify(query, u, threshold) for u in units.values()) if m is not None]
    full.sort(key=_order)
    # One line per distinct English: the same rendering from ten documents is one suggestion.
    best: list[Match] = []
    seen: set[tuple[str, str]] = set()
    for m in full:
        if (m.kind, m.target) in seen:
            continue
        seen.add((m.kind, m.target))
        best.append(m)
    best = best[:limit]
    if not with_fragments:
        return best
    exclude = {m.unit.id for m in full}
    return best + fragments(query, clause_units or {}, units.values(), exclude)
