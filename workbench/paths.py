"""Where the files that ship beside the code are: templates/, static/ and migrations/.

A source checkout keeps them as top-level folders; a wheel or sdist install carries them
inside the package (pyproject.toml maps workbench.templates -> templates/ and so on), so the
installed package is looked in first.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def resource(name: str) -> Path:
    """The folder `name` of the installed package, else of the source checkout."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name
