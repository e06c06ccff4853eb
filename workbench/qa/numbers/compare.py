"""(pure) Value-based comparison of the quantities of a Chinese sentence and its English."""

from __future__ import annotations

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
    ("km2", "hectare"): Decimal(100),
    ("hectare", "km2"): Decimal("0.01"),
}


def _converted(zh: Quantity, en: Quantity) -> bool:
    """Equal after a unit conversion, to within rounding (0.5%)."""
    factor = _CONVERSIONS.get((zh.unit or "", en.unit or ""))
    if factor is None or not en.value:
        return False
    return abs(zh.value * factor - en.value) <= abs(en.value) * Decimal("0.005")


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
    return zh.value == en.value or _converted(zh, en)


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


def compare_numbers(zh_text: str, en_text: str) -> list[NumberProblem]:
    """Problems between the quantities of a Chinese sentence and its English rendering.

    missing: a Chinese figure whose value is nowhere in the English; unexpected: an English
    number no Chinese figure explains; unit: equal values but 百分点 vs percent or different units.
    """
    zh = extract_zh(zh_text)
    en = extract_en(en_text)
    relative_year = ZH_RELATIVE_YEAR.search(zh_text) is not None
    accounted: set[int] = set()
    problems: list[NumberProblem] = []
    missing: list[Quantity] = []
    for z in zh:
        same = [i for i, e in enumerate(en) if _same_value(z, e)]
        accounted.update(i for i, e in enumerate(en) if _accounts_for(z, e))
        if z.optional:
            continue
        if not same:
            missing.append(z)
            continue
        if all(_conflict(z, en[i]) for i in same):
            e = en[same[0]]
            what = _conflict(z, e) or "unit"
            problems.append(
                NumberProblem(
                    "unit",
                    f"{z.text} is in {_describe(z, what)}; English “{e.text}” is in {_describe(e, what)}",
                    z,
                    e,
                )
            )
    leftovers = [
        e
        for i, e in enumerate(en)
        if i not in accounted and not e.optional and not (relative_year and e.kind == "year")
    ]
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
