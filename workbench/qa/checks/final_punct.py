"""final_punct: a full sentence in Chinese should be one in English, and a heading stay a heading."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.qa.registry import Finding, SegmentContext, finding, register

CODE = "final_punct"

ZH_CLOSERS = "”’」』）)】》\"' \u3000"
EN_CLOSERS = "”’\"')] "
ZH_FINAL = "。！？!?.…"
EN_FINAL = ".!?…"
# A Chinese segment ending with a pause mark (；：，、) may become either in English.
ZH_PAUSE = "；;：:，,、—"


def _last(text: str, closers: str) -> str:
    stripped = text.rstrip().rstrip(closers)
    return stripped[-1:] if stripped else ""


@register(
    CODE,
    "warning",
    "Final punctuation",
    "The Chinese and the English disagree on ending with sentence punctuation.",
)
def check(ctx: SegmentContext) -> Iterator[Finding]:
    if not ctx.target.strip():
        return
    zh, en = _last(ctx.source, ZH_CLOSERS), _last(ctx.target, EN_CLOSERS)
    if not zh:
        return
    if zh in ZH_FINAL and en not in EN_FINAL:
        yield finding(
            CODE,
            f"The Chinese ends with “{zh}” but the English has no final punctuation",
            "missing",
        )
    elif zh not in ZH_FINAL and zh not in ZH_PAUSE and en in EN_FINAL:
        yield finding(
            CODE,
            f"The Chinese has no final punctuation (a heading?) but the English ends with “{en}”",
            "extra",
        )
