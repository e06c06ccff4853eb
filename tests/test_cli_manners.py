"""The command line's manners, the same for every command: -h, --version, one-line errors,
one JSON object for an error under --json, and -o PATH / -o - / a default output name."""

from __future__ import annotations

import json

import pytest


def test_help_with_h_everywhere(cli):
    for args in ([], ["export"], ["glossary", "export"], ["mt", "translate"], ["user", "add"]):
        result = cli(*args, "-h")
        assert result.exit_code == 0 and "Usage:" in result.output, args


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.output.startswith("workbench ")
    assert result.output.split()[1][0].isdigit() or "unknown" in result.output


def test_errors_are_one_line_and_json_under_json(cli, tmp_path):
    missing = tmp_path / "missing.txt"
    plain = cli("import", str(missing))
    assert plain.exit_code == 1 and plain.output.count("\n") == 1
    assert plain.output.startswith("Error: ") and "missing.txt" in plain.output
    as_json = cli("import", str(missing), "--json")
    assert as_json.exit_code == 1
    error = json.loads(as_json.stdout)
    assert "missing.txt" in error["error"] and error["status"] == 422


@pytest.mark.parametrize(
    "args, status",
    [
        (["qa", "999", "--json"], 404),  # no such document
        (["glossary", "candidates", "999", "--json"], 404),
        (["import-xliff", "999", "x.xlf", "--json"], 404),
        (["qa", "--json", "--no-such-option"], 400),  # a usage error, too
    ],
)
def test_json_errors_for_every_kind(cli, args, status):
    result = cli(*args)
    assert result.exit_code != 0
    assert json.loads(result.stdout)["status"] == status


def test_output_conventions_are_shared(cli, app, sample_doc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # no -o: a default name in the current directory, for the glossary as for documents
    assert cli("glossary", "export", "--format", "csv").exit_code == 0
    assert (tmp_path / "glossary.csv").is_file()
    assert cli("export", str(sample_doc), "--format", "tmx").exit_code == 0
    assert list(tmp_path.glob("*.tmx"))
    # -o - is standard output for both
    out = cli("glossary", "export", "--format", "json", "-o", "-")
    assert out.exit_code == 0 and out.stdout.strip().startswith("{")
    tmx = cli("export", str(sample_doc), "--format", "tmx", "-o", "-")
    assert tmx.exit_code == 0 and "<tmx" in tmx.stdout
    # -o PATH, written whole
    path = tmp_path / "g.tbx"
    assert cli("glossary", "export", "--format", "tbx", "-o", str(path)).exit_code == 0
    assert path.read_bytes().startswith(b"<?xml")
