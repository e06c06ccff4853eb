"""(pure) Scoring an alignment against a reference alignment given as text pairs.

A link counts when it joins exactly the same Chinese text to exactly the same English text
as a reference pair: texts are compared after whitespace normalisation (Chinese without any
whitespace, English with single spaces), never by index, since a reference may split the
sentences its own way. Links with an empty side count as predicted links (the reference
has none unless it says so).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.align.aligner import Alignment, Link

__all__ = ["Score", "link_texts", "score_alignment"]


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    predicted: int
    reference: int
    correct: int
    wrong: tuple[tuple[str, str], ...]  # predicted pairs not in the reference
    missed: tuple[tuple[str, str], ...]  # reference pairs not predicted


def _key(zh: str, en: str) -> tuple[str, str]:
    return "".join(zh.split()), " ".join(en.split())


def link_texts(alignment: Alignment, link: Link) -> tuple[str, str]:
    zh = "".join(alignment.zh_sentences[i] for i in link.zh)
    en = " ".join(alignment.en_sentences[j] for j in link.en)
    return _key(zh, en)


def score_alignment(alignment: Alignment, reference: Iterable[tuple[str, str]]) -> Score:
    predicted = Counter(link_texts(alignment, link) for link in alignment.links)
    expected = Counter(_key(zh, en) for zh, en in reference)
    correct = sum((predicted & expected).values())
    p_total, r_total = sum(predicted.values()), sum(expected.values())
    precision = correct / p_total if p_total else 0.0
    recall = correct / r_total if r_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        precision,
        recall,
        f1,
        p_total,
        r_total,
        correct,
        tuple((predicted - expected).elements()),
        tuple((expected - predicted).elements()),
    )
