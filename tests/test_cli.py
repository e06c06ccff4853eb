"""The command line: import, users, schema; errors are one line and a non-zero exit."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from workbench.cli import main


def test_import_json(cli, tmp_path, sample_text):
    path = tmp_path / "report.txt"
    path.write_text(sample_text, encoding="utf-8")
    result = cli("import", str(path), "--json", "--title", "Report")
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["title"] == "Report"
    assert (info["paragraphs"], info["headings"], info["segments"]) == (60, 11, 250)


def test_gb18030_twin_is_a_duplicate_unless_forced(cli, tmp_path, sample_text):
    (tmp_path / "a.txt").write_text(sample_text, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(sample_text.encode("gb18030"))
    first = json.loads(cli("import", str(tmp_path / "a.txt"), "--json").output)
    dup = cli("import", str(tmp_path / "b.txt"), "--json")
    assert dup.exit_code == 1
    assert f"already imported as document {first['id']}" in dup.output
    assert len(dup.output.strip().splitlines()) == 1
    forced = cli("import", str(tmp_path / "b.txt"), "--json", "--force")
    assert forced.exit_code == 0
    assert json.loads(forced.output)["segments"] == first["segments"]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty"),
        ("report.pdf", b"%PDF-1.4", "not supported"),
        ("bin.txt", b"\x00\x01\x02\x03binary", "binary"),
    ],
)
def test_refused_imports_write_nothing(cli, app, tmp_path, name, data, message):
    from workbench.models import Document

    path = tmp_path / name
    path.write_bytes(data)
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert message in result.output.lower() and str(path) in result.output
    with app.app_context():
        assert app.extensions["db_session"]().query(Document).count() == 0


def test_import_missing_file(cli, tmp_path):
    result = cli("import", str(tmp_path / "nope.txt"))
    assert result.exit_code == 1 and "nope.txt" in result.output


def test_import_over_size_limit(cli, tmp_path, monkeypatch, app):
    path = tmp_path / "big.txt"
    path.write_bytes("报告。".encode() * 400_000)  # ~3.6 MB
    monkeypatch.setenv("WORKBENCH_MAX_UPLOAD_MB", "1")
    result = cli("import", str(path))
    assert result.exit_code == 1 and "limit" in result.output


def test_user_add(cli, app):
    from workbench.models import User

    result = cli("user", "add", "zoe", "--role", "editor", "--password", "longenough1")
    assert result.exit_code == 0, result.output
    assert cli("user", "add", "zoe", "--password", "longenough1").exit_code == 1
    assert cli("user", "add", "yan", "--password", "short").exit_code == 1
    with app.app_context():
        zoe = app.extensions["db_session"]().query(User).filter_by(username="zoe").one()
        assert zoe.role == "editor" and zoe.check_password("longenough1")


def test_commands_refuse_an_unmigrated_database(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    monkeypatch.setenv("WORKBENCH_SECRET_KEY", "x")
    result = CliRunner().invoke(main, ["user", "list"])
    assert result.exit_code == 1 and "workbench db upgrade" in result.output
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
    assert CliRunner().invoke(main, ["user", "list"]).exit_code == 0
