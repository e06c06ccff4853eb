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
from ..statuses import Status
from . import glossary
from .mt import newest_outputs, score_below


@dataclass
class Filters:
    statuses: list[str] = field(default_factory=list)
    q: str = ""
    term: int | None = None
    check: str = ""  # QA check code, or "any" for "has issues"
    # MT: "flagged" (the newest MT has flags) or a confidence percentage ("50": below 50%)
    mt: str = ""
    # "mt": weakest MT first (paragraphs by their least confident MT; `after` is then an offset)
    sort: str = ""

    @classmethod
    def from_args(cls, args) -> Filters:
        statuses = [s for s in args.getlist("status") if s in {x.value for x in Status}]
        term = args.get("term", "")
        mt = args.get("mt", "").strip()
        return cls(
            statuses=statuses,
            q=args.get("q", "").strip()[:200],
            term=int(term) if term.isdigit() else None,
            check=args.get("check", "").strip()[:40],
            mt=mt if mt == "flagged" or (mt.isdigit() and 0 < int(mt) <= 100) else "",
            sort="mt" if args.get("sort") == "mt" else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.statuses or self.q or self.term or self.check or self.mt)

    def query_args(self) -> dict:
        args: dict = {}
        if self.statuses:
            args["status"] = self.statuses
        for key in ("q", "term", "check", "mt", "sort"):
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
    if filters.mt:
        newest = _newest_mt()
        if filters.mt == "flagged":
            weak = select(newest.c.segment_id).where(newest.c.flagged)
        else:
            weak = select(newest.c.segment_id).where(newest.c.score < score_below(int(filters.mt)))
        stmt = stmt.where(Segment.id.in_(weak))
    return stmt.order_by(Paragraph.position, Segment.start)


def _newest_mt():
    """Each segment's newest MT output: segment_id, score, flagged."""
    newest = select(func.max(MTOutput.id)).group_by(MTOutput.segment_id)
    return (
        select(
            MTOutput.segment_id,
            MTOutput.score,
            (func.coalesce(func.json_array_length(MTOutput.flags), 0) > 0).label("flagged"),
        )
        .where(MTOutput.id.in_(newest))
        .subquery()
    )


def _weakest_first(
    session: Session, document_id: int, filters: Filters, offset: int, limit: int
) -> tuple[list[tuple[Segment, Paragraph]], int | None]:
    """Whole paragraphs, the one with the least confident MT first (those without MT last),
    about `limit` rows; the cursor is the number of paragraphs shown so far."""
    matching = (
        filtered_query(session, document_id, filters)
        .with_only_columns(Segment.id, Segment.paragraph_id)
        .order_by(None)
        .subquery()
    )
    newest = _newest_mt()
    weakest = func.min(newest.c.score)
    paragraphs = session.execute(
        select(Paragraph.id, func.count(matching.c.id))
        .join(matching, matching.c.paragraph_id == Paragraph.id)
        .outerjoin(newest, newest.c.segment_id == matching.c.id)
        .group_by(Paragraph.id, Paragraph.position)
        .order_by(weakest.is_(None), weakest, Paragraph.position)
        .offset(offset)
        .limit(limit + 1)
    ).all()
    chosen, rows = [], 0
    for paragraph_id, count in paragraphs:
        if rows >= limit:
            break
        chosen.append(paragraph_id)
        rows += count
    more = len(chosen) < len(paragraphs)
    place = {paragraph_id: n for n, paragraph_id in enumerate(chosen)}
    pairs = session.execute(
        filtered_query(session, document_id, filters).where(Paragraph.id.in_(chosen))
    ).all()
    pairs = sorted(pairs, key=lambda pair: place[pair[1].id])  # stable: document order inside
    return [(s, p) for s, p in pairs], (offset + len(chosen) if more else None)


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
    if filters.sort == "mt":
        pairs, cursor = _weakest_first(session, document_id, filters, after or 0, limit)
        return build_rows(session, document_id, pairs), cursor
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
