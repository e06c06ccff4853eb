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

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..formats import registry
from ..formats.bilingual import Change, CurrentSegment, Unknown
from ..formats.registry import Entry
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


def format_for(filename: str, kind: str | None = None) -> Entry:
    """The registered format that reads this file back (`kind`: "xliff"/"tmx" to insist on
    one); ValueError when it is not a bilingual file."""
    if kind is not None:
        entry = registry.get("export", kind.lower())
        if entry.reads:
            return entry
    entry = registry.for_file("export", filename, reads=True)
    if entry is None:
        accepted = ", ".join(registry.extensions("export", reads=True))
        raise ValueError(f"{filename}: not a bilingual file (expected {accepted})")
    return entry


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
    """Read, plan and apply an XLIFF or TMX (`kind`, else by the file name) to `document`.

    FormatError (nothing done) when the file is malformed. `approve` lets the file approve
    segments (an editor's explicit choice); without it a file's approval stops at reviewed.
    """
    reader = format_for(filename, kind)
    current = current_segments(session, document.id)
    plan = reader.handler.plan(data, current, list(current), approve)  # raises before any write
    label = reader.name.upper()  # "XLIFF", "TMX"
    result = BilingualImportResult(
        filename,
        label,
        unchanged=list(plan.unchanged),
        unknown=list(plan.unknown),
        conflicts=list(plan.conflicts),
    )
    note = f"{label} import from {filename}"[:500]
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
