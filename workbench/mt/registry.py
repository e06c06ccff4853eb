"""The engine factory: the one module that knows every engine implementation.

The pre-translation job, the per-segment "translate again" button and the benchmark all go
through `make_engine`, so they share one model per process and one cache.
"""

from __future__ import annotations

from .cache import CachedEngine
from .engine import Engine, MTError, MTSettings

ENGINE_KINDS = ("argos", "fake")


def make_engine(kind: str, settings: MTSettings) -> Engine:
    """The configured engine, wrapped in the cache. Raises NoModelError for "argos" without a model.

    Never downloads: with no model installed the caller shows the install commands instead.
    """
    inner: Engine
    if kind == "argos":
        from .argos import ArgosEngine

        inner = ArgosEngine(settings)
    elif kind == "fake":
        from .fake import FakeEngine

        inner = FakeEngine()
    else:
        raise MTError(f"unknown MT engine {kind!r}: choose one of {', '.join(ENGINE_KINDS)}")
    return CachedEngine(inner, maxsize=settings.cache_size)
