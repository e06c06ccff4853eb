"""Number check accuracy on a real report with its official English (not a test).

    .venv/bin/python bench/numbers_accuracy.py [--parallel ../shared/parallel] [--list]

1. False alarms: the official English is correct by definition, so every problem the check
   raises on a correctly aligned pair is a false alarm. Target: <= 2% of the pairs that carry
   figures. Pairs the automatic alignment shifted were read by hand and are excluded below.
2. Misses: errors of each kind are injected into the English of the correctly aligned pairs
   (one error per copy); a copy on which the check stays silent is a miss. Target: <= 2% per
   kind. Dropping the *last decimal* digit is not injected: "12.4 million" for 1244万 is
   rounding, which the check accepts within the precision the English shows.

The report's year comes from the Chinese text (workbench.qa.numbers.detect_report_year).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.qa.numbers import compare_numbers, detect_report_year, extract_en, extract_zh

# Rows of national-2024.pairs.tsv whose English holds part of a neighbouring row (read by hand):
# row -> first characters of its Chinese (checked, so a changed file is noticed).
MISALIGNED = {
    "national-2024": {
        39: "围绕扩大内需",  # English = the previous row's second half
        40: "财政政策加力提效",
        41: "货币政策精准有力",
        42: "出台支持汽车",
        43: "发挥政府投资撬动",
        44: "因城施策优化",
        45: "制定实施一揽子",
        50: "数字经济加快发展",  # English starts with row 49's last clause
        113: "赤字率拟按3%",  # English takes the next row's first clause
        114: "预计今年财政收入",
        115: "拟安排地方政府专项债券",
        116: "为系统解决强国建设",
        204: "发挥好政府投资",
        205: "今年中央预算内投资",
        233: "（五）扩大高水平",  # heading swallowed the next row's English
        234: "主动对接高标准",
    }
}


def _carries_figures(zh: str, en: str, year: int | None) -> bool:
    return any(not q.optional for q in extract_zh(zh, year=year)) or any(
        not q.optional for q in extract_en(en, year=year)
    )


# --- error injection ------------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w,])"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b")
_WORD_ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"]


def _sub_at(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def injections(en: str) -> Iterator[tuple[str, str]]:
    """(kind, mutated English) for every error of every kind this English allows."""
    for m in re.finditer(r"\b(billion|million)\b", en):
        yield (
            "billion<->million",
            _sub_at(en, *m.span(), {"billion": "million"}.get(m[1], "billion")),
        )
    for m in _NUMBER.finditer(en):
        digits = m.group()
        if _YEAR.fullmatch(digits):
            continue
        if m.start() and en[m.start() - 1] == "-":
            continue  # Covid-19: a name
        plain = digits.replace(",", "")
        yield "x10", _sub_at(en, *m.span(), f"{Decimal(plain) * 10:f}".removesuffix(".0"))
        rounded = plain[:-1] if "." in plain else None
        # Dropped digit: any digit but the last decimal one (that is rounding).
        positions = [i for i, ch in enumerate(plain) if ch.isdigit()]
        if len(positions) >= 2:
            last_ok = positions[:-1] if "." in plain else positions
            for i in last_ok:
                dropped = plain[:i] + plain[i + 1 :]
                if dropped.startswith(".") or dropped.endswith(".") or dropped == rounded:
                    continue
                yield "dropped digit", _sub_at(en, *m.span(), dropped)
        for i in range(len(plain) - 1):
            a, b = plain[i], plain[i + 1]
            if a.isdigit() and b.isdigit() and a != b:
                swapped = plain[:i] + b + a + plain[i + 2 :]
                if not swapped.startswith("0"):
                    yield "swapped digits", _sub_at(en, *m.span(), swapped)
    for m in re.finditer(r"percentage points?", en):
        yield "points->percent", _sub_at(en, *m.span(), "percent")
    for m in re.finditer(r"(?<!percentage )\bpercent\b(?!age)", en):
        yield "percent->points", _sub_at(en, *m.span(), "percentage points")
    for m in _YEAR.finditer(en):
        for delta in (-1, 1):
            yield "wrong year", _sub_at(en, *m.span(), str(int(m.group()) + delta))
    for m in _ORDINAL.finditer(en):
        number = m.group(1)
        if len(number) >= 2:
            for i in range(len(number)):
                slip = number[:i] + number[i + 1 :]
                yield "ordinal slip", _sub_at(en, *m.span(), slip + "th")
        else:
            yield "ordinal slip", _sub_at(en, *m.span(), str(int(number) + 1) + "th")
    for i, word in enumerate(_WORD_ORDINALS[:-1]):
        for m in re.finditer(rf"\b{word}\b", en):
            yield "ordinal slip", _sub_at(en, *m.span(), _WORD_ORDINALS[i + 1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--parallel", type=Path, default=ROOT.parent / "shared" / "parallel")
    ap.add_argument("--list", action="store_true", help="print every false alarm and miss")
    args = ap.parse_args()
    files = sorted(args.parallel.glob("*.pairs.tsv"))
    if not files:
        sys.exit(f"no *.pairs.tsv under {args.parallel}")
    total_pairs = figure_pairs = alarms = 0
    tried: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    miss_examples: dict[str, list[str]] = defaultdict(list)
    for path in files:
        name = path.name.removesuffix(".pairs.tsv")
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        zh_file = path.with_name(f"{name}.zh.txt")
        lines = zh_file.read_text(encoding="utf-8").splitlines() if zh_file.exists() else []
        year = detect_report_year(lines or [r["zh"] for r in rows])
        excluded = MISALIGNED.get(name, {})
        for index, prefix in excluded.items():
            if not rows[index]["zh"].startswith(prefix):
                sys.exit(f"{path.name} row {index}: expected {prefix}…, the file has changed")
        print(f"{path.name}: {len(rows)} pairs, report year {year}, {len(excluded)} misaligned")
        for index, row in enumerate(rows):
            if index in excluded:
                continue
            zh, en = row["zh"], row["en"]
            total_pairs += 1
            if not _carries_figures(zh, en, year):
                continue
            figure_pairs += 1
            problems = compare_numbers(zh, en, year=year)
            if problems:
                alarms += 1
                if args.list:
                    print(f"  FALSE ALARM row {index}: {zh}\n    {en}")
                    for p in problems:
                        print(f"    - {p.message}")
                continue  # injected errors are measured on pairs the check passes
            for kind, mutated in injections(en):
                tried[kind] += 1
                if not compare_numbers(zh, mutated, year=year):
                    missed[kind] += 1
                    miss_examples[kind].append(f"row {index}: {zh}\n      {mutated}")
    rate = alarms / figure_pairs if figure_pairs else 0.0
    print(f"aligned pairs: {total_pairs}; carrying figures: {figure_pairs}")
    print(f"false alarms: {alarms} = {rate:.1%} of pairs with figures (target <= 2%)")
    print("injected errors missed (target <= 2% of each kind):")
    worst = 0.0
    for kind in sorted(tried):
        share = missed[kind] / tried[kind]
        worst = max(worst, share)
        print(f"  {kind:18} {missed[kind]:4}/{tried[kind]:<4} = {share:.1%}")
        if args.list:
            for example in miss_examples[kind]:
                print(f"    MISS {example}")
    ok = rate <= 0.02 and worst <= 0.02
    print("targets met" if ok else "targets NOT met")


if __name__ == "__main__":
    main()
