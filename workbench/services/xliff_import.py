"""Apply an XLIFF filled in another CAT tool: changed targets become revisions, nothing else.

Shared by `workbench import-xliff` and the upload on the exports page. The plan (which units
changed, which conflict with edits made since the export, which are unknown) comes from the
pure `exporters.xliff_read`; this module only applies the `changed` part, each through
`save_target` (origin "import"), so every applied unit is a revision with the user and the
file name, and QA re-runs on it after commit (one SegmentsChanged for the file). The caller
owns the transaction: commit after a successful apply, roll back on any exception, so an
import is all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..exporters.xliff_read import XliffChange, XliffUnknown, plan_xliff_import, read_xliff
from ..models import Document, Segment, User
from . import segments as seg_service
from .export import current_segments


@dataclass
class XliffImportResult:
    filename: str
    changed: list[XliffChange] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    unknown: list[XliffUnknown] = field(default_factory=list)
    conflicts: list[XliffChange] = field(default_factory=list)

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


def import_xliff(
    session: Session, document: Document, data: bytes, *, filename: str, user: User
) -> XliffImportResult:
    """Read, plan and apply an XLIFF to `document`; ExportFormatError (nothing done) when malformed."""
    units = read_xliff(data)  # raises before anything is planned or written
    plan = plan_xliff_import(units, current_segments(session, document.id))
    result = XliffImportResult(
        filename,
        unchanged=list(plan.unchanged),
        unknown=list(plan.unknown),
        conflicts=list(plan.conflicts),
    )
    note = f"XLIFF import from {filename}"[:500]
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
    change: XliffChange,
    segment: Segment | None,
    *,
    user: User,
    note: str,
    result: XliffImportResult,
) -> bool:
    """Apply one changed unit through save_target; True when it was applied."""
    if segment is None:  # planned from this document's active segments, so only a race gets here
        result.unknown.append(XliffUnknown(str(change.segment_id), "the segment no longer exists"))
        return False
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
        result.unknown.append(XliffUnknown(str(change.segment_id), f"not applied: {exc}"))
    else:
        result.changed.append(change)
        return True
    return False
