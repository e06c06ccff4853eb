"""The plain values every exporter reads: a document flattened out of the database.

Frozen dataclasses, no ORM: the service layer (`services/export.py`) builds them, tests build
them by hand. `ExportDocument.paragraphs` may be a generator so that a large document is
walked once, paragraph by paragraph, in bounded memory: an exporter iterates it exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..chinese import VARIANT_CONFIGS
from ..statuses import Status

# Statuses a memory's bar may be set at: human English, from a draft up.
MEMORY_STATUSES = (Status.DRAFT, Status.TRANSLATED, Status.REVIEWED, Status.APPROVED)


@dataclass(frozen=True)
class ExportComment:
    author: str
    created_at: datetime
    body: str


@dataclass(frozen=True)
class ExportTerm:
    """An approved glossary term occurring in a segment: `source[start:end]` is the term."""

    start: int
    end: int
    source: str
    target: str
    note: str


@dataclass(frozen=True)
class ExportSegment:
    id: int
    source: str
    target: str
    status: str
    mt: str  # newest raw MT, "" when none
    origin: str  # where the current English came from: human, mt, import, system
    version: int
    created_at: datetime
    created_by: str
    changed_at: datetime
    changed_by: str
    comments: tuple[ExportComment, ...] = ()
    terms: tuple[ExportTerm, ...] = ()


@dataclass(frozen=True)
class ExportParagraph:
    position: int  # 0-based; files show position + 1 ("paragraph 1")
    kind: str  # heading | body | front
    level: int  # heading level (1 = top), 0 for body/front
    segments: tuple[ExportSegment, ...]

    @property
    def number(self) -> int:
        """1-based paragraph number, the one people and every exported file see."""
        return self.position + 1

    @property
    def is_heading(self) -> bool:
        return self.kind == "heading"


@dataclass(frozen=True)
class GlossaryEntry:
    source: str
    target: str
    note: str = ""
    category: str = ""


@dataclass(frozen=True)
class ExportDocument:
    id: int
    title: str
    filename: str
    # "zh-CN" for a document written in Simplified characters, "zh-Hant" (or zh-TW/zh-HK) for
    # one written in Traditional: the exporters convert from it to the requested variant.
    source_lang: str
    target_lang: str
    created_at: datetime
    exported_at: datetime  # the only "now" an export may contain, so output is reproducible
    paragraphs: Iterable[ExportParagraph]
    # When given, the glossary appendix lists exactly these; otherwise the exporters list the
    # terms found in the exported segments (ExportSegment.terms), in order of first use.
    glossary: tuple[GlossaryEntry, ...] = ()


@dataclass(frozen=True)
class ExportOptions:
    statuses: frozenset[str] | None = None  # only segments with these statuses (None: all)
    chinese: str = "zh-Hans"  # zh-Hans, zh-Hant-TW or zh-Hant-HK (workbench.chinese)
    fill_mt: bool = False  # human-readable formats: show MT, marked, where English is missing
    approved_only: bool = False  # only approved segments (the edition marks the others)
    # TMX: the lowest status whose human English goes into a memory (None: translated), and
    # whether MT and English below it go in too, marked.
    min_status: str | None = None
    include_unreviewed: bool = False
    # The edition: its title (None: the document's English title, else its title), and
    # whether English that is raw MT is left out (marked as such) instead of printed marked.
    title: str | None = None
    leave_out_mt: bool = False

    def __post_init__(self) -> None:
        # Fail before any byte is written rather than half-way through an export.
        if self.chinese not in VARIANT_CONFIGS:
            valid = ", ".join(VARIANT_CONFIGS)
            raise ValueError(f"unknown Chinese variant {self.chinese!r} (valid: {valid})")
        if self.min_status is not None and self.min_status not in MEMORY_STATUSES:
            valid = ", ".join(MEMORY_STATUSES)
            raise ValueError(f"--min-status must be one of {valid}, not {self.min_status!r}")
