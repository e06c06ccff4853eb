"""Glossary operations shared by the web views and the CLI.

Terms are never removed: a delete sets `Term.deleted`, and every change writes a `TermRevision`
snapshot (who, when, action). Terms are identified across scripts by `source_key`, their
Simplified form, so tagging 林長制 where 林长制 exists edits that entry instead of adding a twin.
A change that can alter which approved terms a sentence contains records a `TermsChanged`
event: after commit, QA (a subscriber) re-runs on the sentences of every document that
contain the term, so the "terms" badges never lag behind the glossary. Every change bumps
`Term.version`; an edit that names the version it started from is refused with `Conflict`
when the entry moved on (the UPDATE is conditional on the version, see `models.Term`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from ..chinese import to_simplified
from ..core import errors, events
from ..db import utcnow
from ..formats import registry
from ..formats.glossary import GlossaryFormatError, TermRecord, parse_glossary, plan_import
from ..glossary.candidates import Candidate, expression_units, find_candidates
from ..models import DismissedCandidate, Document, Paragraph, Segment, Term, TermRevision, User
from ..qa.checks.terms import rendering_used, tokens
from ..qa.registry import TermInfo
from ..statuses import TERM_CATEGORIES, TERM_STATUSES

EditError = errors.Invalid
from .queries import like_pattern, segments_containing
from .terms import TermView, dismissed_keys, term_index

MAX_SOURCE_CHARS = 100
MAX_TARGET_CHARS = 500
MAX_NOTE_CHARS = 5_000
MAX_LIST_ITEMS = 50
# Fields that decide what a term matches and what the "terms" QA check expects; a change to
# note, category or reference alone leaves every segment's QA as it was.
_QA_FIELDS = (
    "source",
    "target",
    "alternatives",
    "forbidden",
    "status",
    "deleted",
    "applies_nested",
)
# What a candidate of each kind most likely is, for the proposed entry it becomes.
CANDIDATE_CATEGORY = {
    "numeral": "numbered-abbreviation",
    "chief-system": "system",
    "enumeration": "slogan",
    "quoted": "other",
    "central": "slogan",
    "named": "place-or-brand",
    "recurrent": "other",
}
# name -> (mimetype, extension), from the glossary area of the formats registry
EXPORT_FORMATS = {
    e.name: (e.handler.mimetype, e.extensions[0].lstrip("."))
    for e in registry.entries("glossary", writes=True)
}


def source_key(source: str) -> str:
    """The Simplified form that identifies a term in either script (as TermRecord.key)."""
    return TermRecord(source).key


def split_list(text: str) -> list[str]:
    """Form lists are one item per line (English renderings may contain commas)."""
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def validate(
    *,
    source: str,
    target: str = "",
    alternatives: Sequence[str] = (),
    forbidden: Sequence[str] = (),
    note: str = "",
    category: str = "other",
    reference: str = "",
    status: str = "proposed",
) -> TermRecord:
    """A TermRecord from raw values, or EditError saying what to fix."""
    source = source.strip()
    if not source:
        raise EditError("the Chinese term is empty: select or type the characters to tag")
    if len(source) > MAX_SOURCE_CHARS:
        raise EditError(
            f"the Chinese term is {len(source)} characters; a term has at most {MAX_SOURCE_CHARS}"
        )
    if "\n" in source or "\r" in source:
        raise EditError("the Chinese term cannot span lines")
    category = (category or "other").strip()
    if category not in TERM_CATEGORIES:
        raise EditError(f"unknown category {category!r} (valid: {', '.join(TERM_CATEGORIES)})")
    status = (status or "proposed").strip()
    if status not in TERM_STATUSES:
        raise EditError(f"unknown status {status!r} (valid: {', '.join(TERM_STATUSES)})")
    target, reference = target.strip(), reference.strip()
    for name, value in (("rendering", target), ("reference", reference)):
        if len(value) > MAX_TARGET_CHARS:
            raise EditError(f"the {name} is longer than {MAX_TARGET_CHARS} characters")
    if len(note) > MAX_NOTE_CHARS:
        raise EditError(f"the note is longer than {MAX_NOTE_CHARS} characters")
    lists = {}
    for name, items in (
        ("accepted alternatives", alternatives),
        ("forbidden renderings", forbidden),
    ):
        lists[name] = _clean_list(name, items)
    return TermRecord(
        source=source,
        target=target,
        alternatives=lists["accepted alternatives"],
        forbidden=lists["forbidden renderings"],
        note=note.strip(),
        category=category,
        reference=reference,
        status=status,
    )


def _clean_list(name: str, items: Sequence[str]) -> list[str]:
    clean: list[str] = []
    for item in (i.strip() for i in items):
        if not item or item in clean:
            continue
        # CSV export joins list items with " | ": an item containing "|" could not come back.
        if "|" in item:
            raise EditError(f"{name}: {item!r} contains '|'; put each item on its own line")
        if len(item) > MAX_TARGET_CHARS:
            raise EditError(f"{name}: an item is longer than {MAX_TARGET_CHARS} characters")
        clean.append(item)
    if len(clean) > MAX_LIST_ITEMS:
        raise EditError(f"{name}: at most {MAX_LIST_ITEMS} items")
    return clean


# --- reading -------------------------------------------------------------------------------


def find_term(session: Session, source: str, *, include_deleted: bool = True) -> Term | None:
    """The entry for `source` in either script; a live entry wins over a deleted one."""
    stmt = select(Term).where(Term.source_key == source_key(source))
    if not include_deleted:
        stmt = stmt.where(Term.deleted.is_(False))
    return session.scalars(stmt.order_by(Term.deleted, Term.id)).first()


def list_terms(
    session: Session, *, q: str = "", status: str = "", category: str = ""
) -> list[Term]:
    """Live terms sorted by source key, filtered by text (Chinese in either script, or English)."""
    stmt = select(Term).where(Term.deleted.is_(False))
    q = q.strip()
    if q:
        pattern, simplified = like_pattern(q), like_pattern(to_simplified(q))
        stmt = stmt.where(
            or_(
                Term.source_key.like(simplified, escape="\\"),
                Term.source.like(pattern, escape="\\"),
                Term.target.ilike(pattern, escape="\\"),
                Term.note.ilike(pattern, escape="\\"),
                cast(Term.alternatives, String).ilike(pattern, escape="\\"),
            )
        )
    if status in TERM_STATUSES:
        stmt = stmt.where(Term.status == status)
    if category in TERM_CATEGORIES:
        stmt = stmt.where(Term.category == category)
    return list(session.scalars(stmt.order_by(Term.source_key, Term.id)))


def snapshot(term: Term) -> dict[str, Any]:
    """The fields a TermRevision keeps (JSON-safe)."""
    return {**asdict(record(term)), "deleted": bool(term.deleted)}


def record(term: Term) -> TermRecord:
    """The file-format view of a term."""
    return TermRecord(
        source=term.source,
        target=term.target,
        alternatives=list(term.alternatives or []),
        forbidden=list(term.forbidden or []),
        note=term.note,
        category=term.category,
        reference=term.reference,
        status=term.status,
        applies_nested=bool(term.applies_nested),
    )


# --- changing --------------------------------------------------------------------------------


def save_term(
    session: Session,
    data: TermRecord,
    *,
    user: User | None,
    term: Term | None = None,
    action: str | None = None,
    base_version: int | None = None,
    applies_nested: bool | None = None,
) -> Term:
    """Create or edit a term (edit `term`, or the existing entry with the same key); history,
    and a TermsChanged event when the change matters to matching or QA.

    `base_version`: the version the editor loaded; Conflict when the entry changed since.
    `applies_nested`: whether the term also applies inside longer expressions (None: unchanged).
    """
    if term is not None and base_version is not None and term.version != base_version:
        raise errors.Conflict(
            f"term {term.id} “{term.source}” was changed by someone else (version "
            f"{term.version}) after you opened version {base_version}; reload it and edit again"
        )
    # the lookup is only needed when the key may belong to another entry
    other = find_term(session, data.source) if term is None or term.source_key != data.key else term
    if term is None:
        term = other  # tagging a term that exists edits it (or revives a deleted one)
    elif other is not None and other.id != term.id and not other.deleted:
        raise EditError(
            f"“{data.source}” is already in the glossary (term {other.id}); edit that entry"
        )
    if term is None:
        term = Term(created_by_id=user.id if user else None, created_at=utcnow())
        session.add(term)
        before: dict[str, Any] | None = None
        action = action or "create"
    else:
        before = snapshot(term)
        action = action or ("restore" if term.deleted else "update")
    _apply(term, data)
    if applies_nested is not None:
        term.applies_nested = applies_nested
    elif term.applies_nested is None:
        term.applies_nested = False
    term.deleted = False
    after = snapshot(term)
    if before == after:
        return term  # saving an unchanged form writes no empty revision
    _revise(session, term, action, user)
    _terms_changed(session, term, before, after, user)
    return term


def _apply(term: Term, data: TermRecord) -> None:
    term.source, term.source_key = data.source, data.key
    term.target, term.note, term.reference = data.target, data.note, data.reference
    term.alternatives, term.forbidden = list(data.alternatives), list(data.forbidden)
    term.category, term.status = data.category, data.status


def _revise(session: Session, term: Term, action: str, user: User | None) -> None:
    # updated_at is part of the term index cache key: it must move on every change.
    term.updated_at = utcnow()
    term.version = (term.version or 0) + 1
    term.updated_by_id = user.id if user else None
    session.add(
        TermRevision(
            term=term,
            action=action,
            snapshot=snapshot(term),
            user_id=user.id if user else None,
            created_at=term.updated_at,
        )
    )
    session.flush()


def delete_term(session: Session, term: Term, *, user: User | None) -> Term:
    """Soft-delete: the entry and its history stay; highlights and QA stop using it."""
    if term.deleted:
        return term
    before = snapshot(term)
    term.deleted = True
    _revise(session, term, "delete", user)
    _terms_changed(session, term, before, snapshot(term), user)
    return term


def _terms_changed(
    session: Session,
    term: Term,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    user: User | None,
) -> None:
    """Record TermsChanged where this change can alter which approved terms apply and what
    they expect (events of one commit are merged, so an import refreshes QA once)."""
    if before is not None and all(before[f] == after[f] for f in _QA_FIELDS):
        return
    states = [s for s in (before, after) if s is not None]
    # Any live term takes part in longest-match, so adding or removing a proposed term can
    # hide or reveal an approved one inside it (三保 within 两不愁三保障).
    keys = frozenset(source_key(s["source"]) for s in states)
    events.record(
        session, events.TermsChanged(keys, (term.id,), user.id if user is not None else None)
    )


# --- occurrences and renderings in use -------------------------------------------------------


@dataclass
class Occurrences:
    total: Counter = field(default_factory=Counter)  # term id -> matches over all documents
    by_document: dict[int, Counter] = field(default_factory=dict)  # term id -> {document id: n}


def occurrences(session: Session, term: Term | None = None) -> Occurrences:
    """Highlight counts of every live term (or of one), with the page's leftmost-longest rule.

    For one term only the segments containing its key are read (one table row re-rendered
    must not scan every document).
    """
    index = term_index(session)
    out = Occurrences()
    if not len(index.matcher):
        return out
    if term is None:
        rows = session.execute(select(Segment.document_id, Segment.source).where(Segment.active))
    else:
        rows = [(s.document_id, s.source) for s in segments_containing(session, [term.source_key])]
    for document_id, source in rows:
        for m in index.matcher.find(source):
            if term is None or m.term_id == term.id:
                out.total[m.term_id] += 1
                out.by_document.setdefault(m.term_id, Counter())[document_id] += 1
    return out


def segment_ids_with_term(session: Session, document_id: int, term_id: int) -> list[int]:
    """Segments of a document where the term is highlighted (longest match, either script)."""
    term = session.get(Term, term_id)
    if term is None:
        return []
    index = term_index(session)
    # A deprecated or deleted term is not in the shared index; match it on its own.
    matcher = index.matcher if term_id in index.terms else _single_matcher(term)
    return [
        s.id
        for s in segments_containing(session, [term.source_key], document_id=document_id)
        if any(m.term_id == term_id for m in matcher.find(s.source))
    ]


def _single_matcher(term: Term):
    from ..glossary.matcher import TermMatcher

    return TermMatcher(
        [(term.id, term.source)],
        nested=[term.id] if term.applies_nested else [],
        units=expression_units,
    )


@dataclass
class Usage:
    label: str  # "approved", "alternative", "forbidden", "other", "untranslated"
    english: str  # the rendering found, or the whole sentence when none is
    count: int = 0
    segments: list[tuple[int, int]] = field(default_factory=list)  # (document id, segment id)


@dataclass
class TermUsage:
    term: Any  # TermView
    uses: list[Usage]

    @property
    def distinct(self) -> int:
        return sum(1 for u in self.uses if u.label != "untranslated")


def renderings_in_use(session: Session, *, q: str = "") -> list[TermUsage]:
    """For each live term, every distinct English used in the sentences that contain it."""
    index = term_index(session)
    wanted = {t.id for t in list_terms(session, q=q)} if q else None
    found: dict[int, dict[tuple[str, str], Usage]] = defaultdict(dict)
    rows = session.execute(
        select(Segment.document_id, Segment.id, Segment.source, Segment.target).where(
            Segment.active
        )
    )
    for document_id, segment_id, source, target in rows:
        english = tokens(target) if target.strip() else []
        for m, view in index.find(source):
            if wanted is not None and view.id not in wanted:
                continue
            label, text = _classify(view, target, english)
            usage = found[view.id].setdefault((label, text), Usage(label, text))
            usage.count += 1
            if (document_id, segment_id) not in usage.segments:
                usage.segments.append((document_id, segment_id))
    order = {"approved": 0, "alternative": 1, "forbidden": 2, "other": 3, "untranslated": 4}
    result = [
        TermUsage(
            index.terms[tid],
            sorted(uses.values(), key=lambda u: (order[u.label], -u.count, u.english)),
        )
        for tid, uses in found.items()
    ]
    result.sort(key=lambda tu: (-tu.distinct, source_key(tu.term.source)))
    return result


def _classify(view: TermView, target: str, english: list[str]) -> tuple[str, str]:
    """Which glossary rendering the English uses (the QA term check's rules); the sentence
    itself when it uses none."""
    if not english:
        return "untranslated", ""
    term = TermInfo(view.id, view.source, view.target, view.alternatives, view.forbidden)
    label, rendering = rendering_used(term, english)
    return (label, rendering) if label != "other" else ("other", target.strip())


# --- candidates ----------------------------------------------------------------------------


def document_candidates(session: Session, document_id: int) -> list[Candidate]:
    """Likely terms of a document that are neither in the glossary nor dismissed."""
    segments = session.execute(
        select(Segment.id, Segment.source)
        .where(Segment.document_id == document_id, Segment.active)
        .order_by(Segment.id)
    ).all()
    return find_candidates(
        [(sid, src) for sid, src in segments],
        known=term_index(session).known,
        dismissed=dismissed_keys(session),
        corpus=_other_documents(session, document_id),
    )


CORPUS_DOCUMENTS = 30  # the newest other documents that count for "recurs across reports"


def _other_documents(session: Session, document_id: int) -> list[str]:
    """The source text of the workbench's newest other documents, one string each."""
    ids = session.scalars(
        select(Document.id)
        .where(Document.id != document_id)
        .order_by(Document.id.desc())
        .limit(CORPUS_DOCUMENTS)
    ).all()
    texts: dict[int, list[str]] = {i: [] for i in ids}
    for doc_id, text in session.execute(
        select(Paragraph.document_id, Paragraph.text).where(Paragraph.document_id.in_(ids))
    ):
        texts[doc_id].append(text)
    return ["\n".join(parts) for parts in texts.values()]


def accept_candidate(session: Session, text: str, kind: str, *, user: User | None) -> Term:
    """The candidate becomes a proposed entry (or the existing entry, untouched, if it is one)."""
    existing = find_term(session, text, include_deleted=False)
    if existing is not None:
        return existing
    data = validate(source=text, category=CANDIDATE_CATEGORY.get(kind, "other"), status="proposed")
    return save_term(session, data, user=user, action="accept")


def dismiss_candidate(session: Session, text: str, *, user: User | None) -> DismissedCandidate:
    """Remember that this expression is not a term, so it is no longer proposed or marked."""
    key = source_key(text)
    if not key or len(key) > 200:
        raise EditError("nothing to dismiss")
    existing = session.scalars(
        select(DismissedCandidate).where(DismissedCandidate.text_key == key)
    ).first()
    if existing is not None:
        return existing
    row = DismissedCandidate(text_key=key, user_id=user.id if user else None, created_at=utcnow())
    session.add(row)
    session.flush()
    return row


# --- import and export -----------------------------------------------------------------------


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[dict[str, str]] = field(
        default_factory=list
    )  # source, existing, incoming, reason

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.conflicts)} in conflict"
        )


def import_glossary(
    session: Session, filename: str, data: bytes, *, user: User | None
) -> ImportReport:
    """Apply a glossary file all or nothing; GlossaryFormatError (one line) when it is refused.

    Approved renderings are never replaced: such records are reported as conflicts.
    """
    records = parse_glossary(filename, data)
    incoming = [_checked(r, i) for i, r in enumerate(records, start=1)]
    live = {t.source_key: t for t in session.scalars(select(Term).where(Term.deleted.is_(False)))}
    plan = plan_import([record(t) for t in live.values()], incoming)
    report = ImportReport()
    for rec in plan.added:
        save_term(session, rec, user=user, action="import", applies_nested=rec.applies_nested)
        report.added.append(rec.source)
    for current, rec in plan.updated:
        term = live[current.key]
        save_term(
            session, rec, user=user, term=term, action="import", applies_nested=rec.applies_nested
        )
        report.updated.append(rec.source)
    report.unchanged = [r.source for r in plan.unchanged]
    report.conflicts = [
        {"source": new.source, "existing": old.target, "incoming": new.target, "reason": reason}
        for old, new, reason in plan.conflicts
    ]
    return report


def _checked(rec: TermRecord, number: int) -> TermRecord:
    """The workbench's own rules on top of the file format's (e.g. term length, '|'); the
    cleaned record is what the plan compares and what is saved."""
    try:
        fields = asdict(rec)
        applies_nested = fields.pop("applies_nested")
        return replace(validate(**fields), applies_nested=applies_nested)
    except EditError as exc:
        raise GlossaryFormatError(f"term {number} ({rec.source[:30]!r}): {exc}") from None


def export_glossary(session: Session, fmt: str) -> bytes:
    """All live terms sorted by source key, as TBX, CSV or JSON."""
    try:
        codec = registry.get("glossary", fmt).handler
    except ValueError as exc:
        raise EditError(str(exc)) from None
    return codec.write([record(t) for t in list_terms(session)])


def document_titles(session: Session, ids: Iterable[int]) -> dict[int, str]:
    ids = list(set(ids))
    if not ids:
        return {}
    return dict(
        session.execute(select(Document.id, Document.title).where(Document.id.in_(ids))).all()
    )
