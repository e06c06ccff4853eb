"""Machine translation: engines (Argos, fake, cache) and model management.

Imports no Flask and no SQLAlchemy; the pre-translation job and the web/CLI wiring use this.
"""

from __future__ import annotations

from .engine import (
    Engine,
    MTError,
    MTSettings,
    NetworkUnavailable,
    NoModelError,
    PackageError,
    Translation,
    make_engine,
)

__all__ = [
    "Engine",
    "MTError",
    "MTSettings",
    "NetworkUnavailable",
    "NoModelError",
    "PackageError",
    "Translation",
    "make_engine",
]
