"""(pure) Quantities in English text: digits and number words, scales, units, dates, ordinals."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from workbench.qa.numbers.quantity import FRACTION_PLACES, Quantity, Raw, overlaps

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
_EN_GLUED_OK = re.compile(
    r"(?:st|nd|rd|th|km2|km|bn|mn|mln|tn|m2|m3|m²|m³|ha|kg|mu|sq|kW|kWh|MW|GW)\b"
)
_EN_PERCENT = re.compile(r"[\s-]*(?:%|per[\s-]?cent\b|pct\b)", re.IGNORECASE)
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
    (r"(?:metric\s+)?(?:tons?|tonnes?)", "ton"),
    (r"kilowatt[\s-]+hours?|kWh", "kwh"),
    (r"kilowatts?|kW", "kw"),
    (r"megawatt[\s-]+hours?|MWh", "mwh"),
    (r"gigawatt[\s-]+hours?|GWh", "gwh"),
    (r"megawatts?|MW", "mw"),
    (r"gigawatts?|GW", "gw"),
    (r"households?", "household"),
    (r"miles?", "mile"),
    (r"square[\s-]+(?:feet|foot)|sq\.?\s*ft", "sqft"),
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


def _en_dates(text: str) -> list[Raw]:
    raws: list[Raw] = []
    taken: list[tuple[int, int]] = []
    for pattern in _EN_DATE_RES:
        for m in pattern.finditer(text):
            if overlaps(m.start(), m.end(), taken):
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
            raw = Raw(base=Decimal(0), start=m.start(), end=m.end(), kind="date")
            raw.date = (year, month, day)
            raws.append(raw)
            taken.append(m.span())
    return raws


def _en_read_around(raw: Raw, text: str, digits: bool) -> None:
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


def _en_digit_raws(text: str, taken: list[tuple[int, int]]) -> list[Raw]:
    raws: list[Raw] = []
    for m in _EN_DIGITS.finditer(text):
        start, end = m.span()
        if overlaps(start, end, taken):
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
        raw = Raw(base=Decimal(m.group().replace(",", "")), start=start, end=end)
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


def _en_word_raws(text: str, taken: list[tuple[int, int]]) -> list[Raw]:
    words = [(m.group().lower(), m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", text)]
    raws: list[Raw] = []
    i = 0
    while i < len(words):
        w, start, end = words[i]
        if w not in _EN_NUMBER_WORDS or overlaps(start, end, taken):
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
        raw = Raw(base=value, start=group[0][1], end=group[-1][2])
        names = [g[0] for g in group]
        raw.scaled = any(n in _EN_SCALE for n in names)
        if ordinal:
            raw.kind = "ordinal"
        # "a million", "a hundred", "a dozen": the article is the one.
        if (
            (names[0] in _EN_SCALE or names[0] == "dozen")
            and (
                not re.search(r"\b(?:a|an|one)\s+$", text[: raw.start], re.IGNORECASE)
                and names[0] != "hundred"
            )
            and len(names) == 1
        ):
            i = j
            continue  # "millions", "thousand" alone in a name: no figure
        _en_read_around(raw, text, digits=False)
        # One, first, second-as-time, half: too common in ordinary English to demand a source.
        if value == 1 and raw.unit is None and raw.kind in ("number", "ordinal"):
            raw.optional = True
        # "two-way", "Five-Year Plan", "three-year": a compound word, often a name.
        if _EN_COMPOUND.match(text, raw.end) and raw.end == group[-1][2]:
            raw.optional = True
        raws.append(raw)
        i = j
    return raws


_EN_MULTIPLE = re.compile(
    r"\b(?:twice|double[ds]?|doubling|half|halved|halving|tripled?|threefold|quadrupled?|fourfold)\b",
    re.IGNORECASE,
)
_EN_MULTIPLE_VALUE = {"tri": 3, "thr": 3, "qua": 4, "fou": 4}
_EN_COMPOUND = re.compile(r"-[A-Za-z]")
# Words that carry a figure the Chinese writes as a numeral (两个大局 "both", 建军一百年 "the
# centenary"): they account for it, and are never required.
_EN_IMPLICIT = re.compile(r"\b(?:both|dual|twin|centenary|centennial)\b", re.IGNORECASE)
_EN_IMPLICIT_VALUE = {"both": 2, "dual": 2, "twin": 2, "centenary": 100, "centennial": 100}
# Fractions: "one third", "a quarter", "two-thirds" (compared at FRACTION_PLACES).
_EN_FRACTION = re.compile(
    r"\b(?:(?P<num>one|two|three|four)[\s-]+|(?P<a>a)\s+(?=\w+\s+of\b))"
    r"(?P<den>thirds?|quarters?|fourths?|fifths?|tenths?)\b(?!-)",
    re.IGNORECASE,
)
_EN_FRACTION_NUM = {"one": 1, "two": 2, "three": 3, "four": 4}
_EN_FRACTION_DEN = {"thi": 3, "qua": 4, "fou": 4, "fif": 5, "ten": 10}
# Relative years, resolved from the report's year when it is known.
_EN_RELATIVE_YEAR = re.compile(
    r"\b(?:(?P<last>last|the\s+past|the\s+previous)|(?P<this>this|the\s+current)|"
    r"(?P<next>next|the\s+coming))\s+year\b",
    re.IGNORECASE,
)
# A number just before a capitalised name is often part of it ("the 19th Asian Games", "the 2021
# FISU World University Games"): a translator may add it, so it is not required.
_EN_NAME_AFTER = re.compile(r" (?!(?:" + "|".join(_MONTHS) + r")\b)[A-Z][A-Za-z]*\b")


def _en_special_raws(text: str, year: int | None) -> list[Raw]:
    """Fractions, implicit figures ("both") and relative years (with the report's year)."""
    raws: list[Raw] = []
    for m in _EN_FRACTION.finditer(text):
        num = _EN_FRACTION_NUM[(m.group("num") or "one").lower()]
        den = _EN_FRACTION_DEN[m.group("den")[:3].lower()]
        value = (Decimal(num) / den).quantize(FRACTION_PLACES)
        raws.append(Raw(base=value, start=m.start(), end=m.end()))
    for m in _EN_IMPLICIT.finditer(text):
        value = Decimal(_EN_IMPLICIT_VALUE[m.group().lower()])
        raws.append(Raw(base=value, start=m.start(), end=m.end(), optional=True))
    if year is not None:
        for m in _EN_RELATIVE_YEAR.finditer(text):
            offset = -1 if m.group("last") else 0 if m.group("this") else 1
            raws.append(Raw(base=Decimal(year + offset), start=m.start(), end=m.end(), kind="year"))
            raws[-1].optional = True
    return raws


def extract_en(text: str, year: int | None = None) -> list[Quantity]:
    """Every quantity in English text, in order; `year` (the report's) resolves "last year"."""
    raws = _en_dates(text) + _en_special_raws(text, year)
    taken = [(r.start, r.end) for r in raws]
    digit_raws = _en_digit_raws(text, taken)
    taken += [(r.start, r.end) for r in digit_raws]
    word_raws = _en_word_raws(text, taken)
    taken += [(r.start, r.end) for r in word_raws]
    raws += digit_raws + word_raws
    for m in _EN_MULTIPLE.finditer(text):
        if overlaps(m.start(), m.end(), taken):
            continue
        # "double"/"half" often render 双/半 in names ("double reduction"): accounted, never required.
        word = m.group().lower()
        half = word.startswith("hal")
        raws.append(
            Raw(
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
        if (
            raw.kind == "number"
            and raw.mult == 1
            and raw.unit is None
            and 1900 <= raw.base <= 2100
            and re.fullmatch(r"\d{4}", text[raw.start : raw.end])
        ):
            raw.kind = "year"
        if (
            raw.kind in ("number", "ordinal", "year")
            and raw.unit is None
            and not raw.scaled
            and _EN_NAME_AFTER.match(text, raw.end)
            and not _sentence_start(text, raw.start)
        ):
            raw.optional = True
    _inherit_between(raws, text)
    return [raw.quantity(text) for raw in raws]


def _sentence_start(text: str, pos: int) -> bool:
    return not text[:pos].strip() or text[:pos].rstrip()[-1] in ".!?:;"


def _inherit_between(raws: list[Raw], text: str) -> None:
    """Ranges: "3 to 5 million", "3-5%"; "and"/"or" only after "between"/in "X or Y percent"."""
    for first, second in itertools.pairwise(raws):
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
