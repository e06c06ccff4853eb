"""Every change to a segment: saving English, restoring history, comments, split and merge.

The rules that keep work from being lost live here, so the web views, the CLI, the MT job and
the XLIFF import all obey them:
- each change bumps `Segment.version` and writes a `Revision` (who, when, origin);
- a save names the version it started from; if the segment moved on meanwhile it is refused
  with `Conflict`, which carries both texts. The check is also made by the database: the
  mapper's version counter (`models.Segment`) turns every UPDATE of a segment into
  `UPDATE ... WHERE id = ? AND version = ?`, so of two saves racing from one version exactly
  one is stored and the other fails at flush (`StaleDataError`, which the use cases turn into
  `Conflict`);
- each change records a `SegmentsChanged` event; QA (a subscriber) recomputes the issues of
  the changed segments once the change is committed.

The functions here never commit: the use cases in `workbench.core.usecases` own the
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..chinese import to_simplified
from ..core import errors, events
from ..db import utcnow
from ..models import Comment, Document, Paragraph, Revision, Segment, SegmentOperation, User
from ..statuses import PROGRESS_ORDER, Status, parse_status

MAX_TARGET_CHARS = 20_000
MAX_COMMENT_CHARS = 5_000
# Statuses that say "this English is done": a person cannot give them to an empty editor.
_DONE = frozenset({Status.TRANSLATED.value, Status.REVIEWED.value, Status.APPROVED.value})


# A change that cannot be made as asked; the message says why (shown to the user).
EditError = errors.Invalid


@dataclass
class Conflict(errors.Conflict):
    """The segment changed since the editor loaded it: neither text may be dropped."""

    segment: Segment
    mine: str
    my_status: str
    base_version: int

    @property
    def message(self) -> str:  # type: ignore[override]
        return str(self)

    def __str__(self) -> str:
        who = self.segment.updated_by.username if self.segment.updated_by else "someone"
        return (
            f"segment {self.segment.id} was changed by {who} (version {self.segment.version}) "
            f"after you started editing version {self.base_version}"
        )


def _clean_target(text: str) -> str:
    # Browsers send CRLF from textareas; a sentence has no line breaks of its own.
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_TARGET_CHARS:
        raise EditError(f"the English is {len(text)} characters, over the {MAX_TARGET_CHARS} limit")
    return text


def _record(
    session: Session, segment: Segment, *, user: User | None, origin: str, note: str = ""
) -> Revision:
    segment.version += 1
    segment.updated_at = utcnow()
    segment.updated_by = user
    rev = Revision(
        segment=segment,
        version=segment.version,
        target=segment.target,
        status=segment.status,
        origin=origin,
        note=note[:500],
        user=user,
        created_at=segment.updated_at,
    )
    session.add(rev)
    _touch_document(session, segment.document_id)
    return rev


def _touch_document(session: Session, document_id: int) -> None:
    doc = session.get(Document, document_id)
    if doc is not None:
        doc.updated_at = utcnow()


def _changed(session: Session, segments: list[Segment], origin: str, user: User | None) -> None:
    """Tell the subscribers (QA, ...) after commit; events of one commit are merged."""
    session.flush()  # ids of new segments
    events.record(
        session,
        events.SegmentsChanged(
            segments[0].document_id,
            tuple(s.id for s in segments),
            origin,
            user.id if user is not None else None,
        ),
    )
    for s in segments:
        if s.status == Status.APPROVED.value:
            events.record(
                session,
                events.SegmentApproved(s.document_id, s.id, user.id if user is not None else None),
            )


def status_after_edit(old_target: str, new_target: str, status: str) -> str:
    """The status a person's edit really gives: "new" and "machine-translated" describe the
    English, so English a person wrote or changed under them is a draft."""
    if status == Status.NEW.value and new_target:
        return Status.DRAFT.value  # a person wrote something: it is no longer "new"
    if status == Status.MACHINE_TRANSLATED.value and new_target != old_target:
        return Status.DRAFT.value  # edited MT is a person's draft, not untouched MT
    return status


def save_target(
    session: Session,
    segment: Segment,
    *,
    target: str,
    status: str | None,
    user: User | None,
    origin: str = "human",
    base_version: int | None,
    note: str = "",
) -> Segment:
    """Save new English and/or status for a segment, or raise Conflict / EditError.

    `base_version` None skips the conflict check (only for callers that already hold the
    latest version, such as the MT job which checks human work itself). The database still
    refuses the write if another save committed since this one read the segment.
    """
    if not segment.active:
        raise EditError(f"segment {segment.id} was merged into another segment; reload the page")
    new_target = _clean_target(target)
    new_status = parse_status(status).value if status else segment.status
    if base_version is not None and base_version != segment.version:
        if new_target == segment.target and new_status == segment.status:
            return segment  # the other change already says the same: nothing to merge
        raise Conflict(segment, new_target, new_status, base_version)
    if new_target == segment.target and new_status == segment.status:
        return segment  # a blur without edits must not create empty revisions
    if origin == "human" and not new_target and new_status in _DONE:
        raise EditError(
            f"the English is empty: it cannot be {Status(new_status).label.lower()} "
            "(write the translation first, or choose New or Draft)"
        )
    if origin == "human":
        new_status = status_after_edit(segment.target, new_target, new_status)
    segment.target = new_target
    segment.status = new_status
    segment.origin = origin
    _record(session, segment, user=user, origin=origin, note=note)
    _changed(session, [segment], origin, user)
    return segment


def restore_revision(
    session: Session, segment: Segment, revision_id: int, *, user: User, base_version: int | None
) -> Segment:
    """Bring back an old revision's text and status as a new revision (history is append-only)."""
    rev = session.get(Revision, revision_id)
    if rev is None or rev.segment_id != segment.id:
        raise EditError(f"revision {revision_id} does not belong to segment {segment.id}")
    return save_target(
        session,
        segment,
        target=rev.target,
        status=rev.status,
        user=user,
        origin="human",
        base_version=base_version,
        note=f"restored revision {rev.id} (version {rev.version})",
    )


def add_comment(session: Session, segment: Segment, *, user: User, body: str) -> Comment:
    body = body.strip()
    if not body:
        raise EditError("a comment cannot be empty")
    if len(body) > MAX_COMMENT_CHARS:
        raise EditError(f"a comment is limited to {MAX_COMMENT_CHARS} characters")
    comment = Comment(segment=segment, user=user, body=body)
    session.add(comment)
    _touch_document(session, segment.document_id)
    return comment


# --- split and merge ------------------------------------------------------------------


def _set_span(segment: Segment, paragraph: Paragraph, start: int, end: int) -> None:
    segment.start, segment.end = start, end
    segment.source = paragraph.text[start:end]
    segment.source_simplified = to_simplified(segment.source)


def _merged_status(first: Segment, second: Segment) -> str:
    """The status of two segments joined: only as far along as the weaker part.

    "New" and "machine-translated" describe the English itself (none; untouched MT): once the
    joined English holds a person's words, or some words where a part had none, it is a draft.
    """
    order = [s.value for s in PROGRESS_ORDER]
    weaker = min(first.status, second.status, key=order.index)
    machine = (Status.NEW.value, Status.MACHINE_TRANSLATED.value)
    if weaker in machine and (first.target or second.target):
        statuses = {first.status, second.status}
        if statuses != {Status.MACHINE_TRANSLATED.value}:
            return Status.DRAFT.value
    return weaker


def split_segment(session: Session, segment: Segment, at: int, *, user: User) -> SegmentOperation:
    """Split `segment` before character `at` (0 < at < len(source), relative to the segment).

    The English stays with the first part (the reviewer redistributes it); the second part
    starts as a new segment.
    """
    if not segment.active:
        raise EditError(f"segment {segment.id} is no longer active; reload the page")
    if not 0 < at < len(segment.source):
        raise EditError(
            f"split position {at} is outside segment {segment.id} (1 to {len(segment.source) - 1})"
        )
    paragraph = segment.paragraph
    old_end = segment.end
    new = Segment(
        document_id=segment.document_id,
        paragraph_id=segment.paragraph_id,
        target="",
        status=Status.NEW.value,
        origin="system",
        version=0,
    )
    _set_span(new, paragraph, segment.start + at, old_end)
    _set_span(segment, paragraph, segment.start, segment.start + at)
    session.add(new)
    session.flush()
    _record(
        session,
        segment,
        user=user,
        origin="system",
        note=f"split: text after character {at} became segment {new.id}",
    )
    _record(
        session, new, user=user, origin="system", note=f"created by splitting segment {segment.id}"
    )
    op = SegmentOperation(
        document_id=segment.document_id,
        kind="split",
        payload={"segment": segment.id, "new": new.id, "at": segment.end, "end": old_end},
        user=user,
    )
    session.add(op)
    _changed(session, [segment, new], "system", user)
    return op


def next_in_paragraph(session: Session, segment: Segment) -> Segment | None:
    return session.scalars(
        select(Segment).where(
            Segment.paragraph_id == segment.paragraph_id,
            Segment.active,
            Segment.start == segment.end,
        )
    ).first()


def merge_with_next(session: Session, segment: Segment, *, user: User) -> SegmentOperation:
    """Merge `segment` with the following segment of the same paragraph."""
    if not segment.active:
        raise EditError(f"segment {segment.id} is no longer active; reload the page")
    nxt = next_in_paragraph(session, segment)
    if nxt is None:
        raise EditError(f"segment {segment.id} is the last of its paragraph: nothing to merge with")
    payload = {
        "segment": segment.id,
        "absorbed": nxt.id,
        "end": segment.end,
        "target": segment.target,
        "status": segment.status,
    }
    _set_span(segment, segment.paragraph, segment.start, nxt.end)
    segment.status = _merged_status(segment, nxt)
    segment.target = " ".join(t for t in (segment.target, nxt.target) if t)
    nxt.active = False
    _record(session, segment, user=user, origin="system", note=f"merged with segment {nxt.id}")
    _record(session, nxt, user=user, origin="system", note=f"merged into segment {segment.id}")
    op = SegmentOperation(document_id=segment.document_id, kind="merge", payload=payload, user=user)
    session.add(op)
    _changed(session, [segment, nxt], "system", user)
    return op


def undo_operation(session: Session, op: SegmentOperation, *, user: User) -> None:
    """Undo a split (merge the parts back) or a merge (bring the absorbed segment back)."""
    if op.undone_at is not None:
        raise EditError(f"this {op.kind} was already undone")
    seg = session.get(Segment, op.payload["segment"])
    if op.kind == "split":
        new = session.get(Segment, op.payload["new"])
        if not (
            seg
            and new
            and seg.active
            and new.active
            and seg.end == new.start == op.payload["at"]
            and new.end == op.payload["end"]
        ):
            raise EditError("cannot undo this split: the segments were split or merged again since")
        _set_span(seg, seg.paragraph, seg.start, new.end)
        seg.status = _merged_status(seg, new)
        seg.target = " ".join(t for t in (seg.target, new.target) if t)
        new.active = False
        _record(
            session,
            seg,
            user=user,
            origin="system",
            note=f"undo split (segment {new.id} merged back)",
        )
        _record(
            session,
            new,
            user=user,
            origin="system",
            note=f"undo split: merged back into segment {seg.id}",
        )
        changed = [seg, new]
    else:
        absorbed = session.get(Segment, op.payload["absorbed"])
        if not (
            seg and absorbed and seg.active and not absorbed.active and seg.end == absorbed.end
        ):
            raise EditError("cannot undo this merge: the segment was split or merged again since")
        _set_span(seg, seg.paragraph, seg.start, op.payload["end"])
        # the merged English may have been edited since: keep today's text in history (the
        # revision below) and put back what each part had before the merge
        seg.target = op.payload["target"]
        seg.status = op.payload["status"]
        absorbed.active = True
        _record(
            session,
            seg,
            user=user,
            origin="system",
            note=f"undo merge (segment {absorbed.id} restored)",
        )
        _record(
            session,
            absorbed,
            user=user,
            origin="system",
            note=f"undo merge: restored from segment {seg.id}",
        )
        changed = [seg, absorbed]
    op.undone_at = utcnow()
    op.undone_by_id = user.id
    _changed(session, changed, "system", user)
