"""Apply a bilingual file (XLIFF or TMX) filled in another tool: changed targets become
revisions, nothing else.

Shared by `workbench import-xliff` / `import-tmx` and the uploads on the exports page. The
plan (which units changed, which conflict with newer English, which are unknown) comes from
the pure `formats.xliff` / `formats.tmx` planners (rules in `formats.bilingual`); this module
only applies the `changed` part, each through `save_target` (origin "import"), so every
applied unit is a revision with the user and the file name, and QA re-runs on it after commit
(one SegmentsChanged for the file). The caller owns the transaction: commit after a
successful apply, roll back on any exception, so an import is all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..formats.bilingual import Change, CurrentSegment, ImportPlan, Unknown
from ..formats.tmx import plan_tmx_import, read_tmx
from ..formats.xliff import plan_xliff_import, read_xliff
from ..models import Document, Paragraph, Segment, User
from . import segments as seg_service


@dataclass
class BilingualImportResult:
    filename: str
    kind: str  # "XLIFF" or "TMX", for messages
    changed: list[Change] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    unknown: list[Unknown] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "unknown": len(self.unknown),
            "conflicts": len(self.conflicts),
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "format": self.kind.lower(),
            **self.counts(),
            "changed_segments": [c.segment_id for c in self.changed],
            "unknown_units": [{"id": u.unit_id, "reason": u.reason} for u in self.unknown],
            "conflict_segments": [
                {
                    "segment_id": c.segment_id,
                    "workbench": c.old_target,
                    "file": c.new_target,
                    "exported_version": c.base_version,
                    "current_version": c.current_version,
                }
                for c in self.conflicts
            ],
        }


Planner = Callable[[bytes, Mapping[int, CurrentSegment], list[int], bool], ImportPlan]


def _plan_xliff(data: bytes, current, order, approve: bool) -> ImportPlan:
    return plan_xliff_import(read_xliff(data), current, approve=approve)


def _plan_tmx(data: bytes, current, order, approve: bool) -> ImportPlan:
    return plan_tmx_import(read_tmx(data), current, order, approve=approve)


PLANNERS: dict[str, Planner] = {"XLIFF": _plan_xliff, "TMX": _plan_tmx}


def kind_for(filename: str) -> str:
    """XLIFF or TMX from a file name; ValueError for anything else."""
    name = filename.lower()
    if name.endswith((".xlf", ".xliff", ".xml")):
        return "XLIFF"
    if name.endswith(".tmx"):
        return "TMX"
    raise ValueError(f"{filename}: not a bilingual file (expected .xlf, .xliff or .tmx)")


def current_segments(session: Session, document_id: int) -> dict[int, CurrentSegment]:
    """The active segments as the planners compare them, in document order."""
    rows = session.execute(
        select(
            Segment.id,
            Segment.source,
            Segment.target,
            Segment.status,
            Segment.version,
            Segment.updated_at,
        )
        .join(Paragraph, Paragraph.id == Segment.paragraph_id)
        .where(Segment.document_id == document_id, Segment.active.is_(True))
        .order_by(Paragraph.position, Segment.start)
    )
    return {
        row.id: CurrentSegment(
            row.id, row.source, row.target, row.status, row.version, row.updated_at
        )
        for row in rows
    }


def import_bilingual(
    session: Session,
    document: Document,
    data: bytes,
    *,
    filename: str,
    user: User,
    kind: str | None = None,
    approve: bool = False,
) -> BilingualImportResult:
    """Read, plan and apply an XLIFF or TMX (`kind`, else from the file name) to `document`.

    FormatError (nothing done) when the file is malformed. `approve` lets the file approve
    segments (an editor's explicit choice); without it a file's approval stops at reviewed.
    """
    kind = kind or kind_for(filename)
    current = current_segments(session, document.id)
    plan = PLANNERS[kind](data, current, list(current), approve)  # raises before any write
    result = BilingualImportResult(
        filename,
        kind,
        unchanged=list(plan.unchanged),
        unknown=list(plan.unknown),
        conflicts=list(plan.conflicts),
    )
    note = f"{kind} import from {filename}"[:500]
    ids = [c.segment_id for c in plan.changed]
    segments = {s.id: s for s in session.scalars(select(Segment).where(Segment.id.in_(ids)))}
    for change in plan.changed:
        _apply(
            session, change, segments.get(change.segment_id), user=user, note=note, result=result
        )
    session.flush()
    return result


def _apply(
    session: Session,
    change: Change,
    segment: Segment | None,
    *,
    user: User,
    note: str,
    result: BilingualImportResult,
) -> None:
    """Apply one changed unit through save_target, filing it in `result`."""
    if segment is None:  # planned from this document's active segments, so only a race gets here
        result.unknown.append(Unknown(str(change.segment_id), "the segment no longer exists"))
        return
    try:
        # base_version = the version the plan compared with: a save that slipped in between
        # the plan and now is a conflict, never overwritten.
        seg_service.save_target(
            session,
            segment,
            target=change.new_target,
            status=change.new_status,
            user=user,
            origin="import",
            base_version=change.current_version,
            note=note,
        )
    except seg_service.Conflict:
        result.conflicts.append(
            replace(change, old_target=segment.target, current_version=segment.version)
        )
    except seg_service.EditError as exc:
        # e.g. over the length limit, or merged away: report it and apply the rest
        result.unknown.append(Unknown(str(change.segment_id), f"not applied: {exc}"))
    else:
        result.changed.append(change)
