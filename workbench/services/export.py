"""From the database to the exporters' plain dataclasses (`workbench.formats.model`).

`build_export_document` returns at once; its `paragraphs` is a generator that loads the
document a batch of paragraphs at a time (one query each for segments, first revisions,
comments and newest MT per batch: no query per segment), so an export of a large document
holds one batch in memory. The session must stay open until the exporter has finished.

Below that: running one export (`write_export`, with approved glossary terms marked), the
options both front ends parse the same way, the QA gate that holds back the English edition
while open errors remain in what it would publish, and the open/ignored QA issues in document
order that the gate, `workbench qa` and the QA summary list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..formats import Exporter, ExportReport
from ..formats.model import (
    ExportComment,
    ExportDocument,
    ExportOptions,
    ExportParagraph,
    ExportSegment,
    ExportTerm,
    GlossaryEntry,
)
from ..models import Comment, Document, Paragraph, Revision, Segment, User
from ..statuses import Status, parse_status
from . import qa
from .mt import newest_outputs
from .terms import term_index

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
    session: Session,
    paragraph_ids: list[int],
    users: dict[int, str],
    term_finder: TermFinder | None,
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
        ExportTerm(t.start, t.end, source[t.start : t.end], t.target, t.note)
        for t in term_finder(text)
    )


def _first_revisions(session: Session, ids: list[int]) -> dict[int, tuple[datetime, int | None]]:
    if not ids:
        return {}
    first_id = (
        select(func.min(Revision.id).label("id"))
        .where(Revision.segment_id.in_(ids))
        .group_by(Revision.segment_id)
    ).subquery()
    rows = session.execute(
        select(Revision.segment_id, Revision.created_at, Revision.user_id).join(
            first_id, Revision.id == first_id.c.id
        )
    )
    return {row.segment_id: (row.created_at, row.user_id) for row in rows}


def _comments(
    session: Session, ids: list[int], users: dict[int, str]
) -> dict[int, list[ExportComment]]:
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
    return {sid: out.text for sid, out in newest_outputs(session, ids).items()}


# --- running an export (shared by `workbench export` and the download view) ---------------


def approved_term_finder(session: Session) -> TermFinder:
    """Approved glossary terms in a segment, from the cached glossary index (built once)."""
    index = term_index(session)

    def find(text: str) -> list[ExportTerm]:
        return [
            ExportTerm(m.start, m.end, text[m.start : m.end], view.target, view.note)
            for m, view in index.find_approved(text)
        ]

    return find


def default_variant(document: Document) -> str:
    """The Chinese variant an export uses when none is asked for."""
    # A Traditional report is most likely Taiwanese usage; converting it to Simplified by
    # default would surprise its readers.
    return "zh-Hant-TW" if document.script == "hant" else "zh-Hans"


def parse_statuses(values: Iterable[str]) -> frozenset[str] | None:
    """Status names (each may be a comma list) -> a set, None for "all"; ValueError names the bad one."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    if not names:
        return None
    return frozenset(parse_status(name).value for name in names)


def is_text_format(exporter: Exporter) -> bool:
    """Whether the format is text (may go to stdout) rather than a zip container."""
    return exporter.mimetype.startswith("text/") or exporter.mimetype.endswith("+xml")


class ExportBlocked(Exception):
    """The English edition was asked for while open QA errors remain in what it would publish."""

    def __init__(self, document_id: int, errors: int) -> None:
        self.document_id, self.errors = document_id, errors
        plural = "error" if errors == 1 else "errors"
        super().__init__(
            f"document {document_id} has {errors} open QA {plural} in the exported segments "
            f"(list them with `workbench qa {document_id}`)"
        )


def _published_statuses(options: ExportOptions) -> frozenset[str] | None:
    """Statuses whose English an export with `options` publishes (None: all)."""
    # Segments the options leave out appear in the edition only as a marker, so their
    # English (and its errors) is not published.
    if options.approved_only:
        return frozenset({Status.APPROVED.value})
    return options.statuses


def open_issues_for(
    session: Session, document_id: int, options: ExportOptions
) -> list[qa.IssueLine]:
    """Open QA issues in the segments an export with `options` publishes."""
    return qa.open_issues(session, document_id, statuses=_published_statuses(options))


def check_edition_gate(
    session: Session, document_id: int, exporter: Exporter, options: ExportOptions, *, force: bool
) -> None:
    """Raise ExportBlocked for an English edition with open errors, unless forced."""
    if not exporter.edition or force:
        return
    errors = qa.open_error_count(session, document_id, statuses=_published_statuses(options))
    if errors:
        raise ExportBlocked(document_id, errors)


def write_export(
    session: Session, document_id: int, exporter: Exporter, options: ExportOptions, out: BinaryIO
) -> ExportReport:
    """Export the document in one format to `out` (glossary terms marked); LookupError if absent."""
    doc = build_export_document(session, document_id, term_finder=approved_term_finder(session))
    return exporter.write(doc, out, options)
