"""From the database to the exporters' plain dataclasses (`workbench.exporters.model`).

`build_export_document` returns at once; its `paragraphs` is a generator that loads the
document a batch of paragraphs at a time (one query each for segments, first revisions,
comments and newest MT per batch: no query per segment), so an export of a large document
holds one batch in memory. The session must stay open until the exporter has finished.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..exporters.model import (
    ExportComment,
    ExportDocument,
    ExportParagraph,
    ExportSegment,
    ExportTerm,
    GlossaryEntry,
)
from ..exporters.xliff_read import CurrentSegment
from ..models import Comment, Document, MTOutput, Paragraph, Revision, Segment, User

TermFinder = Callable[[str], list[ExportTerm]]
BATCH_PARAGRAPHS = 200


def build_export_document(
    session: Session,
    document_id: int,
    *,
    term_finder: TermFinder | None = None,
    glossary: Sequence[GlossaryEntry] = (),
    exported_at: datetime | None = None,
    batch_size: int = BATCH_PARAGRAPHS,
) -> ExportDocument:
    """The document as exporters read it; LookupError when there is no such document.

    `term_finder(source)` returns the approved glossary terms occurring in a segment's
    Chinese (offsets into that string); `glossary`, when given, is the appendix list.
    Filtering by status is the exporters' job (ExportOptions), so that the English edition
    can mark what it leaves out.
    """
    document = session.get(Document, document_id)
    if document is None:
        raise LookupError(f"no document {document_id}")
    return ExportDocument(
        id=document.id,
        title=document.title,
        filename=document.filename,
        source_lang="zh-Hant" if document.script == "hant" else "zh-CN",
        target_lang="en",
        created_at=document.created_at,
        exported_at=exported_at or utcnow(),
        paragraphs=_paragraphs(session, document.id, term_finder, batch_size),
        glossary=tuple(glossary),
    )


def current_segments(session: Session, document_id: int) -> dict[int, CurrentSegment]:
    """The active segments as the XLIFF import planner compares them."""
    rows = session.execute(
        select(Segment.id, Segment.source, Segment.target, Segment.status, Segment.version).where(
            Segment.document_id == document_id, Segment.active.is_(True)
        )
    )
    return {row.id: CurrentSegment(row.id, row.source, row.target, row.status, row.version) for row in rows}


def _usernames(session: Session) -> dict[int, str]:
    return {row.id: row.username for row in session.execute(select(User.id, User.username))}


def _paragraphs(
    session: Session, document_id: int, term_finder: TermFinder | None, batch_size: int
) -> Iterator[ExportParagraph]:
    users = _usernames(session)
    heads = session.execute(
        select(Paragraph.id, Paragraph.position, Paragraph.kind, Paragraph.level)
        .where(Paragraph.document_id == document_id)
        .order_by(Paragraph.position)
    ).all()
    for offset in range(0, len(heads), batch_size):
        batch = heads[offset : offset + batch_size]
        segments = _segments_by_paragraph(session, [p.id for p in batch], users, term_finder)
        for p in batch:
            yield ExportParagraph(p.position, p.kind, p.level, tuple(segments.get(p.id, ())))


def _segments_by_paragraph(
    session: Session, paragraph_ids: list[int], users: dict[int, str], term_finder: TermFinder | None
) -> dict[int, list[ExportSegment]]:
    # Plain columns, not ORM objects: nothing piles up in the session's identity map.
    rows = session.execute(
        select(
            Segment.id,
            Segment.paragraph_id,
            Segment.source,
            Segment.source_simplified,
            Segment.target,
            Segment.status,
            Segment.origin,
            Segment.version,
            Segment.updated_at,
            Segment.updated_by_id,
        )
        .where(Segment.paragraph_id.in_(paragraph_ids), Segment.active.is_(True))
        .order_by(Segment.paragraph_id, Segment.start)
    ).all()
    ids = [s.id for s in rows]
    first = _first_revisions(session, ids)
    comments = _comments(session, ids, users)
    mt = _newest_mt(session, ids)
    out: dict[int, list[ExportSegment]] = defaultdict(list)
    for s in rows:
        changed_by = users.get(s.updated_by_id, "") if s.updated_by_id else ""
        created_at, created_by_id = first.get(s.id, (s.updated_at, s.updated_by_id))
        out[s.paragraph_id].append(
            ExportSegment(
                id=s.id,
                source=s.source,
                target=s.target,
                status=s.status,
                mt=mt.get(s.id, ""),
                origin=s.origin,
                version=s.version,
                created_at=created_at,
                created_by=users.get(created_by_id, "") if created_by_id else "",
                changed_at=s.updated_at,
                changed_by=changed_by,
                comments=tuple(comments.get(s.id, ())),
                terms=_terms(s.source, s.source_simplified, term_finder),
            )
        )
    return out


def _terms(source: str, simplified: str, term_finder: TermFinder | None) -> tuple[ExportTerm, ...]:
    if term_finder is None:
        return ()
    # The glossary matches on Simplified text; its offsets fit `source` only when the
    # conversion kept the length (OpenCC t2s is character for character almost always).
    text = simplified if len(simplified) == len(source) else source
    return tuple(
        ExportTerm(t.start, t.end, source[t.start : t.end], t.target, t.note) for t in term_finder(text)
    )


def _first_revisions(session: Session, ids: list[int]) -> dict[int, tuple[datetime, int | None]]:
    if not ids:
        return {}
    first_id = (
        select(func.min(Revision.id).label("id")).where(Revision.segment_id.in_(ids)).group_by(Revision.segment_id)
    ).subquery()
    rows = session.execute(
        select(Revision.segment_id, Revision.created_at, Revision.user_id).join(first_id, Revision.id == first_id.c.id)
    )
    return {row.segment_id: (row.created_at, row.user_id) for row in rows}


def _comments(session: Session, ids: list[int], users: dict[int, str]) -> dict[int, list[ExportComment]]:
    out: dict[int, list[ExportComment]] = defaultdict(list)
    if not ids:
        return out
    rows = session.execute(
        select(Comment.segment_id, Comment.user_id, Comment.created_at, Comment.body)
        .where(Comment.segment_id.in_(ids))
        .order_by(Comment.segment_id, Comment.id)
    )
    for row in rows:
        author = users.get(row.user_id, "") if row.user_id else ""
        out[row.segment_id].append(ExportComment(author, row.created_at, row.body))
    return out


def _newest_mt(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    newest = (
        select(func.max(MTOutput.id).label("id")).where(MTOutput.segment_id.in_(ids)).group_by(MTOutput.segment_id)
    ).subquery()
    rows = session.execute(select(MTOutput.segment_id, MTOutput.text).join(newest, MTOutput.id == newest.c.id))
    return {row.segment_id: row.text for row in rows}
