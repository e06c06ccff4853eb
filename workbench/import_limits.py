"""Limits on what one imported file may cost (pure: no Flask, no database).

One upload is at most `max_bytes`; everything else scales with it, so memory and time stay
a small multiple of the upload limit whatever the file claims:

- text: at most `max_characters` characters (what a text file at the upload limit holds)
  in at most `max_paragraphs` paragraphs (lines);
- DOCX packages (read through `workbench.safezip`, which counts real unpacked bytes): at most
  `max_unpacked` bytes unpacked in all, word/document.xml at most `max_document_xml`
  (streamed one paragraph at a time, never held whole), the other XML parts python-docx
  parses (styles, numbering, headers...) at most `max_other_xml` together;
- time: reading and segmenting stop after `seconds` with a message naming the limit.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class LimitExceeded(ValueError):
    """A file passed one of the import limits; str(e) names the limit."""


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_paragraphs: int = 100_000
    seconds: float = 60.0
    max_members: int = 2_000

    @property
    def max_characters(self) -> int:
        return self.max_bytes

    @property
    def max_unpacked(self) -> int:
        return 20 * self.max_bytes

    @property
    def max_document_xml(self) -> int:
        return 10 * self.max_bytes

    @property
    def max_other_xml(self) -> int:
        return 2 * self.max_bytes

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ImportLimits:
        return cls(
            max_bytes=config["MAX_IMPORT_BYTES"],
            max_paragraphs=config.get("IMPORT_MAX_PARAGRAPHS", cls.max_paragraphs),
            seconds=config.get("IMPORT_SECONDS", cls.seconds),
        )

    def deadline(self) -> Deadline:
        return Deadline(self.seconds)


class Deadline:
    """A hard time budget, checked between paragraphs."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise LimitExceeded(
                f"reading took longer than the {self.seconds:g} s import time limit "
                "(WORKBENCH_IMPORT_SECONDS); split the file"
            )


def counted(lines: Iterable[Any], limits: ImportLimits, deadline: Deadline) -> list[Any]:
    """`lines` (str or (text, level)) as a list, refused past the count limits before any
    of them is segmented (segmenting 5 million characters alone takes seconds)."""
    out: list[Any] = []
    paragraphs = characters = 0
    for item in lines:
        text = item if isinstance(item, str) else item[0]
        if text.strip():
            paragraphs += 1
            if paragraphs > limits.max_paragraphs:
                raise LimitExceeded(
                    f"more than {limits.max_paragraphs:,} paragraphs (the paragraph limit)"
                )
        characters += len(text)
        if characters > limits.max_characters:
            raise LimitExceeded(
                f"more than {limits.max_characters:,} characters of text (the character limit)"
            )
        deadline.check()
        out.append(item)
    return out


def timed(items: Iterable[Any], deadline: Deadline) -> Iterator[Any]:
    """`items` passed through, checking the deadline before each."""
    for item in items:
        deadline.check()
        yield item
