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

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

__all__ = [
    "Quantity",
    "NumberProblem",
    "extract_zh",
    "extract_en",
    "compare_numbers",
    "format_value",
]


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


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------

# Full-width digits and signs map one-to-one onto ASCII, so offsets stay valid after translation.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")


@dataclass
class _Raw:
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


def _inherit_ranges(raws: list[_Raw], text: str, connector: re.Pattern[str]) -> None:
    """In "3至5万" / "3-5 million" / "5-10%" the first figure takes the second's scale and unit."""
    for first, second in zip(raws, raws[1:]):
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


# ---------------------------------------------------------------------------------------------
# Chinese
# ---------------------------------------------------------------------------------------------

_ZH_DIGIT = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8}

# Below 万: 三千二百, 一百零五, 十五, 二十. 两 only leads a position (两千, 两百) or stands alone.
_ZH_SUB = re.compile(
    r"(?:(?P<q>[一二两三四五六七八九])千)?"
    r"(?:零?(?P<b>[一二两三四五六七八九])百)?"
    r"(?:零?(?P<s>[一二三四五六七八九])?(?P<ten>十))?"
    r"(?:零?(?P<g>[一二三四五六七八九]))?"
)

# Numbers: Arabic digits (full-width already mapped) with an optional Chinese scale; a 千 that
# starts 千米/千克/千瓦 is a unit, not a scale. Chinese numeral runs; 百 before 分之/分点 is a percent.
_ZH_TOKEN = re.compile(
    r"(?P<ar>\d+(?:,\d{3})*(?:\.\d+)?)(?P<ars>(?:[十百千](?![米克瓦])|[万亿])*)"
    r"|百分之(?P<pct>\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千]+(?:点[〇零一二三四五六七八九]+)?)"
    r"|(?P<zh>(?:[〇零一二两三四五六七八九十千万亿]|百(?!分[之点]))+)"
)

# Units after a number (longest first). Count nouns (个, 人, 项 ...) name no unit.
_ZH_UNITS = [
    ("平方公里", "km2"),
    ("平方千米", "km2"),
    ("平方米", "m2"),
    ("平米", "m2"),
    ("㎡", "m2"),
    ("立方米", "m3"),
    ("公里", "km"),
    ("千米", "km"),
    ("公顷", "hectare"),
    ("亩", "mu"),
    ("美元", "usd"),
    ("元", "yuan"),
    ("公斤", "kg"),
    ("千克", "kg"),
    ("斤", "jin"),
    ("吨", "ton"),
    ("千瓦时", "kwh"),
    ("千瓦", "kw"),
    ("户", "household"),
    ("米", "m"),
]
_ZH_UNIT_RE = re.compile("|".join(re.escape(u) for u, _ in _ZH_UNITS))
_ZH_UNIT_NAME = dict(_ZH_UNITS)

# Measure words that make a bare Chinese numeral a quantity (十件民生实事, 三个重大项目, 八项规定).
_ZH_MEASURE_RE = re.compile(
    r"小时|分钟|季度|方面|周年|个百分点|百分点"
    r"|[个件项次条家户人名位座所处张套株只头种类级届年天月日周倍批轮场台辆栋间支篇部段层床棵口盏本组起例笔回节号岁秒]"
)

_ZH_APPROX_BEFORE = re.compile(
    r"(?:约|近|超过|超|逾|将近|大约|不少于|不低于|不超过|至少|多于|高于|低于|不到)$"
)
_ZH_APPROX_AFTER = re.compile(r"余|多|以上|左右|上下|有余|之多|以内|以下|以来")
_ZH_RANGE = re.compile(r"\s*(?:至|到|—{1,2}|－|-|–|~|～)\s*")

# Words in which a numeral is not a figure to translate literally. Numerals overlapping one of
# these are optional: English may or may not carry a number for them.
_ZH_FIXED = [
    "一年来",
    "一大批",
    "一批",
    "一体",
    "一流",
    "统一",
    "一站式",
    "进一步",
    "一系列",
    "一些",
    "一定",
    "一般",
    "一直",
    "一起",
    "一致",
    "一切",
    "一方面",
    "一道",
    "一同",
    "一律",
    "一线",
    "一心",
    "一举",
    "一贯",
    "一带一路",
    "一次性",
    "第一产业",
    "第二产业",
    "第三产业",
    "一二三产业",
    "三产",
    "十分",
    "千方百计",
    "万无一失",
    "一揽子",
    "一把手",
    "一盘棋",
    "一张蓝图",
    "一件事",
    "一网通办",
    "之一",
    "一条龙",
    "唯一",
    "一旦",
    "同一",
    "一并",
    "一如既往",
    "三农",
    "双一流",
    "一岗双责",
    "五湖四海",
    "四面八方",
    "千家万户",
    "百姓",
    "千里",
    "一年一度",
    "一期",
    "二期",
    "三期",
    "四期",
    "一号文件",
    "两侧",
    "两岸",
    "一心一意",
    "一以贯之",
    "一手抓",
    "两手抓",
    "一步",
    "一点",
    "一下",
    "一番",
]
_ZH_FIXED_RE = re.compile("|".join(sorted(map(re.escape, _ZH_FIXED), key=len, reverse=True)))
# Quoted slogans (“十四五”, “两不愁三保障”, “五大攻坚行动”) are names, not counts.
_ZH_QUOTED_RE = re.compile(r"“[^“”]*”|「[^「」]*」|『[^『』]*』|‘[^‘’]*’|《[^《》]*》")
# Outline enumerators: 一、 (一) （八）
_ZH_ENUM_RE = re.compile(
    r"(?:^|(?<=[\n\s]))[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]"
)

# Relative years make an English year legitimate without a Chinese figure.
ZH_RELATIVE_YEAR = re.compile(r"今年|去年|明年|前年|上年|本年|当年|次年|后年")


def _zh_sub_value(s: str) -> int | None:
    """Value of a numeral below 万 (三千二百 -> 3200), or None when it is not one numeral."""
    if s in ("〇", "零"):
        return 0
    if s == "两":
        return 2
    if s in ("百", "千"):
        return _ZH_SMALL[s]  # bare 百/千 as in 百村, 千亿
    m = _ZH_SUB.fullmatch(s)
    if m is None or not s:
        return None
    if s.startswith("两") is False and "两" in s.replace("两千", "").replace("两百", ""):
        return None
    q, b, sd, ten, g = (m.group(k) for k in ("q", "b", "s", "ten", "g"))
    # 十 may omit its digit only at the start (十五), not after 百 (一百十 is colloquial: allow).
    total = 0
    if q:
        total += _ZH_DIGIT[q] * 1000
    if b:
        total += _ZH_DIGIT[b] * 100
    if ten:
        total += (_ZH_DIGIT[sd] if sd else 1) * 10
    if g:
        total += _ZH_DIGIT[g]
    return total


def zh_numeral_value(s: str) -> Decimal | None:
    """Value of a Chinese numeral (一百二十万, 三千二百, 两, 二〇二四, 3万亿 style runs), else None."""
    if not s:
        return None
    if len(s) > 1 and all(ch in _ZH_DIGIT for ch in s):
        # Digit-by-digit writing, used for years and codes: 二〇二四 -> 2024.
        return Decimal("".join(str(_ZH_DIGIT[ch]) for ch in s))
    for big in ("亿", "万"):
        if big in s:
            head, _, tail = s.rpartition(big)
            head_value = zh_numeral_value(head) if head else Decimal(1)
            if head_value is None:
                return None
            tail_value = Decimal(0)
            if tail:
                # 一万零五百: a leading 零 marks a gap; without it 三万五 is colloquial (35000): refuse.
                tail_value_opt = zh_numeral_value(tail.lstrip("零"))
                if tail_value_opt is None or (not tail.startswith("零") and tail_value_opt < 1000):
                    return None
                tail_value = tail_value_opt
            return head_value * _ZH_BIG[big] + tail_value
    value = _zh_sub_value(s)
    return None if value is None else Decimal(value)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _zh_read_after(raw: _Raw, text: str) -> bool:
    """Read approx markers, unit, measure word and percent signs after a number.

    Returns True when the number is followed by something that makes it a counted quantity.
    """
    pos = raw.end
    counted = False
    if text.startswith(("余", "多"), pos) and not text.startswith("多措", pos):
        raw.approx = True
        pos += 1
    if text.startswith(("%", "‰"), pos):
        raw.kind = "percent"
        if text[pos] == "‰":
            raw.mult /= 10
        pos += 1
        counted = True
    elif text.startswith("个百分点", pos) or text.startswith("百分点", pos):
        raw.kind = "points"
        pos += 4 if text.startswith("个", pos) else 3
        counted = True
    else:
        unit = _ZH_UNIT_RE.match(text, pos)
        if unit:
            raw.unit = _ZH_UNIT_NAME[unit.group()]
            pos = unit.end()
            counted = True
        else:
            measure = _ZH_MEASURE_RE.match(text, pos)
            if measure:
                if measure.group() == "倍":
                    raw.kind = "times"
                counted = True
                # The measure word is kept out of `text` except for 倍 (a kind) to keep messages short.
                if measure.group() == "倍":
                    pos = measure.end()
    after = _ZH_APPROX_AFTER.match(text, pos)
    if after and after.group() not in ("以来",):
        raw.approx = True
        pos = after.end()
    raw.end = pos
    return counted


def _zh_raws(text: str) -> list[_Raw]:
    fixed = _spans(_ZH_FIXED_RE, text)
    quoted = _spans(_ZH_QUOTED_RE, text)
    enums = _spans(_ZH_ENUM_RE, text)
    raws: list[_Raw] = []
    for m in _ZH_TOKEN.finditer(text):
        start, end = m.span()
        if m.group("ar") is not None:
            raw = _zh_arabic(m, text)
            if raw is not None:
                raws.append(raw)
        elif m.group("pct") is not None:
            digits = m.group("pct")
            if digits[0].isdigit():
                value: Decimal | None = Decimal(digits)
            else:
                whole, _, frac = digits.partition("点")
                value = zh_numeral_value(whole)
                if value is not None and frac:
                    value += Decimal("0." + "".join(str(_ZH_DIGIT[c]) for c in frac))
            if value is None:
                continue
            raw = _Raw(base=value, start=start, end=end, kind="percent")
            _zh_read_after(raw, text)
            raws.append(raw)
        else:
            raws.extend(_zh_numeral_raws(m.group("zh"), start, end, text, fixed, quoted, enums))
    return raws


def _zh_arabic(m: re.Match[str], text: str) -> _Raw | None:
    start, end = m.span()
    digits, scale = m.group("ar"), m.group("ars")
    # Figures glued to Latin letters are model names and codes (PM2.5, Rg3, 5G, 3A): not quantities.
    if start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
        return None
    if end < len(text) and text[end].isascii() and text[end].isalpha():
        return None
    mult = Decimal(1)
    for ch in scale:
        mult *= _ZH_BIG.get(ch) or Decimal(_ZH_SMALL[ch])
    raw = _Raw(
        base=Decimal(digits.replace(",", "")), start=start, end=end, mult=mult, scaled=bool(scale)
    )
    before = text[max(0, start - 4) : start]
    if before.endswith("第"):
        raw.kind = "ordinal"
        raw.start -= 1
    if _ZH_APPROX_BEFORE.search(before):
        raw.approx = True
    _zh_read_after(raw, text)
    return raw


def _zh_numeral_raws(
    run: str,
    start: int,
    end: int,
    text: str,
    fixed: list[tuple[int, int]],
    quoted: list[tuple[int, int]],
    enums: list[tuple[int, int]],
) -> list[_Raw]:
    value = zh_numeral_value(run)
    if value is None:
        # Not one numeral (十四五, 两不愁三保障 is split before): each readable piece is optional.
        return _zh_split_optional(run, start, text)
    raw = _Raw(base=value, start=start, end=end)
    if any(ch in _ZH_BIG for ch in run):
        raw.scaled = True
    before = text[max(0, start - 4) : start]
    ordinal = before.endswith("第")
    if ordinal:
        raw.kind = "ordinal"
        raw.start -= 1
    if _ZH_APPROX_BEFORE.search(before):
        raw.approx = True
    counted = _zh_read_after(raw, text)
    bare_scale = all(ch in "百千万亿" for ch in run)
    digit_sequence = len(run) > 1 and all(ch in _ZH_DIGIT for ch in run)
    # A numeral is a figure when followed by a measure word or unit, after 第, or when it is a
    # written-out multi-position number (一百二十, 三千二百万). Otherwise (三保, 四风, 七中, 千村)
    # it is part of a name or slogan.
    is_figure = counted or ordinal or (len(run) > 1 and not bare_scale and not digit_sequence)
    if bare_scale and not (counted and raw.unit is not None):
        is_figure = False  # 千村美丽, 百村示范; but 亿元以上项目 is "100 million yuan"
    if digit_sequence and not text.startswith("年", end):
        is_figure = False
    if (
        not is_figure
        or _inside(start, end, fixed)
        or _inside(start, end, quoted)
        or _inside(start, end, enums)
    ):
        raw.optional = True
    return [raw]


def _zh_split_optional(run: str, start: int, text: str) -> list[_Raw]:
    """Greedy longest readable pieces of a run that is not one numeral; all optional."""
    raws: list[_Raw] = []
    i = 0
    while i < len(run):
        for j in range(len(run), i, -1):
            value = zh_numeral_value(run[i:j])
            if value is not None and not (j - i > 1 and all(c in _ZH_DIGIT for c in run[i:j])):
                raws.append(_Raw(base=value, start=start + i, end=start + j, optional=True))
                i = j
                break
        else:
            i += 1
    return raws


def _zh_dates(raws: list[_Raw], text: str) -> list[_Raw]:
    """Merge 2024年12月28日 / 12月28日 / 2024年12月 into one date; mark a lone 2024年 as a year.

    In a month range (2024年1—6月) the first month borrows 月 and both borrow the year.
    """
    out: list[_Raw] = []
    carry_year = 0  # the year of a date range's first end, lent to the second
    i = 0
    while i < len(raws):
        j = i
        year = month = day = 0
        if _is_year(raws[j], text):
            year = int(raws[j].base)
            j += 1
        month_here = j < len(raws) and (j == i or raws[j].start == _after_char(raws[i], text, "年"))
        if month_here and _is_month(raws[j], text):
            month = int(raws[j].base)
            j += 1
            if (
                j < len(raws)
                and _is_day(raws[j], text)
                and raws[j].start == _after_char(raws[j - 1], text, "月")
            ):
                day = int(raws[j].base)
                j += 1
        elif month_here and _starts_month_range(raws, j, text):
            month = int(raws[j].base)
            j += 1
        first, last = raws[i], raws[j - 1] if j > i else raws[i]
        if month:
            end = (
                _suffix_end(last, text) if _after_char(last, text, "月") != -1 or day else last.end
            )
            merged = _Raw(base=Decimal(0), start=first.start, end=end, kind="date")
            merged.date = (year or carry_year, month, day)
            merged.approx = first.approx
            out.append(merged)
            ranged = j < len(raws) and _ZH_RANGE.fullmatch(
                text[last.end if day == 0 and end == last.end else end : raws[j].start]
            )
            carry_year = (year or carry_year) if ranged else 0
            i = j
            continue
        carry_year = 0
        if year:
            first.kind = "year"
            first.end = max(first.end, _suffix_end(first, text))
        out.append(first)
        i += 1
    return out


def _starts_month_range(raws: list[_Raw], j: int, text: str) -> bool:
    """1 in 1—6月: a bare 1..12 joined by a range mark to a month."""
    raw = raws[j]
    if j + 1 >= len(raws) or not (raw.kind == "number" and raw.mult == 1 and 1 <= raw.base <= 12):
        return False
    return bool(_ZH_RANGE.fullmatch(text[raw.end : raws[j + 1].start])) and _is_month(
        raws[j + 1], text
    )


def _suffix_end(raw: _Raw, text: str) -> int:
    """Offset after the numeral and its one-character 年/月/日 suffix."""
    return raw.start + len(_digits_text(text, raw)) + 1


def _digits_text(text: str, raw: _Raw) -> str:
    """The numeral itself (without 第 or suffixes) as written."""
    m = _ZH_TOKEN.match(text, raw.start)
    return m.group() if m else ""


def _after_char(raw: _Raw, text: str, char: str) -> int:
    """Offset just after `char` following the numeral, or -1 when `char` does not follow it."""
    pos = raw.start + len(_digits_text(text, raw))
    return pos + 1 if text.startswith(char, pos) else -1


def _is_year(raw: _Raw, text: str) -> bool:
    digits = _digits_text(text, raw)
    return (
        raw.kind in ("number",)
        and raw.mult == 1
        and 1000 <= raw.base <= 2999
        and raw.base == int(raw.base)
        and _after_char(raw, text, "年") != -1
        and len(digits) == 4
    )


def _is_month(raw: _Raw, text: str) -> bool:
    return (
        raw.kind == "number"
        and raw.mult == 1
        and 1 <= raw.base <= 12
        and raw.base == int(raw.base)
        and _after_char(raw, text, "月") != -1
    )


def _is_day(raw: _Raw, text: str) -> bool:
    if not (
        raw.kind == "number" and raw.mult == 1 and 1 <= raw.base <= 31 and raw.base == int(raw.base)
    ):
        return False
    pos = raw.start + len(_digits_text(text, raw))
    return text.startswith(("日", "号"), pos)


def extract_zh(text: str) -> list[Quantity]:
    """Every quantity in Chinese text, in order. Optional ones are numerals in names and slogans."""
    norm = text.translate(_FULLWIDTH)
    raws = _zh_dates(_zh_raws(norm), norm)
    _inherit_ranges(raws, norm, _ZH_RANGE)
    quantities = []
    for raw in raws:
        q = raw.quantity(text)
        # A count of one is often rendered "a"/"an" (1个, 一张, 一次): it need not appear.
        if q.value == 1 and q.kind in ("number", "ordinal") and q.unit is None:
            q = replace(q, optional=True)
        quantities.append(q)
    return quantities


# ---------------------------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------------------------

_EN_CARDINAL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_ORDINAL = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1000,
}
_EN_SCALE = {
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
_EN_SCALE_ABBR = {"bn": 10**9, "mn": 10**6, "mln": 10**6, "tn": 10**12}
_EN_NUMBER_WORDS = set(_EN_CARDINAL) | set(_EN_ORDINAL) | set(_EN_SCALE) | {"dozen"}

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MONTH_RE = r"\b(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_EN_DATE_RES = [
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(_MONTH_RE + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{4})\b)?"),
    re.compile(
        r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r"(?:,?\s+(?P<y>\d{4})\b)?"
    ),
    re.compile(_MONTH_RE + r"(?:\s+(?:of\s+)?(?P<y>\d{4}))?\b"),
]

_EN_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_EN_SCALE_AFTER = re.compile(
    r"[\s-]*(?P<scale>ten[\s-]+thousand|hundred[\s-]+million|hundred[\s-]+thousand|hundred|thousand|million|billion|trillion)\b"
    r"|\s?(?P<abbr>bn|mn|mln|tn)\b",
    re.IGNORECASE,
)
_EN_ORD_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b")
# Letters that may be glued to digits: ordinals, units, scale abbreviations.
_EN_GLUED_OK = re.compile(r"(?:st|nd|rd|th|km2|km|bn|mn|mln|tn|m2|m3|m²|m³|ha|kg|mu|sq)\b")
_EN_PERCENT = re.compile(r"\s*(?:%|per[\s-]?cent\b|pct\b)", re.IGNORECASE)
_EN_POINTS = re.compile(
    r"[\s-]*(?:percentage[\s-]+points?|percent(?:age)?[\s-]+pts?)\b|\s*(?:pp|ppts?)\b",
    re.IGNORECASE,
)
_EN_TIMES = re.compile(r"[\s-]*(?:times|fold)\b", re.IGNORECASE)
_EN_UNITS = [
    (r"square[\s-]+kilomet(?:er|re)s?|sq\.?\s*km|km2|km²", "km2"),
    (r"square[\s-]+met(?:er|re)s?|sq\.?\s*m\b|m2|m²", "m2"),
    (r"cubic[\s-]+met(?:er|re)s?|m3|m³", "m3"),
    (r"kilomet(?:er|re)s?|km", "km"),
    (r"hectares?|ha", "hectare"),
    (r"mu", "mu"),
    (r"yuan|RMB|CNY|renminbi", "yuan"),
    (r"US\s+dollars|dollars|USD", "usd"),
    (r"jin|catty|catties", "jin"),
    (r"kilograms?|kg", "kg"),
    (r"tons?|tonnes?", "ton"),
    (r"kilowatt[\s-]+hours?|kWh", "kwh"),
    (r"kilowatts?|kW", "kw"),
    (r"households?", "household"),
    (r"met(?:er|re)s?", "m"),
]
_EN_UNIT_AFTER = re.compile(
    r"[\s-]*(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_EN_UNITS)) + r")\b",
    re.IGNORECASE,
)
_EN_CURRENCY_BEFORE = re.compile(r"(?:\b(?:RMB|CNY|yuan)\s*|¥\s*)$", re.IGNORECASE)
_EN_USD_BEFORE = re.compile(r"(?:\bUS)?\$\s*$")
_EN_APPROX_BEFORE = re.compile(
    r"\b(?:more\s+than|over|about|around|approximately|nearly|almost|at\s+least|some|roughly|"
    r"above|up\s+to|close\s+to|no\s+(?:less|fewer)\s+than|not\s+(?:less|fewer)\s+than|"
    r"in\s+excess\s+of|upwards\s+of|exceeding|under|below|less\s+than)\s+(?:RMB\s*|¥\s*|yuan\s+)?$",
    re.IGNORECASE,
)
_EN_APPROX_AFTER = re.compile(
    r"\s*(?:or\s+more|and\s+above|or\s+above|and\s+more|or\s+so|plus|or\s+higher|and\s+over)\b",
    re.IGNORECASE,
)
_EN_RANGE = re.compile(r"\s*(?:to|-|–|—|~|and|or)\s*", re.IGNORECASE)


def _en_dates(text: str) -> list[_Raw]:
    raws: list[_Raw] = []
    taken: list[tuple[int, int]] = []
    for pattern in _EN_DATE_RES:
        for m in pattern.finditer(text):
            if _inside(m.start(), m.end(), taken):
                continue
            groups = m.groupdict()
            mon = groups.get("mon")
            if mon is not None:
                # "May" is also a verb and "March" a noun: only capitalised names, and a bare
                # May/March only with a day or year.
                if not mon[0].isupper():
                    continue
                if mon.lower().rstrip(".") in ("may", "march") and not (
                    groups.get("d") or groups.get("y")
                ):
                    continue
                month = _MONTHS[mon.lower().rstrip(".")]
            else:
                month = int(groups["m"])
            day = int(groups["d"]) if groups.get("d") else 0
            year = int(groups["y"]) if groups.get("y") else 0
            if not (1 <= month <= 12 and 0 <= day <= 31):
                continue
            raw = _Raw(base=Decimal(0), start=m.start(), end=m.end(), kind="date")
            raw.date = (year, month, day)
            raws.append(raw)
            taken.append(m.span())
    return raws


def _en_read_around(raw: _Raw, text: str, digits: bool) -> None:
    """Scale, ordinal, percent, points, unit and approximation words around an English number."""
    pos = raw.end
    if digits and not raw.scaled:
        scale = _EN_SCALE_AFTER.match(text, pos)
        if scale:
            words = (scale.group("scale") or "").lower().replace("-", " ").split()
            mult = Decimal(1)
            for w in words:
                mult *= 10 if w == "ten" else _EN_SCALE[w]
            if scale.group("abbr"):
                mult = Decimal(_EN_SCALE_ABBR[scale.group("abbr").lower()])
            raw.mult, raw.scaled, pos = mult, True, scale.end()
        elif _EN_ORD_SUFFIX.match(text, pos):
            raw.kind = "ordinal"
            pos = _EN_ORD_SUFFIX.match(text, pos).end()  # type: ignore[union-attr]
    if raw.kind != "ordinal":
        for pattern, kind in (
            (_EN_POINTS, "points"),
            (_EN_PERCENT, "percent"),
            (_EN_TIMES, "times"),
        ):
            m = pattern.match(text, pos)
            if m:
                raw.kind, pos = kind, m.end()
                break
        else:
            unit = _EN_UNIT_AFTER.match(text, pos)
            if unit:
                index = next(i for i in range(len(_EN_UNITS)) if unit.group(f"u{i}") is not None)
                raw.unit, pos = _EN_UNITS[index][1], unit.end()
    after = _EN_APPROX_AFTER.match(text, pos)
    if after:
        raw.approx = True
    raw.end = pos
    before = text[max(0, raw.start - 40) : raw.start]
    if raw.unit is None and _EN_CURRENCY_BEFORE.search(before):
        raw.unit = "yuan"
    elif raw.unit is None and _EN_USD_BEFORE.search(before):
        raw.unit = "usd"
    if _EN_APPROX_BEFORE.search(before):
        raw.approx = True


def _en_digit_raws(text: str, taken: list[tuple[int, int]]) -> list[_Raw]:
    raws: list[_Raw] = []
    for m in _EN_DIGITS.finditer(text):
        start, end = m.span()
        if _inside(start, end, taken):
            continue
        prev = text[start - 1] if start else ""
        if prev.isalpha() and not re.search(r"(?:RMB|CNY|USD)$", text[:start]):
            continue  # PM2.5, Rg3, Q3: codes, not quantities
        if prev == "-" and start >= 2 and text[start - 2].isalpha():
            continue  # COVID-19 style names
        if prev in ".," and start >= 2 and text[start - 2].isdigit():
            continue  # tail of a malformed figure already read
        nxt = text[end] if end < len(text) else ""
        if nxt.isalpha() and not _EN_GLUED_OK.match(text, end):
            continue  # 5G, 3A, 1990s
        raw = _Raw(base=Decimal(m.group().replace(",", "")), start=start, end=end)
        _en_read_around(raw, text, digits=True)
        raws.append(raw)
    return raws


def _en_word_value(words: list[str]) -> tuple[Decimal, bool] | None:
    """Value of "one hundred and twenty thousand" / "twenty-first"; (value, is_ordinal) or None."""
    total = 0
    current = 0
    seen_small = False  # a unit/ten in the current group: "two three" is not one number
    last_small = 0
    ordinal = False
    for i, w in enumerate(words):
        if ordinal:
            return None  # an ordinal ends a number
        if w in _EN_CARDINAL or w in _EN_ORDINAL and w not in ("hundredth", "thousandth"):
            v = _EN_CARDINAL.get(w, _EN_ORDINAL.get(w, 0))
            if seen_small and not (last_small >= 20 and last_small % 10 == 0 and v < 10):
                return None
            current += v
            seen_small, last_small = True, v
            ordinal = w in _EN_ORDINAL
        elif w in ("hundred", "hundredth"):
            current = (current or 1) * 100
            seen_small = False
            ordinal = w == "hundredth"
        elif w in _EN_SCALE or w == "thousandth":
            scale = 1000 if w == "thousandth" else _EN_SCALE[w]
            total += (current or 1) * scale
            current = 0
            seen_small = False
            ordinal = w == "thousandth"
        elif w == "dozen":
            current = (current or 1) * 12
            seen_small = False
        else:
            return None
    return Decimal(total + current), ordinal


def _en_word_raws(text: str, taken: list[tuple[int, int]]) -> list[_Raw]:
    words = [(m.group().lower(), m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", text)]
    raws: list[_Raw] = []
    i = 0
    while i < len(words):
        w, start, end = words[i]
        if w not in _EN_NUMBER_WORDS or _inside(start, end, taken):
            i += 1
            continue
        group = [words[i]]
        j = i + 1
        while j < len(words):
            gap = text[group[-1][2] : words[j][1]]
            if words[j][0] in _EN_NUMBER_WORDS and re.fullmatch(r"[\s-]+", gap):
                group.append(words[j])
                j += 1
            elif (
                words[j][0] == "and"
                and group[-1][0] in _EN_SCALE
                and j + 1 < len(words)
                and words[j + 1][0] in _EN_NUMBER_WORDS
                and words[j + 1][0] not in _EN_SCALE
            ):
                group.append(words[j + 1])
                j += 2
            else:
                break
        parsed = _en_word_value([g[0] for g in group])
        if parsed is None:
            # Not one number ("one two"): read the first word alone and go on.
            group = group[:1]
            parsed = _en_word_value([group[0][0]])
            j = i + 1
            if parsed is None:
                i += 1
                continue
        value, ordinal = parsed
        raw = _Raw(base=value, start=group[0][1], end=group[-1][2])
        names = [g[0] for g in group]
        raw.scaled = any(n in _EN_SCALE for n in names)
        if ordinal:
            raw.kind = "ordinal"
        # "a million", "a hundred", "a dozen": the article is the one.
        if names[0] in _EN_SCALE or names[0] == "dozen":
            if (
                not re.search(r"\b(?:a|an|one)\s+$", text[: raw.start], re.IGNORECASE)
                and names[0] != "hundred"
            ):
                if len(names) == 1:
                    i = j
                    continue  # "millions", "thousand" alone in a name: no figure
        _en_read_around(raw, text, digits=False)
        # One, first, second-as-time, half: too common in ordinary English to demand a source.
        if value == 1 and raw.unit is None and raw.kind in ("number", "ordinal"):
            raw.optional = True
        raws.append(raw)
        i = j
    return raws


_EN_MULTIPLE = re.compile(
    r"\b(?:twice|double[ds]?|doubling|half|halved|halving|tripled?|threefold|quadrupled?|fourfold)\b",
    re.IGNORECASE,
)
_EN_MULTIPLE_VALUE = {"tri": 3, "thr": 3, "qua": 4, "fou": 4}


def extract_en(text: str) -> list[Quantity]:
    """Every quantity in English text, in order."""
    raws = _en_dates(text)
    taken = [(r.start, r.end) for r in raws]
    digit_raws = _en_digit_raws(text, taken)
    taken += [(r.start, r.end) for r in digit_raws]
    word_raws = _en_word_raws(text, taken)
    taken += [(r.start, r.end) for r in word_raws]
    raws += digit_raws + word_raws
    for m in _EN_MULTIPLE.finditer(text):
        if _inside(m.start(), m.end(), taken):
            continue
        # "double"/"half" often render 双/半 in names ("double reduction"): accounted, never required.
        word = m.group().lower()
        half = word.startswith("hal")
        raws.append(
            _Raw(
                base=Decimal("0.5") if half else Decimal(_EN_MULTIPLE_VALUE.get(word[:3], 2)),
                start=m.start(),
                end=m.end(),
                kind="number" if half else "times",
                optional=True,
            )
        )
    raws.sort(key=lambda r: r.start)
    for raw in raws:
        # A bare four-digit number between 1900 and 2100 reads as a year.
        if raw.kind == "number" and raw.mult == 1 and raw.unit is None and 1900 <= raw.base <= 2100:
            if raw.base == int(raw.base) and re.fullmatch(r"\d{4}", text[raw.start : raw.end]):
                raw.kind = "year"
    _inherit_between(raws, text)
    return [raw.quantity(text) for raw in raws]


def _inherit_between(raws: list[_Raw], text: str) -> None:
    """Ranges: "3 to 5 million", "3-5%"; "and"/"or" only after "between"/in "X or Y percent"."""
    for first, second in zip(raws, raws[1:]):
        gap = text[first.end : second.start]
        if not _EN_RANGE.fullmatch(gap):
            continue
        joiner = gap.strip().lower()
        if joiner == "and" and not re.search(
            r"\bbetween\s+(?:RMB\s*|¥\s*)?$", text[: first.start], re.IGNORECASE
        ):
            # "20 and 38 percent respectively" shares the percent sign but not a scale.
            if first.kind == "number" and second.kind in ("percent", "points") and not first.scaled:
                first.kind = second.kind
            continue
        if first.date is not None or second.date is not None or first.kind == "year":
            continue
        if first.kind != "number" and first.kind != second.kind:
            continue  # "rose 8.1% to 3.3 trillion": a percent then an amount is no range
        if not first.scaled and second.scaled:
            first.mult, first.scaled = second.mult, True
        if first.kind == "number" and second.kind in ("percent", "points", "times"):
            first.kind = second.kind
        if first.unit is None and second.unit is not None:
            first.unit = second.unit


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------


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
