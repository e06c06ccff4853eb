"""Run the QA checks on segments and store the results, so pages only read them.

Nobody calls this to keep QA current: it subscribes to the change events (`on_*` below,
installed by `workbench.subscribers`), so every writer's committed change is checked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import delete, false, func, select, update
from sqlalchemy.orm import Session

from ..core import events
from ..core.errors import Invalid
from ..db import utcnow
from ..models import Document, QAIssue, Segment, User
from ..qa import CHECKS, Finding, SegmentContext, TermInfo, run_checks
from ..qa.spelling import allowed_words
from ..statuses import Status
from .batches import WRITE_BATCH, Checkpoint, steps
from .queries import numbered_segments, segments_containing
from .terms import TermIndex, cached, term_index

_allowed: tuple[TermIndex | None, frozenset[str]] = (None, frozenset())


def _glossary_words(index: TermIndex) -> frozenset[str]:
    """English words of the glossary (renderings and alternatives), which the spelling check
    accepts; computed once per glossary state (the index is cached per state)."""
    global _allowed
    cached_index, words = _allowed
    if cached_index is not index:
        words = allowed_words(
            text for view in index.terms.values() for text in (view.target, *view.alternatives)
        )
        _allowed = (index, words)
    return words


MEMORY_MIN_SEGMENTS = 2  # a word approved in one segment only may be that segment's own typo


def _memory_words(session: Session) -> frozenset[str]:
    """English words of the approved segments (the workbench's memory) that two of them use,
    which the spelling check accepts too; rebuilt only when an approved segment changes."""
    approved = Segment.status == Status.APPROVED.value
    stamp = select(func.count(Segment.id), func.max(Segment.updated_at)).where(approved)

    def build() -> frozenset[str]:
        uses: Counter[str] = Counter()
        for target in session.scalars(select(Segment.target).where(approved)):
            uses.update(allowed_words([target]))
        return frozenset(w for w, n in uses.items() if n >= MEMORY_MIN_SEGMENTS)

    return cached(session, "approved-english", stamp, build)


def _context(
    segment: Segment, index: TermIndex, year: int | None, allowed: frozenset[str]
) -> SegmentContext:
    terms = tuple(
        TermInfo(
            term_id=view.id,
            source=segment.source[m.start : m.end],
            target=view.target,
            alternatives=view.alternatives,
            forbidden=view.forbidden,
        )
        for m, view in index.find_approved(segment.source)
    )
    return SegmentContext(
        source=segment.source,
        target=segment.target,
        status=segment.status,
        terms=terms,
        year=year,
        allowed_words=allowed,
    )


def errors_for(session: Session, segment: Segment, target: str, status: str) -> list[Finding]:
    """The errors the checks find in `target` (not yet saved), less those ignored on `segment`:
    what approving this English would leave open."""
    index = term_index(session)
    doc = session.get(Document, segment.document_id)
    allowed = _glossary_words(index) | _memory_words(session)
    ctx = _context(segment, index, doc.report_year if doc else None, allowed)
    ctx = replace(ctx, target=target, status=status)
    ignored = set(
        session.scalars(
            select(QAIssue.fingerprint).where(
                QAIssue.segment_id == segment.id, QAIssue.ignored.is_(True)
            )
        )
    )
    return [f for f in run_checks(ctx) if f.severity == "error" and f.fingerprint not in ignored]


def refresh_segments(session: Session, segments: Iterable[Segment]) -> None:
    """Recompute the issues of `segments`; keep ignores (by fingerprint) and their reasons."""
    segments = [s for s in segments if s.id is not None]
    if not segments:
        return
    ids = [s.id for s in segments]
    _lock(session, ids)
    index = term_index(session)
    allowed = _glossary_words(index) | _memory_words(session)
    existing: dict[tuple[int, str], QAIssue] = {
        (i.segment_id, i.fingerprint): i
        for i in session.scalars(select(QAIssue).where(QAIssue.segment_id.in_(ids)))
    }
    keep: set[tuple[int, str]] = set()
    years = dict(
        session.execute(
            select(Document.id, Document.report_year).where(
                Document.id.in_({s.document_id for s in segments})
            )
        ).all()
    )
    for seg in segments:
        if not seg.active:
            continue
        for f in run_checks(_context(seg, index, years.get(seg.document_id), allowed)):
            key = (seg.id, f.fingerprint)
            keep.add(key)
            issue = existing.get(key)
            if issue is None:
                existing[key] = QAIssue(
                    document_id=seg.document_id,
                    segment_id=seg.id,
                    check_code=f.code,
                    severity=f.severity,
                    message=f.message,
                    fingerprint=f.fingerprint,
                )
                session.add(existing[key])
            elif (issue.message, issue.severity) != (f.message, f.severity):
                issue.message, issue.severity = f.message, f.severity
    # Issues that no longer fire go away; ignored ones stay as the record of who ignored what.
    stale = [
        i.id for k, i in existing.items() if k not in keep and not i.ignored and i.id is not None
    ]
    if stale:
        session.execute(delete(QAIssue).where(QAIssue.id.in_(stale)))


def _lock(session: Session, segment_ids: list[int]) -> None:
    """Refreshing is read-then-write and runs after the change's commit, in its own
    transaction: lock first, so two runs over one segment (a save's and a glossary change's)
    cannot both find an issue missing and both insert it."""
    if session.get_bind().dialect.name == "sqlite":
        # a write statement takes SQLite's write lock for the transaction (no row matches)
        session.execute(update(QAIssue).where(false()).values(message=QAIssue.message))
    else:
        session.execute(
            select(Segment.id)
            .where(Segment.id.in_(segment_ids))
            .order_by(Segment.id)
            .with_for_update()
        )


def refresh_document(
    session: Session, document_id: int, batch: int = WRITE_BATCH, checkpoint: Checkpoint = None
) -> None:
    """Re-run every check on a document (after import, MT, or a glossary change), in steps
    of `batch` segments with `checkpoint` after each (services.batches)."""
    last = 0
    while True:
        segs = session.scalars(
            select(Segment)
            .where(Segment.document_id == document_id, Segment.active, Segment.id > last)
            .order_by(Segment.id)
            .limit(batch)
        ).all()
        if not segs:
            return
        refresh_segments(session, segs)
        last = segs[-1].id
        if checkpoint is not None:
            checkpoint()


# --- the subscribers: QA follows every committed change ------------------------------------
# A refresh can touch thousands of segments (a glossary import, a new document): the handlers
# commit every WRITE_BATCH segments themselves, so QA never holds the database for long
# (the bus commits the last step).


def on_segments_changed(event: events.SegmentsChanged, session: Session) -> None:
    segments = session.scalars(select(Segment).where(Segment.id.in_(event.segment_ids))).all()
    for step in steps(segments, session.commit):
        refresh_segments(session, step)


def on_terms_changed(event: events.TermsChanged, session: Session) -> None:
    """Re-run QA on every active segment whose Simplified source contains a changed key."""
    for step in steps(segments_containing(session, event.keys), session.commit):
        refresh_segments(session, step)


def on_document_imported(event: events.DocumentImported, session: Session) -> None:
    refresh_document(session, event.document_id, checkpoint=session.commit)


def ignore_issue(session: Session, issue: QAIssue, *, user: User, reason: str) -> QAIssue:
    reason = reason.strip()
    if not reason:
        raise Invalid("say why this issue can be ignored here")
    issue.ignored, issue.ignore_reason = True, reason[:1000]
    issue.ignored_by_id, issue.ignored_at = user.id, utcnow()
    return issue


def open_issue_counts(session: Session, document_id: int) -> dict[str, Counter]:
    """{check code: Counter(severity)} of open (not ignored) issues for the QA summary."""
    rows = session.execute(
        select(QAIssue.check_code, QAIssue.severity, func.count())
        .where(QAIssue.document_id == document_id, QAIssue.ignored.is_(False))
        .group_by(QAIssue.check_code, QAIssue.severity)
    )
    out: dict[str, Counter] = {}
    for code, severity, n in rows:
        out.setdefault(code, Counter())[severity] += n
    return out


def check_title(code: str) -> str:
    check = CHECKS.get(code)
    return check.title if check else code


def _issue_query(document_id: int, *, ignored: bool, statuses: frozenset[str] | None = None):
    """Issues of the document's active segments (optionally with `statuses`)."""
    stmt = (
        select(QAIssue)
        .join(Segment, QAIssue.segment_id == Segment.id)
        .where(
            QAIssue.document_id == document_id,
            QAIssue.ignored.is_(ignored),
            Segment.active.is_(True),
        )
    )
    if statuses is not None:
        stmt = stmt.where(Segment.status.in_(statuses))
    return stmt


def open_error_count(
    session: Session, document_id: int, *, statuses: frozenset[str] | None = None
) -> int:
    """Open (not ignored) QA errors of the document, or of its segments with `statuses`."""
    stmt = _issue_query(document_id, ignored=False, statuses=statuses).where(
        QAIssue.severity == "error"
    )
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def ignored_count(session: Session, document_id: int) -> int:
    """Issues ignored (with a reason) on the document's active segments."""
    stmt = _issue_query(document_id, ignored=True)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


# --- open QA issues in document order (the edition gate, `workbench qa`, the QA summary) ---


@dataclass(frozen=True)
class IssueLine:
    id: int
    segment_id: int
    segment_number: int  # 1-based position among the document's active segments
    paragraph_position: int  # 0-based; the review page's `from=` starts there
    check_code: str
    severity: str
    message: str


def _line(issue: QAIssue, numbers: dict[int, tuple[int, int]]) -> IssueLine:
    number, position = numbers.get(issue.segment_id, (0, 0))
    return IssueLine(
        issue.id,
        issue.segment_id,
        number,
        position,
        issue.check_code,
        issue.severity,
        issue.message,
    )


def open_issues(
    session: Session, document_id: int, *, statuses: frozenset[str] | None = None
) -> list[IssueLine]:
    """Open issues (errors first within a segment), in document order."""
    numbers = numbered_segments(session, document_id)
    issues = session.scalars(_issue_query(document_id, ignored=False, statuses=statuses))
    lines = [_line(issue, numbers) for issue in issues]
    lines.sort(key=lambda i: (i.segment_number, i.severity != "error", i.check_code, i.id))
    return lines


def ignored_issues(session: Session, document_id: int) -> list[tuple[IssueLine, QAIssue]]:
    """Ignored issues of active segments with who ignored them and why, in document order."""
    numbers = numbered_segments(session, document_id)
    rows = session.scalars(_issue_query(document_id, ignored=True)).all()
    out = [(_line(issue, numbers), issue) for issue in rows]
    out.sort(key=lambda pair: (pair[0].segment_number, pair[0].check_code, pair[0].id))
    return out
