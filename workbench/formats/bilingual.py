"""Applying a bilingual file (XLIFF, TMX) to a document: the plan, pure (no database).

The readers (`xliff.read_xliff`, `tmx.read_tmx`) say what a file holds; the planners
(`xliff.plan_xliff_import`, `tmx.plan_tmx_import`) find the segment each unit belongs to and
hand every (incoming English, segment) pair to `classify`, the one rule both formats share:

- unchanged: no English in the file (an empty target never erases English), a target that is
  just the Chinese copied over (what OmegaT and other tools pre-fill: untranslated, never
  stored as English), or the same English with nothing new to say about the status (only a
  rejection, needs-work, or a step up the progress order is news: tools write "translated"
  by default, which must not undo a review);
- conflicts: the file's English differs from the workbench's and the workbench's English is
  newer than what the file was made from. With a base version (XLIFF `extradata`, TMX
  `x-version`) "newer" means the segment's version moved on since the export (and a file
  that merely agrees with the newer English is unchanged); without one it means a person's
  English (a human status) is there and the file does not date its own English later
  (TMX `changedate`), so a person's work is never overwritten silently;
- changed: everything else with new English or a new status. The status is the one the file
  names when that is meaningful (see `statuses.XLIFF_STATE`), else "translated" for new
  English. A file never approves a segment unless the import was asked to (`approve`, an
  editor's explicit option): a file's "approved" stops at reviewed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from ..chinese import VARIANT_LANG_TAGS, to_simplified, to_variant
from ..statuses import HUMAN_STATUSES, PROGRESS_ORDER, Status
from .base import clean_text

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class CurrentSegment:
    id: int
    source: str
    target: str
    status: str
    version: int
    changed_at: datetime | None = None  # naive UTC, like every time in the workbench


@dataclass(frozen=True)
class Incoming:
    """One unit's English for one segment, as a planner read it."""

    unit_id: str  # as the file names it, for the report
    source: str  # the unit's Chinese (may be in another variant than the segment's)
    target: str  # "" when the file has none
    status: str | None  # a meaningful status the file names; None: "translated" if changed
    base_version: int | None  # segment version the file was made from, when it says
    source_language: str = ""  # e.g. zh-TW for a Traditional export
    changed_at: datetime | None = None  # when the file says its English was written (UTC)


@dataclass(frozen=True)
class Change:
    segment_id: int
    old_target: str
    new_target: str
    old_status: str
    new_status: str
    base_version: int | None
    current_version: int


@dataclass(frozen=True)
class Unknown:
    unit_id: str
    reason: str


@dataclass
class ImportPlan:
    changed: list[Change] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)  # segment ids
    unknown: list[Unknown] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)


def norm(text: str) -> str:
    """Text as compared across tools: NFC, runs of white space as one space, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _variant_for(lang: str) -> str | None:
    for variant, tag in VARIANT_LANG_TAGS.items():
        if tag.lower() == lang.lower():
            return variant
    return None


def same_chinese(incoming: str, ours: str, language: str = "") -> bool:
    """Whether `incoming` is the Chinese `ours`, allowing for the variant it was exported in."""
    incoming, ours = norm(incoming), norm(ours)
    if incoming == ours:
        return True
    # A Traditional export: compare with what the exporter wrote, then via Simplified.
    variant = _variant_for(language)
    if variant is not None and incoming == norm(to_variant(to_simplified(ours), variant)):
        return True
    return to_simplified(incoming) == to_simplified(ours)


def cap_status(status: str, current: str, target_changed: bool, approve: bool) -> str:
    """A file's status as the import may apply it: approval only when asked for (a file that
    agrees with an approved segment leaves it approved)."""
    keeps_approval = current == Status.APPROVED and not target_changed
    if status == Status.APPROVED and not approve and not keeps_approval:
        return Status.REVIEWED.value
    return status


def classify(
    incoming: Incoming, segment: CurrentSegment, plan: ImportPlan, *, approve: bool = False
) -> None:
    """File `incoming` under changed, unchanged or conflicts (the module docstring's rule)."""
    english = incoming.target.strip()
    if not english or same_chinese(english, segment.source, incoming.source_language):
        plan.unchanged.append(segment.id)
        return
    # Compare with what an export wrote: control characters were dropped on the way out.
    current = clean_text(segment.target).strip()
    target_changed = norm(english) != norm(current)
    status = incoming.status
    if status is None or (target_changed and status == segment.status):
        # No meaningful status, or the other tool left the one we exported as it was while
        # the English changed: new English is a translation, else the status stays.
        status = Status.TRANSLATED.value if target_changed else segment.status
    status = cap_status(status, segment.status, target_changed, approve)
    if not target_changed and not _raises(status, segment.status):
        # Same English: only a rejection or a step up is news. Tools write "translated" by
        # default (po2xliff, translate-toolkit), which must not undo a review or approval.
        plan.unchanged.append(segment.id)
        return
    change = Change(
        segment_id=segment.id,
        old_target=segment.target,
        new_target=english,
        old_status=segment.status,
        new_status=status,
        base_version=incoming.base_version,
        current_version=segment.version,
    )
    if incoming.base_version is not None:
        moved_on = segment.version > incoming.base_version
        if moved_on and not target_changed:
            # The file agrees with the newer English: its (older) status must not undo what
            # was decided since.
            plan.unchanged.append(segment.id)
        elif moved_on:
            plan.conflicts.append(change)
        else:
            plan.changed.append(change)
    elif (
        target_changed
        and current
        and segment.status in HUMAN_STATUSES
        and not _later(incoming, segment)
    ):
        plan.conflicts.append(change)  # nothing says the file is newer: a person decides
    else:
        plan.changed.append(change)


def _raises(status: str, current: str) -> bool:
    if status == current:
        return False
    if status == Status.NEEDS_WORK:
        return True
    return PROGRESS_ORDER.index(Status(status)) > PROGRESS_ORDER.index(Status(current))


def _later(incoming: Incoming, segment: CurrentSegment) -> bool:
    """Whether the file dates its English after the segment's last change."""
    return (
        incoming.changed_at is not None
        and segment.changed_at is not None
        and incoming.changed_at > segment.changed_at
    )
