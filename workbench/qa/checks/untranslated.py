"""untranslated: English identical to the Chinese (a paste of the source)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.qa.checks.cjk_in_target import CJK_RE
from workbench.qa.registry import Finding, SegmentContext, finding, register

CODE = "untranslated"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


@register(CODE, "error", "Same as the Chinese", "The English is identical to the Chinese source.")
def check(ctx: SegmentContext) -> Iterator[Finding]:
    # Only when the source has Chinese characters: "LNG" or "2024" may rightly stay as they are.
    if (
        ctx.target.strip()
        and CJK_RE.search(ctx.source)
        and _normalise(ctx.source) == _normalise(ctx.target)
    ):
        yield finding(CODE, "The English is identical to the Chinese: not translated", "same")
