"""repeated_words: the same word twice in a row ("the the")."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.qa.registry import Finding, SegmentContext, finding, register
from workbench.qa.spelling import repeated_words

CODE = "repeated_words"


@register(CODE, "warning", "Repeated word", "A word is written twice in a row (“the the”).")
def check(ctx: SegmentContext) -> Iterator[Finding]:
    if not ctx.target.strip():
        return
    for word, start, _ in repeated_words(ctx.target):
        yield finding(CODE, f"“{word} {word}”: repeated word", word.lower(), str(start))
