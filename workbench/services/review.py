"""What the review page shows: filtered, paginated rows with everything a row needs.

The read side of the review screen: `build_rows` gives each row all it shows (QA issues,
newest MT, comment count, glossary highlights, term candidates), so templates call no
services. Each page of rows costs a fixed number of queries, whatever the number of rows,
and its cost follows the page, not the paragraph: the rows carry no paragraph text (only
its position, kind and level), the (paragraph, start) index gives them in order without a
sort, and a paragraph longer than a page is cut into pages at a segment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased, defer

from ..align.compare import MARKS
from ..chinese import to_simplified
from ..glossary.candidates import candidate_spans
from ..glossary.matcher import Match
from ..models import Comment, MTOutput, Paragraph, QAIssue, Segment
from ..statuses import Status
from . import glossary
from .align import marked_segment_ids
from .mt import newest_outputs, score_below
from .queries import like_pattern, segment_numbers
from .terms import TermView, dismissed_keys, term_index


@dataclass
class Filters:
    statuses: list[str] = field(default_factory=list)
    q: str = ""
    term: int | None = None
    check: str = ""  # QA check code, or "any" for "has issues"
    change: str = ""  # against last year's aligned report: "new", "changed" or "same"
    # MT: "flagged" (the newest MT has flags) or a confidence percentage ("50": below 50%)
    mt: str = ""
    # "mt": weakest MT first (paragraphs by their least confident MT; the cursor then counts
    # the paragraphs shown)
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
            change=args.get("change", "") if args.get("change") in MARKS else "",
            mt=mt if mt == "flagged" or (mt.isdigit() and 0 < int(mt) <= 100) else "",
            sort="mt" if args.get("sort") == "mt" else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.statuses or self.q or self.term or self.check or self.mt or self.change)

    def query_args(self) -> dict:
        args: dict = {}
        if self.statuses:
            args["status"] = self.statuses
        for key in ("q", "term", "check", "mt", "sort", "change"):
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
    terms: list[tuple[Match, TermView]] = field(default_factory=list)  # glossary highlights
    candidates: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, kind)
    # another segment follows in the paragraph: "merge with next" can work (never across)
    has_next: bool = False


@dataclass(frozen=True)
class Cursor:
    """Where a page of rows ends: after paragraph `position`, or inside it after the segment
    starting at `start` (a paragraph longer than a page). Written "12" or "12.340" in URLs."""

    position: int
    start: int | None = None

    @classmethod
    def parse(cls, raw: str | None) -> Cursor | None:
        head, _, tail = (raw or "").partition(".")
        # digits only, and small enough for a database integer (a longer one is no cursor)
        if not head.isdigit() or (tail and not tail.isdigit()) or len(head) > 15 or len(tail) > 15:
            return None
        return cls(int(head), int(tail) if tail else None)

    def __str__(self) -> str:
        return str(self.position) if self.start is None else f"{self.position}.{self.start}"


def filtered_query(session: Session, document_id: int, filters: Filters) -> Select:
    stmt = (
        select(Segment, Paragraph)
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(Segment.document_id == document_id, Segment.active)
        # a row needs the paragraph's place and kind, never its (possibly huge) text
        .options(defer(Paragraph.text), defer(Paragraph.text_simplified))
    )
    if filters.statuses:
        stmt = stmt.where(Segment.status.in_(filters.statuses))
    if filters.q:
        pattern, simplified = (
            like_pattern(filters.q),
            like_pattern(to_simplified(filters.q)),
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
    if filters.change:
        stmt = stmt.where(Segment.id.in_(marked_segment_ids(session, document_id, filters.change)))
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
) -> tuple[list[tuple[Segment, Paragraph]], Cursor | None]:
    """Whole paragraphs, the one with the least confident MT first (those without MT last),
    about `limit` rows; the cursor's position counts the paragraphs shown so far."""
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
    return [(s, p) for s, p in pairs], (Cursor(offset + len(chosen)) if more else None)


def _after(cursor: Cursor, inclusive: bool = False):
    """Rows past the cursor (or from it on, `inclusive`) in document order."""
    if cursor.start is None:
        op = (
            Paragraph.position >= cursor.position
            if inclusive
            else Paragraph.position > cursor.position
        )
        return op
    same = Segment.start >= cursor.start if inclusive else Segment.start > cursor.start
    return or_(
        Paragraph.position > cursor.position, and_(Paragraph.position == cursor.position, same)
    )


def load_rows(
    session: Session,
    document_id: int,
    filters: Filters,
    *,
    after: Cursor | None = None,
    start_at: Cursor | None = None,
    limit: int = 100,
) -> tuple[list[Row], Cursor | None]:
    """About `limit` rows and the next page's cursor (None at the end).

    Pages end at a paragraph's end where the paragraph fits (up to twice `limit` rows), so a
    split or merge re-renders one whole paragraph container; a longer paragraph is cut.
    """
    if filters.sort == "mt":
        offset = after.position if after is not None else 0
        pairs, next_page = _weakest_first(session, document_id, filters, offset, limit)
        return build_rows(session, document_id, pairs), next_page
    stmt = filtered_query(session, document_id, filters)
    if after is not None:
        stmt = stmt.where(_after(after))
    if start_at is not None:
        stmt = stmt.where(_after(start_at, inclusive=True))
    pairs = [(s, p) for s, p in session.execute(stmt.limit(limit + 1)).all()]
    more = len(pairs) > limit
    cursor: Cursor | None = None
    if more:
        pairs = pairs[:limit]
        last_seg, last_para = pairs[-1]
        rest = session.execute(
            stmt.where(
                Paragraph.position == last_para.position, Segment.start > last_seg.start
            ).limit(limit + 1)
        ).all()
        if len(rest) <= limit:  # the paragraph ends within another page's worth: finish it
            pairs.extend((s, p) for s, p in rest)
            cursor = Cursor(last_para.position)
            more = session.execute(stmt.where(_after(cursor)).limit(1)).first() is not None
        else:
            cursor = Cursor(last_para.position, last_seg.start)
    rows = build_rows(session, document_id, pairs)
    return rows, (cursor if more and rows else None)


def paragraph_rows(session: Session, paragraph: Paragraph) -> list[Row]:
    """All rows of one paragraph (after a split, merge or undo)."""
    pairs = session.execute(
        select(Segment, Paragraph)
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(Segment.paragraph_id == paragraph.id, Segment.active)
        .options(defer(Paragraph.text), defer(Paragraph.text_simplified))
        .order_by(Segment.start)
    ).all()
    return build_rows(session, paragraph.document_id, [(s, p) for s, p in pairs])


def paragraph_size(session: Session, paragraph_id: int) -> int:
    """Active segments of a paragraph."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Segment)
            .where(Segment.paragraph_id == paragraph_id, Segment.active)
        )
        or 0
    )


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
    following = aliased(Segment)
    with_next = set(
        session.scalars(
            select(Segment.id).where(
                Segment.id.in_(ids),
                select(following.id)
                .where(
                    following.paragraph_id == Segment.paragraph_id,
                    following.start == Segment.end,
                    following.active,
                )
                .exists(),
            )
        )
    )
    index = term_index(session)
    skip = index.known | dismissed_keys(session)  # candidates already known or dismissed
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
                has_next=seg.id in with_next,
                terms=index.find(seg.source),
                candidates=[
                    (a, b, kind)
                    for a, b, kind in candidate_spans(seg.source)
                    if to_simplified(seg.source[a:b]) not in skip
                ],
            )
        )
        prev_para = para.id
    return rows


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


__all__ = [
    "Cursor",
    "Filters",
    "Row",
    "load_rows",
    "one_row",
    "paragraph_rows",
    "outline",
    "filtered_count",
]
