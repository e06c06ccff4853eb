"""Glossary-enforced MT: replace approved terms by markers before MT, put renderings back after.

Marker format: `ZT1`, `ZT2`, … surrounded by spaces in the Chinese text.

Why this shape: the zh→en models we run (Argos/OpenNMT with SentencePiece vocabularies) copy
short Latin+digit codes through unchanged, because their training data is full of them (G20,
5G, PM2.5, C919) and SentencePiece splits them into pieces that exist in both vocabularies.
Brackets and symbols (⟦1⟧, <t1>, __T1__) are rare or unknown pieces that models drop or
rewrite, and bare numbers are reformatted or confused with the sentence's own numbers. The
letters ZT begin almost no English or pinyin word, so a marker cannot be mistaken for text; the
spaces keep SentencePiece from gluing it to neighbouring Han characters. If the source already
contains the prefix, another one is chosen (see _PREFIXES).

Restore is tolerant of what models do to such codes (lower case, a space inside: `zt 1`,
`Z T1`) and strict about everything else: each marker must come back exactly once, and any
other marker-like code is reported, so the caller can flag the segment instead of saving a
silently wrong translation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workbench.glossary.matcher import Match

_PREFIXES = ("ZT", "ZX", "QZ", "XQ", "ZQ")


@dataclass(frozen=True)
class Protected:
    text: str
    # (marker, approved rendering, term id), in the order the markers appear in `text`.
    placeholders: tuple[tuple[str, str, int], ...]
    # The source text each marker replaced, parallel to `placeholders` (for messages).
    originals: tuple[str, ...] = ()


def protect(text: str, matches: Sequence[Match], renderings: Mapping[int, str]) -> Protected:
    """Replace each match whose term has a rendering by its own marker.

    `matches` are offsets in `text` (TermMatcher.find on the same text the MT engine gets);
    they must not overlap. Matches without a (non-empty) rendering are left as Chinese.
    """
    prefix = _choose_prefix(text)
    pieces: list[str] = []
    placeholders: list[tuple[str, str, int]] = []
    originals: list[str] = []
    position = 0
    for match in sorted(matches, key=lambda m: m.start):
        if match.start < position or not 0 <= match.start < match.end <= len(text):
            raise ValueError(f"match {match} overlaps another or lies outside the text")
        rendering = renderings.get(match.term_id, "").strip()
        if not rendering:
            continue
        marker = f"{prefix}{len(placeholders) + 1}"
        pieces.append(text[position : match.start])
        pieces.append(f" {marker} ")
        placeholders.append((marker, rendering, match.term_id))
        originals.append(text[match.start : match.end])
        position = match.end
    pieces.append(text[position:])
    return Protected("".join(pieces), tuple(placeholders), tuple(originals))


def restore(mt_output: str, protected: Protected) -> tuple[str, list[str]]:
    """(MT output with markers replaced by renderings, problems); no problems means trustworthy."""
    if not protected.placeholders:
        return mt_output, []
    prefix = re.match(r"[A-Z]+", protected.placeholders[0][0])
    assert prefix is not None  # markers are always prefix + number
    # Letters with optional spaces between them, then digits with optional spaces: "z t 1 2".
    letters = r"\s?".join(prefix.group())
    pattern = re.compile(rf"(?<![A-Za-z]){letters}\s?(\d(?:\s?\d)*)(?!\d)", re.IGNORECASE)
    by_number = {
        int(marker[len(prefix.group()) :]): i
        for i, (marker, _, _) in enumerate(protected.placeholders)
    }
    seen = [0] * len(protected.placeholders)
    problems: list[str] = []

    def replace(m: re.Match[str]) -> str:
        index = by_number.get(int(re.sub(r"\s", "", m.group(1))))
        if index is None:
            problems.append(f"unexpected marker {m.group()!r} in MT output")
            return m.group()
        seen[index] += 1
        return protected.placeholders[index][1]

    restored = pattern.sub(replace, mt_output)
    for index, count in enumerate(seen):
        if count != 1:
            what = "missing" if count == 0 else f"repeated {count} times"
            problems.append(f"{_describe(protected, index)} {what} in MT output")
    # A prefix left without its number is a garbled marker (a term's rendering went missing).
    for leftover in re.finditer(
        rf"(?<![A-Za-z]){letters}(?![A-Za-z]|\s?\d)", restored, re.IGNORECASE
    ):
        problems.append(f"garbled marker {leftover.group()!r} in MT output")
    return _tidy(restored), problems


def _describe(protected: Protected, index: int) -> str:
    marker, _, term_id = protected.placeholders[index]
    source = protected.originals[index] if index < len(protected.originals) else ""
    return f"marker {marker} for term {term_id}" + (f" ({source})" if source else "")


def _choose_prefix(text: str) -> str:
    """First prefix that does not already occur in the text (case-insensitive)."""
    lowered = text.lower()
    for prefix in _PREFIXES:
        if prefix.lower() not in lowered:
            return prefix
    raise ValueError("text contains every marker prefix; cannot protect terms safely")


def _tidy(text: str) -> str:
    """Undo spacing the markers introduced: double spaces and a space before punctuation."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r" ([,.;:!?)])", r"\1", text).strip()
