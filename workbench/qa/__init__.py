"""(pure) Quality checks on a segment: a registry of small checks plus the number extractor.

Importing this package registers every check in `workbench.qa.checks`.
"""

from __future__ import annotations

from workbench.qa import checks as _checks  # noqa: F401  (registers the checks)
from workbench.qa.registry import (
    CHECKS,
    Check,
    Finding,
    SegmentContext,
    TermInfo,
    register,
    run_checks,
)

__all__ = ["CHECKS", "Check", "Finding", "SegmentContext", "TermInfo", "register", "run_checks"]
