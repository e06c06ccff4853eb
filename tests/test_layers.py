"""The front ends only parse, call a use case and render: no view, command or task module
commits a session, re-runs QA or checks a role itself (read with ast, so a new front-end
module is held to it as soon as it exists)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "workbench"
FRONT_ENDS = sorted(
    [*PACKAGE.glob("views/*.py"), *PACKAGE.glob("commands/*.py"), PACKAGE / "cli.py"]
    + [PACKAGE / "tasks.py"]
)
FORBIDDEN_CALLS = {"commit", "refresh_document", "refresh_segments"}


def _calls(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in FORBIDDEN_CALLS or name == "can":
                found.append((name, node.lineno))
    return found


def test_front_ends_neither_commit_nor_run_qa():
    offences = [
        f"{path.relative_to(PACKAGE.parent)}:{line} calls {name}()"
        for path in FRONT_ENDS
        for name, line in _calls(path)
    ]
    assert offences == []


def test_the_check_sees_a_commit(tmp_path):
    sample = tmp_path / "view.py"
    sample.write_text("def f(session):\n    session.commit()\n", encoding="utf-8")
    assert _calls(sample) == [("commit", 2)]
