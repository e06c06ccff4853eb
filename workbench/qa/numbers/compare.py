"""(pure) Value-based comparison of the quantities of a Chinese sentence and its English."""

from __future__ import annotations

import re
from decimal import Decimal

from workbench.qa.numbers.en import extract_en
from workbench.qa.numbers.quantity import NumberProblem, Quantity, format_value
from workbench.qa.numbers.zh import ZH_RELATIVE_YEAR, extract_zh


def _ymd(q: Quantity) -> tuple[int, int, int]:
    v = int(q.value)
    return v // 10000, v // 100 % 100, v % 100


# Unit conversions a translator may make (3.24万亩 -> 2,160 hectares): factor from zh to en unit.
_CONVERSIONS = {
    ("mu", "hectare"): Decimal(1) / Decimal(15),
    ("jin", "ton"): Decimal("0.0005"),
    ("jin", "kg"): Decimal("0.5"),
    ("kw", "mw"): Decimal("0.001"),
    ("kw", "gw"): Decimal("0.000001"),
    ("kwh", "mwh"): Decimal("0.001"),
    ("kwh", "gwh"): Decimal("0.000001"),
    ("m2", "hectare"): Decimal("0.0001"),
    ("m2", "km2"): Decimal("0.000001"),
    ("km", "mile"): Decimal("0.621371"),
    ("m2", "sqft"): Decimal("10.7639"),
    ("km2", "hectare"): Decimal(100),
    ("hectare", "km2"): Decimal("0.01"),
}


def _converted(zh: Quantity, en: Quantity) -> bool:
    """Equal after a unit conversion, to within rounding (0.5%, or the precision shown)."""
    factor = _CONVERSIONS.get((zh.unit or "", en.unit or ""))
    if factor is None or not en.value:
        return False
    value = zh.value * factor
    return abs(value - en.value) <= abs(en.value) * Decimal("0.005") or _rounds_to(value, en)


_LEADING_NUMBER = re.compile(r"\d[\d,]*(?:\.(?P<dec>\d+))?")


def _rounds_to(value: Decimal, en: Quantity) -> bool:
    """Whether `en` is `value` rounded to the precision its digits show ("1.37 trillion" for
    13697.5亿). Only with three significant digits or more (two when the English says "about"),
    so that a dropped or wrong digit is not mistaken for rounding."""
    m = _LEADING_NUMBER.search(en.text)
    if m is None or not en.value:
        return False
    digits = m.group().replace(",", "").replace(".", "").lstrip("0")
    if len(digits.rstrip("0")) < (2 if en.approx else 3) and len(digits) < 3:
        return False
    places = len(m.group("dec") or "")
    written = Decimal(m.group().replace(",", ""))
    if not written:
        return False
    unit = (en.value / written) * Decimal(10) ** -places  # the value of one step in the last digit
    return abs(value - en.value) <= unit / 2


def _same_value(zh: Quantity, en: Quantity) -> bool:
    if zh.kind == "date" or en.kind == "date":
        if zh.kind != en.kind:
            return False
        (zy, zm, zd), (ey, em, ed) = _ymd(zh), _ymd(en)
        return zm == em and zd == ed and (zy == ey or not zy or not ey)
    if zh.kind == "times" and en.kind == "times" and en.value == zh.value + 1:
        return True  # 增长1倍 "rose by 100%" is "doubled"
    if zh.kind == "times" and en.kind == "percent" and en.value == zh.value * 100:
        return True  # 增长1倍 "rose 100%"
    if zh.value == en.value or _converted(zh, en):
        return True
    # Rounding only between amounts of the same sort (not a year, an ordinal or a date).
    return (
        zh.kind == en.kind
        and zh.kind in ("number", "percent", "points")
        and _rounds_to(zh.value, en)
    )


def _accounts_for(zh: Quantity, en: Quantity) -> bool:
    """Whether a Chinese quantity explains an English number (values, or a date's year)."""
    if _same_value(zh, en):
        return True
    if zh.kind == "date" and en.kind in ("year", "number"):
        return _ymd(zh)[0] == en.value
    return False


def _conflict(zh: Quantity, en: Quantity) -> str | None:
    """Why an equal-valued pair still disagrees (百分点 as percent, mu as hectares), or None."""
    kinds = {zh.kind, en.kind}
    if kinds == {"percent", "points"}:
        return "percent" if zh.kind == "points" else "points"
    if zh.unit and en.unit and zh.unit != en.unit and not _converted(zh, en):
        return "unit"
    return None


def _class(q: Quantity) -> str:
    if q.kind in ("percent", "points"):
        return "percent"
    if q.kind in ("date", "year"):
        return q.kind
    return "number"


def _significant(q: Quantity) -> str:
    return str(q.value.normalize()).replace(".", "").replace("-", "").split("E")[0].strip("0")


def _closest(
    zh: Quantity, zh_text_len: int, leftovers: list[Quantity], en_text_len: int
) -> Quantity | None:
    """The English number most likely meant for a missing Chinese one (for the message)."""
    pool = [e for e in leftovers if _class(e) == _class(zh)]
    if not pool:
        return None
    where = zh.start / max(zh_text_len, 1)

    def score(e: Quantity) -> tuple[int, int, float]:
        return (
            0 if _significant(e) == _significant(zh) else 1,
            0 if (e.unit == zh.unit or not e.unit or not zh.unit) else 1,
            abs(e.start / max(en_text_len, 1) - where),
        )

    return min(pool, key=score)


def _describe(q: Quantity, what: str) -> str:
    if what in ("percent", "points"):
        return (
            {"percent": "percent", "points": "percentage points"}[q.kind]
            if q.kind in ("percent", "points")
            else q.kind
        )
    return q.unit or "no unit"


def _pick(z: Quantity, en: list[Quantity], free: list[bool], where: float, n: int) -> int | None:
    """The free English quantity equal to `z`, preferring one of the same kind and unit, then
    the one nearest in the sentence."""
    best: tuple[tuple[int, int, int, float], int] | None = None
    for i, e in enumerate(en):
        if not free[i] or not _same_value(z, e):
            continue
        key = (
            0 if _class(e) == _class(z) else 1,
            1 if _conflict(z, e) else 0,
            0 if e.kind == z.kind else 1,
            abs(e.start / n - where),
        )
        if best is None or key < best[0]:
            best = (key, i)
    return None if best is None else best[1]


def compare_numbers(zh_text: str, en_text: str, *, year: int | None = None) -> list[NumberProblem]:
    """Problems between the quantities of a Chinese sentence and its English rendering.

    Quantities are paired one to one: a figure written twice in the Chinese must be in the
    English twice, so a slip in one of them shows.
    `year` is the report's year: it resolves 上年/今年/全年 and "last year"; without it any
    English year passes beside a relative one.

    missing: a Chinese figure whose value is nowhere in the English; unexpected: an English
    number no Chinese figure explains; unit: equal values but 百分点 vs percent or different units.
    """
    zh = extract_zh(zh_text, year=year)
    en = extract_en(en_text, year=year)
    lenient_year = year is None and ZH_RELATIVE_YEAR.search(zh_text) is not None
    zn, en_n = max(len(zh_text), 1), max(len(en_text), 1)
    free = [True] * len(en)
    problems: list[NumberProblem] = []
    missing: list[Quantity] = []
    # Required figures first (fewest candidates first, so an ambiguous one does not take the
    # only match of another), then optional ones, which account for what is left.
    required = [z for z in zh if not z.optional]
    required.sort(key=lambda z: sum(1 for e in en if _same_value(z, e)))
    for z in required + [z for z in zh if z.optional]:
        i = _pick(z, en, free, z.start / zn, en_n)
        if i is None:
            if not z.optional:
                missing.append(z)
            continue
        free[i] = False
        e = en[i]
        what = None if z.optional else _conflict(z, e)
        if what:
            problems.append(
                NumberProblem(
                    "unit",
                    f"{z.text} is in {_describe(z, what)}; English “{e.text}” is in {_describe(e, what)}",
                    z,
                    e,
                )
            )
    dates = [z for z in zh if z.kind == "date"]
    leftovers = [
        e
        for i, e in enumerate(en)
        if free[i]
        and not e.optional
        and not (lenient_year and e.kind == "year")
        and not any(_accounts_for(z, e) for z in dates)
    ]
    missing.sort(key=lambda z: z.start)
    for z in missing:
        e = _closest(z, len(zh_text), leftovers, len(en_text))
        if e is None:
            message = f"{z.text} = {format_value(z)}; not found in the English"
        else:
            leftovers.remove(e)
            message = f"{z.text} = {format_value(z)}; English has {format_value(e)} (“{e.text}”)"
        problems.append(NumberProblem("missing", message, z, e))
    for e in leftovers:
        problems.append(
            NumberProblem(
                "unexpected",
                f"English “{e.text}” = {format_value(e)} has no counterpart in the Chinese",
                None,
                e,
            )
        )
    return problems
