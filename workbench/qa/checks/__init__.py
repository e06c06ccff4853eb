"""One module per check; importing them fills workbench.qa.registry.CHECKS (order = display order)."""
from __future__ import annotations

from workbench.qa.checks import (  # noqa: F401
    empty,
    untranslated,
    numbers,
    cjk_in_target,
    terms,
    fullwidth_punct,
    brackets,
    final_punct,
    double_space,
)
