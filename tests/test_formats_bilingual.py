"""TMX and XLIFF as other tools read and write them: the memory rules, the XLIFF 1.2 state
table both ways, and applying a file back (formats.bilingual, formats.tmx, formats.xliff)."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree
from test_exporters import T0, T1, export, parse_xml, sample_doc, segment
from translate.convert import po2xliff, xliff2po
from translate.storage import tmx as tk_tmx
from translate.storage import xliff as tk_xliff

from workbench.formats import ExportOptions, ExportParagraph, FormatError
from workbench.formats.bilingual import CurrentSegment
from workbench.formats.tmx import iter_tmx, plan_tmx_import, read_tmx
from workbench.formats.xliff import plan_xliff_import, read_xliff
from workbench.statuses import XLIFF_STATE, Status, status_from_xliff

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
X = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def memory_doc():
    """One segment per status, plus MT-only and empty ones."""
    segments = tuple(
        segment(100 + i, f"句子{i}。", f"Sentence {i}.", s.value, origin="human")
        for i, s in enumerate(Status)
    )
    segments += (
        segment(200, "机器句。", "Machine English.", "machine-translated", origin="mt"),
        segment(201, "空句。", "", "new", mt="Only MT."),
    )
    return sample_doc(paragraphs=(ExportParagraph(0, "body", 0, segments),))


def tus(data: bytes) -> dict[str, etree._Element]:
    return {tu.get("tuid"): tu for tu in parse_xml(data).iter("tu")}


def status_of(tu: etree._Element) -> str:
    return tu.findtext("prop[@type='x-status']")


# --- TMX: what goes into a memory -----------------------------------------------------------


def test_tmx_default_is_human_english_at_or_above_translated(tmp_path: Path) -> None:
    data, report = export("tmx", memory_doc())
    units = tus(data)
    assert sorted(status_of(tu) for tu in units.values()) == ["approved", "reviewed", "translated"]
    assert not any(tu.find("note") is not None for tu in units.values())  # nothing to mark
    assert any("without English left out" in line for line in report.lines)
    assert any("below translated left out" in line for line in report.lines)
    # translate-toolkit sees the same three, none empty
    path = tmp_path / "m.tmx"
    path.write_bytes(data)
    store = tk_tmx.tmxfile.parsefile(str(path))
    assert sorted(u.gettarget(lang="en") for u in store.units) == [
        "Sentence 3.",  # translated
        "Sentence 4.",  # reviewed
        "Sentence 5.",  # approved
    ]


@pytest.mark.parametrize(
    ("bar", "expected"),
    [
        ("draft", {"draft", "translated", "reviewed", "approved"}),
        ("reviewed", {"reviewed", "approved"}),
        ("approved", {"approved"}),
    ],
)
def test_tmx_chosen_status(bar: str, expected: set[str]) -> None:
    data, _ = export("tmx", memory_doc(), min_status=bar)
    assert {status_of(tu) for tu in tus(data).values()} == expected


def test_tmx_min_status_must_be_human() -> None:
    with pytest.raises(ValueError, match="min-status"):
        ExportOptions(min_status="machine-translated")


def test_tmx_unreviewed_on_request_marked_and_never_empty(schemas_dir: Path) -> None:
    data, report = export("tmx", memory_doc(), include_unreviewed=True)
    dtd = etree.DTD(str(schemas_dir / "tmx14.dtd"))
    assert dtd.validate(parse_xml(data)), dtd.error_log.filter_from_errors()
    units = tus(data)
    assert "201" not in units  # MT alone is not English: no unit, let alone an empty one
    assert all((seg.text or "").strip() for seg in parse_xml(data).iter("seg"))
    mt = units["200"]
    assert mt.get("changeid") == "MT" and mt.findtext("prop[@type='x-origin']") == "mt"
    assert "machine translation" in mt.findtext("note")
    draft = units[str(100 + list(Status).index(Status.DRAFT))]
    assert status_of(draft) == "draft" and "unreviewed" in draft.findtext("note")
    assert draft.get("changeid") == "bob"  # a person's draft keeps its author
    approved = units[str(100 + list(Status).index(Status.APPROVED))]
    assert approved.find("note") is None  # above the bar: not marked
    assert any("marked" in line for line in report.lines)


# --- TMX: reading ----------------------------------------------------------------------------

OMEGAT_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" creationtoolversion="3.6.0_10" segtype="paragraph"
    o-tmf="OmegaT TMX" adminlang="EN-US" srclang="zh-CN" datatype="plaintext">
  </header>
  <body>
    <tu>
      <tuv lang="zh-CN"><seg>第一句。</seg></tuv>
      <tuv lang="en-US" changeid="omegat-user" changedate="20250101T120000Z">
        <seg>First, <bpt i="1" x="1">&lt;b0&gt;</bpt>from<ept i="1">&lt;/b0&gt;</ept> OmegaT.</seg>
      </tuv>
    </tu>
    <tu>
      <prop type="file">report.xlf</prop>
      <prop type="prev">第一句。</prop>
      <prop type="next">第三句。</prop>
      <tuv lang="zh-CN"><seg>重复句。</seg></tuv>
      <tuv lang="en-US"><seg>Repeated, in its second place.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_read_omegat_tmx_1_1() -> None:
    first, second = read_tmx(OMEGAT_TMX.encode())
    assert first.srclang == "zh-CN" and first.variant("zh").text == "第一句。"
    english = first.variant("en")
    assert english.lang == "en-US" and english.text == "First, from OmegaT."  # code dropped
    assert english.changed_at == datetime(2025, 1, 1, 12, 0) and english.changed_by == "omegat-user"
    assert second.prop("prev") == "第一句。" and second.prop("file") == "report.xlf"


def test_read_own_tmx_with_props() -> None:
    (unit, *_) = read_tmx(export("tmx")[0])
    assert unit.tuid == "11" and unit.prop("x-status") == "approved"
    assert unit.variant("zh-CN").text == "政府工作报告" and not unit.is_machine
    assert unit.created_at == T0 and unit.changed_at == T1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a well-formed TMX file"),
        (b"<xliff/>", "not a TMX file: the root element is <xliff>"),
        (b"<tmx version='1.4'><body><tu><tuv>", "not a well-formed TMX file"),
    ],
)
def test_read_tmx_refuses_malformed(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message) as excinfo:
        read_tmx(data)
    assert "\n" not in str(excinfo.value)


def test_read_tmx_does_not_expand_entities() -> None:
    data = b"""<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>&e;</seg></tuv>
<tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>"""
    (unit,) = read_tmx(data)
    assert "root" not in unit.variant("zh").text


def test_iter_tmx_streams_from_a_file_object() -> None:
    body = "".join(
        f'<tu tuid="{i}"><tuv xml:lang="zh"><seg>句{i}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>S{i}</seg></tuv></tu>'
        for i in range(2000)
    )
    data = f'<tmx version="1.4"><header srclang="zh"/><body>{body}</body></tmx>'.encode()
    units = iter_tmx(io.BytesIO(data))
    assert next(units).tuid == "0"
    assert sum(1 for _ in units) == 1999


# --- TMX: applying to a document ---------------------------------------------------------------

CURRENT = {
    1: CurrentSegment(1, "第一句。", "", "new", 1, T0),
    2: CurrentSegment(2, "重复句。", "", "machine-translated", 2, T0),
    3: CurrentSegment(3, "第三句。", "Third, by a person.", "reviewed", 4, T1),
    4: CurrentSegment(4, "重复句。", "", "new", 1, T0),
    5: CurrentSegment(5, "第五句。", "Fifth.", "translated", 3, T1),
}
ORDER = [1, 2, 3, 4, 5]


def tmx(*units: str) -> bytes:
    return (
        '<tmx version="1.4"><header srclang="zh-CN"/><body>' + "".join(units) + "</body></tmx>"
    ).encode()


def tu(zh: str, en: str, *props: tuple[str, str], attrs: str = "", en_attrs: str = "") -> str:
    p = "".join(f'<prop type="{k}">{v}</prop>' for k, v in props)
    return (
        f'<tu {attrs}>{p}<tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
        f'<tuv xml:lang="en" {en_attrs}><seg>{en}</seg></tuv></tu>'
    )


def plan(data: bytes, **kw):
    return plan_tmx_import(read_tmx(data), CURRENT, ORDER, **kw)


def test_tmx_import_changed_unchanged_unknown_and_conflicting() -> None:
    result = plan(
        tmx(
            tu("第一句。", "First."),  # empty segment: changed
            tu("第五句。", "Fifth."),  # same English: unchanged
            tu("别的句子。", "Other."),  # no such Chinese: unknown
            tu("第三句。", "Third, from the file."),  # a person's English, file not newer
            tu("第五句。", "第五句。"),  # Chinese copied over: not English
        )
    )
    assert [(c.segment_id, c.new_target, c.new_status) for c in result.changed] == [
        (1, "First.", "translated")
    ]
    assert sorted(result.unchanged) == [5, 5]  # same English; the Chinese copy
    assert [u.reason for u in result.unknown] == ["no segment with this Chinese"]
    (conflict,) = result.conflicts
    assert (conflict.segment_id, conflict.old_target) == (3, "Third, by a person.")


def test_tmx_import_newer_english_by_date_is_a_change() -> None:
    later = 'changedate="20991231T000000Z"'
    result = plan(tmx(tu("第三句。", "Third, revised in OmegaT.", en_attrs=later)))
    assert [c.segment_id for c in result.changed] == [3] and not result.conflicts


def test_tmx_import_default_and_context_translations() -> None:
    # OmegaT: the alternative (with prev/next) is for segment 4 only; the default fills the rest.
    result = plan(
        tmx(
            tu("重复句。", "Repeated."),
            tu("重复句。", "Repeated, second place.", ("prev", "第三句。"), ("next", "第五句。")),
        )
    )
    assert sorted((c.segment_id, c.new_target) for c in result.changed) == [
        (2, "Repeated."),
        (4, "Repeated, second place."),
    ]


def test_tmx_import_own_export_uses_segment_and_version() -> None:
    own = tu(
        "第五句。", "Fifth, edited.", ("x-segment-id", "5"), ("x-version", "2"), attrs='tuid="5"'
    )
    result = plan(tmx(own))
    # exported at version 2, the segment is at 3 now: edited since, a conflict
    assert [(c.segment_id, c.base_version) for c in result.conflicts] == [(5, 2)]
    current = tu("第五句。", "Fifth, edited.", ("x-segment-id", "5"), ("x-version", "3"))
    assert [c.segment_id for c in plan(tmx(current)).changed] == [5]


def test_tmx_import_mt_marked_units_stay_mt_and_approval_needs_the_option() -> None:
    mt = tu("第一句。", "First by MT.", ("x-origin", "mt"), attrs='changeid="MT"')
    assert [c.new_status for c in plan(tmx(mt)).changed] == ["machine-translated"]
    approved = tu("第一句。", "First.", ("x-status", "approved"))
    assert [c.new_status for c in plan(tmx(approved)).changed] == ["reviewed"]
    assert [c.new_status for c in plan(tmx(approved), approve=True).changed] == ["approved"]


def test_tmx_import_unit_without_english_and_repeated_units() -> None:
    no_en = '<tu tuid="a"><tuv xml:lang="zh"><seg>第一句。</seg></tuv></tu>'
    result = plan(
        tmx(no_en, tu("第一句。", "One."), tu("第一句。", "One."), tu("第一句。", "Two."))
    )
    assert [u.reason for u in result.unknown] == [
        "the unit has no English",
        "segment 1 already has other English from unit line 1",
    ]
    assert [c.new_target for c in result.changed] == ["One."]


# --- XLIFF 1.2 state table, both ways ------------------------------------------------------


def test_xliff_state_table_on_export_and_back(tmp_path: Path) -> None:
    segments = tuple(
        segment(100 + i, f"句子{i}。", f"S{i}." if s != Status.NEW else "", s.value)
        for i, s in enumerate(Status)
    )
    data, _ = export("xliff", sample_doc(paragraphs=(ExportParagraph(0, "body", 0, segments),)))
    root = parse_xml(data)
    for status in Status:
        unit = root.find(f".//x:trans-unit[@id='{100 + list(Status).index(status)}']", X)
        target = unit.find("x:target", X)
        assert (target.get("state"), target.get("state-qualifier")) == XLIFF_STATE[status]
        assert (unit.get("approved") == "yes") == (status == Status.APPROVED)
        # ...and what the file names reads back as the same status (NEW: no English to name)
        back = status_from_xliff(target.get("state"), target.get("state-qualifier"), False)
        assert back == (None if status == Status.NEW else status)
    # translate-toolkit agrees on the spec's meanings
    path = tmp_path / "s.xlf"
    path.write_bytes(data)
    by_id = {u.getid().split("\x04")[-1]: u for u in tk_xliff.xlifffile.parsefile(str(path)).units}
    statemap = tk_xliff.xliffunit.statemap
    assert by_id["100"].get_state_n() == statemap["needs-translation"]  # "not yet translated"
    assert by_id["103"].get_state_n() == statemap["translated"]
    assert by_id["105"].isapproved()


@pytest.mark.parametrize(
    ("state", "qualifier", "approved", "expected"),
    [
        ("final", None, False, Status.APPROVED),
        (None, None, True, Status.APPROVED),
        ("translated", None, True, Status.TRANSLATED),  # an edit that left approved="yes"
        ("signed-off", None, False, Status.REVIEWED),
        ("translated", None, False, Status.TRANSLATED),
        ("needs-review-translation", "mt-suggestion", False, Status.MACHINE_TRANSLATED),
        ("needs-review-translation", "leveraged-mt", False, Status.MACHINE_TRANSLATED),
        ("needs-review-translation", None, False, Status.DRAFT),
        ("needs-translation", "rejected-inaccurate", False, Status.NEEDS_WORK),
        ("needs-review-l10n", None, False, Status.NEEDS_WORK),
        ("needs-adaptation", None, False, Status.NEEDS_WORK),
        ("needs-translation", None, False, None),
        ("new", None, False, None),
        (None, None, False, None),
    ],
)
def test_xliff_state_table_on_import(state, qualifier, approved, expected) -> None:
    assert status_from_xliff(state, qualifier, approved) == expected


def xliff_with(target: str, *, state: str, extra: str = "", qualifier: str = "") -> bytes:
    q = f' state-qualifier="{qualifier}"' if qualifier else ""
    return (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="f" source-language="zh-CN" datatype="plaintext"><body>'
        f'<trans-unit id="1" extradata="version=3" {extra}><source>第一句。</source>'
        f'<target state="{state}"{q}>{target}</target></trans-unit></body></file></xliff>'
    ).encode()


XCURRENT = {
    1: CurrentSegment(1, "第一句。", "First.", "machine-translated", 3),
}


@pytest.mark.parametrize(
    ("state", "qualifier", "extra", "expected"),
    [
        # the other tool edited the MT but left our state as it was: translated
        ("needs-review-translation", "mt-suggestion", "", "translated"),
        ("needs-translation", "", "", "translated"),  # meaningless for a target with English
        ("new", "", "", "translated"),
        ("signed-off", "", "", "reviewed"),  # a meaningful state the file names
        ("needs-review-translation", "", "", "draft"),
        ("final", "", 'approved="yes"', "reviewed"),  # never approved by a file alone
    ],
)
def test_xliff_import_changed_target_status(state, qualifier, extra, expected) -> None:
    data = xliff_with("First, edited.", state=state, extra=extra, qualifier=qualifier)
    result = plan_xliff_import(read_xliff(data), XCURRENT)
    assert [c.new_status for c in result.changed] == [expected]


def test_xliff_import_approves_only_with_the_option() -> None:
    data = xliff_with("First, edited.", state="final", extra='approved="yes"')
    result = plan_xliff_import(read_xliff(data), XCURRENT, approve=True)
    assert [c.new_status for c in result.changed] == ["approved"]


def test_xliff_target_identical_to_source_is_untranslated() -> None:
    result = plan_xliff_import(read_xliff(xliff_with("第一句。", state="translated")), XCURRENT)
    assert result.unchanged == [1] and not result.changed


def test_xliff_unit_ids_survive_the_po_route(tmp_path: Path) -> None:
    """xliff2po drops the unit ids; our location context comes back through po2xliff."""
    xlf, po, back = tmp_path / "a.xlf", tmp_path / "a.po", tmp_path / "b.xlf"
    xlf.write_bytes(export("xliff")[0])
    with xlf.open("rb") as src, po.open("wb") as dst:
        xliff2po.convertxliff(src, dst, None)
    text = po.read_text(encoding="utf-8")
    assert "#: segment-14" in text
    text = text.replace('msgstr "I. Review"', 'msgstr "I. A review"')
    text = text.replace(
        'msgid "鼠标要更新。"\nmsgstr ""', 'msgid "鼠标要更新。"\nmsgstr "Update the mouse."'
    )
    po.write_text(text, encoding="utf-8")
    with po.open("rb") as src, back.open("wb") as dst:
        po2xliff.convertpo(src, dst, None)
    current = {
        s.id: CurrentSegment(s.id, s.source, s.target, s.status, s.version)
        for p in sample_doc().paragraphs
        for s in p.segments
    }
    result = plan_xliff_import(read_xliff(back.read_bytes()), current)
    assert not result.unknown  # every unit found its segment again (po2xliff renumbers them)
    assert [(c.segment_id, c.new_target) for c in result.changed] == [(13, "Update the mouse.")]
    # PO keeps no version, so a reviewed segment's English is not overwritten: a conflict
    assert [(c.segment_id, c.new_target) for c in result.conflicts] == [(14, "I. A review")]
    assert 11 in result.unchanged and 15 in result.unchanged  # approved stays approved


def test_omegat_flavour_prefills_targets_with_the_chinese(schemas_dir: Path) -> None:
    data, _ = export("xliff-omegat", chinese="zh-Hant-TW")
    schema = etree.XMLSchema(etree.parse(str(schemas_dir / "xliff-core-1.2-strict.xsd")))
    assert schema.validate(parse_xml(data)), schema.error_log.filter_from_errors()
    root = parse_xml(data)
    for unit in root.iter(f"{{{X['x']}}}trans-unit"):
        assert unit.findtext("x:target", namespaces=X) == unit.findtext("x:source", namespaces=X)
        assert unit.find("x:alt-trans", X) is None and unit.get("approved") is None
    # Read straight back, nothing changes: the Chinese in the targets is not English.
    current = {
        s.id: CurrentSegment(s.id, s.source, s.target, s.status, s.version)
        for p in sample_doc().paragraphs
        for s in p.segments
    }
    result = plan_xliff_import(read_xliff(data), current)
    assert not result.changed and not result.conflicts and not result.unknown
