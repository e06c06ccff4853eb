"""What the review page shows: filtered, paginated rows with everything a row needs.

Each page of rows costs a fixed number of queries (segments, issues, MT, comment counts),
whatever the number of rows: no query per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from ..chinese import to_simplified
from ..models import Comment, MTOutput, Paragraph, QAIssue, Segment
from ..mt.service import newest_outputs
from ..statuses import Status
from . import glossary


@dataclass
class Filters:
    statuses: list[str] = field(default_factory=list)
    q: str = ""
    term: int | None = None
    check: str = ""  # QA check code, or "any" for "has issues"

    @classmethod
    def from_args(cls, args) -> Filters:
        statuses = [s for s in args.getlist("status") if s in {x.value for x in Status}]
        term = args.get("term", "")
        return cls(
            statuses=statuses,
            q=args.get("q", "").strip()[:200],
            term=int(term) if term.isdigit() else None,
            check=args.get("check", "").strip()[:40],
        )

    @property
    def active(self) -> bool:
        return bool(self.statuses or self.q or self.term or self.check)

    def query_args(self) -> dict:
        args: dict = {}
        if self.statuses:
            args["status"] = self.statuses
        for key in ("q", "term", "check"):
            if getattr(self, key):
                args[key] = getattr(self, key)
        return args


@dataclass
class Row:
    segment: Segment
    paragraph: Paragraph
    number: int  # 1-based position of the segment in the whole document
    issues: list[QAIssue]
    mt: MTOutput | None
    comment_count: int
    first_in_paragraph: bool

    @property
    def last_in_paragraph(self) -> bool:
        """Nothing follows in the paragraph (segments cover its stripped text): no merge."""
        return self.segment.end >= len(self.paragraph.text)


def filtered_query(session: Session, document_id: int, filters: Filters) -> Select:
    stmt = (
        select(Segment, Paragraph)
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(Segment.document_id == document_id, Segment.active)
    )
    if filters.statuses:
        stmt = stmt.where(Segment.status.in_(filters.statuses))
    if filters.q:
        pattern, simplified = (
            glossary.like_pattern(filters.q),
            glossary.like_pattern(to_simplified(filters.q)),
        )
        stmt = stmt.where(
            or_(
                Segment.source.like(pattern, escape="\\"),
                Segment.source_simplified.like(simplified, escape="\\"),
                Segment.target.ilike(pattern, escape="\\"),
            )
        )
    if filters.term:
        # Exact: the segments where the term is highlighted (longest match, either script),
        # so 三保 does not list the sentences where it only occurs inside 两不愁三保障.
        stmt = stmt.where(
            Segment.id.in_(glossary.segment_ids_with_term(session, document_id, filters.term))
        )
    if filters.check:
        open_issue = select(QAIssue.segment_id).where(QAIssue.ignored.is_(False))
        if filters.check != "any":
            open_issue = open_issue.where(QAIssue.check_code == filters.check)
        stmt = stmt.where(Segment.id.in_(open_issue))
    return stmt.order_by(Paragraph.position, Segment.start)


def load_rows(
    session: Session,
    document_id: int,
    filters: Filters,
    *,
    after: int | None = None,
    from_paragraph: int | None = None,
    limit: int = 100,
) -> tuple[list[Row], int | None]:
    """About `limit` rows, always whole paragraphs, and the next page's cursor (None at the end).

    The cursor is the last paragraph position shown: whole paragraphs per page let a split or
    merge re-render one paragraph container without it being cut across two pages.
    """
    stmt = filtered_query(session, document_id, filters)
    if after is not None:
        stmt = stmt.where(Paragraph.position > after)
    if from_paragraph is not None:
        stmt = stmt.where(Paragraph.position >= from_paragraph)
    pairs = [(s, p) for s, p in session.execute(stmt.limit(limit + 1)).all()]
    more = len(pairs) > limit
    if more:
        pairs = pairs[:limit]
        last_seg, last_para = pairs[-1]
        rest = session.execute(
            stmt.where(Paragraph.position == last_para.position, Segment.start > last_seg.start)
        ).all()
        pairs.extend((s, p) for s, p in rest)
        more = (
            session.execute(stmt.where(Paragraph.position > last_para.position).limit(1)).first()
            is not None
        )
    rows = build_rows(session, document_id, pairs)
    return rows, (rows[-1].paragraph.position if more and rows else None)


def paragraph_rows(session: Session, paragraph: Paragraph) -> list[Row]:
    """All rows of one paragraph (after a split, merge or undo)."""
    pairs = session.execute(
        select(Segment, Paragraph)
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(Segment.paragraph_id == paragraph.id, Segment.active)
        .order_by(Segment.start)
    ).all()
    return build_rows(session, paragraph.document_id, [(s, p) for s, p in pairs])


def build_rows(
    session: Session, document_id: int, pairs: list[tuple[Segment, Paragraph]]
) -> list[Row]:
    if not pairs:
        return []
    ids = [s.id for s, _ in pairs]
    issues: dict[int, list[QAIssue]] = {}
    for issue in session.scalars(
        select(QAIssue)
        .where(QAIssue.segment_id.in_(ids), QAIssue.ignored.is_(False))
        .order_by(QAIssue.id)
    ):
        issues.setdefault(issue.segment_id, []).append(issue)
    mt = newest_outputs(session, ids)
    comments = dict(
        session.execute(
            select(Comment.segment_id, func.count())
            .where(Comment.segment_id.in_(ids))
            .group_by(Comment.segment_id)
        ).all()
    )
    numbers = segment_numbers(session, document_id, ids)
    rows = []
    prev_para = None
    for seg, para in pairs:
        rows.append(
            Row(
                seg,
                para,
                numbers[seg.id],
                issues.get(seg.id, []),
                mt.get(seg.id),
                comments.get(seg.id, 0),
                first_in_paragraph=seg.start == 0 or prev_para != para.id,
            )
        )
        prev_para = para.id
    return rows


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


def one_row(session: Session, segment: Segment) -> Row:
    return build_rows(session, segment.document_id, [(segment, segment.paragraph)])[0]


def outline(session: Session, document_id: int) -> list[Paragraph]:
    return list(
        session.scalars(
            select(Paragraph)
            .where(Paragraph.document_id == document_id, Paragraph.kind == "heading")
            .order_by(Paragraph.position)
        )
    )


def filtered_count(session: Session, document_id: int, filters: Filters) -> int:
    sub = filtered_query(session, document_id, filters).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


__all__ = ["Filters", "Row", "load_rows", "one_row", "paragraph_rows", "outline", "filtered_count"]
