"""Find glossary terms in Chinese text: an Aho-Corasick automaton over Simplified keys.

Chinese has no word boundaries, so matching is substring based. Several terms can match at
overlapping places (三保 inside 两不愁三保障); the reader expects the longest term that starts
first, and no nested highlights, so `find` keeps leftmost-longest, non-overlapping matches.
Both the terms and the searched text are converted to Simplified first (林長制 finds 林长制);
in Traditional text a term also matches the phrasing of the Taiwan and Hong Kong editions
(人工智能 finds 人工智慧, see workbench.chinese.script_forms).

A term nested inside a longer expression that is one unit of its own — a short quoted
expression (“两不愁三保障”) or a candidate term (两不愁三保障 unquoted) — is not that term there:
三保 ("three guarantees") inside 两不愁三保障 is part of another name. Such matches are dropped,
unless the term is marked as applying inside longer expressions (`nested` ids). What counts as
a unit is given by `units` (quoted expressions by default; the glossary adds candidate terms,
see workbench.glossary.candidates.expression_units).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ahocorasick

from workbench.chinese import script_forms, to_simplified
from workbench.glossary._offsets import simplify

# (start, end) of the expressions of a Simplified text that are one unit of their own.
Units = Callable[[str], list[tuple[int, int]]]


@dataclass(frozen=True)
class Match:
    start: int  # offsets in the text given to TermMatcher.find()
    end: int
    term_id: int


class TermMatcher:
    """Immutable index of (term id, source) pairs.

    Sources are keyed by their Simplified form with surrounding whitespace removed. When two
    terms share a key (e.g. the same term entered in both scripts), the first one given wins:
    a position can only be highlighted as one term.
    """

    def __init__(
        self,
        terms: Iterable[tuple[int, str]],
        nested: Iterable[int] = (),
        units: Units | None = None,
    ) -> None:
        self._nested = frozenset(nested)  # terms that also apply inside longer units
        self._units = units  # None: plain leftmost-longest
        self._automaton = ahocorasick.Automaton()
        drifted: list[tuple[str, int]] = []
        for term_id, source in terms:
            key = to_simplified(source.strip())
            if key and key not in self._automaton:
                self._automaton.add_word(key, (len(key), term_id, False))
                drifted += [(form, term_id) for form in script_forms(key)[1:]]
        for form, term_id in drifted:  # after every key: a term's own key wins over a drift
            if form not in self._automaton:
                self._automaton.add_word(form, (len(form), term_id, True))
        self._size = len(self._automaton)
        if self._size:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        """Number of distinct term keys indexed."""
        return self._size

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping matches, ordered by position."""
        if not self._size or not text:
            return []
        simplified = simplify(text)
        traditional = simplified.text != text
        found: list[tuple[int, int, int]] = []
        for last, (length, term_id, drift) in self._automaton.iter(simplified.text):
            start, end = last + 1 - length, last + 1
            if (traditional or not drift) and not _cuts_a_figure(simplified.text, start, end):
                found.append((start, end, term_id))
        # Earliest start first, and at equal start the longest; then greedily skip overlaps.
        found.sort(key=lambda m: (m[0], -m[1]))
        units: list[tuple[int, int]] | None = None
        matches: list[Match] = []
        covered_to = 0
        for start, end, term_id in found:
            if start < covered_to:
                continue
            if self._units is not None and term_id not in self._nested:
                if units is None:
                    units = self._units(simplified.text)
                if any(us <= start and end <= ue and ue - us > end - start for us, ue in units):
                    continue  # inside a longer expression of its own (三保 in 两不愁三保障)
            covered_to = end
            ostart, oend = simplified.span(start, end)
            matches.append(Match(ostart, oend, term_id))
        return matches


def _cuts_a_figure(text: str, start: int, end: int) -> bool:
    """A key that begins or ends with a figure or Latin letter must not cut a longer one:
    “315” is not inside 3150亿元, 5G is not inside 15G."""
    return (start > 0 and _alnum(text[start]) and _alnum(text[start - 1])) or (
        end < len(text) and _alnum(text[end - 1]) and _alnum(text[end])
    )


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# A short quoted expression is one unit; a long quote is a citation whose words keep their sense.
_QUOTED_UNIT = re.compile(r"“([^“”\n]{2,16})”|「([^「」\n]{2,16})」|『([^『』\n]{2,16})』")
_SENTENCE_PUNCT = set("，,。；;：:！!？?")


def quoted_units(text: str) -> list[tuple[int, int]]:
    """(start, end) of the short quoted expressions of Simplified `text` (“两不愁三保障”)."""
    units = []
    for m in _QUOTED_UNIT.finditer(text):
        group = next(g for g in range(1, 4) if m.group(g) is not None)
        if not _SENTENCE_PUNCT.intersection(m.group(group)):
            units.append((m.start(group), m.end(group)))
    return units
