"""The schema is under Alembic: an empty database upgrades to head and matches the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from workbench import create_app
from workbench.db import Base
from workbench.schema import SchemaOutdated, head_revision, outside_models, upgrade


def test_empty_database_upgrades_to_head_and_matches_models(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    before, after = upgrade(engine)
    assert before is None and after == head_revision()
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": outside_models})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], diff
    assert {"document", "segment", "revision", "term", "qa_issue", "mt_job"} <= set(
        inspect(engine).get_table_names()
    )
    # upgrading again is a no-op
    assert upgrade(engine) == (head_revision(), head_revision())


def test_app_refuses_an_empty_database(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    with pytest.raises(SchemaOutdated, match="workbench db upgrade"):
        create_app({"SECRET_KEY": "x"})


def test_app_refuses_an_outdated_database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000_older'"))
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", url)
    with pytest.raises(SchemaOutdated, match="0000_older"):
        create_app({"SECRET_KEY": "x"})


def test_check_constraints_are_enforced(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'c.sqlite'}")
    upgrade(engine)
    with engine.begin() as conn, pytest.raises(Exception, match="CHECK"):
        conn.execute(
            text(
                "INSERT INTO user (username, password_hash, role, active, created_at) "
                "VALUES ('x', 'h', 'king', 1, '2024-01-01')"
            )
        )
