"""Long Chinese sentences cut into pieces the model translates well, and the English joined.

A government report's longest sentences run to 270+ characters, far beyond what the Argos
model saw in training: quality falls and the output cap is hit. Such a sentence is cut at ；
(between parallel clauses) and, where a clause is still too long, at ， — never inside quotes,
brackets or book titles, never inside a figure (1，234), never inside a protected span (an
approved glossary term), and never so that a piece is only a few characters long.

Each cut is placed nearest the middle of the text still too long (then each half again), so
a 150-character sentence with a limit of 120 becomes two pieces of ~75, not 118 + 32.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# the delimiters to cut at, strongest first; reports typed on an English keyboard use the
# half-width forms in Chinese text (the sample does throughout)
DELIMITERS = ("；;", "，,")
OPENING = "“‘《「『（(【[〔〈〖"
CLOSING = "”’》」』）)】]〕〉〗"
# a piece shorter than this (characters) is no clause of its own: "其中，", "同时，"
MIN_PIECE = 8
# what the Chinese delimiter a piece ended with becomes between the English pieces
_ENGLISH_DELIMITER = {"；": ";", ";": ";", "，": ",", ",": ","}
# a piece's English starts with one of these capitalised only because the model took the piece
# for a sentence; in the middle of the joined sentence it is lower case again
_FUNCTION_WORDS = frozenset(
    "a an and as at by for from further in it its more of on or our so such that the their "
    "these this those to we which while with".split()
)


def cut_points(text: str, delimiter: str, keep: Sequence[tuple[int, int]] = ()) -> list[int]:
    """Offsets just after each of the `delimiter` characters where `text` may be cut.

    Not inside paired quotes or brackets (depth counted; the straight " toggles), not between
    digits (a full-width thousands separator), not inside a `keep` span (start, end).
    """
    points: list[int] = []
    depth = 0
    straight_open = False
    for i, char in enumerate(text):
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
        elif char == '"':
            straight_open = not straight_open
        elif char in delimiter and depth == 0 and not straight_open:
            before, after = text[i - 1 : i], text[i + 1 : i + 2]
            if before.isdigit() and after.isdigit():
                continue
            cut = i + 1
            if any(start < cut < end for start, end in keep):
                continue
            points.append(cut)
    return points


def split_sentence(
    text: str, limit: int, keep: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """(start, end) of each piece; one piece (the whole text) when it is not over `limit`
    characters, when `limit` is 0 (splitting off), or when there is nowhere to cut.

    The pieces cover the text exactly, in order, so joining their text gives it back.
    """
    if limit <= 0 or len(text) <= limit:
        return [(0, len(text))]
    allowed = {d: cut_points(text, d, keep) for d in DELIMITERS}
    return _bisect(text, 0, len(text), limit, allowed)


def _bisect(
    text: str, start: int, end: int, limit: int, allowed: dict[str, list[int]]
) -> list[tuple[int, int]]:
    if end - start <= limit:
        return [(start, end)]
    middle = (start + end) / 2
    for delimiter in DELIMITERS:
        inside = [
            p
            for p in allowed[delimiter]
            if start + MIN_PIECE <= p <= end - MIN_PIECE and text[start:p].strip()
        ]
        if inside:
            cut = min(inside, key=lambda p: abs(p - middle))
            return _bisect(text, start, cut, limit, allowed) + _bisect(
                text, cut, end, limit, allowed
            )
    return [(start, end)]  # no clause boundary: the model gets it whole


def join_english(pieces_zh: Sequence[str], pieces_en: Sequence[str]) -> str:
    """The pieces' English as one sentence.

    A piece that ended with ；/， gets ";"/"," in place of the full stop the model put there
    for a "sentence", and the next piece's first word loses its sentence capital when it is a
    function word ("We will" → "we will"; names and acronyms keep theirs).
    """
    out: list[str] = []
    for n, (zh, en) in enumerate(zip(pieces_zh, pieces_en, strict=True)):
        en = en.strip()
        if not en:
            continue
        if out and out[-1][-1:] in ";,":
            first = re.match(r"[A-Z][a-z]*\b", en)
            if first and first.group().lower() in _FUNCTION_WORDS:
                en = en[0].lower() + en[1:]
        if n < len(pieces_zh) - 1:
            mark = _ENGLISH_DELIMITER.get(zh.rstrip()[-1:], "")
            if mark:
                en = re.sub(r"[.。;；,，]+$", "", en) + mark
        out.append(en)
    return " ".join(out)
