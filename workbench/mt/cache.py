"""An LRU cache in front of any engine: repeated sentences (headings, stock phrases, a re-run
after a crash) are not translated twice.

Keys hold the engine name and model version, so installing a newer model never serves the old
model's output. Only the misses of a batch reach the inner engine, in one call, so batching
is kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from .engine import Engine, Translation, check_pair

CacheKey = tuple[str, str, str, str, str, int, bool]


class CachedEngine:
    """Same interface as the wrapped engine; thread-safe.

    The lock guards the dictionary only, never the translation: threads translate in parallel,
    and two threads missing the same sentence at once both translate it (harmless, same output).
    """

    def __init__(self, inner: Engine, maxsize: int = 20_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[CacheKey, Translation] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def model_version(self) -> str:
        return self.inner.model_version

    def supports(self, source_lang: str, target_lang: str) -> bool:
        return self.inner.supports(source_lang, target_lang)

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
        prefix = (self.inner.name, self.inner.model_version)
        keys = [(*prefix, s, source_lang, target_lang, alternatives, strict) for s in sentences]
        found = self._lookup(keys)
        # each distinct missing sentence goes to the engine once, in its first position's order
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            fresh = self.inner.translate_batch(
                [k[2] for k in missing],
                source_lang=source_lang,
                target_lang=target_lang,
                alternatives=alternatives,
                strict=strict,
            )
            if len(fresh) != len(missing):
                raise RuntimeError(f"{self.inner.name} returned {len(fresh)} for {len(missing)}")
            found.update(zip(missing, fresh))
            self._store(zip(missing, fresh))
        return [found[k] for k in keys]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def _lookup(self, keys: list[CacheKey]) -> dict[CacheKey, Translation]:
        found: dict[CacheKey, Translation] = {}
        with self._lock:
            for key in keys:
                hit = self._entries.get(key)
                if hit is None:
                    self.misses += 1
                    continue
                self.hits += 1
                self._entries.move_to_end(key)
                found[key] = hit
        return found

    def _store(self, items: Iterable[tuple[CacheKey, Translation]]) -> None:
        with self._lock:
            for key, value in items:
                self._entries[key] = value
                self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
