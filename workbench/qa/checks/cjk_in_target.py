"""cjk_in_target: Chinese characters left in the English."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.chinese import HAN_RUN
from workbench.qa.registry import Finding, SegmentContext, finding, register

CODE = "cjk_in_target"

# Han characters (workbench.chinese.HAN): punctuation is another check.
CJK_RE = HAN_RUN


@register(CODE, "error", "Chinese left in English", "The English contains Chinese characters.")
def check(ctx: SegmentContext) -> Iterator[Finding]:
    if not ctx.target.strip() or ctx.target.strip() == ctx.source.strip():
        return  # empty / untranslated report these segments already
    runs = list(dict.fromkeys(CJK_RE.findall(ctx.target)))
    if runs:
        shown = "、".join(runs[:5])
        yield finding(CODE, f"Chinese characters left in the English: {shown}", *sorted(runs)[:10])
