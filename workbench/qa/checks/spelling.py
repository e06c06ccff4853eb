"""spelling: English words the offline Hunspell dictionary (and the glossary) do not know."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.qa.registry import Finding, SegmentContext, finding, register
from workbench.qa.spelling import misspellings

CODE = "spelling"
MAX_LISTED = 5  # one finding per word; a garbled segment does not flood the list


@register(
    CODE,
    "warning",
    "Spelling",
    "An English word is not in the dictionary (Hunspell en_US) nor in the glossary's English.",
)
def check(ctx: SegmentContext) -> Iterator[Finding]:
    if not ctx.target.strip() or ctx.target.strip() == ctx.source.strip():
        return
    seen: set[str] = set()
    for m in misspellings(ctx.target, ctx.allowed_words):
        if m.word in seen:
            continue
        seen.add(m.word)
        if len(seen) > MAX_LISTED:
            return
        yield finding(CODE, f"“{m.word}” may be misspelt", m.word)
