"""The consistency check: one source rendered two ways, one English for two sources."""

from __future__ import annotations

import io
import json

from conftest import Browser

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>
<tu><tuv xml:lang="zh-CN"><seg>全面深化改革。</seg></tuv>
<tuv xml:lang="en"><seg>We deepened reform across the board.</seg></tuv></tu>
</body></tmx>"""


def _doc(app) -> tuple[int, list[int]]:
    from test_mt_jobs import human_save, import_text, segments

    with app.app_context():
        doc = import_text(app, "全面深化改革。扩大高水平对外开放。全面深化改革。推进乡村振兴。\n")
        a, b, c, d = (s.id for s in segments(app, doc))
        human_save(app, a, "We will deepen reform comprehensively.", "reviewed")
        human_save(app, b, "We will expand high-standard opening up.", "reviewed")
        human_save(app, c, "Reform will be deepened in all respects.", "translated")
        human_save(app, d, "We will expand high-standard opening up.", "translated")
        s = app.extensions["db_session"]()
        from workbench.services import tm

        tm.import_tmx(s, io.BytesIO(TMX.encode()), name="2023")
        s.commit()
        return doc, [a, b, c, d]


def test_consistency_cli_and_page(app, cli):
    doc, (a, b, c, d) = _doc(app)
    found = json.loads(cli("tm", "consistency", str(doc), "--json").output)
    kinds = {(f["kind"], f["key"]) for f in found}
    assert kinds == {
        ("renderings", "全面深化改革。"),
        ("sources", "we will expand high-standard opening up."),
    }
    renderings = next(f for f in found if f["kind"] == "renderings")
    # both places in the document and the memory's rendering, once each
    assert sorted(p["segment_id"] or 0 for p in renderings["places"]) == [0, a, c]
    assert [p["memory"] for p in renderings["places"] if p["unit_id"]] == ["2023"]
    sources = next(f for f in found if f["kind"] == "sources")
    assert sorted(p["segment_id"] for p in sources["places"]) == [b, d]

    editor = Browser(app, "ed", "editor")
    assert f"/tm/consistency/{doc}" in editor.get(f"/documents/{doc}/qa").get_data(as_text=True)
    page = editor.get(f"/tm/consistency/{doc}").get_data(as_text=True)
    assert f"#seg-{a}" in page and f"#seg-{c}" in page and "memory 2023" in page
    assert cli("tm", "consistency", "9999").exit_code != 0
