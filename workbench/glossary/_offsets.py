"""Simplified form of a text plus a map of its offsets back to the original text.

Matching and candidate detection run on the OpenCC t2s form so that Traditional and Simplified
input behave alike, but callers need offsets in the text the reader sees. t2s converts almost
always character for character; when it does not (phrase conversions that change length), the
two strings are aligned with difflib and any span that touches a changed region is widened to
cover that whole region, so a highlight never cuts a character sequence in half.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from workbench.chinese import to_simplified


@dataclass(frozen=True)
class Simplified:
    original: str
    text: str
    # None when `text` and `original` have the same length: offsets are then identical.
    _starts: tuple[int, ...] | None = None
    _ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original-text offsets of the simplified span [start, end)."""
        if self._starts is None or self._ends is None:
            return start, end
        return self._starts[start], self._ends[end]


def simplify(text: str) -> Simplified:
    converted = to_simplified(text)
    if len(converted) == len(text):
        return Simplified(text, converted)
    starts, ends = _align(text, converted)
    return Simplified(text, converted, starts, ends)


def _align(original: str, converted: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """starts[j]: original offset where simplified char j begins; ends[j]: where boundary j ends.

    `ends` is indexed by boundary (0..len(converted)) so that `ends[end]` is the original end
    offset of a span ending at simplified boundary `end`.
    """
    starts = [0] * (len(converted) + 1)
    ends = [0] * (len(converted) + 1)
    matcher = SequenceMatcher(None, original, converted, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(j2 - j1):
                starts[j1 + k] = i1 + k
                ends[j1 + k + 1] = i1 + k + 1
        else:
            # replace/insert: every converted char inside maps to the whole original region;
            # delete (j1 == j2) needs nothing: no converted char comes from it.
            for j in range(j1, j2):
                starts[j] = i1
                ends[j + 1] = i2
    starts[len(converted)] = len(original)
    ends[0] = 0
    return tuple(starts), tuple(ends)
