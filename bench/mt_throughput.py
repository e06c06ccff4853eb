"""MT throughput on the demo report, three ways, with a random-weight model of Argos zh→en size.

    .venv/bin/python bench/mt_throughput.py [--runs 3] [--runs-a 1] [--beam 2] ...

(a) argostranslate.translate, one call per sentence (its sentence splitter replaced by a
    pass-through so it runs offline);
(b) the workbench pre-translation job end to end (`WorkbenchJob`: a temporary SQLite
    database, the sample imported, `jobs.run_job` with its DB writes, revisions and QA);
(c) bare ctranslate2 `translate_batch` over all sentences with the same settings.

The model (Transformer-base, 32k vocabulary, int8) is built once into bench/out/ (git-ignored).
Its weights are random, so decoding never stops by itself: every output is capped at
--max-len tokens, the same for all three paths (the engine's input-length cap is turned off
here for that reason: with random weights it would only change how much each path decodes).
Long-sentence splitting is off by default (--split-limit 0) so that all three translate the
same sentences; --split-limit 120 measures the job with the shipped split. Everything else
is the shipped defaults (repetition guards and scores included, in (c) too). Model loading is
excluded from the timings (a worker loads once and keeps the model); each figure is the median
of the runs. Figures are sentences per second. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the project's offline model builder

from argos_model import build_tiny_argosmodel

from workbench.mt import MTSettings, make_engine
from workbench.mt.argos import LENGTH_PENALTY, device_for
from workbench.mt.packages import argos_package_module, find_package, install_file

OUT = ROOT / "bench" / "out"
SAMPLE = ROOT / "workbench" / "demo" / "jiangyuan-2024-government-work-report.zh.txt"


def sample_sentences() -> list[str]:
    """The sample's sentences: the workbench segmenter if present, else a split at 。！？."""
    try:
        from workbench.segment import split_sentences
    except ImportError:
        split_sentences = None
    sentences: list[str] = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if split_sentences is not None:
            sentences += [line[a:b].strip() for a, b in split_sentences(line)]
        else:
            sentences += re.findall(r"[^。！？]+[。！？]*", line)
    return [s for s in sentences if s.strip()]


def model_packages_dir() -> Path:
    """bench/out/packages with the base-size int8 random model, built on first use (~10 s)."""
    packages_dir = OUT / "packages"
    if find_package(packages_dir, "zh", "en") is None:
        build = OUT / "base-int8"
        model = build / "translate-zh_en-1_0.argosmodel"
        if not model.exists():
            model = build_tiny_argosmodel(build, preset="base", eos_bias=0.0, quantization="int8")
        install_file(packages_dir, model)
    return packages_dir


# --- (b) -------------------------------------------------------------------------------

SETTINGS: MTSettings  # set in main()


class WorkbenchJob:
    """(b) THE WORKBENCH PRE-TRANSLATION JOB, END TO END.

    A workbench app on a temporary SQLite database (schema by the real migrations). Before each
    timed run (untimed) the sample is imported again as a fresh document; the timed part is
    `jobs.run_job`, what the Huey task runs: claim, read batches, glossary protection, one
    translate_batch per job batch, MTOutput rows, save_target (revisions, QA) and a commit per
    batch. The engine is a fresh `make_engine("argos", SETTINGS)` per run: the same settings
    as (c), a cold sentence cache (the CTranslate2 model itself is shared, loaded once).
    """

    def __init__(self, job_batch: int) -> None:
        import tempfile

        from workbench import create_app
        from workbench.db import make_engine as make_db_engine
        from workbench.schema import upgrade

        self.tmp = Path(tempfile.mkdtemp(prefix="workbench-bench-"))
        os.environ.setdefault("WORKBENCH_SECRET_KEY", "bench")  # no key file in instance/
        url = f"sqlite:///{self.tmp / 'bench.sqlite'}"
        db_engine = make_db_engine(url)
        upgrade(db_engine)
        db_engine.dispose()
        self.app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "bench",
                "MT_ENGINE": "argos",
                "MT_PACKAGES_DIR": str(SETTINGS.packages_dir),
                "MT_JOB_BATCH": job_batch,
                **{
                    f"MT_{f.name.upper()}": getattr(SETTINGS, f.name)
                    for f in fields(SETTINGS)
                    if f.name != "packages_dir"
                },
                "HUEY_SQLITE_PATH": str(self.tmp / "huey.sqlite"),
            }
        )
        self.job_id = 0
        self.segments = 0

    def prepare(self) -> None:
        from workbench.formats.source import read_source
        from workbench.services import mt_jobs as jobs
        from workbench.services.documents import import_document

        with self.app.app_context():
            session = self.app.extensions["db_session"]()
            doc = import_document(
                session,
                read_source(SAMPLE.name, SAMPLE.read_bytes()),
                user=None,
                title="bench",
                force=True,
            )
            session.commit()  # QA runs as the DocumentImported subscriber
            job = jobs.create_job(session, doc.id)
            session.commit()
            self.job_id, self.segments = job.id, job.total

    def run(self, sentences: Sequence[str]) -> None:
        from workbench.services import mt_jobs as jobs

        state = jobs.run_job(self.app, self.job_id, engine=make_engine("argos", SETTINGS))
        assert state == "finished", state

    def check(self) -> dict[str, Any]:
        from sqlalchemy import func, select

        from workbench.models import MTJob, MTOutput

        with self.app.app_context():
            session = self.app.extensions["db_session"]()
            job = session.get(MTJob, self.job_id)
            outputs = session.scalar(
                select(func.count()).select_from(MTOutput).where(MTOutput.job_id == self.job_id)
            )
            return {"segments": self.segments, "done": job.done, "mt_outputs": outputs}


# --- (a) and (c) ------------------------------------------------------------------------


def argos_one_call_per_sentence(
    settings: MTSettings, packages_dir: Path
) -> Callable[[Sequence[str]], None]:
    """(a) what argostranslate.translate does, offline: one call per sentence."""
    import ctranslate2

    argos_package_module()  # contained import first
    from argostranslate import settings as argos_settings
    from argostranslate import translate

    argos_settings.package_dirs = [packages_dir]
    argos_settings.beam_size = settings.beam_size
    translate.get_installed_languages.cache_clear()
    translation = translate.get_translation_from_codes("zh", "en")
    underlying = translation.underlying  # CachedTranslation -> PackageTranslation

    class WholeText:  # the text is one sentence already; Argos's splitter needs a download
        def split_sentences(self, text: str) -> list[str]:
            return [text]

    class Capped:  # same output cap as (b) and (c); Argos has no setting for it
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
            return self.inner.translate_batch(
                *args, max_decoding_length=settings.max_decoding_length, **kwargs
            )

    underlying.sentencizer = WholeText()
    device, compute_type = device_for(settings)
    underlying.translator = Capped(
        ctranslate2.Translator(
            str(underlying.pkg.package_path / "model"),
            device=device,
            compute_type=compute_type,
            inter_threads=settings.inter_threads,
            intra_threads=settings.intra_threads,
        )
    )

    def run(sentences: Sequence[str]) -> None:
        for sentence in sentences:
            translation.translate(sentence)

    return run


def bare_ctranslate2(settings: MTSettings, packages_dir: Path) -> Callable[[Sequence[str]], None]:
    """(c) tokenize, one translate_batch over everything, decode: the floor for (b)."""
    import ctranslate2
    import sentencepiece as spm

    package = find_package(packages_dir, "zh", "en")
    assert package is not None
    sp = spm.SentencePieceProcessor(model_file=str(package.path / "sentencepiece.model"))
    device, compute_type = device_for(settings)
    translator = ctranslate2.Translator(
        str(package.path / "model"),
        device=device,
        compute_type=compute_type,
        inter_threads=settings.inter_threads,
        intra_threads=settings.intra_threads,
    )
    translator.translate_batch(
        [sp.encode("我们坚持稳中求进。", out_type=str)], max_decoding_length=4
    )

    def run(sentences: Sequence[str]) -> None:
        tokens = [sp.encode(s, out_type=str) for s in sentences]
        results = translator.translate_batch(
            tokens,
            beam_size=settings.beam_size,
            max_batch_size=settings.batch_size,
            batch_type="examples",
            max_decoding_length=settings.max_decoding_length,
            no_repeat_ngram_size=settings.no_repeat_ngram_size,
            repetition_penalty=settings.repetition_penalty,
            return_scores=True,
            replace_unknowns=True,
            length_penalty=LENGTH_PENALTY,
        )
        [sp.decode_pieces(r.hypotheses[0]) for r in results]

    return run


Timed = tuple[Callable[[Sequence[str]], None], Callable[[], None] | None]


# CPU seconds this process used per path and run (all threads: CTranslate2's and the job's):
# on a shared machine the wall-clock rates depend on the neighbours, the CPU cost does not
CPU_SECONDS: dict[str, list[float]] = {}


def median_rates(paths: dict[str, Timed], sentences: Sequence[str], runs: int) -> dict[str, float]:
    """Sentences per second of each path, median of `runs`; the paths take turns run by run,
    so a machine whose load changes meanwhile weighs on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(runs):
        for name, (run, prepare) in paths.items():
            if prepare is not None:
                prepare()  # untimed: e.g. a fresh document for the job
            start, cpu = time.perf_counter(), time.process_time()
            run(sentences)
            times[name].append(time.perf_counter() - start)
            CPU_SECONDS.setdefault(name, []).append(time.process_time() - cpu)
    return {name: len(sentences) / statistics.median(t) for name, t in times.items()}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    global SETTINGS
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    defaults = MTSettings(packages_dir=Path("."))
    parser.add_argument("--runs", type=int, default=3, help="runs of (b) and (c); median taken")
    parser.add_argument("--runs-a", type=int, default=1, help="runs of the slow path (a)")
    parser.add_argument("--skip-a", action="store_true")
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    parser.add_argument("--beam", type=int, default=defaults.beam_size)
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument("--inter-threads", type=int, default=defaults.inter_threads)
    parser.add_argument("--intra-threads", type=int, default=defaults.intra_threads)
    parser.add_argument("--compute-type", default=defaults.compute_type)
    parser.add_argument("--max-len", type=int, default=80, help="output cap in tokens")
    parser.add_argument(
        "--split-limit", type=int, default=0, help="the job's long-sentence split (0: off)"
    )
    parser.add_argument(
        "--job-batch",
        type=int,
        default=0,
        help="sentences per job batch in (b) (default: the job's own default)",
    )
    args = parser.parse_args(argv)

    packages_dir = model_packages_dir()
    SETTINGS = replace(
        defaults,
        packages_dir=packages_dir,
        beam_size=args.beam,
        batch_size=args.batch_size,
        inter_threads=args.inter_threads,
        intra_threads=args.intra_threads,
        compute_type=args.compute_type,
        max_decoding_length=args.max_len,
        decoding_length_ratio=0,  # random weights: every path decodes exactly --max-len
        split_limit=args.split_limit,
    )
    sentences = sample_sentences()
    if args.limit:
        sentences = sentences[: args.limit]

    start = time.perf_counter()
    make_engine("argos", SETTINGS).translate_batch(sentences[:1])  # load + warm the shared model
    load_s = time.perf_counter() - start

    from workbench.config import DEFAULT_MT_JOB_BATCH as DEFAULT_JOB_BATCH

    job = WorkbenchJob(args.job_batch or DEFAULT_JOB_BATCH)
    rates = median_rates(
        {
            "c_bare_ctranslate2": (bare_ctranslate2(SETTINGS, packages_dir), None),
            "b_workbench_job": (job.run, job.prepare),
        },
        sentences,
        args.runs,
    )
    if not args.skip_a:
        slow = argos_one_call_per_sentence(SETTINGS, packages_dir)
        rates |= median_rates({"a_argos_per_sentence": (slow, None)}, sentences, args.runs_a)
    report: dict[str, Any] = {
        "sentences": len(sentences),
        "settings": {
            k: v for k, v in vars(args).items() if k not in ("runs", "runs_a", "skip_a", "limit")
        },
        "device": "/".join(device_for(SETTINGS)),
        "model_load_and_warmup_s": round(load_s, 2),
        "b_job": {"job_batch": args.job_batch or DEFAULT_JOB_BATCH, **job.check()},
        "sentences_per_second": {k: round(v, 2) for k, v in rates.items()},
        "ratio_b_over_c": round(rates["b_workbench_job"] / rates["c_bare_ctranslate2"], 3),
        "cpu_seconds_median": {k: round(statistics.median(v), 2) for k, v in CPU_SECONDS.items()},
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }
    if "a_argos_per_sentence" in rates:
        report["ratio_b_over_a"] = round(
            rates["b_workbench_job"] / rates["a_argos_per_sentence"], 2
        )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "mt_throughput.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
