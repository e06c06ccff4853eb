"""(pure) Official renderings of a term from aligned (Chinese, English) pairs.

`concordance` lists the aligned pairs whose Chinese contains the term, with the term's
place marked. `propose_rendering` finds the English word sequence most strongly associated
with the term across all pairs: a sequence of 1 to 5 words (not starting or ending with a
function word) scored by the Dice coefficient between "the Chinese has the term" and "the
English has the sequence", so that a phrase found in every pair with the term and rarely
elsewhere wins over frequent words ("development") that are everywhere.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.align.lexicon import STOPWORDS, Lexicon, cedict_lexicon, english_stems
from workbench.chinese import to_simplified

__all__ = ["ConcordanceLine", "Proposal", "concordance", "propose_rendering"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_MAX_WORDS = 5


@dataclass(frozen=True)
class ConcordanceLine:
    zh: str
    en: str
    start: int  # the term's offsets in zh
    end: int


@dataclass(frozen=True)
class Proposal:
    english: str
    evidence: int  # pairs with the term whose English has it
    pairs: int  # pairs with the term
    score: float  # Dice, 0..1


def concordance(term: str, pairs: Iterable[tuple[str, str]]) -> list[ConcordanceLine]:
    key = to_simplified(term)
    lines = []
    for zh, en in pairs:
        at = to_simplified(zh).find(key)
        if at >= 0:
            lines.append(ConcordanceLine(zh, en, at, at + len(term)))
    return lines


def _sequences(en: str) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(en)]
    found = set()
    for i in range(len(words)):
        for k in range(1, _MAX_WORDS + 1):
            seq = tuple(words[i : i + k])
            if len(seq) < k:
                break
            if seq[0] in STOPWORDS or seq[-1] in STOPWORDS:
                continue
            found.add(seq)
    return found


def propose_rendering(
    term: str, pairs: Sequence[tuple[str, str]], lexicon: Lexicon | None = None
) -> Proposal | None:
    """The English most associated with `term`, or None when no pair has the term.

    With few pairs many sequences are equally associated; the dictionary (CC-CEDICT words
    of the term) then prefers the sequence whose words translate the term's words.
    """
    key = to_simplified(term)
    lexicon = lexicon or cedict_lexicon()
    words = lexicon.words(key)
    term_stems = frozenset().union(*(lexicon.entries[w] for w in words)) if words else frozenset()
    with_term = [en for zh, en in pairs if key in to_simplified(zh)]
    if not with_term:
        return None
    inside: Counter[tuple[str, ...]] = Counter()
    for en in with_term:
        inside.update(_sequences(en))
    overall: Counter[tuple[str, ...]] = Counter()
    candidates = {seq for seq, n in inside.items() if n >= max(1, len(with_term) // 2)}
    for _zh, en in pairs:
        overall.update(seq for seq in _sequences(en) if seq in candidates)
    best = None
    for seq in candidates:
        a = inside[seq]
        dice = 2 * a / (len(with_term) + overall[seq])
        stems = english_stems(" ".join(seq))
        explained = len(stems & term_stems) / len(stems) if stems else 0.0
        # Longer sequences win ties: "new quality productive forces" over "productive".
        rank = (round(dice * (0.5 + explained), 6), a, len(seq))
        if best is None or rank > best[0]:
            best = (rank, seq, a, dice)
    assert best is not None
    _, seq, a, dice = best
    return Proposal(" ".join(seq), a, len(with_term), round(dice, 3))
