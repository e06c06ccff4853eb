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

# XLIFF 1.2 `state` values: a one-to-one mapping so that an XLIFF round trip keeps the status.
XLIFF_STATE = {
    Status.NEW: "new",
    Status.MACHINE_TRANSLATED: "needs-review-translation",
    Status.DRAFT: "needs-translation",
    Status.NEEDS_WORK: "needs-review-l10n",
    Status.TRANSLATED: "translated",
    Status.REVIEWED: "signed-off",
    Status.APPROVED: "final",
}
STATUS_FROM_XLIFF_STATE = {v: k for k, v in XLIFF_STATE.items()}
# Other valid XLIFF 1.2 states a foreign CAT tool may write.
STATUS_FROM_XLIFF_STATE.update(
    {
        "needs-adaptation": Status.NEEDS_WORK,
        "needs-l10n": Status.NEEDS_WORK,
        "needs-review-adaptation": Status.NEEDS_WORK,
    }
)


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
