"""(pure) Quantities in Chinese and English text, and a value-based comparison of the two.

Chinese government reports write figures with scale words (16.7亿元, 3.24万亩), Chinese numerals
(十件, 第十届), percentages and 百分点, dates and approximate markers (240余处, 97%以上).
English renders them as "1.67 billion yuan", "32,400 mu", "tenth", "percentage points".
`compare_numbers` compares the two by *value* so that a 万/亿 slip or a dropped digit shows,
while rewordings (digits vs words, "RMB 1.67 billion" vs "1,670 million yuan") do not.

Precision matters more than coverage: a Chinese numeral inside a slogan or fixed word (三保,
一体化, “十四五”) is extracted as *optional*: it need not appear in the English, but an English
number with its value is accounted for by it.
"""

from __future__ import annotations

from workbench.qa.numbers.compare import compare_numbers
from workbench.qa.numbers.en import extract_en
from workbench.qa.numbers.quantity import NumberProblem, Quantity, format_value
from workbench.qa.numbers.report_year import detect_report_year
from workbench.qa.numbers.zh import extract_zh, zh_numeral_value

__all__ = [
    "NumberProblem",
    "Quantity",
    "compare_numbers",
    "detect_report_year",
    "extract_en",
    "extract_zh",
    "format_value",
    "zh_numeral_value",
]
