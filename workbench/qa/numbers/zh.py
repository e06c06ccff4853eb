"""(pure) Quantities in Chinese text: Arabic and Chinese numerals, 万/亿 scales, units, dates.

Precision matters more than coverage: a Chinese numeral inside a slogan or fixed word (三保,
一体化, “十四五”) is extracted as *optional*: it need not appear in the English, but an English
number with its value is accounted for by it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from workbench.qa.numbers.quantity import (
    FRACTION_PLACES,
    FULLWIDTH,
    Quantity,
    Raw,
    inherit_ranges,
    overlaps,
    spans,
)

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
    r"(?P<ar>\d+(?:,\d{3})*(?:\.\d+)?)(?P<arx>[余多](?=[十百千万亿]))?"
    r"(?P<ars>(?:[十百千](?![米克瓦])|[万亿])*)"
    r"|百分之(?P<pct>\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千]+(?:点[〇零一二三四五六七八九]+)?)"
    r"|(?P<zh>(?:[〇零一二两三四五六七八九十千万亿]|百(?!分[之点])|(?<=[十百千])[余多](?=[万亿]))+)"
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
    # Numbered slogans: the English names them ("both", "the Two Upholds") or not at all.
    "两个大局",
    "两个确立",
    "两个维护",
    "两个毫不动摇",
    "两个结合",
    "两个一百年",
    "两个市场两种资源",
    "四个意识",
    "四个自信",
    "四个全面",
    "五位一体",
    "建军一百年",
    "建党一百年",
    "一百年奋斗目标",
]
_ZH_FIXED_RE = re.compile("|".join(sorted(map(re.escape, _ZH_FIXED), key=len, reverse=True)))
# Quoted slogans (“十四五”, “两不愁三保障”, “五大攻坚行动”) are names, not counts.
_ZH_QUOTED_RE = re.compile(r"“[^“”]*”|「[^「」]*」|『[^『』]*』|‘[^‘’]*’|《[^《》]*》")
# Outline enumerators: 一、 (一) （八）
_ZH_ENUM_RE = re.compile(
    r"(?:^|(?<=[\n\s]))[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]"
)

# Relative years, resolved from the report's year when it is known (the year the report is
# delivered: 上年 of the 2024 report is 2023). 全年 is "the whole year": the year reviewed or
# the year planned, so either. 当年/次年 are relative to something in the text: unresolved.
ZH_RELATIVE_YEAR = re.compile(
    r"过去一年|一年来|上一年|上年|去年|前年|今年|本年|明年|后年|全年|当年|次年"
)
_RELATIVE_OFFSETS = {
    "过去一年": (-1,),
    "一年来": (-1,),
    "上一年": (-1,),
    "上年": (-1,),
    "去年": (-1,),
    "前年": (-2,),
    "今年": (0,),
    "本年": (0,),
    "明年": (1,),
    "后年": (2,),
    "全年": (-1, 0),
}
# Fixed names that stand for a figure the English writes out (九二共识 -> "1992 Consensus").
_ZH_NAMED = {"九二共识": ("year", Decimal(1992))}
_ZH_NAMED_RE = re.compile("|".join(map(re.escape, _ZH_NAMED)))
# Ordinals written without 第: a Five-Year Plan (十四五 -> 14th), a Party congress (二十大 ->
# 20th) and a plenary session (三中全会 -> third plenary). Compared by value like any figure.
_ZH_PLAN = re.compile(r"十[一二三四五六七八九]五(?![年个%])")
_ZH_CONGRESS_AFTER = re.compile(
    r"大(?=精神|以来|报告|代表|胜利|召开|和|、|，|。|及|闭幕|开幕|提出|作出|部署|确定|擘画|强调|明确|上|”)"
)
_ZH_PLENARY_AFTER = re.compile(r"中全会")
# 翻一番 = doubled, 翻两番 = quadrupled.
_ZH_DOUBLING = re.compile(r"翻(?P<n>[一两二三])?番")
# Vague counts (数十个 "dozens", 上千 "over a thousand", 几百): English may or may not carry them.
_ZH_VAGUE_BEFORE = re.compile(r"(?:数|几|上|成)$")
# Fractions: 三分之一 = one third.
_ZH_FRACTION = re.compile(
    r"(?P<den>\d+|[一二三四五六七八九十百千]+)分之(?P<num>\d+|[一二两三四五六七八九十]+)"
)


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


def _zh_read_after(raw: Raw, text: str) -> bool:
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


def _zh_special_raws(text: str) -> list[Raw]:
    """Figures written as words, not numerals: named figures, plans, doubling, fractions."""
    raws: list[Raw] = []
    for m in _ZH_NAMED_RE.finditer(text):
        kind, value = _ZH_NAMED[m.group()]
        raws.append(Raw(base=value, start=m.start(), end=m.end(), kind=kind, optional=True))
    for m in _ZH_PLAN.finditer(text):
        value = zh_numeral_value(m.group()[:2])
        assert value is not None
        raws.append(Raw(base=value, start=m.start(), end=m.end() - 1, kind="ordinal"))
        # The "five" of Five-Year Plan: accounted for, never required.
        raws.append(Raw(base=Decimal(5), start=m.end() - 1, end=m.end(), optional=True))
    for m in _ZH_DOUBLING.finditer(text):
        times = {"一": 2, None: 2, "两": 4, "二": 4, "三": 8}[m.group("n")]
        raws.append(Raw(base=Decimal(times), start=m.start(), end=m.end(), kind="times"))
    for m in _ZH_FRACTION.finditer(text):
        den, num = (_zh_any_value(m.group(g)) for g in ("den", "num"))
        if den and num is not None and m.group("den") != "百":  # 百分之 is a percent
            value = (num / den).quantize(FRACTION_PLACES)
            raws.append(Raw(base=value, start=m.start(), end=m.end()))
    return raws


def _zh_any_value(s: str) -> Decimal | None:
    return Decimal(s) if s[0].isdigit() else zh_numeral_value(s)


def _zh_raws(text: str) -> list[Raw]:
    fixed = spans(_ZH_FIXED_RE, text)
    quoted = spans(_ZH_QUOTED_RE, text)
    enums = spans(_ZH_ENUM_RE, text)
    raws = _zh_special_raws(text)
    special = [(r.start, r.end) for r in raws]
    for m in _ZH_TOKEN.finditer(text):
        start, end = m.span()
        if overlaps(start, end, special):
            continue
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
            raw = Raw(base=value, start=start, end=end, kind="percent")
            _zh_read_after(raw, text)
            raws.append(raw)
        else:
            raws.extend(_zh_numeral_raws(m.group("zh"), start, end, text, fixed, quoted, enums))
    raws.sort(key=lambda r: r.start)
    return raws


def _zh_arabic(m: re.Match[str], text: str) -> Raw | None:
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
    raw = Raw(
        base=Decimal(digits.replace(",", "")),
        start=start,
        end=end,
        mult=mult,
        scaled=bool(scale),
        approx=m.group("arx") is not None,  # 6600多万: over 66 million
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
) -> list[Raw]:
    clean = run.replace("多", "").replace("余", "")  # 三十多万: over 300,000
    value = zh_numeral_value(clean)
    if value is None:
        # Not one numeral (两不愁三保障 is split before): each readable piece is optional.
        return _zh_split_optional(run, start, text)
    raw = Raw(base=value, start=start, end=end, approx=clean != run)
    if any(ch in _ZH_BIG for ch in run):
        raw.scaled = True
    before = text[max(0, start - 4) : start]
    ordinal = before.endswith("第")
    if ordinal:
        raw.kind = "ordinal"
        raw.start -= 1
    elif (value >= 10 and _ZH_CONGRESS_AFTER.match(text, end)) or _ZH_PLENARY_AFTER.match(
        text, end
    ):
        raw.kind, ordinal = "ordinal", True  # 二十大: the 20th Congress; 三中全会: third plenary
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
    if (bare_scale or run == "十") and _ZH_VAGUE_BEFORE.search(text[:start]):
        is_figure, raw.approx = False, True  # 数十个 "dozens", 上千 "over a thousand"
    if (
        not is_figure
        or overlaps(start, end, fixed)
        or overlaps(start, end, quoted)
        or overlaps(start, end, enums)
    ):
        raw.optional = True
    return [raw]


def _zh_split_optional(run: str, start: int, text: str) -> list[Raw]:
    """Greedy longest readable pieces of a run that is not one numeral; all optional."""
    raws: list[Raw] = []
    i = 0
    while i < len(run):
        for j in range(len(run), i, -1):
            value = zh_numeral_value(run[i:j])
            if value is not None and not (j - i > 1 and all(c in _ZH_DIGIT for c in run[i:j])):
                raws.append(Raw(base=value, start=start + i, end=start + j, optional=True))
                i = j
                break
        else:
            i += 1
    return raws


def _zh_dates(raws: list[Raw], text: str) -> list[Raw]:
    """Merge 2024年12月28日 / 12月28日 / 2024年12月 into one date; mark a lone 2024年 as a year.

    In a month range (2024年1—6月) the first month borrows 月 and both borrow the year.
    """
    out: list[Raw] = []
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
            merged = Raw(base=Decimal(0), start=first.start, end=end, kind="date")
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


def _starts_month_range(raws: list[Raw], j: int, text: str) -> bool:
    """1 in 1—6月: a bare 1..12 joined by a range mark to a month."""
    raw = raws[j]
    if j + 1 >= len(raws) or not (raw.kind == "number" and raw.mult == 1 and 1 <= raw.base <= 12):
        return False
    return bool(_ZH_RANGE.fullmatch(text[raw.end : raws[j + 1].start])) and _is_month(
        raws[j + 1], text
    )


def _suffix_end(raw: Raw, text: str) -> int:
    """Offset after the numeral and its one-character 年/月/日 suffix."""
    return raw.start + len(_digits_text(text, raw)) + 1


def _digits_text(text: str, raw: Raw) -> str:
    """The numeral itself (without 第 or suffixes) as written."""
    m = _ZH_TOKEN.match(text, raw.start)
    return m.group() if m else ""


def _after_char(raw: Raw, text: str, char: str) -> int:
    """Offset just after `char` following the numeral, or -1 when `char` does not follow it."""
    pos = raw.start + len(_digits_text(text, raw))
    return pos + 1 if text.startswith(char, pos) else -1


def _is_year(raw: Raw, text: str) -> bool:
    digits = _digits_text(text, raw)
    return (
        raw.kind in ("number",)
        and raw.mult == 1
        and 1000 <= raw.base <= 2999
        and raw.base == int(raw.base)
        and _after_char(raw, text, "年") != -1
        and len(digits) == 4
    )


def _is_month(raw: Raw, text: str) -> bool:
    return (
        raw.kind == "number"
        and raw.mult == 1
        and 1 <= raw.base <= 12
        and raw.base == int(raw.base)
        and _after_char(raw, text, "月") != -1
    )


def _is_day(raw: Raw, text: str) -> bool:
    if not (
        raw.kind == "number" and raw.mult == 1 and 1 <= raw.base <= 31 and raw.base == int(raw.base)
    ):
        return False
    pos = raw.start + len(_digits_text(text, raw))
    return text.startswith(("日", "号"), pos)


def _zh_relative_years(text: str, year: int) -> list[Raw]:
    """上年 of the 2024 report = 2023 ...: optional (often "last year"), but a year it explains."""
    raws = []
    for m in ZH_RELATIVE_YEAR.finditer(text):
        for offset in _RELATIVE_OFFSETS.get(m.group(), ()):
            raw = Raw(base=Decimal(year + offset), start=m.start(), end=m.end(), kind="year")
            raw.optional = True
            raws.append(raw)
    return raws


def extract_zh(text: str, year: int | None = None) -> list[Quantity]:
    """Every quantity in Chinese text, in order. Optional ones are numerals in names and slogans;
    with `year` (the report's), relative years (上年, 今年, 全年) are read as years."""
    norm = text.translate(FULLWIDTH)
    raws = _zh_dates(_zh_raws(norm), norm)
    if year is not None:
        raws = sorted(raws + _zh_relative_years(norm, year), key=lambda r: r.start)
    inherit_ranges(raws, norm, _ZH_RANGE)
    quantities = []
    for raw in raws:
        q = raw.quantity(text)
        # A count of one is often rendered "a"/"an" (1个, 一张, 一次): it need not appear.
        if q.value == 1 and q.kind in ("number", "ordinal") and q.unit is None:
            q = replace(q, optional=True)
        quantities.append(q)
    return quantities
