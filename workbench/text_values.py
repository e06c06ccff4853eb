"""Which characters a stored text may hold (pure: used by the request rule in `edge`, the
flush-time check and file readers such as glossary imports).

NUL and the other C0/C1 control characters (tab, line feed and carriage return excepted)
cannot be stored in PostgreSQL (NUL) or written to XML exports (TBX, XLIFF, TMX), so they
are refused wherever text enters.
"""

from __future__ import annotations

import re

# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_problem(value: str) -> str | None:
    """'control character U+0000 at position 5', or None for a clean value."""
    found = CONTROL.search(value)
    if found is None:
        return None
    return f"control character U+{ord(found.group()):04X} at position {found.start() + 1}"
