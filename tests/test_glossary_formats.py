"""Glossary TBX/CSV/JSON: schema-valid TBX, translate-toolkit reads it, round trips, refusals."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from lxml import etree

from workbench.formats.glossary import (
    GlossaryFormatError,
    TermRecord,
    export_csv,
    export_json,
    export_tbx,
    forbidden_note,
    parse_glossary,
    plan_import,
)

RECORDS = [
    TermRecord(
        "林长制",
        "forest chief system",
        ["forest chief scheme"],
        ["forest length system"],
        "Each level appoints a forest chief.\nSee also 河长制.",
        "system",
        "State Council, 2021",
        "approved",
    ),
    TermRecord(
        "三保",
        "",
        ["three guarantees"],
        [],
        "保基本民生、保工资、保运转",
        "numbered-abbreviation",
        applies_nested=True,
    ),
    TermRecord(
        "四風", "four forms of decadence", status="deprecated", category="numbered-abbreviation"
    ),
    TermRecord(
        "“双随机、一公开”", "random inspection, public results", note='quotes "kept" & <escaped>'
    ),
]


def test_tbx_validates_against_the_schema(schemas_dir):
    schema = etree.XMLSchema(etree.parse(str(schemas_dir / "tbx.xsd")))
    document = etree.fromstring(export_tbx(RECORDS))
    assert schema.validate(document), schema.error_log
    assert document.get("type") == "TBX-Basic"


def test_tbx_is_read_back_by_translate_toolkit():
    from translate.storage.tbx import tbxfile

    store = tbxfile.parsestring(export_tbx(RECORDS))
    # Notes: the record's, then (with forbidden renderings) the sentence naming them.
    assert [(u.source, u.target, u.getnotes()) for u in store.units] == [
        (r.source, r.target, "\n".join(filter(None, [r.note, r.forbidden and forbidden_note(r)])))
        for r in RECORDS
    ]
    assert "Forbidden, do not use: forest length system" in store.units[0].getnotes()
    admitted = [t.text for t in store.units[0].get_target_terms()]
    assert admitted == ["forest chief system", "forest chief scheme", "forest length system"]
    assert store.units[0].get_target_terms()[2].deprecated


def test_tbx_is_deterministic():
    """Same records, same bytes: no clock in the file, and the order is the records' order."""
    first = export_tbx(RECORDS)
    assert first == export_tbx(list(RECORDS))
    assert not re.search(rb"\d{4}-\d{2}-\d{2}|\d{8}T\d{6}", first)
    swapped = export_tbx([RECORDS[1], RECORDS[0], *RECORDS[2:]])
    assert swapped != first and sorted(swapped.splitlines()) == sorted(first.splitlines())


@pytest.mark.parametrize(
    ("name", "export"), [("g.tbx", export_tbx), ("g.csv", export_csv), ("g.json", export_json)]
)
def test_round_trip(name, export):
    assert parse_glossary(name, export(RECORDS)) == RECORDS


def test_csv_has_bom_header_and_joined_lists():
    data = export_csv(RECORDS)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "source,target,alternatives,forbidden,note,category,reference,status,applies_nested"
    )
    assert "forest chief scheme,forest length system" in lines[1]


def test_csv_from_a_spreadsheet_with_few_columns():
    data = "Source,Target,Alternatives\r\n三保,three guarantees,a | b\r\n,,\r\n".encode()
    assert parse_glossary("x.csv", data) == [TermRecord("三保", "three guarantees", ["a", "b"])]


def test_json_is_utf8_and_readable():
    document = json.loads(export_json(RECORDS))
    assert document["format"] == "workbench-glossary" and document["terms"][0]["source"] == "林长制"


BAD_FILES = [
    ("x.tbx", b"<martif><text>", "not well-formed XML"),
    ("x.tbx", b"<tmx version='1.4'><body/></tmx>", "root element is <tmx>"),
    ("x.csv", b"target,note\r\nforest chief system,\r\n", "no 'source' column"),
    ("x.csv", "source,status\r\n林长制,final\r\n".encode(), "CSV row 2: unknown status 'final'"),
    ("x.csv", "source,colour\r\n林长制,red\r\n".encode(), "unknown column 'colour'"),
    ("x.json", b'{"terms": [', "invalid JSON at line 1"),
    (
        "x.json",
        json.dumps([{"source": "林长制", "category": "policy"}]).encode(),
        "JSON term 1: unknown category 'policy'",
    ),
    (
        "x.json",
        json.dumps([{"source": "林长制"}, {"source": "林長制"}]).encode(),
        "already appears at JSON term 1",
    ),
    ("x.json", json.dumps([{"source": ""}]).encode(), "source term is empty"),
    ("x.json", json.dumps({"terms": []}).encode(), "no terms"),
    ("x.txt", b"", "unknown glossary format"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES)
def test_malformed_files_are_refused_with_the_reason(name, data, reason):
    with pytest.raises(GlossaryFormatError) as info:
        parse_glossary(name, data)
    assert reason in str(info.value)
    assert "\n" not in str(info.value)


def test_tbx_error_says_which_entry():
    data = export_tbx(RECORDS).replace(
        b"admittedTerm-admn-sts</termNote>\n          </tig>\n        </langSet>\n        <langSet",
        b"draft</termNote>\n          </tig>\n        </langSet>\n        <langSet",
        1,
    )
    with pytest.raises(
        GlossaryFormatError,
        match=r"TBX line \d+ \(termEntry\): unknown administrativeStatus 'draft'",
    ):
        parse_glossary("x.tbx", data)


def test_plan_import_added_updated_unchanged_conflicts():
    existing = [
        TermRecord("林长制", "forest chief system", status="approved"),
        TermRecord("三保", "three guarantees", status="proposed"),
        TermRecord("四风", "four undesirable work styles", status="approved"),
        TermRecord("河长制", "river chief system", status="approved"),
    ]
    incoming = [
        TermRecord(
            "林長制", "forest chief system", status="approved", note="new note"
        ),  # same rendering: update
        TermRecord("三保", "three priorities", status="proposed"),  # not approved yet: update
        TermRecord("四风", "four winds", status="approved"),  # approved rendering differs: conflict
        TermRecord("河长制", "river chief system", status="approved"),  # identical
        TermRecord("湖长制", "lake chief system"),  # new
        TermRecord("湖長制", "lake chief scheme"),  # duplicate within the import
    ]
    plan = plan_import(existing, incoming)
    assert plan.added == [incoming[4]]
    assert plan.updated == [(existing[0], incoming[0]), (existing[1], incoming[1])]
    assert plan.unchanged == [incoming[3]]
    assert [(e.source, i.source, reason) for e, i, reason in plan.conflicts] == [
        (
            "四风",
            "四风",
            "approved rendering 'four undesirable work styles' would be replaced by 'four winds'",
        ),
        ("湖长制", "湖長制", "the same term appears twice in the import"),
    ]


def test_plan_import_own_export_is_all_unchanged():
    for name, export in (("g.tbx", export_tbx), ("g.csv", export_csv), ("g.json", export_json)):
        plan = plan_import(RECORDS, parse_glossary(name, export(RECORDS)))
        assert plan.unchanged == RECORDS and not (plan.added or plan.updated or plan.conflicts)


def test_applies_nested_is_written_in_each_format():
    tbx = etree.fromstring(export_tbx(RECORDS))
    notes = tbx.findall(".//termEntry/langSet/tig/termNote[@type='usageNote']")
    assert [n.text for n in notes] == ["applies inside longer expressions"]  # 三保 only
    assert notes[0].getparent().findtext("term") == "三保"
    rows = list(csv.DictReader(io.StringIO(export_csv(RECORDS).decode("utf-8-sig"))))
    assert [r["applies_nested"] for r in rows] == ["", "yes", "", ""]
    terms = json.loads(export_json(RECORDS))["terms"]
    assert [t["applies_nested"] for t in terms] == [False, True, False, False]


@pytest.mark.parametrize(
    ("cell", "expected"), [("yes", True), ("TRUE", True), ("1", True), ("no", False), ("", False)]
)
def test_applies_nested_csv_cells(cell, expected):
    data = f"source,applies_nested\n三保,{cell}\n".encode()
    assert parse_glossary("g.csv", data)[0].applies_nested is expected


def test_applies_nested_must_be_a_yes_or_no():
    with pytest.raises(
        GlossaryFormatError, match="CSV row 2: applies_nested must be true or false"
    ):
        parse_glossary("g.csv", "source,applies_nested\n三保,maybe\n".encode())
    bad = json.dumps([{"source": "三保", "applies_nested": "often"}]).encode()
    with pytest.raises(GlossaryFormatError, match="JSON term 1: applies_nested"):
        parse_glossary("g.json", bad)
    assert parse_glossary("g.json", json.dumps([{"source": "三保"}]).encode())[0] == TermRecord(
        "三保"
    )
