"""(pure) Figure substitution: a memory unit whose source differs only in its figures.

The unit's English is offered with its figures replaced, each written the way the unit's
English wrote the old one: where the memory said "85 million yuan" for 8500万元, 1.2亿元
becomes "120 million yuan"; "5.2 percent" stays in words, "12.5%" keeps its sign; years and
percentage points likewise. A figure that cannot be found in the English (or is written in
words) is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..qa.numbers import Quantity, extract_en
from .keys import figures

_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_SCALE_WORDS = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
_SCALE_AFTER = re.compile(r"(\s*)(thousand|million|billion|trillion)\b", re.IGNORECASE)
# The scales English reports use for amounts, largest first ("thousand" only when written so).
_NATURAL = [("trillion", 12), ("billion", 9), ("million", 6)]


@dataclass
class Substitution:
    target: str  # the unit's English with the figures replaced (unchanged ones kept)
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (old English, new English)
    missing: list[str] = field(default_factory=list)  # Chinese figures not placed in the English

    @property
    def complete(self) -> bool:
        return not self.missing


def _class(q: Quantity) -> str:
    """Kinds that may stand for one another: a count and "times" are both plain numbers."""
    return "number" if q.kind == "times" else q.kind


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _with_commas(value: Decimal) -> str:
    whole, _, frac = _plain(value).partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def restyle(old_en: str, old: Quantity, new: Quantity) -> str | None:
    """`old_en` (the English of `old`) rewritten for the value of `new`, or None if unsure."""
    m = _NUMBER.search(old_en)
    if m is None:
        return None  # written in words ("ten"): do not guess
    if _class(new) in ("year", "percent", "points") or new.kind == "times":
        return old_en[: m.start()] + _plain(new.value) + old_en[m.end() :]
    value = new.value
    scale_m = _SCALE_AFTER.match(old_en, m.end())
    had_commas = "," in m.group()
    if scale_m:
        word = scale_m.group(2).lower()
        scale = _SCALE_WORDS[word]
        if not Decimal(1) <= value / scale < Decimal(1000):
            # 1.2亿 after "8.5 billion" reads "120 million", not "0.12 billion"
            word, scale = _natural_scale(value)
        digits = _plain(value / scale) if scale > 1 else _with_commas(value)
        scale_text = (
            f"{scale_m.group(1) or ' '}{_cased(word, scale_m.group(2))}" if scale > 1 else ""
        )
        return old_en[: m.start()] + digits + scale_text + old_en[scale_m.end() :]
    if value >= Decimal(10) ** 6 and not had_commas and old.value >= Decimal(10) ** 6:
        # the memory wrote a big amount in plain digits: keep plain digits
        return old_en[: m.start()] + _plain(value) + old_en[m.end() :]
    if value >= Decimal(10) ** 6 and not had_commas:
        word, scale = _natural_scale(value)
        return old_en[: m.start()] + f"{_plain(value / scale)} {word}" + old_en[m.end() :]
    text = _with_commas(value) if (had_commas or value >= 10000) else _plain(value)
    return old_en[: m.start()] + text + old_en[m.end() :]


def _natural_scale(value: Decimal) -> tuple[str, Decimal]:
    """The largest of million/billion/trillion the value reaches ("", 1 below a million)."""
    for word, power in _NATURAL:
        if value >= Decimal(10) ** power:
            return word, Decimal(10) ** power
    return "", Decimal(1)


def _cased(word: str, like: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


def substitute(query_key: str, unit_key: str, unit_target: str) -> Substitution:
    """The unit's English for the query's figures; the two keys have the same figures hash."""
    new_figures, old_figures = figures(query_key), figures(unit_key)
    english = extract_en(unit_target)
    used: set[int] = set()
    edits: list[tuple[int, int, str]] = []
    result = Substitution(target=unit_target)
    for new, old in zip(new_figures, old_figures):
        same = [
            i
            for i, e in enumerate(english)
            if i not in used and e.value == old.value and _class(e) == _class(old)
        ]
        if new.value == old.value and new.kind == old.kind:
            if same:
                used.add(same[0])  # unchanged: keep its English, and do not reuse it
            continue
        if not same:
            result.missing.append(new.text)
            continue
        e = english[same[0]]
        used.add(same[0])
        text = restyle(e.text, old, new) if old.kind not in ("date", "ordinal") else None
        if text is None:
            result.missing.append(new.text)
            continue
        edits.append((e.start, e.end, text))
        result.replaced.append((e.text, text))
    target = unit_target
    for start, end, text in sorted(edits, reverse=True):
        target = target[:start] + text + target[end:]
    result.target = target
    return result
