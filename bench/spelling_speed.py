"""Speed and false warnings of the English spelling and repeated-word checks (not a test).

    .venv/bin/python bench/spelling_speed.py [--parallel ../shared/parallel]

Runs both checks on every English sentence of the official translations (correct English:
every warning is a false one) and prints the time per segment (target <= 5 ms, the checks run
on every save) after the dictionary is loaded, and the load time once per process.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.qa.spelling import dictionary, misspellings, repeated_words


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--parallel", type=Path, default=ROOT.parent / "shared" / "parallel")
    args = ap.parse_args()
    english = []
    for path in sorted(args.parallel.glob("*.pairs.tsv")):
        with path.open(encoding="utf-8", newline="") as fh:
            english += [row["en"] for row in csv.DictReader(fh, delimiter="\t")]
    if not english:
        sys.exit(f"no *.pairs.tsv under {args.parallel}")
    start = time.perf_counter()
    words = dictionary()
    if words is None:
        sys.exit("no Hunspell English dictionary found (apt-get install hunspell-en-us)")
    print(
        f"dictionary: {len(words.exact)} word forms, loaded in {time.perf_counter() - start:.2f} s"
    )
    warned: Counter[str] = Counter()
    start = time.perf_counter()
    for text in english:
        warned.update(m.word for m in misspellings(text))
        warned.update(f"{w} {w}" for w, _, _ in repeated_words(text))
    per_segment = (time.perf_counter() - start) / len(english) * 1000
    flagged = sum(1 for t in english if any(misspellings(t)) or any(repeated_words(t)))
    print(f"{len(english)} segments: {per_segment:.3f} ms a segment (target <= 5 ms)")
    print(f"segments warned: {flagged} ({flagged / len(english):.1%}); words: {dict(warned)}")


if __name__ == "__main__":
    main()
