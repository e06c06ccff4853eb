"""empty: a segment without English is not translated (an error, so export refuses it)."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.qa.registry import Finding, SegmentContext, finding, register

CODE = "empty"


@register(CODE, "error", "Not translated", "The segment has no English yet.")
def check(ctx: SegmentContext) -> Iterator[Finding]:
    # Whatever the status: a publishing pipeline must not ship a sentence without English.
    if ctx.source.strip() and not ctx.target.strip():
        yield finding(CODE, "Not translated: the English is empty", "empty")
