"""(pure) Paragraphs of sentences for the aligner, from segmented Chinese and plain English."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from workbench.align.english import english_sentences
from workbench.segment import ParagraphSpec

__all__ = ["en_paragraph_sentences", "zh_paragraph_sentences"]


def zh_paragraph_sentences(paragraphs: Sequence[ParagraphSpec]) -> list[list[str]]:
    """The workbench segmenter's sentences of each paragraph (stripped, none empty)."""
    out = []
    for p in paragraphs:
        sentences = [p.text[s:e].strip() for s, e in p.spans]
        out.append([s for s in sentences if s])
    return [p for p in out if p]


def en_paragraph_sentences(paragraphs: Iterable[str]) -> list[list[str]]:
    """The English splitter's sentences of each paragraph text."""
    return [s for s in (english_sentences(text) for text in paragraphs) if s]
