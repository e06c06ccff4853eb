"""(pure) The keys a memory unit is found by: exact, figures masked, context.

All keys are computed on the Simplified form, so a Traditional query finds a Simplified unit
and the other way round. Keys are SHA-1 hex digests: fixed length, indexable everywhere.
"""

from __future__ import annotations

import hashlib
import re

from ..chinese import to_simplified
from ..qa.numbers import Quantity, extract_zh

_SPACE = re.compile(r"\s+")
# A private-use character stands for each figure: it occurs in no real source text.
FIGURE_MARK = "\ue000"
_SEP = "\x1f"


def source_key(text: str) -> str:
    """The Simplified, whitespace-normalised form of a source sentence."""
    return _SPACE.sub(" ", to_simplified(text)).strip()


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def figures(key: str) -> list[Quantity]:
    """The figures of a source key that figure-differ matching may replace.

    Optional numerals (in slogans and fixed words: 三农, 一体化) are words, not figures.
    """
    return [q for q in extract_zh(key) if not q.optional]


def masked(key: str, found: list[Quantity] | None = None) -> tuple[str, list[Quantity]]:
    """The key with each figure replaced by FIGURE_MARK, and the figures."""
    found = figures(key) if found is None else found
    parts, pos = [], 0
    for q in found:
        parts.append(key[pos : q.start])
        parts.append(FIGURE_MARK)
        pos = q.end
    parts.append(key[pos:])
    return "".join(parts), found


def figures_hash(key: str) -> str | None:
    """Hash of the masked key plus each figure's kind, unit and approximation; None without figures.

    Two sources with the same figures hash differ at most in their figures' values.
    """
    text, found = masked(key)
    if not found:
        return None
    shape = ";".join(f"{q.kind}/{q.unit or ''}/{int(q.approx)}" for q in found)
    return digest(text + _SEP + shape)


def context_hash(prev_key: str, next_key: str) -> str:
    """Hash of the neighbouring sources (Simplified keys): the same for a 101% context match."""
    return digest(prev_key + _SEP + next_key)
