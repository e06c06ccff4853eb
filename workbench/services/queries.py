"""Shared read queries of the services: document order, numbering, text search.

Kept apart so that QA, the review page, the glossary and the exports can use them without
importing one another.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..chinese import script_forms
from ..models import Paragraph, Segment

_LIKE_CHUNK = 50  # LIKE alternatives per query: SQLite limits expression depth


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere (escape character: backslash)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def segment_numbers(session: Session, document_id: int, ids: list[int]) -> dict[int, int]:
    """1-based document order numbers of the given segments.

    A page of rows numbers itself with one window query; a single re-rendered row (a save)
    counts the segments before it instead, which avoids sorting the whole document.
    """
    if len(ids) == 1:
        seg = session.get(Segment, ids[0])
        before = session.scalar(
            select(func.count())
            .select_from(Segment)
            .join(Paragraph, Segment.paragraph_id == Paragraph.id)
            .where(
                Segment.document_id == document_id,
                Segment.active,
                or_(
                    Paragraph.position < seg.paragraph.position,
                    (Paragraph.position == seg.paragraph.position) & (Segment.start < seg.start),
                ),
            )
        )
        return {seg.id: (before or 0) + 1}
    numbered = (
        select(
            Segment.id.label("id"),
            func.row_number().over(order_by=(Paragraph.position, Segment.start)).label("n"),
        )
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(Segment.document_id == document_id, Segment.active)
        .subquery()
    )
    return dict(
        session.execute(select(numbered.c.id, numbered.c.n).where(numbered.c.id.in_(ids))).all()
    )


def numbered_segments(session: Session, document_id: int) -> dict[int, tuple[int, int]]:
    """{segment id: (1-based number in document order, paragraph position)} for a whole document."""
    rows = session.execute(
        select(Segment.id, Paragraph.position)
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(Segment.document_id == document_id, Segment.active.is_(True))
        .order_by(Paragraph.position, Segment.start)
    )
    return {row.id: (number, row.position) for number, row in enumerate(rows, start=1)}


def segments_containing(
    session: Session, keys: Iterable[str], document_id: int | None = None
) -> list[Segment]:
    """Active segments of all documents containing any key: SQL LIKE narrows, Python confirms.

    A key is looked for in each of its script forms (人工智慧 in a Taiwan edition, see
    workbench.chinese.script_forms); the matcher then decides whether the term is there.
    """
    keys = sorted({form for k in keys if k for form in script_forms(k)})
    found: dict[int, Segment] = {}
    for i in range(0, len(keys), _LIKE_CHUNK):
        chunk = keys[i : i + _LIKE_CHUNK]
        stmt = select(Segment).where(
            Segment.active,
            or_(*[Segment.source_simplified.like(like_pattern(k), escape="\\") for k in chunk]),
        )
        if document_id is not None:
            stmt = stmt.where(Segment.document_id == document_id)
        for seg in session.scalars(stmt):
            # LIKE ignores ASCII case in SQLite; a term such as "5G" must match as written.
            if any(k in seg.source_simplified for k in chunk):
                found[seg.id] = seg
    return [found[i] for i in sorted(found)]
