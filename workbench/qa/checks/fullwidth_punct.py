"""fullwidth_punct: Chinese (full-width) punctuation in the English."""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.qa.registry import Finding, SegmentContext, finding, register

CODE = "fullwidth_punct"

# Curly quotes, em dashes and ellipses are good English typography and are left alone; these are
# the marks that only Chinese text uses, plus the full-width ASCII block and the ideographic space.
FULLWIDTH_RE = re.compile("[，。、；：？！（）【】《》「」『』〔〕〈〉～\u3000\uff01-\uff5e]")

ASCII_FOR = {
    "，": ",",
    "。": ".",
    "、": ",",
    "；": ";",
    "：": ":",
    "？": "?",
    "！": "!",
    "（": "(",
    "）": ")",
    "【": "[",
    "】": "]",
    "《": "“",
    "》": "”",
    "～": "~",
    "\u3000": " ",
}


def _suggest(ch: str) -> str:
    if ch in ASCII_FOR:
        return ASCII_FOR[ch]
    if "\uff01" <= ch <= "\uff5e":
        return chr(ord(ch) - 0xFEE0)
    return "?"


@register(
    CODE,
    "warning",
    "Full-width punctuation",
    "The English contains Chinese full-width punctuation.",
)
def check(ctx: SegmentContext) -> Iterator[Finding]:
    marks = sorted(set(FULLWIDTH_RE.findall(ctx.target)))
    if marks:
        shown = ", ".join(f"“{m}” → “{_suggest(m)}”" for m in marks)
        yield finding(CODE, f"Full-width punctuation in the English: {shown}", "".join(marks))
