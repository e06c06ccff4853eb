"""The Argos Translate engine: an installed Argos zh→en package run through CTranslate2 directly.

argostranslate.translate is not used for translating: it splits sentences again with a model it
downloads on first use (it fails offline), translates one paragraph per call, and its decoding
turns every "_" into a space. The workbench has segmented the text already, so each sentence is
tokenized with the package's SentencePiece model, a whole batch goes through one
`Translator.translate_batch` call, and the output is decoded with the same SentencePiece model.

One `ctranslate2.Translator` per model per process, loaded on first use under a lock, warmed up
and shared by all threads (CTranslate2 translators are thread-safe; a model per thread would
multiply memory and load time).

The sentences of a call are sorted by length and cut into batch_size batches, each submitted
asynchronously with its own output cap (from its longest input): the batches still run in
parallel on the translator's inter_threads workers, as one big call would, but a batch of short
sentences cannot loop up to the cap that the longest sentence of the document needs.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ctranslate2

from .engine import COMPUTE_TYPES, MTError, MTSettings, NoModelError, Translation, check_pair
from .packages import PackageInfo, argos_package_module, find_package

SOURCE_LANG, TARGET_LANG = "zh", "en"
# argostranslate decodes with this length penalty; Argos models are tuned for it
LENGTH_PENALTY = 0.2
WARM_UP_TEXT = "我们坚持稳中求进。"


@dataclass(frozen=True)
class _Loaded:
    stamp: tuple[int, int, int]  # model.bin (inode, size, mtime): a reinstall changes it
    key: tuple[Any, ...]  # how it was loaded (weights type, threads)
    translator: ctranslate2.Translator
    tokenizer: Any  # argostranslate.tokenizer.Tokenizer


class _Registry:
    """Process-wide loaded models, one per package folder."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._models: dict[Path, _Loaded] = {}
        self._digests: dict[tuple[Path, tuple[int, int, int]], str] = {}
        self.loads = 0

    def get(self, package_dir: Path, settings: MTSettings) -> _Loaded:
        package_dir = package_dir.resolve()
        stamp = _stamp(package_dir)
        key = (*device_for(settings), settings.inter_threads, settings.intra_threads)
        with self._lock:
            loaded = self._models.get(package_dir)
            if loaded is None or loaded.stamp != stamp or loaded.key != key:
                # loading under the lock: threads arriving meanwhile wait for this one model
                loaded = _load(package_dir, settings, stamp, key)
                self._models[package_dir] = loaded
                self.loads += 1
            return loaded

    def digest(self, package_dir: Path) -> str:
        """Short SHA-256 of model.bin, computed once per installed file."""
        package_dir = package_dir.resolve()
        key = (package_dir, _stamp(package_dir))
        with self._lock:
            if key not in self._digests:
                sha = hashlib.sha256()
                with open(package_dir / "model" / "model.bin", "rb") as model:
                    for block in iter(lambda: model.read(4 * 1024 * 1024), b""):
                        sha.update(block)
                self._digests[key] = sha.hexdigest()[:10]
            return self._digests[key]


_registry = _Registry()


def model_loads() -> int:
    """How many times this process has loaded a CTranslate2 model (for tests and diagnostics)."""
    return _registry.loads


def _stamp(package_dir: Path) -> tuple[int, int, int]:
    info = (package_dir / "model" / "model.bin").stat()
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def device_for(settings: MTSettings) -> tuple[str, str]:
    """(device, compute type) that `settings` mean on this machine.

    auto is CUDA when CTranslate2 counts a GPU, else the CPU; cuda without one is an error
    (a silent fall-back to the CPU would be 10-50x slower than the person asked for).
    """
    gpus = ctranslate2.get_cuda_device_count()
    device = settings.device
    if device == "auto":
        device = "cuda" if gpus > 0 else "cpu"
    elif device == "cuda" and gpus == 0:
        raise MTError(
            "WORKBENCH_MT_DEVICE is cuda but CTranslate2 finds no CUDA GPU: set it to cpu or auto"
        )
    compute_type = settings.compute_type
    if compute_type == "auto":
        compute_type = COMPUTE_TYPES[device]
    return device, compute_type


def _load(
    package_dir: Path, settings: MTSettings, stamp: tuple[int, int, int], key: tuple[Any, ...]
) -> _Loaded:
    package = argos_package_module().Package(package_dir)
    device, compute_type = key[0], key[1]
    translator = ctranslate2.Translator(
        str(package_dir / "model"),
        device=device,
        # every GPU there is: CTranslate2 spreads the batches over them
        device_index=list(range(ctranslate2.get_cuda_device_count())) if device == "cuda" else 0,
        compute_type=compute_type,
        # on a GPU, inter_threads translators per device; on a CPU, parallel batches
        inter_threads=settings.inter_threads,
        intra_threads=settings.intra_threads,
    )
    # the first call allocates buffers and packs weights; pay it here, not in the first request
    translator.translate_batch(
        [package.tokenizer.encode(WARM_UP_TEXT)], beam_size=1, max_decoding_length=4
    )
    return _Loaded(stamp=stamp, key=key, translator=translator, tokenizer=package.tokenizer)


class ArgosEngine:
    """zh→en with the newest installed Argos package in settings.packages_dir."""

    name = "argos"

    def __init__(self, settings: MTSettings) -> None:
        package = find_package(settings.packages_dir, SOURCE_LANG, TARGET_LANG)
        if package is None:
            raise NoModelError(SOURCE_LANG, TARGET_LANG)
        self.settings = settings
        self.package: PackageInfo = package
        self._target_prefix = _target_prefix(package.path)

    @property
    def model_version(self) -> str:
        """e.g. "1.9 translate-zh_en-1_9 3f2a9c1b0d": version, folder, and the weights' hash
        (two packages can share a version and folder name; the weights tell them apart)."""
        digest = _registry.digest(self.package.path)
        return f"{self.package.version} {self.package.name[:60]} {digest}"

    def supports(self, source_lang: str, target_lang: str) -> bool:
        return (source_lang, target_lang) == (self.package.from_code, self.package.to_code)

    def translate_batch(
        self,
        sentences: Sequence[str],
        *,
        source_lang: str = "zh",
        target_lang: str = "en",
        alternatives: int = 0,
        strict: bool = False,
    ) -> list[Translation]:
        check_pair(self, source_lang, target_lang)
        results = [Translation("")] * len(sentences)
        # blank sentences have nothing to translate (and would make the model babble)
        todo = [i for i, sentence in enumerate(sentences) if sentence.strip()]
        if not todo:
            return results
        settings = self.settings
        loaded = _registry.get(self.package.path, settings)
        tokens = {i: loaded.tokenizer.encode(sentences[i].strip()) for i in todo}
        todo.sort(key=lambda i: len(tokens[i]))
        hypotheses = 1 + max(0, alternatives)
        pending = []
        for start in range(0, len(todo), settings.batch_size):
            batch = todo[start : start + settings.batch_size]
            cap = settings.decoding_cap(len(tokens[batch[-1]]))  # sorted: the last is longest
            prefix = [[self._target_prefix]] * len(batch) if self._target_prefix else None
            outputs = loaded.translator.translate_batch(
                [tokens[i] for i in batch],
                target_prefix=prefix,
                asynchronous=True,
                beam_size=max(settings.beam_size, 4 if strict else 1, hypotheses),
                num_hypotheses=hypotheses,
                max_decoding_length=cap + (1 if prefix else 0),
                no_repeat_ngram_size=(
                    settings.retry_no_repeat_ngram_size if strict else settings.no_repeat_ngram_size
                ),
                repetition_penalty=(
                    settings.retry_repetition_penalty if strict else settings.repetition_penalty
                ),
                return_scores=True,
                replace_unknowns=True,  # as argostranslate decodes
                length_penalty=LENGTH_PENALTY,
            )
            pending.append((batch, cap, outputs))
        for batch, cap, outputs in pending:
            for index, output in zip(batch, outputs):
                results[index] = self._translation(loaded.tokenizer, output.result(), cap)
        return results

    def _translation(self, tokenizer: Any, output: Any, cap: int) -> Translation:
        texts, best_tokens = [], 0
        for n, hypothesis in enumerate(output.hypotheses):
            if self._target_prefix and hypothesis[:1] == [self._target_prefix]:
                hypothesis = hypothesis[1:]
            if n == 0:
                best_tokens = len(hypothesis)
            texts.append(self._decode(tokenizer, hypothesis))
        best, rest = texts[0], []
        for text in texts[1:]:
            if text and text != best and text not in rest:
                rest.append(text)
        return Translation(
            best,
            tuple(rest),
            score=mean_log_prob(output.scores[0], best_tokens) if output.scores else None,
            tokens=best_tokens,
            cut_off=best_tokens >= cap,
        )

    def _decode(self, tokenizer: Any, tokens: list[str]) -> str:
        processor = getattr(tokenizer, "lazy_processor", None)
        # SentencePiece's own decoding keeps "_" (argostranslate's decode() turns it into a space)
        text = processor().decode_pieces(tokens) if processor else tokenizer.decode(tokens)
        return str(text).strip()


def mean_log_prob(score: float, tokens: int) -> float:
    """CTranslate2's hypothesis score as a mean log-probability per token.

    The score is the summed log-probability divided by length ** length_penalty (Argos decodes
    with 0.2, so long outputs would look less sure than short ones); undone here and divided by
    the length instead (the end-of-sentence token counted), so sentences of any length compare.
    """
    length = max(1, tokens + 1)
    return score * length**LENGTH_PENALTY / length


def _target_prefix(package_dir: Path) -> str:
    """Some multilingual Argos packages start every output with a language token."""
    from .packages import read_metadata

    prefix = read_metadata(package_dir).get("target_prefix", "")
    return prefix if isinstance(prefix, str) else ""
