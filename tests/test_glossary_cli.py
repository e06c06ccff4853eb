"""`workbench glossary ...`: export/import round trips, translate-toolkit read-back, candidates."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from workbench.models import Term, TermRevision

TERMS = [
    dict(
        source="林长制",
        target="forest chief system",
        alternatives=["forest chief mechanism"],
        forbidden=["forest head system"],
        note="森林资源保护发展责任制",
        category="system",
        reference="国务院文件",
        status="approved",
    ),
    dict(
        source="三保",
        target="three guarantees",
        note="保基本民生、保工资、保运转\nsecond line",
        category="numbered-abbreviation",
        status="approved",
    ),
    dict(
        source="三重一大",
        target="",
        alternatives=[],
        forbidden=[],
        note="",
        category="other",
        status="proposed",
    ),
    dict(
        source="清河行動", target="Clear River Campaign", category="campaign", status="deprecated"
    ),
]


@pytest.fixture
def glossary(app):
    """Four terms entered through the service, as the web page would."""
    from workbench.services.glossary import save_term, validate

    with app.app_context():
        s = app.extensions["db_session"]()
        for fields in TERMS:
            save_term(s, validate(**fields), user=None)
        s.commit()


def snapshot(app) -> list[tuple]:
    with app.app_context():
        s = app.extensions["db_session"]()
        return [
            (
                t.source,
                t.target,
                t.alternatives,
                t.forbidden,
                t.note,
                t.category,
                t.reference,
                t.status,
            )
            for t in s.scalars(select(Term).order_by(Term.source_key))
        ]


@pytest.mark.parametrize("fmt", ["tbx", "csv", "json"])
def test_export_import_round_trip_is_unchanged(cli, app, glossary, tmp_path, fmt):
    path = tmp_path / f"glossary.{fmt}"
    result = cli("glossary", "export", "--format", fmt, "-o", str(path))
    assert result.exit_code == 0, result.output
    before = snapshot(app)
    report = cli("glossary", "import", str(path), "--json")
    assert report.exit_code == 0, report.output
    data = json.loads(report.output)
    assert (data["added"], data["updated"], data["conflicts"]) == ([], [], [])
    assert sorted(data["unchanged"]) == sorted(t["source"] for t in TERMS)
    assert snapshot(app) == before
    # exporting again gives the same bytes (sorted, no timestamps)
    again = cli("glossary", "export", "--format", fmt, "-o", "-")
    assert again.stdout_bytes == path.read_bytes()


def test_import_into_an_empty_glossary_adds_everything(cli, app, glossary, tmp_path):
    path = tmp_path / "g.json"
    cli("glossary", "export", "--format", "json", "-o", str(path))
    expected = snapshot(app)
    with app.app_context():
        s = app.extensions["db_session"]()
        for t in s.scalars(select(Term)):
            s.delete(t)
        s.commit()
    result = cli("glossary", "import", str(path))
    assert result.exit_code == 0
    assert result.output.strip() == f"{path}: 4 added, 0 updated, 0 unchanged, 0 in conflict"
    assert snapshot(app) == expected
    with app.app_context():
        s = app.extensions["db_session"]()
        assert {r.action for r in s.scalars(select(TermRevision))} == {"import"}


def test_tbx_reads_back_with_translate_toolkit(cli, glossary, schemas_dir_optional):
    from translate.storage.tbx import tbxfile

    out = cli("glossary", "export", "--format", "tbx", "-o", "-").stdout_bytes
    store = tbxfile(io.BytesIO(out))
    units = {u.source: u for u in store.units}
    assert set(units) == {"三保", "三重一大", "林长制", "清河行動"}
    assert units["林长制"].target == "forest chief system"
    assert "森林资源保护发展责任制" in units["林长制"].getnotes()
    assert "保基本民生、保工资、保运转" in units["三保"].getnotes()
    if schemas_dir_optional is not None:  # and it validates against the TBX schema
        from lxml import etree

        schema = etree.XMLSchema(etree.parse(str(schemas_dir_optional / "tbx.xsd")))
        schema.assertValid(etree.fromstring(out))


@pytest.fixture
def schemas_dir_optional():
    from conftest import _shared_dir

    shared = _shared_dir()
    return shared / "schemas" if shared and (shared / "schemas" / "tbx.xsd").is_file() else None


def test_csv_reads_back_with_translate_toolkit(cli, glossary):
    from translate.storage.csvl10n import csvfile

    out = cli("glossary", "export", "--format", "csv", "-o", "-").stdout_bytes
    assert out.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets detect UTF-8
    store = csvfile(
        io.BytesIO(out),
        fieldnames=[
            "source",
            "target",
            "alternatives",
            "forbidden",
            "note",
            "category",
            "reference",
            "status",
        ],
    )
    units = {u.source: u for u in store.units if u.source != "source"}
    assert units["林长制"].target == "forest chief system"
    assert units["三保"].target == "three guarantees"
    assert set(units) == {"三保", "三重一大", "林长制", "清河行動"}


def test_candidates_json_on_the_sample(cli, app, sample_doc):
    result = cli("glossary", "candidates", str(sample_doc), "--json")
    assert result.exit_code == 0
    found = {c["text"]: c for c in json.loads(result.output)}
    assert {"三重一大", "林长制", "两不愁三保障", "清河行动"} <= set(found)
    lin = found["林长制"]
    assert set(lin) == {"text", "kind", "count", "segment_ids", "contexts"}
    assert (lin["kind"], lin["count"], len(lin["segment_ids"])) == ("chief-system", 2, 2)
    assert "【林长制】" in lin["contexts"][0]


def test_candidates_skip_known_terms_and_unknown_document(cli, glossary, sample_doc):
    found = {
        c["text"]
        for c in json.loads(cli("glossary", "candidates", str(sample_doc), "--json").output)
    }
    assert "林长制" not in found and "三重一大" not in found
    missing = cli("glossary", "candidates", "999", "--json")
    assert missing.exit_code == 1 and "there is no document 999" in missing.output


@pytest.mark.parametrize(
    "name, data, reason",
    [
        (
            "bad.csv",
            "source,target,status\n林长制,x,approved\n三保,y,final\n",
            "CSV row 3: unknown status 'final'",
        ),
        (
            "bad.json",
            '{"terms": [{"source": "林长制"}, {"source": 3}]}',
            "JSON term 2: source must be a string",
        ),
        ("bad.tbx", "<martif><text><body><termEntry>", "TBX is not well-formed XML"),
        ("bad.csv", "source,alternatives\n" + "长" * 101 + ",a\n", "at most 100"),
        ("bad.txt", "林长制", "unknown glossary format"),
    ],
)
def test_malformed_import_exits_1_with_one_line_and_imports_nothing(
    cli, app, tmp_path, name, data, reason
):
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    result = cli("glossary", "import", str(path))
    assert result.exit_code == 1
    assert reason in result.output and "nothing imported" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert snapshot(app) == []


def test_import_lists_conflicts_and_exits_0(cli, app, glossary, tmp_path):
    path = tmp_path / "new.csv"
    path.write_text(
        "source,target,status\n林長制,forest chief scheme,approved\n河长制,river chief system,approved\n",
        encoding="utf-8",
    )
    result = cli("glossary", "import", str(path))
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert lines[0] == f"{path}: 1 added, 0 updated, 0 unchanged, 1 in conflict"
    assert lines[1].startswith(
        "conflict: 林長制: approved rendering 'forest chief system' would be replaced"
    )
    assert ("林长制", "forest chief system") in [(s[0], s[1]) for s in snapshot(app)]


def test_list_json(cli, glossary, sample_doc):
    rows = {r["source"]: r for r in json.loads(cli("glossary", "list", "--json").output)}
    assert rows["林长制"]["occurrences"] == 2
    assert rows["清河行動"]["occurrences"] == 0  # deprecated: not matched
    plain = cli("glossary", "list").output.splitlines()
    assert len(plain) == 4
