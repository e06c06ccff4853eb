"""The translation memory: memories, their units, lookups, TMX import/export, and the
workbench's own memory following saved segments.

The rules:
- the memory named PROJECT_MEMORY holds one unit per segment whose English a person has
  produced as translated, reviewed or approved; back to draft or needs-work, the unit stays
  (its history) but no longer counts (good = False) and is never matched;
- an imported memory is written all or nothing: a malformed file leaves no unit behind;
- matching itself (classes, penalties, order) is workbench.tm.matching: pure and tested alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, BinaryIO

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..models import TM_MEMORY_ORIGINS, Document, Paragraph, Segment, TMMemory, TMUnit, User
from ..statuses import Status
from ..tm import keys, matching
from ..tm.consistency import Inconsistency, Place
from ..tm.consistency import find as find_inconsistencies
from ..tm.matching import Match, Query, Unit
from ..tm.tmx import TmxError, TmxStats, TmxUnit, read_tmx, write_tmx
from . import tm_index
from .queries import numbered_segments

PROJECT_MEMORY = "workbench"
# Saved with these statuses, a segment's English is good memory.
GOOD_STATUSES = frozenset({Status.TRANSLATED, Status.REVIEWED, Status.APPROVED})
FUZZY_POOL = 60  # fuzzy candidates re-scored per lookup
CLAUSE_POOL = 3  # units looked at per clause
IMPORT_BATCH = 2000
MAX_NAME = 100


class TMError(ValueError):
    """A memory operation refused; the message says why (CLI: one line, web: 4xx)."""


def _memory_by_name(session: Session, name: str) -> TMMemory | None:
    return session.scalars(select(TMMemory).where(TMMemory.name == name)).first()


def project_memory(session: Session) -> TMMemory:
    memory = _memory_by_name(session, PROJECT_MEMORY)
    if memory is None:
        memory = TMMemory(name=PROJECT_MEMORY, origin="human", penalty=0)
        session.add(memory)
        session.flush()
    return memory


# --- looking up -------------------------------------------------------------------------------


# In the order of matching.Unit's fields.
_UNIT_COLUMNS = (
    TMUnit.id,
    TMUnit.source,
    TMUnit.source_key,
    TMUnit.target,
    TMMemory.name,
    TMMemory.origin,
    TMMemory.penalty,
    TMUnit.origin,
    TMUnit.status,
    TMUnit.context_hash,
    TMUnit.figures_hash,
    TMUnit.document_name,
    TMUnit.user,
    TMUnit.updated_at,
)


def _units(session: Session, ids: Iterable[int]) -> dict[int, Unit]:
    """Matching's view of the good units among `ids` (plain columns: no ORM objects)."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    rows = session.execute(
        select(*_UNIT_COLUMNS)
        .join(TMMemory, TMUnit.memory_id == TMMemory.id)
        .where(TMUnit.id.in_(ids), TMUnit.good)
    ).all()
    return {row[0]: Unit(*row) for row in rows}


def _exact_and_figure_ids(session: Session, query: Query, limit: int = 100) -> list[int]:
    """Units with the query's Simplified source, or (when it has figures) its figures hash."""
    condition = TMUnit.key_hash == keys.digest(query.key)
    if query.figures_hash is not None:
        condition = condition | (TMUnit.figures_hash == query.figures_hash)
    return list(
        session.scalars(
            select(TMUnit.id).where(condition, TMUnit.good).order_by(TMUnit.id.desc()).limit(limit)
        )
    )


def lookup(
    session: Session,
    query: Query,
    *,
    threshold: float = matching.DEFAULT_THRESHOLD,
    limit: int = 5,
    with_fragments: bool = True,
    exclude_segment: int | None = None,
) -> list[Match]:
    """Matches for one source sentence: full matches best first, then fragments."""
    ids = _exact_and_figure_ids(session, query)
    if threshold < 100 or with_fragments:
        ids += tm_index.similar_ids(session, query.key, FUZZY_POOL)
    clause_ids: dict[str, list[int]] = {}
    if with_fragments:
        for clause in matching.clauses(query.key):
            clause_ids[clause] = tm_index.containing_ids(
                session, clause, english=False, limit=CLAUSE_POOL
            )
    units = _units(session, ids + [i for more in clause_ids.values() for i in more])
    if exclude_segment is not None:
        own = session.scalar(select(TMUnit.id).where(TMUnit.segment_id == exclude_segment))
        units.pop(own, None)  # a segment is no match for itself
    clause_units = {c: [units[i] for i in more if i in units] for c, more in clause_ids.items()}
    candidates = [units[i] for i in ids if i in units]
    return matching.rank(
        query,
        candidates,
        clause_units=clause_units,
        threshold=threshold,
        limit=limit,
        with_fragments=with_fragments,
    )


def neighbours(session: Session, segment: Segment) -> tuple[str, str]:
    """Simplified sources of the active segments before and after `segment` in its document."""
    order = (Paragraph.position, Segment.start)
    base = (
        select(Segment.source_simplified)
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(Segment.document_id == segment.document_id, Segment.active)
    )
    position = segment.paragraph.position
    before = session.scalar(
        base.where(
            (Paragraph.position < position)
            | ((Paragraph.position == position) & (Segment.start < segment.start))
        )
        .order_by(*(c.desc() for c in order))
        .limit(1)
    )
    after = session.scalar(
        base.where(
            (Paragraph.position > position)
            | ((Paragraph.position == position) & (Segment.start > segment.start))
        )
        .order_by(*order)
        .limit(1)
    )
    return before or "", after or ""


def segment_query(session: Session, segment: Segment) -> Query:
    prev, nxt = neighbours(session, segment)
    return Query.of(segment.source, prev, nxt)


def segment_matches(
    session: Session, segment: Segment, *, threshold: float, limit: int = 3
) -> list[Match]:
    return lookup(
        session,
        segment_query(session, segment),
        threshold=threshold,
        limit=limit,
        exclude_segment=segment.id,
    )


def _has_han(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def _hit(unit: Unit, text: str, length: int) -> Match:
    """A concordance hit: `text` inside the unit, scored by the share of the unit it covers."""
    score = matching.penalised(unit, 100.0 * len(text) / max(length, 1))
    return Match(unit, "fragment", score, unit.target, fragment=text)


def search(
    session: Session, text: str, *, limit: int = 10, threshold: float = matching.DEFAULT_THRESHOLD
) -> list[Match]:
    """Concordance: Chinese (either script) finds matches of every class and the units that
    contain it; English finds units whose English contains it (kind "fragment")."""
    text = " ".join(text.split())
    if not text:
        return []
    if _has_han(text):
        query = Query.of(text)
        results = lookup(session, query, threshold=threshold, limit=limit)
        # every unit that holds the whole query is a concordance hit, scored by how much of
        # the unit it is (a lookup scores fragments by how much of the query they cover)
        results = [m for m in results if not (m.kind == "fragment" and m.fragment == query.key)]
        shown = {m.unit.id for m in results if m.kind != "fragment"}
        hits = tm_index.containing_ids(session, query.key, english=False, limit=limit * 3)
        for unit in _units(session, hits).values():
            if unit.id not in shown and query.key in unit.source_key:
                results.append(_hit(unit, query.key, len(unit.source_key)))
    else:
        needle = text.lower()
        hits = tm_index.containing_ids(session, text, english=True, limit=limit * 3)
        results = [
            _hit(unit, text, len(unit.target))
            for unit in _units(session, hits).values()
            if needle in unit.target.lower()
        ]
    full = [m for m in results if m.kind != "fragment"]
    parts = [m for m in results if m.kind == "fragment"]
    parts.sort(key=lambda m: (-len(m.fragment), -m.score, m.unit.id))
    return (full + parts)[:limit]


# --- the workbench's own memory follows its segments ------------------------------------------


def on_segments_changed(event, session: Session) -> None:
    """Subscriber (workbench.subscribers): every committed change to segments."""
    sync_segments(session, event.segment_ids)


def sync_segments(session: Session, segment_ids: Iterable[int]) -> None:
    """Subscriber of segment saves: upsert a good unit per translated/reviewed/approved
    segment, and mark units of segments gone back to another status (or merged away) not good."""
    ids = list(dict.fromkeys(segment_ids))
    if not ids:
        return
    memory = project_memory(session)
    segments = session.scalars(select(Segment).where(Segment.id.in_(ids))).all()
    existing = {
        u.segment_id: u for u in session.scalars(select(TMUnit).where(TMUnit.segment_id.in_(ids)))
    }
    orders: dict[int, dict[int, tuple[str, str]]] = {}
    documents: dict[int, tuple[str, str]] = {}  # id -> (title, TMX language tag)
    now = utcnow()
    for segment in segments:
        unit = existing.get(segment.id)
        good = segment.active and segment.status in GOOD_STATUSES and bool(segment.target.strip())
        if not good:
            if unit is not None and unit.good:
                unit.good = False
                unit.status = segment.status
                unit.updated_at = now
            continue
        if segment.document_id not in orders:
            orders[segment.document_id] = _document_neighbours(session, segment.document_id)
            doc = session.get(Document, segment.document_id)
            documents[segment.document_id] = (
                doc.title if doc else "",
                "zh-TW" if doc is not None and doc.script == "hant" else "zh-CN",
            )
        prev, nxt = orders[segment.document_id].get(segment.id, ("", ""))
        key = keys.source_key(segment.source)
        if unit is None:
            unit = TMUnit(memory_id=memory.id, segment_id=segment.id, created_at=now)
            session.add(unit)
        unit.memory_id = memory.id
        unit.source, unit.source_key, unit.target = segment.source, key, segment.target
        unit.key_hash = keys.digest(key)
        unit.figures_hash = keys.figures_hash(key)
        unit.context_prev, unit.context_next = prev, nxt
        unit.context_hash = keys.context_hash(keys.source_key(prev), keys.source_key(nxt))
        unit.document_id = segment.document_id
        title, unit.source_lang = documents[segment.document_id]
        unit.document_name = title[:500]
        unit.user = _username(session, segment.updated_by_id)
        unit.status, unit.origin, unit.good = segment.status, segment.origin, True
        unit.updated_at = segment.updated_at or now
    session.flush()


def _username(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    user = session.get(User, user_id)
    return user.username if user else ""


def _document_neighbours(session: Session, document_id: int) -> dict[int, tuple[str, str]]:
    rows = session.execute(
        select(Segment.id, Segment.source_simplified)
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(Segment.document_id == document_id, Segment.active)
        .order_by(Paragraph.position, Segment.start)
    ).all()
    out = {}
    for n, (segment_id, _) in enumerate(rows):
        prev = rows[n - 1][1] if n > 0 else ""
        nxt = rows[n + 1][1] if n + 1 < len(rows) else ""
        out[segment_id] = (prev, nxt)
    return out


# --- pre-translation: the memory before MT -----------------------------------------------------


@dataclass
class FillReport:
    exact: int = 0  # context and exact matches
    figures: int = 0  # figure-differ matches with the figures replaced (drafts to check)
    filled: set[int] = field(default_factory=set)


def pretranslate(
    session: Session, segments: list[Segment], config, *, note: str = ""
) -> FillReport:
    """Fill segments from the memory: context/exact matches (status from configuration:
    TM_STATUS_TRUSTED for approved or official units, else TM_STATUS_OTHER), then figure-differ
    matches with every figure replaced (always draft, noted for a check). The caller passes
    only segments that hold nobody's text; each is saved with its version, origin "tm"."""
    from .segments import Conflict, EditError, save_target

    report = FillReport()
    neighbours_of: dict[int, dict[int, tuple[str, str]]] = {}
    for segment in segments:
        if segment.document_id not in neighbours_of:
            neighbours_of[segment.document_id] = _document_neighbours(session, segment.document_id)
        prev, nxt = neighbours_of[segment.document_id].get(segment.id, ("", ""))
        matches = lookup(
            session,
            Query.of(segment.source, prev, nxt),
            threshold=100,
            limit=3,
            with_fragments=False,
            exclude_segment=segment.id,
        )
        best = next((m for m in matches if m.usable), None)
        if best is None:
            continue
        if best.kind == "figures":
            status = Status.DRAFT.value
            changes = "; ".join(f"{old} → {new}" for old, new in best.replaced)
            why = f"memory match with figures replaced ({changes}): check the figures"
        else:
            trusted = best.unit.official or best.unit.status == Status.APPROVED.value
            status = config["TM_STATUS_TRUSTED"] if trusted else config["TM_STATUS_OTHER"]
            why = f"{best.kind} memory match"
        try:
            save_target(
                session,
                segment,
                target=best.target,
                status=status,
                user=None,
                origin="tm",
                base_version=segment.version,
                note=f"{note}: {why} from {best.unit.memory!r}".lstrip(": ")[:500],
            )
        except (Conflict, EditError):
            continue  # someone saved it meanwhile: their text stays
        report.filled.add(segment.id)
        if best.kind == "figures":
            report.figures += 1
        else:
            report.exact += 1
    # QA and the memory catch up through the change events when the caller commits
    return report


# --- consistency: the document against itself and the memories --------------------------------


def consistency(session: Session, document_id: int) -> list[Inconsistency]:
    """Same source rendered differently, same English for different sources: in the document
    and between the document and every memory (good units; the document's own units are its
    segments already)."""
    rows = session.execute(
        select(Segment.id, Segment.source, Segment.target, Paragraph.position)
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(Segment.document_id == document_id, Segment.active, Segment.target != "")
        .order_by(Paragraph.position, Segment.start)
    ).all()
    numbers = numbered_segments(session, document_id)
    document = [
        Place(
            source=source,
            source_key=keys.source_key(source),
            target=target,
            segment_id=segment_id,
            paragraph_position=position,
            number=numbers.get(segment_id, (0, 0))[0],
        )
        for segment_id, source, target, position in rows
    ]
    own = {p.segment_id for p in document}
    memory: list[Place] = []
    hashes = list({keys.digest(p.source_key) for p in document})
    targets = list({p.target for p in document})
    for column, values in ((TMUnit.key_hash, hashes), (TMUnit.target, targets)):
        for start in range(0, len(values), 500):
            units = session.execute(
                select(TMUnit, TMMemory.name)
                .join(TMMemory, TMUnit.memory_id == TMMemory.id)
                .where(TMUnit.good, column.in_(values[start : start + 500]))
            ).all()
            for unit, name in units:
                if unit.segment_id in own or any(m.unit_id == unit.id for m in memory):
                    continue
                memory.append(
                    Place(
                        source=unit.source,
                        source_key=unit.source_key,
                        target=unit.target,
                        unit_id=unit.id,
                        memory=name
                        if unit.document_name == ""
                        else f"{name}: {unit.document_name}",
                    )
                )
    return find_inconsistencies(document, memory)


# --- memories: list, import, export, remove ---------------------------------------------------


@dataclass
class MemoryInfo:
    name: str
    origin: str
    penalty: int
    units: int
    filename: str
    created_at: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def list_memories(session: Session) -> list[MemoryInfo]:
    counts = dict(
        session.execute(
            select(TMUnit.memory_id, func.count()).where(TMUnit.good).group_by(TMUnit.memory_id)
        ).all()
    )
    return [
        MemoryInfo(
            name=m.name,
            origin=m.origin,
            penalty=m.penalty,
            units=counts.get(m.id, 0),
            filename=m.filename,
            created_at=m.created_at.isoformat(timespec="seconds"),
        )
        for m in session.scalars(select(TMMemory).order_by(TMMemory.name))
    ]


@dataclass
class ImportReport:
    name: str
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0  # units without both Chinese and English
    stats: TmxStats = field(default_factory=TmxStats)

    def as_dict(self) -> dict:
        return {
            "memory": self.name,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "read": self.stats.units,
        }

    def summary(self) -> str:
        return (
            f"memory {self.name!r}: {self.imported} units imported, {self.duplicates} duplicates "
            f"and {self.skipped} units without Chinese and English left out"
        )


def check_memory_settings(name: str, origin: str, penalty: int) -> None:
    if not name.strip() or len(name) > MAX_NAME:
        raise TMError(f"a memory name must be 1 to {MAX_NAME} characters")
    if name == PROJECT_MEMORY:
        raise TMError(f"{PROJECT_MEMORY!r} is the workbench's own memory; choose another name")
    if origin not in TM_MEMORY_ORIGINS or origin == "human":
        raise TMError(f"origin must be one of import, official, reference, not {origin!r}")
    if not 0 <= penalty <= 100:
        raise TMError(f"the penalty is in percentage points, 0 to 100, not {penalty}")


def import_tmx(
    session: Session,
    raw: BinaryIO | IO[bytes],
    *,
    name: str,
    origin: str = "import",
    penalty: int = 0,
    filename: str = "",
    user: User | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Read a TMX file into a new memory; TmxError/TMError leave the session rolled back to
    before the call (the caller commits only on success)."""
    name = name.strip()
    check_memory_settings(name, origin, penalty)
    if _memory_by_name(session, name) is not None:
        raise TMError(f"there is already a memory named {name!r}; remove it first or pick a --name")
    report = ImportReport(name=name)
    savepoint = session.begin_nested()
    try:
        memory = TMMemory(
            name=name,
            origin=origin,
            penalty=penalty,
            filename=filename[:500],
            created_by_id=user.id if user is not None else None,
        )
        session.add(memory)
        session.flush()
        seen: set[tuple[str, int]] = set()
        batch: list[dict] = []
        unit_origin = origin if origin in ("official", "reference") else "import"
        for tu in read_tmx(raw, report.stats, progress):
            row = _row(tu, memory.id, unit_origin)
            # Duplicates within one file: same source key and same English.
            marker = (row["key_hash"], hash(row["target"]))
            if marker in seen:
                report.duplicates += 1
                continue
            seen.add(marker)
            batch.append(row)
            if len(batch) >= IMPORT_BATCH:
                session.execute(TMUnit.__table__.insert(), batch)
                report.imported += len(batch)
                batch = []
        if batch:
            session.execute(TMUnit.__table__.insert(), batch)
            report.imported += len(batch)
        report.skipped = report.stats.skipped
    except BaseException:
        savepoint.rollback()
        raise
    savepoint.commit()
    return report


def _row(tu: TmxUnit, memory_id: int, origin: str) -> dict:
    key = keys.source_key(tu.source)
    prev, nxt = keys.source_key(tu.prev), keys.source_key(tu.next)
    when = tu.changed_at or tu.created_at or utcnow()
    return {
        "memory_id": memory_id,
        "source": tu.source,
        "source_key": key,
        "key_hash": keys.digest(key),
        "figures_hash": keys.figures_hash(key),
        "context_hash": keys.context_hash(prev, nxt) if (prev or nxt) else "",
        "context_prev": tu.prev,
        "context_next": tu.next,
        "target": tu.target,
        "source_lang": tu.source_lang[:20],
        "target_lang": tu.target_lang[:20],
        "document_id": None,
        "document_name": (tu.props.get("x-document") or "")[:500],
        "segment_id": None,
        "user": tu.user[:200],
        "status": (tu.props.get("x-status") or "approved")[:20],
        "origin": origin,
        "good": True,
        "created_at": tu.created_at or when,
        "updated_at": when,
    }


def remove_memory(session: Session, name: str) -> int:
    """Delete an imported memory with its units; returns how many units went."""
    memory = _memory_by_name(session, name)
    if memory is None:
        raise TMError(f"there is no memory named {name!r}")
    if memory.name == PROJECT_MEMORY:
        raise TMError(
            f"{PROJECT_MEMORY!r} is filled from the documents' segments and cannot be removed"
        )
    count = session.scalar(select(func.count()).where(TMUnit.memory_id == memory.id)) or 0
    session.execute(delete(TMUnit).where(TMUnit.memory_id == memory.id))
    session.delete(memory)
    session.flush()
    return count


def _export_units(session: Session, memory: TMMemory | None) -> Iterator[TmxUnit]:
    stmt = (
        select(TMUnit, TMMemory.name)
        .join(TMMemory, TMUnit.memory_id == TMMemory.id)
        .where(TMUnit.good)
        .order_by(TMUnit.id)
        .execution_options(yield_per=1000)
    )
    if memory is not None:
        stmt = stmt.where(TMUnit.memory_id == memory.id)
    for unit, name in session.execute(stmt):
        yield TmxUnit(
            source=unit.source,
            target=unit.target,
            source_lang=unit.source_lang or "zh-CN",
            target_lang=unit.target_lang or "en",
            user=unit.user,
            created_at=unit.created_at,
            changed_at=unit.updated_at,
            prev=unit.context_prev,
            next=unit.context_next,
            props={
                "x-memory": name,
                "x-document": unit.document_name,
                "x-status": unit.status,
                "x-origin": unit.origin,
                "x-context-pre": unit.context_prev,
                "x-context-post": unit.context_next,
            },
        )


def export_tmx(session: Session, out: IO[bytes], *, name: str | None = None) -> int:
    memory = None
    if name is not None:
        memory = _memory_by_name(session, name)
        if memory is None:
            raise TMError(f"there is no memory named {name!r}")
    return write_tmx(out, _export_units(session, memory))


__all__ = [
    "PROJECT_MEMORY",
    "consistency",
    "TMError",
    "TmxError",
    "export_tmx",
    "import_tmx",
    "list_memories",
    "lookup",
    "on_segments_changed",
    "remove_memory",
    "search",
    "segment_matches",
    "sync_segments",
]
