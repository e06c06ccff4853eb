"""Alignment benchmark: the shared national report with its official English.

Not a test. Aligns ../shared/parallel/national-2024.{zh,en}.txt, scores the links against
national-2024.pairs.tsv (strict: a link counts when it joins exactly the same Chinese text
to exactly the same English text, compared after whitespace normalisation), prints
precision, recall, F1 and the time, and with --show every disagreement side by side.
--repeat N aligns the report N times over as one document, to time a larger one.

    .venv/bin/python bench/align_bench.py [--show] [--repeat 1]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PARALLEL = ROOT.parent / "shared" / "parallel"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", type=Path, default=PARALLEL)
    ap.add_argument("--stem", default="national-2024")
    ap.add_argument("--show", action="store_true", help="print every disagreement")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument(
        "--reference", type=Path, help="score against this pairs file instead (zh, en columns)"
    )
    args = ap.parse_args()

    from workbench.align import align, cedict_lexicon
    from workbench.align.evaluate import score_alignment
    from workbench.align.texts import en_paragraph_sentences, zh_paragraph_sentences
    from workbench.formats.source import read_source

    zh_path = args.dir / f"{args.stem}.zh.txt"
    en_path = args.dir / f"{args.stem}.en.txt"
    pairs_path = args.reference or args.dir / f"{args.stem}.pairs.tsv"
    if not zh_path.exists():
        sys.exit(f"{zh_path} not found")
    start = time.perf_counter()
    cedict_lexicon()
    loaded = time.perf_counter()
    zh_doc = read_source(zh_path.name, zh_path.read_bytes() * 1)
    en_doc = read_source(en_path.name, en_path.read_bytes())
    zh = zh_paragraph_sentences(zh_doc.paragraphs) * args.repeat
    en = en_paragraph_sentences(p.text for p in en_doc.paragraphs) * args.repeat
    alignment = align(zh, en)
    done = time.perf_counter()
    with pairs_path.open(encoding="utf-8") as f:
        reference = [(row["zh"], row["en"]) for row in csv.DictReader(f, delimiter="\t")]
    score = score_alignment(alignment, reference * args.repeat)
    kinds: dict[str, int] = {}
    for link in alignment.links:
        kind = f"{len(link.zh)}-{len(link.en)}"
        kinds[kind] = kinds.get(kind, 0) + 1
    if args.show:
        _show(alignment, reference)
    print(
        f"{args.stem} x{args.repeat}: {len(alignment.zh_sentences)} zh / "
        f"{len(alignment.en_sentences)} en sentences, {len(alignment.links)} links "
        f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); "
        f"reference {score.reference} pairs"
    )
    print(
        f"strict P {score.precision:.4f}  R {score.recall:.4f}  F1 {score.f1:.4f}  "
        f"({score.correct} correct)"
    )
    print(
        f"time: dictionary load {loaded - start:.2f} s, read + align {done - loaded:.2f} s, "
        f"total {done - start:.2f} s"
    )


def _show(alignment, reference) -> None:
    """Each run of disagreeing links next to the reference pairs covering the same text."""
    from workbench.align.evaluate import link_texts

    ours = [link_texts(alignment, link) for link in alignment.links]
    ref = [("".join(z.split()), " ".join(e.split())) for z, e in reference]
    ref_set = set(ref)
    # Walk both lists by Chinese character offset, printing blocks that differ.
    i = j = 0
    zi = zj = 0
    block_ours: list = []
    block_ref: list = []
    while i < len(ours) or j < len(ref):
        if zi <= zj and i < len(ours):
            block_ours.append(ours[i])
            zi += len(ours[i][0])
            i += 1
        elif j < len(ref):
            block_ref.append(ref[j])
            zj += len(ref[j][0])
            j += 1
        else:
            block_ours.append(ours[i])
            zi += len(ours[i][0])
            i += 1
        if zi == zj and (block_ours or block_ref):
            if any(x not in ref_set for x in block_ours) or block_ours != block_ref:
                print("=" * 100)
                for z, e in block_ours:
                    print(f"  OURS {z}\n       {e}")
                print("  " + "-" * 60)
                for z, e in block_ref:
                    print(f"  REF  {z}\n       {e}")
            block_ours, block_ref = [], []


if __name__ == "__main__":
    main()
