"""numbers: every Chinese figure in the English with the same value, and no English figure from nowhere."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.qa.numbers import compare_numbers
from workbench.qa.registry import Finding, SegmentContext, finding, register

CODE = "numbers"


@register(
    CODE,
    "error",
    "Numbers",
    "Figures (万/亿 scales, percentages, 百分点, dates, ordinals, units) differ between Chinese and English.",
)
def check(ctx: SegmentContext) -> Iterator[Finding]:
    if not ctx.target.strip():
        return
    for problem in compare_numbers(ctx.source, ctx.target, year=ctx.year):
        # The fingerprint names only the figure concerned, so editing other words keeps an ignore.
        if problem.kind == "missing" and problem.zh is not None:
            parts = ("missing", problem.zh.text)
        elif problem.kind == "unexpected" and problem.en is not None:
            parts = ("unexpected", problem.en.text)
        else:
            parts = (
                problem.kind,
                problem.zh.text if problem.zh else "",
                problem.en.text if problem.en else "",
            )
        yield finding(CODE, problem.message, *parts)
