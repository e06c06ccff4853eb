"""What a reviewer does to segments: save from the editor, restore, comment, split, merge,
undo, ignore a QA issue."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ...models import Document, QAIssue, Revision, Segment, SegmentOperation
from ...services import qa as qa_service
from ...services import segments as seg_service
from ...services.mt import is_untouched_mt, newest_output
from ...statuses import Status
from ..errors import Conflict, Invalid
from ..permissions import Action, Actor, require
from . import get, transaction, user_of

# Which status each save button gives (Ctrl+Enter confirms, Ctrl+Shift+Enter approves).
_ACTION_STATUS = {"confirm": Status.TRANSLATED.value, "approve": Status.APPROVED.value}
# Statuses an inserted MT replaces by "machine-translated" (a plain save keeps higher ones).
_BELOW_MT = (Status.NEW.value, Status.MACHINE_TRANSLATED.value, Status.DRAFT.value)
ACTIONS = ("save", *_ACTION_STATUS)


@dataclass(frozen=True)
class Saved:
    segment: Segment


class ApprovalHasErrors(Invalid):
    """Approving English the QA checks find errors in: asked first, approved only when the
    reviewer says so again (`accept_errors`)."""

    def __init__(self, findings: list) -> None:
        super().__init__(
            "the English has open QA errors: "
            + "; ".join(f.message for f in findings)
            + " (approve again to approve anyway)"
        )
        self.findings = findings


def _require_status(actor: Actor, segment: Segment, status: str, target: str) -> None:
    """Approving (or changing the English of an approved segment) is an editor's call."""
    approves = status == Status.APPROVED.value and (
        segment.status != Status.APPROVED.value or target != segment.target
    )
    require(actor, Action.APPROVE_SEGMENT if approves else Action.SET_STATUS)


def _editor_status(segment: Segment, status: str | None, action: str) -> str:
    status = status or segment.status
    if action not in ACTIONS:
        raise Invalid(f"unknown save action {action!r} (valid: {', '.join(ACTIONS)})")
    if action in _ACTION_STATUS:
        if action == "confirm" and status in (Status.REVIEWED.value, Status.APPROVED.value):
            return status  # confirming an already reviewed sentence must not demote it
        return _ACTION_STATUS[action]
    return status


def _inserts_mt(session: Session, segment: Segment, target: str) -> bool:
    """The submitted English is exactly the segment's newest MT and not its stored English."""
    cleaned = target.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned or cleaned == segment.target:
        return False
    return is_untouched_mt(newest_output(session, segment.id), cleaned)


def _conflict(session: Session, segment_id: int, target: str, status: str, base: int):
    """The race was lost in the database: the other save is what is stored now."""
    fresh = session.get(Segment, segment_id, populate_existing=True)
    assert fresh is not None
    return seg_service.Conflict(fresh, target.strip(), status, base)


def save_from_editor(
    session: Session,
    actor: Actor,
    segment_id: int,
    *,
    target: str,
    status: str | None,
    action: str = "save",
    base_version: int,
    accept_errors: bool = False,
) -> Saved:
    """Save the English and status a reviewer typed; Conflict (both texts) when the segment
    changed since `base_version`, Invalid when the text cannot be saved, ApprovalHasErrors
    when it would newly approve English with open QA errors and `accept_errors` is not set."""
    require(actor, Action.EDIT_SEGMENT)
    segment = get(session, Segment, segment_id, "segment")
    new_status = _editor_status(segment, status, action)
    origin = "human"
    if _inserts_mt(session, segment, target):
        # MT inserted untouched (Ctrl+M or a chosen alternative): a revision of origin MT, and
        # still "machine-translated" unless the reviewer confirms or picks a status beyond it
        origin = "mt"
        if action not in _ACTION_STATUS and new_status in _BELOW_MT:
            new_status = Status.MACHINE_TRANSLATED.value
    _require_status(actor, segment, new_status, target.strip())
    if new_status == Status.APPROVED.value != segment.status and not accept_errors:
        errors = qa_service.errors_for(session, segment, target.strip(), new_status)
        if errors:
            raise ApprovalHasErrors(errors)
    with transaction(session):
        try:
            seg_service.save_target(
                session,
                segment,
                target=target,
                status=new_status,
                user=user_of(actor),
                origin=origin,
                base_version=base_version,
            )
            session.flush()  # the conditional UPDATE: the database decides who was first
        except StaleDataError:
            session.rollback()
            raise _conflict(session, segment_id, target, new_status, base_version) from None
    return Saved(segment)


def restore_revision(
    session: Session, actor: Actor, segment_id: int, revision_id: int, *, base_version: int
) -> Saved:
    """Bring back an old revision's English and status as a new revision."""
    require(actor, Action.EDIT_SEGMENT)
    segment = get(session, Segment, segment_id, "segment")
    rev = get(session, Revision, revision_id, "revision")
    _require_status(actor, segment, rev.status, rev.target)
    with transaction(session, f"segment {segment_id} changed meanwhile; reload it"):
        seg_service.restore_revision(
            session, segment, rev.id, user=user_of(actor), base_version=base_version
        )
    return Saved(segment)


def comment(session: Session, actor: Actor, segment_id: int, body: str):
    require(actor, Action.COMMENT)
    segment = get(session, Segment, segment_id, "segment")
    with transaction(session):
        return seg_service.add_comment(session, segment, user=user_of(actor), body=body)


@dataclass(frozen=True)
class Reshaped:
    """A split, merge or undo: the segment whose paragraph must be shown again."""

    segment: Segment
    operation: SegmentOperation | None


def split(session: Session, actor: Actor, segment_id: int, at: int) -> Reshaped:
    require(actor, Action.EDIT_SEGMENT)
    segment = get(session, Segment, segment_id, "segment")
    with transaction(session, f"segment {segment_id} changed meanwhile; reload the page"):
        op = seg_service.split_segment(session, segment, at, user=user_of(actor))
    return Reshaped(segment, op)


def merge_with_next(session: Session, actor: Actor, segment_id: int) -> Reshaped:
    require(actor, Action.EDIT_SEGMENT)
    segment = get(session, Segment, segment_id, "segment")
    with transaction(session, f"segment {segment_id} changed meanwhile; reload the page"):
        op = seg_service.merge_with_next(session, segment, user=user_of(actor))
    return Reshaped(segment, op)


def undo(session: Session, actor: Actor, operation_id: int) -> Reshaped:
    require(actor, Action.EDIT_SEGMENT)
    op = get(session, SegmentOperation, operation_id, "operation")
    segment = get(session, Segment, op.payload["segment"], "segment")
    with transaction(session, "the segments changed meanwhile; reload the page"):
        try:
            seg_service.undo_operation(session, op, user=user_of(actor))
        except Invalid as exc:  # the operation no longer fits what is there: a conflict
            raise Conflict(str(exc)) from None
    return Reshaped(segment, None)


def ignore_issue(session: Session, actor: Actor, issue_id: int, reason: str) -> QAIssue:
    """Ignore a QA issue on its segment, with a reason. Ignoring an error lifts the edition
    gate for it, so it needs the same role as forcing the edition."""
    issue = get(session, QAIssue, issue_id, "QA issue")
    require(actor, Action.IGNORE_ERROR if issue.severity == "error" else Action.IGNORE_WARNING)
    with transaction(session):
        return qa_service.ignore_issue(session, issue, user=user_of(actor), reason=reason)


def rerun_qa(session: Session, actor: Actor, document_id: int) -> None:
    """Re-run every check on a document (the checks changed, or to be sure)."""
    require(actor, Action.REFRESH_QA)
    get(session, Document, document_id, "document")
    with transaction(session):
        qa_service.refresh_document(session, document_id)


REPORT_YEARS = (1900, 2100)


def set_report_year(session: Session, actor: Actor, document_id: int, year: int | None) -> None:
    """Set the year the report plans (上年/今年 in the number check resolve from it; None:
    unknown) and re-run the checks, which it changes."""
    require(actor, Action.REFRESH_QA)
    document = get(session, Document, document_id, "document")
    if year is not None and not REPORT_YEARS[0] <= year <= REPORT_YEARS[1]:
        raise Invalid(f"the report's year must be between {REPORT_YEARS[0]} and {REPORT_YEARS[1]}")
    with transaction(session):
        document.report_year = year
        qa_service.refresh_document(session, document_id)
