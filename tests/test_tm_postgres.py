"""The same memory answers the same on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from tm_samples import MEMOQ, TRADITIONAL, TRADOS

PARALLEL = Path(__file__).resolve().parents[2] / "shared" / "parallel" / "national-2024.pairs.tsv"
pytestmark = pytest.mark.postgres  # pg_app (conftest) skips without a server

QUERIES = [
    "加快发展新质生产力。",  # exact
    "加快發展新質生產力。",  # Traditional query
    "实现营业收入1.2亿元。",  # figures
    "推动高质量发展",  # concordance
    "收入",  # two characters: the short path
    "productive forces",  # English concordance
    "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。",  # fuzzy and fragments
]


def _tmx_of_pairs() -> bytes:
    from workbench.tm.tmx import TmxUnit, write_tmx

    if not PARALLEL.exists():
        return b""
    rows = [line.split("\t") for line in PARALLEL.read_text(encoding="utf-8").splitlines()[1:]]
    out = io.BytesIO()
    write_tmx(out, iter(TmxUnit(r[0], r[1], "zh-CN", "en") for r in rows if len(r) == 3))
    return out.getvalue()


def _answers(app) -> list[list[dict]]:
    from workbench.services import tm

    with app.app_context():
        session = app.extensions["db_session"]()
        files = [
            ("trados", TRADOS.encode("utf-16")),
            ("memoq", MEMOQ.encode()),
            ("trad", TRADITIONAL.encode()),
        ]
        pairs = _tmx_of_pairs()
        if pairs:
            files.append(("national", pairs))
        for name, data in files:
            tm.import_tmx(session, io.BytesIO(data), name=name, origin="reference", penalty=5)
        session.commit()
        queries = list(QUERIES)
        if pairs:
            rows = [
                line.split("\t") for line in PARALLEL.read_text(encoding="utf-8").splitlines()[1:]
            ]
            queries += [r[0].replace("。", "，持续推进。") for r in rows[10:40]]
        answers = []
        for q in queries:
            results = tm.search(session, q, limit=8)
            for r in results:
                assert r.unit.memory in {n for n, _ in files}
            answers.append([{k: v for k, v in r.as_dict().items() if k != "date"} for r in results])
        return answers


def test_same_answers_on_sqlite_and_postgresql(app, pg_app):
    sqlite, postgres = _answers(app), _answers(pg_app)
    assert any(len(a) for a in sqlite)
    assert [r["kind"] for r in sqlite[0]][:1] == ["exact"]
    assert sqlite == postgres
