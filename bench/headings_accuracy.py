"""Heading accuracy of the segmenter on real reports (not a test).

    .venv/bin/python bench/headings_accuracy.py [--reports ../shared/reports] [--list]

The headings of each report in ../shared/reports/ were read by hand: the numbered parts 一、,
their sections （一） (standalone lines, or run-in titles that open a paragraph: "（一）内需潜力
持续释放。消费潜能……"), with their levels. Lists inside a paragraph (一是……, 1.医疗卫生方面。)
are body. GOLD gives them as (line index in the file, level, characters of the heading), so the
data stays in ../shared: the heading text is read from the line (a line that is only "（" is
joined to the next, as the segmenter does).

A predicted heading is right when its text and level equal a gold one.
Targets: recall >= 98%, precision >= 99%.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.segment import segment_text

GOLD: dict[str, list[tuple[int, int, int]]] = {
    "2026-上海市": [
        (7, 1, 11),
        (11, 2, 15),
        (17, 2, 15),
        (23, 2, 14),
        (28, 2, 11),
        (33, 2, 13),
        (40, 1, 35),
        (45, 2, 18),
        (46, 2, 17),
        (47, 2, 16),
        (48, 2, 16),
        (50, 1, 11),
        (54, 2, 24),
        (60, 2, 27),
        (66, 2, 31),
        (70, 2, 27),
        (76, 2, 26),
        (80, 2, 23),
        (84, 2, 28),
        (89, 2, 31),
        (93, 2, 25),
        (100, 2, 28),
        (106, 1, 12),
        (108, 2, 26),
        (109, 2, 23),
        (110, 2, 23),
        (111, 2, 26),
    ],
    "2026-云南省": [
        (17, 1, 19),
        (33, 2, 17),
        (35, 2, 17),
        (37, 2, 17),
        (40, 2, 17),
        (42, 2, 17),
        (44, 2, 17),
        (46, 2, 17),
        (51, 1, 15),
        (54, 2, 20),
        (56, 2, 20),
        (58, 2, 17),
        (60, 2, 17),
        (62, 2, 18),
        (64, 1, 11),
        (69, 2, 24),
        (75, 2, 23),
        (80, 2, 26),
        (84, 2, 22),
        (90, 2, 23),
        (94, 2, 29),
        (99, 2, 22),
        (104, 2, 25),
        (112, 2, 19),
    ],
    "2026-江苏省": [
        (8, 1, 19),
        (10, 2, 30),
        (11, 2, 25),
        (13, 2, 25),
        (14, 2, 27),
        (16, 2, 25),
        (17, 2, 24),
        (25, 1, 20),
        (30, 2, 17),
        (31, 2, 19),
        (32, 2, 19),
        (33, 2, 20),
        (34, 2, 14),
        (35, 1, 11),
        (37, 2, 18),
        (38, 2, 21),
        (39, 2, 15),
        (40, 2, 14),
        (41, 2, 16),
        (42, 2, 13),
        (43, 2, 14),
        (44, 2, 19),
        (45, 2, 15),
        (46, 2, 13),
    ],
    "2026-河南省": [
        (7, 1, 19),
        (16, 2, 20),
        (17, 2, 21),
        (18, 2, 17),
        (19, 2, 18),
        (20, 2, 26),
        (24, 1, 15),
        (35, 1, 13),
        (39, 2, 19),
        (43, 2, 14),
        (47, 2, 14),
        (52, 2, 13),
        (56, 2, 15),
        (61, 2, 17),
        (64, 2, 15),
        (68, 2, 17),
        (72, 2, 14),
        (78, 2, 17),
    ],
    "2026-浙江省": [
        (7, 1, 21),
        (9, 2, 23),
        (10, 2, 26),
        (11, 2, 26),
        (12, 2, 27),
        (13, 2, 21),
        (14, 2, 29),
        (15, 2, 31),
        (16, 2, 26),
        (17, 2, 26),
        (18, 2, 27),
        (30, 1, 16),
        (41, 2, 26),
        (42, 2, 31),
        (43, 2, 30),
        (44, 2, 28),
        (45, 2, 28),
        (46, 2, 28),
        (47, 1, 11),
        (50, 2, 17),
        (54, 2, 15),
        (58, 2, 24),
        (63, 2, 13),
        (67, 2, 14),
        (71, 2, 20),
        (76, 2, 15),
        (82, 2, 18),
        (86, 2, 22),
        (101, 2, 13),
    ],
    "2026-湖北省": [
        (7, 1, 19),
        (33, 1, 16),
        (47, 1, 12),
        (52, 2, 30),
        (59, 2, 47),
        (66, 2, 27),
        (75, 2, 26),
        (83, 2, 27),
        (88, 2, 30),
        (93, 2, 29),
        (98, 2, 32),
        (104, 2, 27),
        (112, 1, 20),
        (114, 2, 11),
        (115, 2, 19),
        (116, 2, 14),
        (117, 2, 24),
        (118, 2, 21),
    ],
    "2026-黑龙江省": [
        (7, 1, 23),
        (9, 2, 12),
        (10, 2, 19),
        (11, 2, 12),
        (12, 2, 15),
        (13, 2, 12),
        (14, 2, 15),
        (15, 2, 16),
        (16, 2, 14),
        (17, 2, 12),
        (25, 1, 19),
        (40, 1, 11),
        (50, 2, 24),
        (54, 2, 35),
        (61, 2, 26),
        (66, 2, 28),
        (73, 2, 24),
        (77, 2, 23),
        (82, 2, 22),
        (88, 2, 27),
        (92, 1, 12),
        (94, 2, 10),
        (95, 2, 10),
        (96, 2, 10),
        (97, 2, 10),
    ],
}


def _gold_headings(lines: list[str], gold: list[tuple[int, int, int]]) -> Counter[tuple[int, str]]:
    out: Counter[tuple[int, str]] = Counter()
    for index, level, length in gold:
        text = lines[index].strip()
        if text in ("（", "("):
            text += lines[index + 1].strip()
        out[(level, text[:length])] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=Path, default=ROOT.parent / "shared" / "reports")
    ap.add_argument("--list", action="store_true", help="print every miss and false heading")
    args = ap.parse_args()
    tp = fp = fn = 0
    for name, gold in GOLD.items():
        path = args.reports / f"{name}.zh.txt"
        if not path.exists():
            print(f"{name}: not found, skipped")
            continue
        text = path.read_text(encoding="utf-8")
        expected = _gold_headings(text.splitlines(), gold)
        found = Counter((p.level, p.text) for p in segment_text(text) if p.kind == "heading")
        hits = sum((expected & found).values())
        tp, fp, fn = (
            tp + hits,
            fp + sum((found - expected).values()),
            fn + sum((expected - found).values()),
        )
        print(f"{name}: {len(gold)} headings, {hits} found, {sum(found.values()) - hits} wrong")
        if args.list:
            for level, heading in sorted(expected - found):
                print(f"  MISSED L{level} {heading}")
            for level, heading in sorted(found - expected):
                print(f"  WRONG  L{level} {heading}")
    recall = tp / (tp + fn) if tp + fn else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    print(f"recall {recall:.1%} (target >= 98%), precision {precision:.1%} (target >= 99%)")
    print("targets met" if recall >= 0.98 and precision >= 0.99 else "targets NOT met")


if __name__ == "__main__":
    main()
