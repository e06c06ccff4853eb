"""The machine-translation engine interface, its settings and its errors.

An engine turns a batch of already segmented (Simplified) Chinese sentences into English. This
module is the leaf every engine depends on: it knows no implementation (the factory that does
is `registry.make_engine`). Nothing here downloads.
"""

from __future__ import annotations

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
    text: str
    alternatives: tuple[str, ...] = ()


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
    ) -> list[Translation]: ...


@dataclass(frozen=True)
class MTSettings:
    """How the engine runs. The defaults suit a 2-core CPU machine (see bench/mt_throughput.py).

    batch_size counts examples (sentences) per CTranslate2 batch, not tokens as Argos's own
    ARGOS_BATCH_SIZE does: government sentences vary a lot in length and a fixed example count
    keeps memory and latency predictable; CTranslate2 sorts by length inside each call.
    """

    packages_dir: Path
    beam_size: int = 2
    batch_size: int = 16
    # Measured on 2 cores (bench/mt_throughput.py, base-size model, beam 2): two batches in
    # parallel with one thread each translate a document ~1.8x faster than one batch with
    # two threads; a single "translate again" sentence is a little slower, which people don't notice.
    inter_threads: int = 2
    intra_threads: int = 1
    compute_type: str = "int8"
    max_decoding_length: int = 256
    # entries kept by the cache decorator that make_engine wraps around the engine
    cache_size: int = 20_000

    def __post_init__(self) -> None:
        for name in ("beam_size", "batch_size", "inter_threads", "max_decoding_length"):
            if getattr(self, name) < 1:
                raise MTError(f"MT setting {name} must be at least 1, not {getattr(self, name)}")
        if self.intra_threads < 0:  # 0 lets CTranslate2 pick
            raise MTError(f"MT setting intra_threads must be 0 or more, not {self.intra_threads}")


def check_pair(engine: Engine, source_lang: str, target_lang: str) -> None:
    """Raise MTError when `engine` cannot translate the pair (shared by all engines)."""
    if not engine.supports(source_lang, target_lang):
        raise MTError(
            f"the {engine.name} engine cannot translate {source_lang}→{target_lang}; "
            "it translates zh→en only"
        )
