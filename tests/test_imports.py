"""Every module imports on its own (no import cycles hidden by import order), and the
domain modules stay free of Flask and SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import importlib, pkgutil, sys
import workbench

names = sorted(m.name for m in pkgutil.walk_packages(workbench.__path__, "workbench.")
               if not m.name.endswith("__main__"))  # that one runs the CLI
failures = []
for name in names:
    for loaded in [m for m in sys.modules if m == "workbench" or m.startswith("workbench.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:
        failures.append(f"{name}: {type(exc).__name__}: {exc}")
print(len(names))
print("\n".join(failures))
"""

PURE = [
    "segment",
    "formats.source",
    "chinese",
    "statuses",
    "glossary",
    "qa",
    "formats",
    "mt.engine",
    "mt.fake",
    "mt.cache",
    "mt.packages",
]


def test_every_module_imports_on_its_own():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    count, _, failures = out.stdout.partition("\n")
    assert int(count) > 40
    assert failures.strip() == ""


def test_domain_modules_import_no_web_stack():
    imports = "; ".join(f"import workbench.{m}" for m in PURE)
    check = "import sys; bad = [m for m in ('flask', 'sqlalchemy') if m in sys.modules]; print(bad)"
    out = subprocess.run(
        [sys.executable, "-c", f"{imports}; {check}"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
