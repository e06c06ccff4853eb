"""The machine-translation engine interface, its settings and its errors.

An engine turns a batch of already segmented (Simplified) Chinese sentences into English. This
module is the leaf every engine depends on: it knows no implementation (the factory that does
is `registry.make_engine`). Nothing here downloads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

INSTALL_HINT = (
    "install one with `workbench mt install zh en` or `workbench mt install-file PATH.argosmodel`"
)


class MTError(Exception):
    """Base of every MT error; str() is one line a person can act on."""


class NoModelError(MTError):
    """No installed package translates the requested pair."""

    def __init__(self, source_lang: str = "zh", target_lang: str = "en") -> None:
        super().__init__(f"no {source_lang}→{target_lang} model is installed: {INSTALL_HINT}")


@dataclass(frozen=True)
class Translation:
    """One engine output.

    score: the mean log-probability per output token of `text` (0 is certain; the more
    negative, the less the model believed its own output), None when the engine has none.
    tokens: how many output tokens that mean is over (to combine pieces of a split sentence).
    cut_off: decoding stopped at the output cap, not at the model's end of sentence, so the
    English is probably incomplete (or a loop that the cap ended).
    """

    text: str
    alternatives: tuple[str, ...] = ()
    score: float | None = None
    tokens: int = 0
    cut_off: bool = False


@runtime_checkable
class Engine(Protocol):
    name: str

    @property
    def model_version(self) -> str: ...

    def supports(self, source_lang: str, target_lang: str) -> bool: ...

    def translate_batch(
        self,
        sentences: Sequence[str],
        *,
        source_lang: str = "zh",
        target_lang: str = "en",
        alternatives: int = 0,
        strict: bool = False,
    ) -> list[Translation]:
        """One output per sentence, in order. `strict` decodes with the stronger repetition
        guards (MTSettings.retry_*): "translate again" offers it for a flagged output."""
        ...


DEVICES = ("auto", "cpu", "cuda")
# What "auto" weights mean per device: int8 is the fastest on CPUs (and what Argos ships);
# on a GPU int8 weights with float16 activations are as fast and keep float16's accuracy.
COMPUTE_TYPES = {"cpu": "int8", "cuda": "int8_float16"}


@dataclass(frozen=True)
class MTSettings:
    """How MT runs: the one place where its defaults are written (config.py reads every field
    from WORKBENCH_MT_<FIELD>). The defaults suit a 2-core CPU machine (bench/mt_throughput.py).

    batch_size counts examples (sentences) per CTranslate2 batch, not tokens as Argos's own
    ARGOS_BATCH_SIZE does: government sentences vary a lot in length and a fixed example count
    keeps memory and latency predictable; the engine sorts by length before batching.
    """

    packages_dir: Path
    beam_size: int = 2
    batch_size: int = 16
    # Measured on 2 cores (bench/mt_throughput.py, base-size model, beam 2): two batches in
    # parallel with one thread each translate a document ~1.8x faster than one batch with
    # two threads; a single "translate again" sentence is a little slower, which people don't notice.
    inter_threads: int = 2
    intra_threads: int = 1
    # cpu, cuda, or auto: CUDA when CTranslate2 sees a GPU (all of them are used), else CPU
    device: str = "auto"
    # "auto" is COMPUTE_TYPES[device]; any CTranslate2 compute type may be named instead
    compute_type: str = "auto"
    # The output cap follows the input: decoding_length_extra + decoding_length_ratio x source
    # tokens, never above max_decoding_length. Official English runs up to ~6 letters per Han
    # character (the 2024 national report and its translation: median 5.0, paragraph maximum
    # 5.8), which is at most ~2.3 English tokens per Chinese token; 3x + 20 leaves room above
    # that, and stops a loop long before argostranslate's fixed 256. ratio 0: always the ceiling.
    decoding_length_ratio: float = 3.0
    decoding_length_extra: int = 20
    max_decoding_length: int = 512
    # Repetition guards, passed to CTranslate2. No repeated n-gram of 8 tokens (about six
    # words): a loop is cut after a few turns, while a phrase that official English repeats
    # within one sentence ("we will", "high-quality development") is shorter than that.
    # repetition_penalty stays 1 (off): it lowers every token already written, "the" and "of"
    # included, which degrades long sentences; Argos added it and took it out again for that
    # reason (argos-translate #234, #235).
    no_repeat_ngram_size: int = 8
    repetition_penalty: float = 1.0
    # "Translate again with stronger guards" (offered for a flagged output): what Argos's
    # users found to break loops of single words and short phrases.
    retry_no_repeat_ngram_size: int = 4
    retry_repetition_penalty: float = 1.2
    # Chinese sentences longer than this (characters) are translated in pieces cut at ；, then
    # at ， between clauses (mt/split.py); 0 turns splitting off. The model was trained on
    # sentences mostly far shorter than a government report's longest (270+ characters), and
    # quality falls and cut-offs rise with length; 120 characters is about 80 source tokens.
    split_limit: int = 120
    # entries kept by the cache decorator that make_engine wraps around the engine
    cache_size: int = 20_000

    def __post_init__(self) -> None:
        for name in ("beam_size", "batch_size", "inter_threads", "max_decoding_length"):
            if getattr(self, name) < 1:
                raise MTError(f"MT setting {name} must be at least 1, not {getattr(self, name)}")
        for name in (
            "intra_threads",  # 0 lets CTranslate2 pick
            "decoding_length_extra",
            "no_repeat_ngram_size",  # 0: off
            "retry_no_repeat_ngram_size",
            "split_limit",  # 0: off
        ):
            if getattr(self, name) < 0:
                raise MTError(f"MT setting {name} must be 0 or more, not {getattr(self, name)}")
        if self.decoding_length_ratio < 0:
            raise MTError("MT setting decoding_length_ratio must be 0 or more")
        for name in ("repetition_penalty", "retry_repetition_penalty"):
            if getattr(self, name) <= 0:
                raise MTError(f"MT setting {name} must be above 0 (1 is off)")
        if self.device not in DEVICES:
            raise MTError(
                f"MT setting device must be one of {', '.join(DEVICES)}, not {self.device!r}"
            )

    def decoding_cap(self, source_tokens: int) -> int:
        """The output cap for an input of this many tokens."""
        if not self.decoding_length_ratio:
            return self.max_decoding_length
        cap = self.decoding_length_extra + math.ceil(self.decoding_length_ratio * source_tokens)
        return max(1, min(self.max_decoding_length, cap))


def check_pair(engine: Engine, source_lang: str, target_lang: str) -> None:
    """Raise MTError when `engine` cannot translate the pair (shared by all engines)."""
    if not engine.supports(source_lang, target_lang):
        raise MTError(
            f"the {engine.name} engine cannot translate {source_lang}→{target_lang}; "
            "it translates zh→en only"
        )
