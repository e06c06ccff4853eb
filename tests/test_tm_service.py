"""The memory in the database: TMX import/export, search, memory following segment saves."""

from __future__ import annotations

import io
import json

import pytest
from tm_samples import MALFORMED, MEMOQ, OMEGAT, TRADITIONAL, TRADOS

from workbench.tm.matching import Query


def _write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_import_files_from_other_tools(cli, tmp_path):
    for name, text, enc in [
        ("omegat.tmx", OMEGAT, "utf-8"),
        ("trados.tmx", TRADOS, "utf-16"),
        ("memoq.tmx", MEMOQ, "utf-8"),
        ("traditional.tmx", TRADITIONAL, "utf-8"),
    ]:
        result = cli("tm", "import", str(_write(tmp_path, name, text, enc)), "--json")
        assert result.exit_code == 0, result.output
    listed = {m["name"]: m for m in json.loads(cli("tm", "list", "--json").output)}
    assert {n: m["units"] for n, m in listed.items()} == {
        "omegat": 2,
        "trados": 2,
        "memoq": 1,
        "traditional": 2,
    }
    # inline codes dropped, text kept
    hit = json.loads(cli("tm", "search", "粮食产量1.39万亿斤。", "--json").output)[0][0]
    assert hit["target"] == "Grain output reached 1.39 trillion jin." and hit["kind"] == "exact"
    # a Simplified query finds the Traditional (zh-TW, zh-HK) units
    hit = json.loads(cli("tm", "search", "推动高质量发展。", "--json").output)[0][0]
    assert (hit["source"], hit["kind"], hit["memory"]) == (
        "推動高質量發展。",
        "exact",
        "traditional",
    )


def test_import_with_origin_and_penalty_orders_matches(cli, tmp_path):
    path = _write(tmp_path, "ref.tmx", TRADOS, "utf-16")
    assert (
        cli(
            "tm", "import", str(path), "--name", "ref", "--origin", "reference", "--penalty", "10"
        ).exit_code
        == 0
    )
    assert (
        cli("tm", "import", str(path), "--name", "edition", "--origin", "official").exit_code == 0
    )
    results = json.loads(cli("tm", "search", "加快发展新质生产力。", "--json").output)[0]
    full = [
        (r["memory"], r["kind"], r["score"], r["origin"])
        for r in results
        if r["kind"] != "fragment"
    ]
    # same English twice: one suggestion, the official one
    assert full == [("edition", "exact", 100.0, "official")]
    # a figure-differ query from the reference memory: figures replaced in its English style
    results = json.loads(cli("tm", "search", "实现营业收入1.2亿元。", "--json").output)[0]
    assert results[0]["kind"] == "figures"
    assert results[0]["target"] == "Revenue reached 120 million yuan."


def test_malformed_tmx_refused_with_the_place_and_nothing_written(cli, tmp_path):
    path = _write(tmp_path, "bad.tmx", MALFORMED)
    result = cli("tm", "import", str(path))
    assert result.exit_code != 0
    assert "line 12" in result.output and "nothing imported" in result.output
    assert json.loads(cli("tm", "list", "--json").output) == []
    # the name is free: a good file under it imports
    good = _write(tmp_path, "bad.tmx", MEMOQ)
    assert cli("tm", "import", str(good)).exit_code == 0


def test_not_tmx_and_duplicate_names_are_refused(cli, tmp_path):
    result = cli("tm", "import", str(_write(tmp_path, "x.tmx", "<xliff><file/></xliff>")))
    assert result.exit_code != 0 and "<xliff>" in result.output
    path = _write(tmp_path, "m.tmx", MEMOQ)
    assert cli("tm", "import", str(path)).exit_code == 0
    again = cli("tm", "import", str(path))
    assert again.exit_code != 0 and "already a memory named 'm'" in again.output
    assert cli("tm", "import", str(path), "--name", "workbench").exit_code != 0


def test_export_round_trip_and_remove(cli, tmp_path):
    assert cli("tm", "import", str(_write(tmp_path, "m.tmx", MEMOQ))).exit_code == 0
    out = tmp_path / "out.tmx"
    assert cli("tm", "export", "-o", str(out)).exit_code == 0
    assert cli("tm", "remove", "m").exit_code == 0
    assert json.loads(cli("tm", "list", "--json").output) == []
    assert cli("tm", "import", str(out), "--name", "back").exit_code == 0
    hit = json.loads(cli("tm", "search", "坚持稳中求进工作总基调。", "--json").output)[0][0]
    assert hit["memory"] == "back" and hit["user"] == "reviewer"
    assert hit["date"] == "2023-03-10T12:00:00"
    assert cli("tm", "remove", "nope").exit_code != 0
    assert json.loads(cli("tm", "remove", "nope", "--json").stdout)["status"] == 404
    # -o - is standard output
    assert "<tmx" in cli("tm", "export", "-o", "-").stdout


def test_search_reads_queries_from_stdin_and_english_and_short_queries(cli, tmp_path):
    assert cli("tm", "import", str(_write(tmp_path, "t.tmx", TRADOS, "utf-16"))).exit_code == 0
    answers = json.loads(
        cli("tm", "search", "-", "--json", input="新质生产力\nproductive FORCES\n收入\n").output
    )
    assert len(answers) == 3
    for results in answers:
        assert all(
            set(r) >= {"source", "target", "score", "kind", "origin", "memory"} for r in results
        )
    assert [r["source"] for r in answers[0]] == ["加快发展新质生产力。"]
    assert answers[0][0]["kind"] == "fragment"
    assert answers[0][0]["score"] == 50.0  # the hit is half of the unit's 10 characters
    assert [r["source"] for r in answers[1]] == ["加快发展新质生产力。"]
    # two characters: below the trigram index, found by the short-query path
    assert [r["source"] for r in answers[2]] == ["实现营业收入8500万元。"]
    assert json.loads(cli("tm", "search", "收入", "--json", "--limit", "1").output)[0][0]


def _segment(session, doc_id, n):
    from sqlalchemy import select

    from workbench.models import Paragraph, Segment

    return session.scalars(
        select(Segment)
        .join(Paragraph)
        .where(Segment.document_id == doc_id, Segment.active)
        .order_by(Paragraph.position, Segment.start)
        .offset(n)
        .limit(1)
    ).one()


def test_memory_follows_segment_saves(session, sample_doc):
    """Through the core's SegmentsChanged events: no direct call to the memory."""
    from workbench.services import tm
    from workbench.services.segments import save_target

    seg = _segment(session, sample_doc, 5)
    save_target(session, seg, target="Draft.", status="draft", user=None, base_version=None)
    session.commit()  # the change event reaches the memory's subscriber
    assert [m for m in tm.lookup(session, Query.of(seg.source)) if m.kind != "fragment"] == []

    save_target(
        session, seg, target="Good English.", status="reviewed", user=None, base_version=None
    )
    session.commit()  # the change event reaches the memory's subscriber
    found = tm.lookup(session, tm.segment_query(session, seg))
    assert (found[0].kind, found[0].target, found[0].unit.memory) == (
        "context",
        "Good English.",
        "workbench",
    )
    assert found[0].unit.document == "Sample"
    # a segment's own unit is no match for itself
    assert [
        m for m in tm.segment_matches(session, seg, threshold=70) if m.unit.id == found[0].unit.id
    ] == []

    save_target(
        session, seg, target="Better English.", status="approved", user=None, base_version=None
    )
    session.commit()  # the change event reaches the memory's subscriber
    assert tm.lookup(session, Query.of(seg.source))[0].target == "Better English."

    save_target(
        session, seg, target="Better English.", status="needs-work", user=None, base_version=None
    )
    session.commit()  # the change event reaches the memory's subscriber
    assert [m for m in tm.lookup(session, Query.of(seg.source)) if m.kind != "fragment"] == []
    assert tm.list_memories(session)[0].units == 0


def test_export_refuses_unknown_memory(session):
    from workbench.services import tm

    with pytest.raises(tm.TMError, match="no memory named"):
        tm.export_tmx(session, io.BytesIO(), name="nope")


def test_memory_follows_edits_through_the_review_page(app, alice, sample_doc):
    """Saving in the browser fills the memory; reverting to draft leaves the good memory."""
    from workbench.services import tm

    with app.app_context():
        session = app.extensions["db_session"]()
        seg = _segment(session, sample_doc, 7)
        seg_id, source = seg.id, seg.source
    assert (
        alice.post(
            f"/segments/{seg_id}", {"target": "Reviewed.", "status": "reviewed", "base_version": 1}
        ).status_code
        == 200
    )
    with app.app_context():
        session = app.extensions["db_session"]()
        found = tm.lookup(session, Query.of(source))
        assert (found[0].kind, found[0].target, found[0].unit.user) == (
            "exact",
            "Reviewed.",
            "alice",
        )
    assert (
        alice.post(
            f"/segments/{seg_id}", {"target": "Reviewed.", "status": "draft", "base_version": 2}
        ).status_code
        == 200
    )
    with app.app_context():
        session = app.extensions["db_session"]()
        assert [m for m in tm.lookup(session, Query.of(source)) if m.kind != "fragment"] == []


def test_sync_fills_the_memory_from_segments_saved_before(app, cli, sample_doc):
    from sqlalchemy import delete

    from workbench.models import TMUnit
    from workbench.services.segments import save_target

    with app.app_context():
        session = app.extensions["db_session"]()
        seg = _segment(session, sample_doc, 9)
        save_target(
            session, seg, target="Old work.", status="approved", user=None, base_version=None
        )
        session.commit()
        session.execute(delete(TMUnit))  # as if saved before the memory existed
        session.commit()
        source = seg.source
    assert cli("tm", "sync").exit_code == 0
    hit = json.loads(cli("tm", "search", source, "--json").output)[0][0]
    assert (hit["kind"], hit["target"], hit["memory"]) == ("exact", "Old work.", "workbench")
