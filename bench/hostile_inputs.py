"""Time and peak memory of importing hostile files, one fresh process per input kind.

    .venv/bin/python bench/hostile_inputs.py            # full size (1 GiB bombs), ~3 min
    .venv/bin/python bench/hostile_inputs.py --scale 0.1 --only lying-directory huge-styles

Each kind is built on the fly (tests/hostile_files.py), then imported by `read_source` in a
subprocess at the default upload limit (WORKBENCH_MAX_UPLOAD_MB, 5 MB) and import limits;
the table shows the outcome, the seconds and the peak RSS the import added over a tiny one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile_files as hostile  # noqa: E402

MB = 1024 * 1024
LIMIT = 5 * MB
# full-size arguments per kind: the audit's files (1 GiB bombs, 200 MB of tiny paragraphs)
FULL = {
    "lying-directory": {"size": 1 << 30},
    "huge-styles": {"size": 1 << 30},
    "zeros-bomb": {"size": 1 << 30},
    "tiny-paragraphs": {"count": 5_700_000},  # ~200 MB of XML
    "many-characters": {"paragraphs": 600},
    "many-members": {"count": 5_000},
    "deep-nesting": {"depth": 100_000},
    "long-line": {"sentences": 55_000},
    "many-lines": {"lines": 50_000},
}
_SCALED = {"size", "count", "sentences", "lines"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="shrink the big inputs")
    parser.add_argument("--only", nargs="*", choices=list(FULL), help="these kinds only")
    args = parser.parse_args()
    print(f"{'kind':<18}{'file':>10}{'seconds':>9}{'peak +MB':>10}  outcome")
    with tempfile.TemporaryDirectory(prefix="workbench-hostile-") as tmp:
        for kind in args.only or FULL:
            kwargs = {
                k: (max(1, int(v * args.scale)) if k in _SCALED else v)
                for k, v in FULL[kind].items()
            }
            folder = Path(tmp) / kind
            folder.mkdir()
            path = hostile.KINDS[kind](folder, **kwargs)
            started = time.monotonic()
            result = hostile.probe(path, LIMIT)
            wall = time.monotonic() - started
            growth = (result["peak_kb"] - result["base_kb"]) / 1024
            outcome = result.get("refused") or f"imported, {result['paragraphs']:,} paragraphs"
            print(
                f"{kind:<18}{path.stat().st_size / MB:>8.1f}MB{result['seconds']:>9.1f}"
                f"{growth:>10.0f}  {outcome[:110]}   (process {wall:.1f} s)"
            )
            path.unlink()


if __name__ == "__main__":
    main()
