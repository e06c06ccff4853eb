"""(pure) Official renderings of a term from aligned (Chinese, English) pairs.

`Renderings.concordance` lists the aligned pairs whose Chinese contains the term, with the
term's place marked. `Renderings.propose` finds the English word sequence most strongly
associated with the term across all pairs: a sequence of 1 to 5 words (not starting or
ending with a function word) scored by the Dice coefficient between "the Chinese has the
term" and "the English has the sequence", so that a phrase found in every pair with the
term and rarely elsewhere wins over frequent words ("development") that are everywhere.
With few pairs many sequences tie; the dictionary (CC-CEDICT words of the term) then
prefers the one that best matches the term's words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.align.lexicon import STOPWORDS, Lexicon, cedict_lexicon, english_stems
from workbench.chinese import to_simplified

__all__ = ["ConcordanceLine", "Proposal", "Renderings", "concordance", "propose_rendering"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_MAX_WORDS = 5


@dataclass(frozen=True)
class ConcordanceLine:
    zh: str
    en: str
    start: int  # the term's offsets in zh
    end: int
    en_start: int = -1  # the proposed rendering's offsets in en (-1: not found)
    en_end: int = -1


@dataclass(frozen=True)
class Proposal:
    english: str
    evidence: int  # pairs with the term whose English has it
    pairs: int  # pairs with the term
    score: float  # Dice, 0..1


def _sequences(en: str) -> frozenset[tuple[str, ...]]:
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
    return frozenset(found)


class Renderings:
    """Concordances and proposed renderings over one set of aligned pairs (built once)."""

    def __init__(self, pairs: Iterable[tuple[str, str]], lexicon: Lexicon | None = None):
        self.pairs = [(zh, en) for zh, en in pairs if zh and en]
        self._keys = [to_simplified(zh) for zh, _ in self.pairs]
        self._sequences = [_sequences(en) for _, en in self.pairs]
        self._overall: Counter[tuple[str, ...]] = Counter()
        for seqs in self._sequences:
            self._overall.update(seqs)
        self._lexicon = lexicon

    def _with(self, term: str) -> list[int]:
        key = to_simplified(term.strip())
        return [n for n, zh in enumerate(self._keys) if key and key in zh]

    def propose(self, term: str) -> Proposal | None:
        """The English most associated with `term`, or None when no pair has the term."""
        hits = self._with(term)
        if not hits:
            return None
        inside: Counter[tuple[str, ...]] = Counter()
        for n in hits:
            inside.update(self._sequences[n])
        lexicon = self._lexicon or cedict_lexicon()
        key = to_simplified(term.strip())
        known = lexicon.words(key)
        meanings = [lexicon.entries[w] for w in known]
        # Characters outside any dictionary word (新质 in 新质生产力) may be rendered by
        # words the dictionary cannot explain: that many such words are not held against it.
        unknown = len(key) - sum(len(w) for w in known)
        best = None
        for seq, a in inside.items():
            if a < max(1, math.ceil(0.6 * len(hits))):  # most pairs with the term have it
                continue
            dice = 2 * a / (len(hits) + self._overall[seq])
            stems = english_stems(" ".join(seq))
            # How well the sequence and the term's dictionary words cover each other: the
            # share of the term's words it translates and of its words they explain (F1).
            covered = sum(1 for m in meanings if not m.isdisjoint(stems)) / max(len(meanings), 1)
            known_words = sum(1 for st in stems if any(st in m for m in meanings))
            spare = min(unknown, len(stems) - known_words)
            explained = (known_words + spare) / max(len(stems), 1)
            fit = 2 * covered * explained / (covered + explained) if covered + explained else 0.0
            # Longer sequences win ties: "new quality productive forces" over "productive".
            rank = (round(dice * (0.5 + fit), 6), a, len(seq), seq)
            if best is None or rank > best[0]:
                best = (rank, seq, a, dice)
        if best is None:
            return None
        _, seq, a, dice = best
        return Proposal(" ".join(seq), a, len(hits), round(dice, 3))

    def concordance(self, term: str, english: str = "") -> list[ConcordanceLine]:
        """The pairs with `term`, its offsets marked (and those of `english`, if given)."""
        key = to_simplified(term.strip())
        pattern = _phrase(english) if english else None
        lines = []
        for n in self._with(term):
            zh, en = self.pairs[n]
            at = self._keys[n].find(key)
            found = pattern.search(en) if pattern else None
            lines.append(
                ConcordanceLine(
                    zh,
                    en,
                    at,
                    at + len(key),
                    found.start() if found else -1,
                    found.end() if found else -1,
                )
            )
        return lines


def _phrase(english: str) -> re.Pattern[str]:
    """The words of `english` in order, separated by anything that is not a letter."""
    words = [re.escape(w) for w in _WORD.findall(english)]
    return re.compile(r"\b" + r"[^A-Za-z]+".join(words) + r"\b", re.IGNORECASE)


def concordance(term: str, pairs: Sequence[tuple[str, str]]) -> list[ConcordanceLine]:
    return Renderings(pairs).concordance(term)


def propose_rendering(
    term: str, pairs: Sequence[tuple[str, str]], lexicon: Lexicon | None = None
) -> Proposal | None:
    return Renderings(pairs, lexicon).propose(term)
