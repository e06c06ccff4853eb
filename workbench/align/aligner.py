"""(pure) Sentence alignment of a Chinese report with its English translation.

Two passes, both the same dynamic programme over "beads" (groups of consecutive sentences
or paragraphs on each side that translate each other):

1. Paragraphs are anchors where both sides have them: the paragraphs are aligned first
   (1-1, 1-2, 2-1, 1-0, 0-1), so that a paragraph missing on one side costs nothing more
   than itself and an error never runs past a paragraph.
2. Within each paragraph bead the sentences are aligned with 1-1, 1-2, 2-1, 2-2, 1-0 and
   0-1 beads; a bead never joins sentences of two different paragraphs of one side.

A bead's cost adds four kinds of evidence, all cheap and offline:

* length (Gale & Church 1993): English characters per Chinese character are about
  normally distributed around the document's own ratio, with a variance growing with length;
* figures: the QA number extractor reads values on both sides (万/亿 aware: 126万亿元 and
  "126 trillion yuan" are the same value); a figure left without its counterpart in the
  bead costs, so beads keep figures together;
* a dictionary (CC-CEDICT, plus the glossary's approved renderings): the share of the
  Chinese words whose English occurs in the bead's English, and of the English content
  words that the Chinese words explain;
* a prior per bead type (most beads are 1-1; 1-0 and 0-1 are rare).

A link's `score` is a confidence in [0, 1] derived from its cost per sentence, so that an
editor can show the weakest links first.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from workbench.align.checks import AlignRefused
from workbench.align.lexicon import Lexicon, cedict_lexicon, english_stems
from workbench.qa.numbers import extract_en, extract_zh

__all__ = ["Alignment", "Link", "align", "align_sentences"]

# Gale-Church variance of English characters per Chinese character. On 1-1 sentence pairs
# of a national report with its official translation the median is 13.5 and the mean 84:
# official translators move clauses between sentences, so the tails are heavy, and a wide
# variance (with the dictionary deciding) keeps a long free rendering from looking wrong.
# Results are flat between 120 and 160.
_VARIANCE = 140.0
_MAX_LENGTH_COST = 12.0
_DICT_WEIGHT = 0.3  # per piece of dictionary evidence inside a bead
_FIGURE_COST = 1.6  # per figure left without a counterpart in its bead
# Bead priors as costs (-log of a rough probability); sentences, then paragraphs.
_SENTENCE_PRIORS = {
    (1, 1): 0.0,
    (1, 2): 1.6,
    (2, 1): 1.6,
    (2, 2): 3.2,
    # Official translators often render one long Chinese sentence as three or four English
    # ones (and, rarely, join three short Chinese ones).
    (1, 3): 4.0,
    (3, 1): 4.0,
    (1, 4): 7.0,
    # Within a paragraph an official translation leaves nothing out: a sentence without a
    # counterpart is a last resort (a missing paragraph is found by the paragraph pass).
    (1, 0): 20.0,
    (0, 1): 20.0,
}
# A paragraph without counterpart costs less than a join: its unexplained words already
# cost _PARAGRAPH_DICT_WEIGHT, and would in a join as well.
_PARAGRAPH_PRIORS = {(1, 1): 0.0, (1, 2): 6.0, (2, 1): 6.0, (1, 0): 3.5, (0, 1): 3.5}
_PARAGRAPH_DICT_WEIGHT = 8.0
# Paragraphs anchor only when both sides have a comparable number of them.
_MIN_PARAGRAPH_RATIO = 0.7
_BAND = 40  # half-width of the search band when a side has no paragraphs to anchor on
_FULL_SEARCH_CELLS = 40_000  # blocks larger than this are searched near a rough path
_PATH_WIDTH = 6
_MAX_SEARCH_CELLS = 4_000_000
# Confidence = logistic of the cost per sentence, centred where right and wrong links meet.
_CONFIDENCE_MIDPOINT = 3.0
_CONFIDENCE_SLOPE = 1.2


@dataclass(frozen=True)
class Link:
    """Chinese sentence indexes joined to English sentence indexes (either may be empty)."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float


@dataclass(frozen=True)
class Alignment:
    zh_sentences: tuple[str, ...]
    en_sentences: tuple[str, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True)
class _Unit:
    """What the cost needs to know of a sentence, a paragraph or a group of them."""

    length: int
    figures: Counter[Decimal]  # figures that must find a counterpart
    optional: Counter[Decimal]  # figures that may (a numeral in a slogan, "one")
    # Chinese: the English stems of each dictionary word; English: the stems of each sentence
    words: tuple[frozenset[str], ...]
    stems: frozenset[str]  # Chinese: every stem its words translate to; English: its own
    count: int = 1  # sentences in it

    def __add__(self, other: _Unit) -> _Unit:
        return _Unit(
            self.length + other.length,
            self.figures + other.figures,
            self.optional + other.optional,
            self.words + other.words,
            self.stems | other.stems,
            self.count + other.count,
        )


def _figures(quantities: Iterable) -> tuple[Counter[Decimal], Counter[Decimal]]:
    required: Counter[Decimal] = Counter()
    optional: Counter[Decimal] = Counter()
    for q in quantities:
        if q.value == 0:
            continue  # a date with unknown parts, "zero"
        (optional if q.optional else required)[q.value.normalize()] += 1
    return required, optional


def _zh_unit(text: str, lexicon: Lexicon) -> _Unit:
    required, optional = _figures(extract_zh(text))
    words = tuple(lexicon.entries[w] for w in lexicon.words(text))
    stems = frozenset().union(*words) if words else frozenset()
    return _Unit(len("".join(text.split())), required, optional, words, stems)


def _en_unit(text: str) -> _Unit:
    required, optional = _figures(extract_en(text))
    stems = english_stems(text)
    return _Unit(len(" ".join(text.split())), required, optional, (stems,), stems)


def _sum(units: Sequence[_Unit]) -> _Unit:
    total = units[0]
    for unit in units[1:]:
        total = total + unit
    return total


class _Model:
    """The bead cost for one document (its own length ratio)."""

    def __init__(self, ratio: float) -> None:
        self.ratio = ratio

    def length_cost(self, zh: _Unit, en: _Unit) -> float:
        delta = (en.length - self.ratio * zh.length) / math.sqrt(max(zh.length, 1) * _VARIANCE + 1)
        tail = math.erfc(abs(delta) / math.sqrt(2))  # 2 * (1 - Phi(|delta|))
        return min(_MAX_LENGTH_COST, -math.log(max(tail, 1e-300)))

    @staticmethod
    def figure_cost(zh: _Unit | None, en: _Unit | None) -> float:
        if (zh is None or not zh.figures) and (en is None or not en.figures):
            return 0.0  # most sentences: nothing required on either side
        zh_req = zh.figures if zh else Counter()
        en_req = en.figures if en else Counter()
        zh_all = zh_req + (zh.optional if zh else Counter())
        en_all = en_req + (en.optional if en else Counter())
        unmatched = sum((zh_req - en_all).values()) + sum((en_req - zh_all).values())
        return _FIGURE_COST * unmatched

    @staticmethod
    def hits(zh: _Unit, en: _Unit) -> int:
        """Dictionary evidence: Chinese words whose English is in the bead's English, plus
        English content words that the bead's Chinese words translate to, counted per
        sentence, so that an English sentence is credited for what it translates even
        when a neighbour in the bead repeats its words ("major risks" twice)."""
        zh_found = sum(1 for w in zh.words if not w.isdisjoint(en.stems))
        zh_stems = zh.stems
        return zh_found + sum(len(sentence & zh_stems) for sentence in en.words)

    def cost(self, zh: _Unit | None, en: _Unit | None, prior: float) -> float:
        if zh is None or en is None:
            return prior + self.figure_cost(zh, en)
        dictionary = -_DICT_WEIGHT * self.hits(zh, en)
        return prior + self.length_cost(zh, en) + self.figure_cost(zh, en) + dictionary


def _confidence(cost: float, sentences: int) -> float:
    per = cost / max(sentences, 1) * 2
    value = 1 / (1 + math.exp(_CONFIDENCE_SLOPE * (per - _CONFIDENCE_MIDPOINT)))
    return round(value, 3)


# --- the dynamic programme ----------------------------------------------------------------

_Bead = tuple[int, int, int, int]  # zh start, zh count, en start, en count


def _dp(
    n: int,
    m: int,
    priors: dict[tuple[int, int], float],
    cost: Callable[[int, int, int, int, float], float],
    joinable_zh: Sequence[bool],
    joinable_en: Sequence[bool],
    window: Sequence[tuple[int, int]] | None = None,
) -> list[tuple[_Bead, float]]:
    """Cheapest sequence of beads covering n Chinese and m English units, with each bead's
    cost; `cost(i, a, j, b, prior)` prices Chinese units i..i+a with English j..j+b.

    `joinable_x[i]` says whether unit i and unit i + 1 may share a bead (same paragraph).
    With `window`, row i searches only English positions window[i][0]..window[i][1].
    """
    inf = math.inf
    # Rows hold only the searched cells, so memory follows the band, not n * m.
    best: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int, float]]] = [{} for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        lo, hi = window[i] if window is not None else (0, m)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            cell = inf
            step: tuple[int, int, float] | None = None
            for (a, b), prior in priors.items():
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0:
                    continue
                before = best[pi].get(pj, inf)
                if before == inf:
                    continue
                if a > 1 and not all(joinable_zh[pi : i - 1]):
                    continue
                if b > 1 and not all(joinable_en[pj : j - 1]):
                    continue
                c = cost(pi, a, pj, b, prior)
                total = before + c
                if total < cell:
                    cell, step = total, (a, b, c)
            if step is not None:
                best[i][j] = cell
                back[i][j] = step
    if best[n].get(m, inf) == inf:
        raise ValueError("no alignment within the search window")
    beads: list[tuple[_Bead, float]] = []
    i, j = n, m
    while i or j:
        a, b, c = back[i][j]
        beads.append(((i - a, a, j - b, b), c))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def _diagonal(n: int, m: int, band: int) -> list[tuple[int, int]]:
    """For each row, the English positions within `band` of the proportional diagonal."""
    rows = []
    for i in range(n + 1):
        centre = round(i * m / max(n, 1))
        rows.append((max(0, centre - band), min(m, centre + band)))
    return rows


def _around(beads: list[tuple[_Bead, float]], n: int, m: int, width: int):
    """For each row, the English positions within `width` of a path of beads."""
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    for (zs, za, es, eb), _ in beads:
        for i in range(zs, zs + za + 1):
            lo[i] = min(lo[i], es)
            hi[i] = max(hi[i], es + eb)
    return [(max(0, lo[i] - width), min(m, hi[i] + width)) for i in range(n + 1)]


def _groups(units: Sequence[_Unit], sizes: set[int]) -> dict[int, list[_Unit]]:
    """For each bead size k, the sums of every k consecutive units."""
    groups: dict[int, list[_Unit]] = {1: list(units)}
    for k in sorted(sizes - {0, 1}):
        groups[k] = [groups[k - 1][i] + units[i + k - 1] for i in range(len(units) - k + 1)]
    return groups


# --- public entry points ------------------------------------------------------------------


def align(
    zh_paragraphs: Sequence[Sequence[str]],
    en_paragraphs: Sequence[Sequence[str]],
    *,
    glossary: Iterable[tuple[str, str]] = (),
    lexicon: Lexicon | None = None,
) -> Alignment:
    """Align paragraphs of Chinese sentences with paragraphs of English sentences.

    `glossary` gives (Chinese term, approved English rendering) pairs, which count as
    dictionary entries. Sentence indexes in the links run over all sentences of a side, in
    order; links come in document order.
    """
    lexicon = (lexicon or cedict_lexicon()).with_terms(glossary)
    zh_paragraphs = [[s for s in p if s.strip()] for p in zh_paragraphs]
    en_paragraphs = [[s for s in p if s.strip()] for p in en_paragraphs]
    zh_paragraphs = [p for p in zh_paragraphs if p]
    en_paragraphs = [p for p in en_paragraphs if p]
    zh_units = [[_zh_unit(s, lexicon) for s in p] for p in zh_paragraphs]
    en_units = [[_en_unit(s) for s in p] for p in en_paragraphs]
    zh_flat = [u for p in zh_units for u in p]
    en_flat = [u for p in en_units for u in p]
    zh_sentences = tuple(" ".join(s.split()) for p in zh_paragraphs for s in p)
    en_sentences = tuple(" ".join(s.split()) for p in en_paragraphs for s in p)
    if not zh_flat or not en_flat:
        links = [Link((i,), (), 0.0) for i in range(len(zh_flat))]
        links += [Link((), (j,), 0.0) for j in range(len(en_flat))]
        return Alignment(zh_sentences, en_sentences, tuple(links))
    ratio = sum(u.length for u in en_flat) / max(sum(u.length for u in zh_flat), 1)
    model = _Model(ratio)

    counts = sorted((len(zh_units), len(en_units)))
    if counts[0] >= 2 and counts[0] / counts[1] >= _MIN_PARAGRAPH_RATIO:
        groups = _paragraph_groups(zh_units, en_units, model)
    else:
        # One side has no usable paragraphs: one block, paragraph breaks only as limits
        # on joining within the side that has them.
        groups = [(list(range(len(zh_units))), list(range(len(en_units))))]

    zh_start = _starts(zh_units)
    en_start = _starts(en_units)
    links: list[Link] = []
    for zh_paras, en_paras in groups:
        z_units = [u for p in zh_paras for u in zh_units[p]]
        e_units = [u for p in en_paras for u in en_units[p]]
        z_first = zh_start[zh_paras[0]] if zh_paras else 0
        e_first = en_start[en_paras[0]] if en_paras else 0
        links.extend(
            _sentence_links(
                z_units, e_units, z_first, e_first, zh_units, en_units, zh_paras, en_paras, model
            )
        )
    return Alignment(zh_sentences, en_sentences, tuple(links))


def align_sentences(zh: Sequence[str], en: Sequence[str], **options) -> Alignment:
    """Align two plain sentence lists (no paragraph structure)."""
    return align([list(zh)], [list(en)], **options)


def _starts(paragraphs: Sequence[Sequence[_Unit]]) -> list[int]:
    starts, total = [], 0
    for p in paragraphs:
        starts.append(total)
        total += len(p)
    return starts


def _paragraph_groups(
    zh_units: list[list[_Unit]], en_units: list[list[_Unit]], model: _Model
) -> list[tuple[list[int], list[int]]]:
    """Paragraph beads: (Chinese paragraph indexes, English paragraph indexes).

    A paragraph's dictionary evidence is the share of its own words explained by the other
    side of its bead: a translated paragraph has most of them (0.4 to 0.9 in the national
    report), a paragraph joined to a bead it does not belong to few. That is what tells a
    paragraph missing on one side from one merged into its neighbour, which lengths cannot
    when the missing paragraph is short.
    """
    zh_paras = [_sum(p) for p in zh_units]
    en_paras = [_sum(p) for p in en_units]
    zh_groups = _groups(zh_paras, {1, 2})
    en_groups = _groups(en_paras, {1, 2})

    def cost(i: int, a: int, j: int, b: int, prior: float) -> float:
        z = zh_groups[a][i] if a else None
        e = en_groups[b][j] if b else None
        total = prior + model.figure_cost(z, e)
        if z is not None and e is not None:
            total += model.length_cost(z, e)
        for k in range(i, i + a):
            total += _PARAGRAPH_DICT_WEIGHT * (1 - _explained_zh(zh_paras[k], e))
        for k in range(j, j + b):
            total += _PARAGRAPH_DICT_WEIGHT * (1 - _explained_en(en_paras[k], z))
        return total

    always = [True] * max(len(zh_paras), len(en_paras))
    n, m = len(zh_paras), len(en_paras)
    window = None
    if n * m > 250_000:
        band = max(_BAND, abs(n - m) + _BAND // 2)
        if n * (2 * band + 1) > _MAX_SEARCH_CELLS // 4:  # a paragraph costs more than a sentence
            raise AlignRefused(
                f"{n:,} Chinese and {m:,} English paragraphs are too many to align in one piece"
            )
        window = _diagonal(n, m, band)
    beads = _dp(n, m, _PARAGRAPH_PRIORS, cost, always, always, window)
    return [(list(range(zs, zs + za)), list(range(es, es + eb))) for (zs, za, es, eb), _ in beads]


def _explained_zh(zh: _Unit, en: _Unit | None) -> float:
    """Share of the Chinese words whose English is found in `en` (1.0 without words)."""
    if not zh.words:
        return 1.0
    if en is None:
        return 0.0
    return sum(1 for w in zh.words if not w.isdisjoint(en.stems)) / len(zh.words)


def _explained_en(en: _Unit, zh: _Unit | None) -> float:
    """Share of the English content words that the Chinese words translate to."""
    if not en.stems:
        return 1.0
    if zh is None:
        return 0.0
    return len(en.stems & zh.stems) / len(en.stems)


def _sentence_links(
    z_units: list[_Unit],
    e_units: list[_Unit],
    z_first: int,
    e_first: int,
    zh_units: list[list[_Unit]],
    en_units: list[list[_Unit]],
    zh_paras: list[int],
    en_paras: list[int],
    model: _Model,
) -> list[Link]:
    if not z_units or not e_units:
        return [Link((z_first + i,), (), 0.0) for i in range(len(z_units))] + [
            Link((), (e_first + j,), 0.0) for j in range(len(e_units))
        ]
    # Where the other side has these paragraphs as one (a run-in heading the segmenter split
    # off, "（一）…。" + its body, against "1. … We will …"), a bead may cross between them.
    joinable_zh = _joinable(zh_units, zh_paras, across=len(en_paras) == 1)
    joinable_en = _joinable(en_units, en_paras, across=len(zh_paras) == 1)
    n, m = len(z_units), len(e_units)
    sizes = {a for a, _ in _SENTENCE_PRIORS} | {b for _, b in _SENTENCE_PRIORS}
    zh_groups = _groups(z_units, sizes)
    en_groups = _groups(e_units, sizes)

    def cost(i: int, a: int, j: int, b: int, prior: float) -> float:
        return model.cost(zh_groups[a][i] if a else None, en_groups[b][j] if b else None, prior)

    window = None
    if n * m > _FULL_SEARCH_CELLS:
        # A long block without paragraph anchors: a cheap pass (lengths and figures, simple
        # beads) over a wide diagonal band finds the path; the full model then searches
        # only near it.
        def rough(i: int, a: int, j: int, b: int, prior: float) -> float:
            z = zh_groups[a][i] if a else None
            e = en_groups[b][j] if b else None
            length = model.length_cost(z, e) if z is not None and e is not None else 0.0
            return prior + length + model.figure_cost(z, e)

        simple = {k: v for k, v in _SENTENCE_PRIORS.items() if sum(k) <= 3}
        band = max(_BAND, abs(n - m) + _BAND // 2)
        if n * (2 * band + 1) > _MAX_SEARCH_CELLS:  # memory and time stay bounded
            raise AlignRefused(
                f"{n:,} Chinese and {m:,} English sentences without paragraph breaks to anchor "
                "on are too many to align in one piece: keep the paragraphs (one per line)"
            )
        path = _dp(n, m, simple, rough, joinable_zh, joinable_en, _diagonal(n, m, band))
        window = _around(path, n, m, _PATH_WIDTH)
    beads = _dp(n, m, _SENTENCE_PRIORS, cost, joinable_zh, joinable_en, window)
    links = []
    for (zs, za, es, eb), c in beads:
        links.append(
            Link(
                tuple(range(z_first + zs, z_first + zs + za)),
                tuple(range(e_first + es, e_first + es + eb)),
                _confidence(c, za + eb),
            )
        )
    return links


def _joinable(units: list[list[_Unit]], paras: list[int], *, across: bool) -> list[bool]:
    """For each sentence of these paragraphs: may it share a bead with the next one?

    Within a paragraph always; from one paragraph to the next only when `across`."""
    flags: list[bool] = []
    for p in paras:
        flags.extend([True] * (len(units[p]) - 1) + [across])
    if flags:
        flags[-1] = False
    return flags
