"""Changes to many segments at once: the status of every segment a filter matches, and find
and replace in the English. Both are previewed (every change listed), applied as one
`BatchOperation` that wrote an ordinary revision per segment, and undone in one step.

A preview carries a `plan` fingerprint (segment, version, result of every change): applying
refuses when the plan changed since (someone saved, a filter now matches other rows), so
what is applied is exactly what the reviewer saw.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import regex
from sqlalchemy.orm import Session

from ..core.errors import Conflict, Invalid
from ..core.permissions import Action, Actor, allowed, require
from ..db import utcnow
from ..models import BatchOperation, Segment, User
from ..statuses import Status
from .queries import segment_numbers
from .review import Filters, filtered_query
from .segments import save_target, status_after_edit

MAX_FIND_CHARS = 200
MAX_REPLACE_CHARS = 1_000
# A user's regular expression may backtrack exponentially: each segment gets this long.
REGEX_SECONDS = 0.25

# Batch statuses are review decisions; "new" and "machine-translated" describe the English
# itself and are never given to a sentence by hand in bulk.
BATCH_STATUSES = (
    Status.DRAFT,
    Status.NEEDS_WORK,
    Status.TRANSLATED,
    Status.REVIEWED,
    Status.APPROVED,
)
_NEEDS_ENGLISH = {Status.TRANSLATED.value, Status.REVIEWED.value, Status.APPROVED.value}


class PlanChanged(Conflict):
    """The segments changed between the preview and the apply (HTTP 409)."""


@dataclass(frozen=True)
class Change:
    segment: Segment
    number: int
    before: str
    after: str
    old_status: str
    new_status: str


@dataclass(frozen=True)
class Skipped:
    number: int
    reason: str


@dataclass(frozen=True)
class Plan:
    changes: list[Change]
    skipped: list[Skipped]
    summary: str

    @property
    def fingerprint(self) -> str:
        lines = (
            f"{c.segment.id}:{c.segment.version}:{c.new_status}:{c.after}" for c in self.changes
        )
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Replace:
    find: str
    replace: str
    use_regex: bool = False
    case_sensitive: bool = False

    def compile(self) -> regex.Pattern:
        if not self.find:
            raise Invalid("enter the text to find")
        if len(self.find) > MAX_FIND_CHARS or len(self.replace) > MAX_REPLACE_CHARS:
            raise Invalid(
                f"find is limited to {MAX_FIND_CHARS} and replace to {MAX_REPLACE_CHARS} characters"
            )
        flags = regex.V0 | (0 if self.case_sensitive else regex.IGNORECASE)
        try:
            return regex.compile(self.find if self.use_regex else regex.escape(self.find), flags)
        except regex.error as exc:
            raise Invalid(f"the regular expression is not valid: {exc}") from None

    def apply(self, pattern: regex.Pattern, text: str) -> str:
        try:
            if self.use_regex:
                return pattern.sub(self.replace, text, timeout=REGEX_SECONDS)
            return pattern.sub(lambda _m: self.replace, text, timeout=REGEX_SECONDS)
        except TimeoutError:
            raise Invalid(
                "the regular expression takes too long on this text; make it more specific"
            ) from None
        except (regex.error, IndexError) as exc:  # a bad group reference such as \3
            raise Invalid(f"the replacement is not valid: {exc}") from None

    def describe(self) -> str:
        how = "regex" if self.use_regex else "text"
        case = ", match case" if self.case_sensitive else ""
        return f"replace {how} “{self.find}” with “{self.replace}”{case}"


def _matching(session: Session, document_id: int, filters: Filters) -> list[Segment]:
    return [seg for seg, _para in session.execute(filtered_query(session, document_id, filters))]


def status_plan(
    session: Session, document_id: int, filters: Filters, status: str, *, user: Actor
) -> Plan:
    """Every segment the filter matches that the new status would change."""
    if status not in {s.value for s in BATCH_STATUSES}:
        names = ", ".join(s.label for s in BATCH_STATUSES)
        raise Invalid(f"a batch can set one of: {names}")
    require(user, Action.APPROVE_SEGMENT if status == Status.APPROVED.value else Action.SET_STATUS)
    segments = _matching(session, document_id, filters)
    numbers = segment_numbers(session, document_id, [s.id for s in segments])
    changes, skipped = [], []
    for seg in segments:
        if seg.status == status:
            continue
        if status in _NEEDS_ENGLISH and not seg.target:
            skipped.append(Skipped(numbers[seg.id], "no English yet"))
            continue
        changes.append(Change(seg, numbers[seg.id], seg.target, seg.target, seg.status, status))
    return Plan(changes, skipped, f"status → {Status(status).label}")


def replace_plan(
    session: Session, document_id: int, filters: Filters, spec: Replace, *, user: Actor
) -> Plan:
    """Every English text of the filtered segments that the replacement changes."""
    require(user, Action.EDIT_SEGMENT)
    pattern = spec.compile()
    segments = _matching(session, document_id, filters)
    changes, found = [], []
    for seg in segments:
        if not seg.target:
            continue
        after = spec.apply(pattern, seg.target).strip()
        if after != seg.target:
            found.append((seg, after))
    numbers = segment_numbers(session, document_id, [s.id for s, _ in found])
    skipped = []
    for seg, after in found:
        new_status = status_after_edit(seg.target, after, seg.status)
        if seg.status == Status.APPROVED.value and not allowed(user, Action.APPROVE_SEGMENT):
            skipped.append(Skipped(numbers[seg.id], "approved: only an editor changes it"))
        elif not after and new_status in _NEEDS_ENGLISH:
            skipped.append(Skipped(numbers[seg.id], "the English would be empty"))
        else:
            changes.append(Change(seg, numbers[seg.id], seg.target, after, seg.status, new_status))
    return Plan(changes, skipped, spec.describe())


def apply(
    session: Session, document_id: int, kind: str, plan: Plan, *, expected: str, user: User | None
) -> BatchOperation:
    """Apply a plan the reviewer previewed (`expected` = the preview's fingerprint)."""
    if plan.fingerprint != expected:
        raise PlanChanged(
            "the matching segments changed since the preview (someone saved meanwhile): "
            "look at the new preview and apply again"
        )
    if not plan.changes:
        raise Invalid("nothing to change")
    op = BatchOperation(
        document_id=document_id, kind=kind, summary=plan.summary[:500], changes=[], user=user
    )
    session.add(op)
    session.flush()
    record = []
    for c in plan.changes:
        seg = c.segment
        before = {"segment": seg.id, "target": seg.target, "status": seg.status}
        before["origin"] = seg.origin  # an undo puts back MT as MT, not as a person's draft
        save_target(
            session,
            seg,
            target=c.after,
            status=c.new_status,
            user=user,
            origin="human",
            base_version=seg.version,
            note=f"batch {op.id}: {plan.summary}",
        )
        record.append({**before, "version": seg.version})
    op.changes = record
    session.flush()
    return op  # QA follows the segments' change events after the commit


@dataclass(frozen=True)
class UndoResult:
    restored: int
    kept: list[int]  # segment ids changed again since the batch: their newer work stays


def undo(session: Session, op: BatchOperation, *, actor: Actor, user: User | None) -> UndoResult:
    """Put back every segment the batch changed, unless it changed again since (then the
    newer work wins and the segment is reported); one step, recorded as revisions. Putting
    back "approved" is approving: it needs the role approving needs."""
    if op.undone_at is not None:
        raise Invalid(f"batch {op.id} was already undone")
    approves = any(e["status"] == Status.APPROVED.value for e in op.changes)
    require(actor, Action.APPROVE_SEGMENT if approves else Action.SET_STATUS)
    restored, kept = 0, []
    for entry in op.changes:
        seg = session.get(Segment, entry["segment"])
        if seg is None or not seg.active or seg.version != entry["version"]:
            kept.append(entry["segment"])
            continue
        # the origin it had: undoing must not turn restored MT into a person's draft
        save_target(
            session,
            seg,
            target=entry["target"],
            status=entry["status"],
            user=user,
            origin=entry.get("origin", "human"),
            base_version=seg.version,
            note=f"undo batch {op.id}",
        )
        restored += 1
    op.undone_at = utcnow()
    op.undone_by_id = user.id if user is not None else None
    session.flush()
    return UndoResult(restored, kept)
