"""One module per check; importing them fills workbench.qa.registry.CHECKS (order = display order)."""

from __future__ import annotations

from workbench.qa.checks import (  # noqa: F401
    brackets,
    cjk_in_target,
    double_space,
    empty,
    final_punct,
    fullwidth_punct,
    numbers,
    repeated_words,
    spelling,
    terms,
    untranslated,
)
