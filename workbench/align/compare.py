"""(pure) Year over year: what in a new report is new, changed or as last year.

Last year's report is known through its confirmed alignment (Chinese sentences with their
official English). Each sentence of the new report is compared with last year's sentences:

* "same": the same text, ignoring punctuation and whitespace (and the script);
* "changed": a close match, character-bigram Dice of at least CHANGED_MIN (a figure, a
  year or a few words differ); its clauses without a close match in last year's report
  are marked new;
* "new": nothing close.

Candidates are found through a bigram index, so a report of a few thousand sentences is
compared in well under a second.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.chinese import to_simplified
from workbench.segment import split_sentences

__all__ = ["CHANGED_MIN", "MARKS", "LastYear", "Mark"]

MARKS = ("new", "changed", "same")
CHANGED_MIN = 0.5
_CLAUSE_MIN = 0.6
_CANDIDATES = 20  # best-sharing sentences scored exactly
_IGNORED = re.compile(r"[\W_]+", re.UNICODE)  # punctuation, spaces
_CLAUSE_BREAK = re.compile(r"[，,；;：:、]")


def _norm(text: str) -> str:
    return _IGNORED.sub("", to_simplified(text))


def _bigrams(text: str) -> Counter[str]:
    return (
        Counter(text[i : i + 2] for i in range(len(text) - 1)) if len(text) > 1 else Counter(text)
    )


def _dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


@dataclass(frozen=True)
class Mark:
    kind: str  # "new" | "changed" | "same"
    similarity: float  # Dice with the closest sentence of last year (1.0 for "same")
    last_year: str  # that sentence ("" for new)
    english: str  # its official English ("" for new)
    new_clauses: tuple[tuple[int, int], ...] = ()  # offsets of clauses with no close match


class LastYear:
    """Last year's aligned sentences, indexed for comparison."""

    def __init__(self, units: Iterable[tuple[str, str]]):
        self.sentences: list[tuple[str, str]] = []  # (Chinese sentence, English of its link)
        for zh, en in units:
            for start, end in split_sentences(zh):
                sentence = zh[start:end].strip()
                if _norm(sentence):
                    self.sentences.append((sentence, en))
        self._norms = [_norm(s) for s, _ in self.sentences]
        self._exact = {n: k for k, n in enumerate(self._norms)}
        self._grams = [_bigrams(n) for n in self._norms]
        self._index: dict[str, list[int]] = {}
        for k, grams in enumerate(self._grams):
            for gram in grams:
                self._index.setdefault(gram, []).append(k)
        self._clause_norms = [
            [c for c in (_norm(part) for part in _CLAUSE_BREAK.split(s)) if c]
            for s, _ in self.sentences
        ]
        self._clauses = {c for parts in self._clause_norms for c in parts}
        self._clauses.discard("")
        self._joined = "\n".join(self._norms)

    def __bool__(self) -> bool:
        return bool(self.sentences)

    def mark(self, text: str) -> Mark:
        norm = _norm(text)
        if not norm:
            return Mark("same", 1.0, "", "")  # punctuation only: nothing to translate anew
        exact = self._exact.get(norm)
        if exact is not None:
            sentence, english = self.sentences[exact]
            return Mark("same", 1.0, sentence, english)
        grams = _bigrams(norm)
        shared: Counter[int] = Counter()
        for gram in grams:
            for k in self._index.get(gram, ()):
                shared[k] += 1
        best, best_score = -1, 0.0
        for k, _ in shared.most_common(_CANDIDATES):
            score = _dice(grams, self._grams[k])
            if score > best_score:
                best, best_score = k, score
        clauses = self._new_clauses(text)
        if best >= 0 and best_score >= CHANGED_MIN:
            sentence, english = self.sentences[best]
            return Mark("changed", round(best_score, 3), sentence, english, clauses)
        return Mark("new", round(best_score, 3), "", "", clauses)

    def _new_clauses(self, text: str) -> tuple[tuple[int, int], ...]:
        """Offsets of the clauses of `text` that last year's report has nothing close to."""
        spans, start = [], 0
        for match in list(_CLAUSE_BREAK.finditer(text)) + [None]:
            end = match.end() if match else len(text)
            clause = _norm(text[start:end])
            if clause and not self._known_clause(clause):
                spans.append((start, end))
            start = end
        return tuple(spans)

    def _known_clause(self, clause: str) -> bool:
        if clause in self._clauses or (len(clause) >= 4 and clause in self._joined):
            return True
        grams = _bigrams(clause)
        shared: Counter[int] = Counter()
        for gram in grams:
            for k in self._index.get(gram, ()):
                shared[k] += 1
        for k, _ in shared.most_common(5):
            for part in self._clause_norms[k]:
                if _dice(grams, _bigrams(part)) >= _CLAUSE_MIN:
                    return True
        return False

    def occurs(self, term: str) -> bool:
        """Whether last year's Chinese contains `term` (script and punctuation aside)."""
        key = _norm(term)
        return bool(key) and key in self._joined
