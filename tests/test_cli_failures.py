"""Every CLI failure is one line: `db upgrade` on databases it cannot upgrade, a garbage
file, an unreachable server, values the database cannot hold, account commands."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from workbench.cli import main
from workbench.schema import upgrade


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def one_line_error(result) -> str:
    assert result.exit_code != 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'wb.sqlite'}"
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", url)
    monkeypatch.setenv("WORKBENCH_SECRET_KEY", "x")
    return url


def test_upgrade_explains_an_unknown_revision(db_url):
    engine = create_engine(db_url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'from_the_future'"))
    line = one_line_error(run("db", "upgrade"))
    assert "'from_the_future', which this version of workbench does not know" in line
    assert "nothing was changed" in line
    # and every other command says the same instead of a traceback
    assert "does not know" in one_line_error(run("user", "list"))


def test_upgrade_refuses_tables_without_alembic_version(db_url):
    engine = create_engine(db_url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    line = one_line_error(run("db", "upgrade"))
    assert "has tables (" in line and "no alembic_version record" in line


def test_garbage_database_file(tmp_path, monkeypatch):
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{garbage}")
    monkeypatch.setenv("WORKBENCH_SECRET_KEY", "x")
    for args in (("db", "upgrade"), ("user", "list")):
        assert "not an SQLite database" in one_line_error(run(*args))


def test_unreachable_postgresql(monkeypatch):
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", "postgresql+psycopg://wb:secret@127.0.0.1:1/none")
    monkeypatch.setenv("WORKBENCH_SECRET_KEY", "x")
    line = one_line_error(run("db", "current"))
    assert "cannot connect" in line and "secret" not in line


def test_account_commands(db_url):
    run("db", "upgrade")
    assert "at least 10 characters" in one_line_error(
        run("user", "add", "ann", "--password", "short")
    )
    assert (
        run("user", "add", "ann", "--role", "admin", "--password", "long enough pw").exit_code == 0
    )
    assert run("user", "add", "bo", "--password", "long enough pw").exit_code == 0
    assert "last active admin" in one_line_error(run("user", "disable", "ann"))
    assert run("user", "role", "bo", "admin").output.strip() == "bo is now admin"
    assert run("user", "disable", "ann").output.strip() == "disabled ann"
    assert "ann\tadmin\tdisabled" in run("user", "list").output
    assert "there is no user 'zed'" in one_line_error(run("user", "enable", "zed"))
    result = run("user", "password", "bo", "--password", "another long one")
    assert "sessions are logged out" in result.output
