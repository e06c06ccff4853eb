"""Machine translation: engines (Argos, fake, cache), their factory and model management.

A pure package: it imports no Flask, no SQLAlchemy and of the workbench outside it only the
shared vocabulary (`chinese.HAN`). The
database side of MT (glossary-protected translation of segments, the pre-translation job) is
`services/mt.py` and `services/mt_jobs.py`.
"""

from __future__ import annotations

from .engine import Engine, MTError, MTSettings, NoModelError, Translation
from .packages import NetworkUnavailable, PackageError
from .registry import ENGINE_KINDS, make_engine

__all__ = [
    "ENGINE_KINDS",
    "Engine",
    "MTError",
    "MTSettings",
    "NetworkUnavailable",
    "NoModelError",
    "PackageError",
    "Translation",
    "make_engine",
]
