"""(pure) The year a government work report is for, read from its own text.

The number check resolves 上年/今年/全年 ("last year", "this year") from it. The report's year is
the year it plans: the 2024 national report (delivered March 2024) reviews 2023 and plans 2024;
a district report delivered in December 2024 plans 2025. The document can override it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Strongest evidence first: the part headings name the year planned or the year reviewed.
_PLAN = re.compile(
    r"(?P<y>(?:19|20)\d\d)年(?:的)?(?:政府)?(?:工作安排|主要任务|重点工作|工作任务|工作建议"
    r"|经济社会发展总体要求|主要目标任务|目标任务)"
)
_REVIEW = re.compile(r"(?P<y>(?:19|20)\d\d)年(?:的)?(?:工作回顾|主要工作|工作总结)")
_TITLE = re.compile(r"(?P<y>(?:19|20)\d\d)年.{0,16}?政府工作报告")
_DATELINE = re.compile(r"(?P<y>(?:19|20)\d\d)年(?P<m>1[0-2]|0?[1-9])月[0-3]?\d日")
FRONT_LINES = 12  # the title and dateline sit in the first lines


def detect_report_year(paragraphs: Iterable[str]) -> int | None:
    """The report's year from its paragraphs (headings, title, dateline), or None."""
    texts = list(paragraphs)
    for text in texts:
        if len(text) <= 60 and (m := _PLAN.search(text)):
            return int(m.group("y"))
    for text in texts:
        if len(text) <= 60 and (m := _REVIEW.search(text)):
            return int(m.group("y")) + 1
    front = texts[:FRONT_LINES]
    for text in front:
        if m := _TITLE.search(text):
            return int(m.group("y"))
    for text in front:
        if m := _DATELINE.search(text):
            # A report delivered late in the year plans the next one.
            return int(m.group("y")) + (1 if int(m.group("m")) >= 10 else 0)
    return None
