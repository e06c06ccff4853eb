"""Segment statuses and how they map onto other tools' review states.

One table, so the review page, QA, the exporters and the XLIFF import all agree.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    NEW = "new"
    MACHINE_TRANSLATED = "machine-translated"
    DRAFT = "draft"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    NEEDS_WORK = "needs-work"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Status.NEW: "New",
    Status.MACHINE_TRANSLATED: "Machine-translated",
    Status.DRAFT: "Draft",
    Status.TRANSLATED: "Translated",
    Status.REVIEWED: "Reviewed",
    Status.APPROVED: "Approved",
    Status.NEEDS_WORK: "Needs work",
}

# Order used by progress bars: from nothing done to done.
PROGRESS_ORDER = [
    Status.NEW,
    Status.MACHINE_TRANSLATED,
    Status.NEEDS_WORK,
    Status.DRAFT,
    Status.TRANSLATED,
    Status.REVIEWED,
    Status.APPROVED,
]

# Statuses that mean "a person has produced this English" (MT must not overwrite it).
HUMAN_STATUSES = frozenset(
    {Status.DRAFT, Status.TRANSLATED, Status.REVIEWED, Status.APPROVED, Status.NEEDS_WORK}
)

# translate-toolkit's numeric states (translate.storage.base): 0 empty, 30 needs work,
# 60 rejected, 80 needs review, 100 translated, 120 final.
TOOLKIT_STATE = {
    Status.NEW: 0,
    Status.MACHINE_TRANSLATED: 80,
    Status.DRAFT: 30,
    Status.NEEDS_WORK: 60,
    Status.TRANSLATED: 100,
    Status.REVIEWED: 110,
    Status.APPROVED: 120,
}

# XLIFF 1.2 `state` / `state-qualifier`, as the 1.2 specification defines them (the table is
# in docs/FORMATS.md). Export: each status as the state whose definition it meets, the
# qualifier telling apart the statuses that share one.
XLIFF_STATE: dict[Status, tuple[str, str | None]] = {
    Status.NEW: ("needs-translation", None),  # "the item needs to be translated"
    Status.MACHINE_TRANSLATED: ("needs-review-translation", "mt-suggestion"),
    Status.DRAFT: ("needs-review-translation", None),  # "only the text needs to be reviewed"
    Status.NEEDS_WORK: ("needs-translation", "rejected-inaccurate"),  # sent back by a reviewer
    Status.TRANSLATED: ("translated", None),
    Status.REVIEWED: ("signed-off", None),  # "changes are reviewed and approved"
    Status.APPROVED: ("final", None),  # "the terminating state" (plus approved="yes")
}
_MT_QUALIFIERS = frozenset({"mt-suggestion", "leveraged-mt"})
_NEEDS_WORK_STATES = frozenset(
    {"needs-adaptation", "needs-l10n", "needs-review-adaptation", "needs-review-l10n"}
)


def status_from_xliff(state: str | None, qualifier: str | None, approved: bool) -> Status | None:
    """The status an imported unit's state names, or None when it names none that means
    anything for a target that has English ("new", "needs-translation", no state).

    `approved="yes"` counts only when the state agrees (absent, signed-off or final): tools
    such as translate-toolkit set state="translated" on an edit and leave approved="yes".
    """
    qualifier = qualifier or ""
    if state in (None, "", "signed-off", "final") and approved:
        return Status.APPROVED
    if state == "final":
        return Status.APPROVED
    if state == "signed-off":
        return Status.REVIEWED
    if state == "translated":
        return Status.TRANSLATED
    if qualifier.startswith("rejected-") and state and state.startswith("needs-"):
        return Status.NEEDS_WORK
    if state == "needs-review-translation":
        return Status.MACHINE_TRANSLATED if qualifier in _MT_QUALIFIERS else Status.DRAFT
    if state in _NEEDS_WORK_STATES:
        return Status.NEEDS_WORK
    return None


def parse_status(value: str) -> Status:
    """Return the Status for a user-supplied value, or raise ValueError naming the valid ones."""
    try:
        return Status(value.strip().lower())
    except ValueError:
        valid = ", ".join(s.value for s in Status)
        raise ValueError(f"unknown status {value!r} (valid: {valid})") from None


# Glossary term statuses and categories (the Term model and the glossary file formats share them).
TERM_STATUSES = ("proposed", "approved", "deprecated")
TERM_CATEGORIES = (
    "numbered-abbreviation",
    "system",
    "campaign",
    "slogan",
    "place-or-brand",
    "other",
)
