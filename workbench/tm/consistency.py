"""(pure) Consistency across a document and the memories.

Two findings a reviewer wants to see side by side:
- one source, several renderings: the same Simplified source translated differently (in the
  document, or in the document against a memory);
- one rendering, several sources: the same English used for different Chinese sentences
  (often a sentence pasted into the wrong row, or a slogan rendered one way for two things).

Sources compare by their Simplified key, English by its text with whitespace collapsed and
case ignored: a capital after a heading change is not an inconsistency.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Place:
    """One occurrence: a segment of the document, or a unit of a memory."""

    source: str
    source_key: str
    target: str
    segment_id: int | None = None  # in the checked document
    paragraph_position: int = 0
    number: int = 0  # the segment's number in the document, for messages
    unit_id: int | None = None
    memory: str = ""


@dataclass
class Inconsistency:
    kind: str  # "renderings" (one source, several English) or "sources" (one English, several)
    key: str  # the shared source key or English
    places: list[Place]


def english_key(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def find(document: list[Place], memory: list[Place]) -> list[Inconsistency]:
    """Inconsistencies that involve at least one place of the document."""
    by_source: dict[str, list[Place]] = defaultdict(list)
    by_english: dict[str, list[Place]] = defaultdict(list)
    for place in document + memory:
        if not place.target.strip():
            continue
        by_source[place.source_key].append(place)
        by_english[english_key(place.target)].append(place)
    found: list[Inconsistency] = []
    for key, places in by_source.items():
        renderings = {english_key(p.target) for p in places}
        if len(renderings) > 1 and any(p.segment_id is not None for p in places):
            found.append(Inconsistency("renderings", key, places))
    for key, places in by_english.items():
        sources = {p.source_key for p in places}
        if len(sources) > 1 and any(p.segment_id is not None for p in places):
            found.append(Inconsistency("sources", key, places))
    found.sort(key=lambda i: (min(p.number for p in i.places if p.segment_id is not None), i.kind))
    return found
