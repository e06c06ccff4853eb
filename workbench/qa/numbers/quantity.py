"""(pure) The quantity model shared by the Chinese and English readers and the comparison."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Quantity:
    value: Decimal  # normalised numeric value (16.7亿 -> 1670000000); dates: yyyymmdd, 0 = unknown part
    kind: str  # number, percent, points, times, year, date, ordinal
    unit: str | None  # normalised unit when named (yuan, mu, km, ...), None for counts
    text: str  # as written
    start: int
    end: int
    approx: bool = False  # 余, 以上, 左右, "more than", "about", ...
    # A figure that need not be matched on the other side: a numeral in a slogan or fixed word
    # (Chinese), a count of one (often rendered "a"), or "one"/"first"/"half"/"double" (English).
    optional: bool = False


@dataclass(frozen=True)
class NumberProblem:
    kind: str  # "missing" | "unexpected" | "unit"
    message: str
    zh: Quantity | None
    en: Quantity | None


# Fractions (三分之一, "one third") are compared at this precision.
FRACTION_PLACES = Decimal("0.0001")

# Full-width digits and signs map one-to-one onto ASCII, so offsets stay valid after translation.
FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")


@dataclass
class Raw:
    """A quantity being built: base value times a multiplier, plus what its context says."""

    base: Decimal
    start: int
    end: int
    mult: Decimal = Decimal(1)
    kind: str = "number"
    unit: str | None = None
    approx: bool = False
    optional: bool = False
    scaled: bool = False  # a scale word was written (万, 亿, million, ...)
    date: tuple[int, int, int] | None = None
    extras: dict[str, object] = field(default_factory=dict)

    def quantity(self, text: str) -> Quantity:
        if self.date is not None:
            y, m, d = self.date
            value = Decimal(y * 10000 + m * 100 + d)
        else:
            value = (self.base * self.mult).normalize()
        return Quantity(
            value=value,
            kind=self.kind,
            unit=self.unit,
            text=text[self.start : self.end],
            start=self.start,
            end=self.end,
            approx=self.approx,
            optional=self.optional,
        )


def inherit_ranges(raws: list[Raw], text: str, connector: re.Pattern[str]) -> None:
    """In "3至5万" / "3-5 million" / "5-10%" the first figure takes the second's scale and unit."""
    for first, second in itertools.pairwise(raws):
        if not connector.fullmatch(text[first.end : second.start]):
            continue
        if first.date is not None or second.date is not None:
            continue
        if first.kind != "number" and first.kind != second.kind:
            continue  # "增长8.1%至3.3万亿": a percent then an amount is no range
        if not first.scaled and second.scaled:
            first.mult = second.mult
            first.scaled = True
        if first.kind == "number" and second.kind in ("percent", "points", "year", "times"):
            first.kind = second.kind
        if first.unit is None and second.unit is not None:
            first.unit = second.unit


def format_value(q: Quantity) -> str:
    """Human form of a quantity's value for messages: 1,670,000,000 / 20% / 2024-12-28."""
    if q.kind == "date":
        v = int(q.value)
        y, m, d = v // 10000, v // 100 % 100, v % 100
        parts = ([f"{y:04d}"] if y else []) + [f"{m:02d}"] + ([f"{d:02d}"] if d else [])
        return "-".join(parts)
    if q.kind == "year":
        return str(int(q.value))
    number = f"{q.value.normalize():,f}"
    if q.kind == "percent":
        return f"{number}%"
    if q.kind == "points":
        return f"{number} percentage points"
    if q.kind == "times":
        return f"{number} times"
    return number


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)
