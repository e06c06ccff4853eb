"""double_space: two or more spaces in a row in the English."""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.qa.registry import Finding, SegmentContext, finding, register

CODE = "double_space"
DOUBLE_RE = re.compile(r"[ \t]{2,}")


@register(CODE, "warning", "Double space", "The English contains two or more spaces in a row.")
def check(ctx: SegmentContext) -> Iterator[Finding]:
    count = len(DOUBLE_RE.findall(ctx.target.strip()))
    if count:
        yield finding(CODE, f"Double space in the English ({count}×)", "double")
