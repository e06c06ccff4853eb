"""Translation-memory benchmark: lookups, pre-translation from memory, index build, TMX import.

Not a test. Memories of 10k, 100k and 1M units are built from real sentences (the parallel
national report with its official English, the provincial reports of ../shared/reports) and
variations of them (figures changed, a clause dropped, clauses recombined, characters
replaced). For each size it prints the index build time and database size, median and p95 of
one segment's full lookup (every class and fragments, as the review page asks), lookups per
second for pre-translation (context/exact/figures only) and, for 100k, a TMX import.

    .venv/bin/python bench/tm_bench.py [--sizes 10000,100000,1000000] [--queries 300]

Targets on the 2-core development machine: p95 <= 20 ms at 100k units, <= 100 ms at 1M;
a 100k-unit TMX imported in <= 30 s.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("WORKBENCH_SHARED_DIR", ROOT.parent / "shared"))
CLAUSE = re.compile(r"(?<=[，；：])")
DIGITS = re.compile(r"\d+(?:\.\d+)?")


def real_sentences() -> tuple[list[tuple[str, str]], list[str]]:
    """(Chinese, English) pairs of the national report, and the provincial reports' sentences."""
    from workbench.formats.source import read_source

    pairs = []
    tsv = SHARED / "parallel" / "national-2024.pairs.tsv"
    if tsv.exists():
        for line in tsv.read_text(encoding="utf-8").splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) == 3:
                pairs.append((cols[0], cols[1]))
    sentences = []
    for path in sorted((SHARED / "reports").glob("*.zh.txt")):
        source = read_source(path.name, path.read_bytes(), max_bytes=50 * 1024**2)
        for para in source.paragraphs:
            sentences += [para.text[s:e] for s, e in para.spans if e - s >= 6]
    if not pairs and not sentences:
        raise SystemExit(f"no sentences under {SHARED} (parallel/ or reports/)")
    return pairs, sentences


def vary(rng: random.Random, zh: str, others: list[str]) -> str:
    """One realistic variation of a sentence."""
    choice = rng.random()
    if choice < 0.3 and DIGITS.search(zh):
        return DIGITS.sub(lambda m: str(round(float(m.group()) * rng.uniform(0.5, 1.5), 1)), zh)
    clauses = CLAUSE.split(zh)
    if choice < 0.55 and len(clauses) > 2:
        del clauses[rng.randrange(len(clauses))]
        return "".join(clauses)
    if choice < 0.8:
        other = CLAUSE.split(rng.choice(others))
        clauses[rng.randrange(len(clauses))] = rng.choice(other)
        return "".join(clauses)
    chars = list(zh)
    for _ in range(rng.randint(1, 3)):
        chars[rng.randrange(len(chars))] = rng.choice("新高强全深化推进建设发展")
    return "".join(chars)


def make_units(n: int, pairs, sentences, rng: random.Random) -> list[tuple[str, str]]:
    base = list(pairs) + [
        (s, f"English rendering of sentence {i}.") for i, s in enumerate(sentences)
    ]
    others = [zh for zh, _ in base]
    units = list(base[:n])
    while len(units) < n:
        zh, en = rng.choice(base)
        units.append((vary(rng, zh, others), en))
    return units


def build(session, units) -> None:
    from workbench.models import TMMemory, TMUnit
    from workbench.services.tm import _row
    from workbench.tm.tmx import TmxUnit

    memory = TMMemory(name="bench", origin="reference", penalty=0)
    session.add(memory)
    session.flush()
    batch = []
    for zh, en in units:
        batch.append(_row(TmxUnit(zh, en, "zh-CN", "en"), memory.id, "reference"))
        if len(batch) == 5000:
            session.execute(TMUnit.__table__.insert(), batch)
            batch = []
    if batch:
        session.execute(TMUnit.__table__.insert(), batch)
    session.commit()


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run_size(n: int, args, pairs, sentences) -> None:
    from sqlalchemy import create_engine

    from workbench import create_app
    from workbench.schema import upgrade
    from workbench.services import tm
    from workbench.tm.matching import Query

    rng = random.Random(n)
    tmp = Path(tempfile.mkdtemp(prefix="wb-tm-bench-"))
    db_file = tmp / "tm.sqlite"
    engine = create_engine(f"sqlite:///{db_file}")
    upgrade(engine)
    engine.dispose()
    os.environ.update(
        WORKBENCH_DATABASE_URL=f"sqlite:///{db_file}",
        WORKBENCH_SECRET_KEY="bench",
        WORKBENCH_MT_ENGINE="fake",
        WORKBENCH_HUEY_PATH=str(tmp / "huey.sqlite"),
    )
    app = create_app()
    units = make_units(n, pairs, sentences, rng)
    with app.app_context():
        session = app.extensions["db_session"]()
        start, build_cpu = time.perf_counter(), time.process_time()
        build(session, units)
        build_s, build_cpu = time.perf_counter() - start, time.process_time() - build_cpu
        size_mb = db_file.stat().st_size / 1024**2
        # queries: sentences in the memory (exact), new variations (figures, fuzzy,
        # fragments) and sentences of other years' reports that may share only clauses
        others = [zh for zh, _ in units[:2000]]
        queries = [rng.choice(units)[0] for _ in range(args.queries // 3)]
        queries += [vary(rng, rng.choice(units)[0], others) for _ in range(args.queries // 3)]
        queries += [rng.choice(sentences or others) for _ in range(args.queries - len(queries))]
        for q in queries[:20]:  # warm the page cache
            tm.lookup(session, Query.of(q))
        # wall time, and this process's CPU time: on a shared machine the second says what
        # the lookup costs, the first also how long it waited for a core
        times, cpu, kinds = [], [], {}
        for q in queries:
            t, c = time.perf_counter(), time.process_time()
            found = tm.lookup(session, Query.of(q), limit=3)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            for m in found[:1]:
                kinds[m.kind] = kinds.get(m.kind, 0) + 1
        t = time.process_time()
        filled = 0
        for q in queries:
            found = tm.lookup(session, Query.of(q), threshold=100, limit=3, with_fragments=False)
            filled += any(m.usable for m in found)
        pre_rate = len(queries) / (time.process_time() - t)  # per CPU second
    print(
        f"{n:>9,} units: build {build_s:6.1f} s (CPU {build_cpu:.1f} s), database "
        f"{size_mb:7.1f} MB | lookup median "
        f"{statistics.median(times):6.1f} ms, p95 {percentile(times, 95):6.1f} ms, max "
        f"{max(times):6.1f} ms (CPU median {statistics.median(cpu):5.1f} ms, p95 "
        f"{percentile(cpu, 95):5.1f} ms) | pre-translation lookups {pre_rate:5.0f}/CPU s "
        f"({filled}/{len(queries)} filled) | best match kinds {kinds}",
        flush=True,
    )
    if n == args.tmx_size:
        bench_tmx_import(app, units)
    app.extensions["db_engine"].dispose()
    for path in tmp.iterdir():
        path.unlink()
    tmp.rmdir()


def bench_tmx_import(app, units) -> None:
    from workbench.services import tm
    from workbench.tm.tmx import TmxUnit, write_tmx

    data = io.BytesIO()
    write_tmx(data, iter(TmxUnit(zh, en, "zh-CN", "en", user="bench") for zh, en in units))
    size_mb = len(data.getvalue()) / 1024**2
    with app.app_context():
        session = app.extensions["db_session"]()
        data.seek(0)
        start, cpu = time.perf_counter(), time.process_time()
        report = tm.import_tmx(session, data, name="imported", origin="reference")
        session.commit()
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"TMX import: {len(units):,} units ({size_mb:.1f} MB) in {took:.1f} s (CPU {cpu:.1f} s) "
        f"({report.imported:,} imported, {report.duplicates:,} duplicates)",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--tmx-size", type=int, default=100000, help="import a TMX of this size")
    args = ap.parse_args()
    pairs, sentences = real_sentences()
    print(f"{len(pairs)} parallel pairs, {len(sentences)} report sentences", flush=True)
    for n in [int(s) for s in args.sizes.split(",")]:
        run_size(n, args, pairs, sentences)


if __name__ == "__main__":
    main()
