"""TMX 1.4b: the writer (one <tu> per segment), the shared reader and the document import.

Writing: a translation memory holds English people stand behind. By default a segment goes
out only when its English is human and its status is at or above `options.min_status`
(translated unless chosen); segments without English never go out (an empty <tuv> would
become an empty translation in OmegaT). MT and unreviewed English go out only with
`options.include_unreviewed`, and then marked: `x-status` / `x-origin` props, a note, and
`changeid="MT"` for machine translation, which is the name OmegaT shows beside a match.
Written incrementally with lxml's `xmlfile`, one <tu> at a time (bounded memory).

Reading: `iter_tmx` streams any TMX (1.1 to 1.4, OmegaT's project_save.tmx included) unit by
unit in bounded memory; the translation memory's own import uses it too. `plan_tmx_import`
applies a TMX to a document like the XLIFF import (see `bilingual`): units are matched by
the segment they name, else by their Chinese and, where the file records it (OmegaT's
alternative translations), by the neighbouring Chinese.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from lxml import etree

from ..chinese import to_simplified
from ..statuses import HUMAN_STATUSES, PROGRESS_ORDER, Status
from .base import (
    TOOL_NAME,
    TOOL_VERSION,
    ChineseText,
    ExporterBase,
    ExportReport,
    FormatError,
    ReportCounter,
    clean_text,
    comment_line,
    inline_text,
    is_raw_mt,
    iter_segments,
    local_name,
)
from .bilingual import CurrentSegment, ImportPlan, Incoming, Unknown, classify, norm, same_chinese
from .model import ExportDocument, ExportOptions, ExportSegment

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def tmx_date(when: datetime) -> str:
    """TMX's date format, YYYYMMDDThhmmssZ (times are naive UTC throughout the workbench)."""
    return when.strftime("%Y%m%dT%H%M%SZ")


def _prop(parent: etree._Element, kind: str, value: str) -> None:
    etree.SubElement(parent, "prop", type=kind).text = clean_text(value)


def _tuv(parent: etree._Element, lang: str, text: str) -> None:
    tuv = etree.SubElement(parent, "tuv", {XML_LANG: lang})
    etree.SubElement(tuv, "seg").text = text


MT_ID = "MT"  # changeid of machine-translated units: what OmegaT shows as the match's author


def is_reviewed_enough(segment: ExportSegment, min_status: str) -> bool:
    """Human English at or above `min_status` in the progress order."""
    if is_raw_mt(segment) or segment.status not in HUMAN_STATUSES:
        return False
    return PROGRESS_ORDER.index(Status(segment.status)) >= PROGRESS_ORDER.index(Status(min_status))


def build_tu(
    segment: ExportSegment,
    paragraph: int,
    heading: bool,
    chinese: ChineseText,
    target_lang: str,
    *,
    marked: bool = False,
) -> etree._Element:
    """One unit; `marked` for English below the memory's bar (MT, unreviewed)."""
    machine = is_raw_mt(segment)
    attrs = {"tuid": str(segment.id), "creationdate": tmx_date(segment.created_at)}
    if segment.created_by:
        attrs["creationid"] = clean_text(segment.created_by)
    attrs["changedate"] = tmx_date(segment.changed_at)
    if machine:
        attrs["changeid"] = MT_ID
    elif segment.changed_by:
        attrs["changeid"] = clean_text(segment.changed_by)
    tu = etree.Element("tu", attrs)
    _prop(tu, "x-segment-id", str(segment.id))
    _prop(tu, "x-status", segment.status)
    _prop(tu, "x-paragraph", str(paragraph))
    if heading:
        _prop(tu, "x-heading", "yes")
    _prop(tu, "x-version", str(segment.version))
    _prop(tu, "x-origin", "mt" if machine else segment.origin)
    if marked:
        what = "machine translation" if machine else f"{segment.status} English"
        etree.SubElement(tu, "note").text = f"unreviewed: {what}, not checked by a reviewer"
    for comment in segment.comments:
        etree.SubElement(tu, "note").text = comment_line(comment)
    _tuv(tu, chinese.lang_tag, chinese.convert(segment.source))
    _tuv(tu, target_lang, clean_text(segment.target))
    return tu


class TmxExporter(ExporterBase):
    name = "tmx"
    extension = "tmx"
    mimetype = "application/x-tmx+xml"
    description = "TMX 1.4b translation memory (reviewed English; MT only on request, marked)"
    reads = True
    read_extensions = (".tmx",)

    @staticmethod
    def plan(
        data: bytes, current: Mapping[int, CurrentSegment], order: Sequence[int], approve: bool
    ) -> ImportPlan:
        """What applying a TMX to the document would do (the reader of this format)."""
        return plan_tmx_import(read_tmx(data), current, order, approve=approve)

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport:
        chinese = ChineseText(doc.source_lang, options.chinese)
        counter = ReportCounter()
        min_status = options.min_status or Status.TRANSLATED.value
        no_english = below = marked_count = 0
        header = {
            "creationtool": TOOL_NAME,
            "creationtoolversion": TOOL_VERSION,
            "segtype": "sentence",
            "o-tmf": TOOL_NAME,
            "adminlang": "en",
            "srclang": chinese.lang_tag,
            "datatype": "plaintext",
            "creationdate": tmx_date(doc.exported_at),
        }
        with etree.xmlfile(out, encoding="UTF-8") as xf:
            xf.write_declaration()
            xf.write_doctype(DOCTYPE)
            with xf.element("tmx", version="1.4"):
                xf.write("\n")
                head = etree.Element("header", header)
                _prop(head, "x-document-id", str(doc.id))
                _prop(head, "x-title", doc.title)
                _prop(head, "x-filename", doc.filename)
                xf.write(head, pretty_print=True)
                with xf.element("body"):
                    xf.write("\n")
                    for number, is_heading, segment in iter_segments(doc):
                        if not counter.keep(segment, options):
                            continue
                        english = clean_text(segment.target)
                        if not english.strip():
                            no_english += 1
                            continue
                        marked = not is_reviewed_enough(segment, min_status)
                        if marked and not options.include_unreviewed:
                            below += 1
                            continue
                        counter.written(segment, english)
                        marked_count += marked
                        tu = build_tu(
                            segment, number, is_heading, chinese, doc.target_lang, marked=marked
                        )
                        xf.write(tu, pretty_print=True)
        out.write(b"\n")
        if no_english:
            counter.notes.append(f"{no_english} without English left out (no empty units).")
        if below:
            counter.notes.append(
                f"{below} with MT or English below {min_status} left out "
                "(include them, marked, with the unreviewed option)."
            )
        if marked_count:
            counter.notes.append(f"{marked_count} MT or unreviewed units included, marked.")
        return counter.report("TMX")


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TmxVariant:
    lang: str  # as written (xml:lang in 1.4, lang in 1.1), e.g. "ZH-CN"
    text: str  # the <seg> with inline markup reduced (`base.inline_text`)
    changed_at: datetime | None = None
    changed_by: str = ""


@dataclass(frozen=True)
class TmxUnit:
    tuid: str
    line: int  # where the <tu> starts, for messages
    srclang: str  # the unit's own srclang, else the header's ("*all*" possible)
    variants: tuple[TmxVariant, ...]
    props: tuple[tuple[str, str], ...] = ()  # (type, value) in file order
    notes: tuple[str, ...] = ()
    created_at: datetime | None = None
    created_by: str = ""
    changed_at: datetime | None = None
    changed_by: str = ""
    creation_tool: str = ""

    def prop(self, kind: str) -> str | None:
        return next((value for k, value in self.props if k == kind), None)

    def variant(self, lang: str) -> TmxVariant | None:
        """The variant in `lang` ("zh", "en-US"): an exact tag first, else the same language."""
        want = lang.lower()
        exact = [v for v in self.variants if v.lang.lower() == want]
        if exact:
            return exact[0]
        primary = want.split("-")[0]
        return next((v for v in self.variants if v.lang.lower().split("-")[0] == primary), None)

    @property
    def is_machine(self) -> bool:
        """Marked as MT: our x-origin, changeid "MT", or a creation tool named as MT."""
        return (
            self.prop("x-origin") == "mt"
            or self.changed_by == MT_ID
            or self.creation_tool.lower().endswith(("-mt", " mt"))
        )


# the TMX form, read without strptime (a 100k-unit memory has 200k dates)
_TMX_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?")


def parse_tmx_date(value: str | None) -> datetime | None:
    """TMX dates are YYYYMMDDThhmmssZ (UTC); some tools write ISO 8601. Naive UTC, or None."""
    if not value:
        return None
    fast = _TMX_DATE.fullmatch(value.strip())
    if fast:  # the TMX form, read without strptime (a 100k-unit file has 200k dates)
        try:
            return datetime(*(int(part) for part in fast.groups()))
        except ValueError:
            return None
    for fmt in ("%Y%m%dT%H%M%SZ", "%Y%m%dT%H%M%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    return None


def _variant(tuv: etree._Element) -> TmxVariant:
    seg = next((c for c in tuv if local_name(c) == "seg"), None)
    return TmxVariant(
        lang=tuv.get(XML_LANG) or tuv.get("lang") or "",
        text=inline_text(seg) if seg is not None else "",
        changed_at=parse_tmx_date(tuv.get("changedate")),
        changed_by=tuv.get("changeid") or "",
    )


def _tmx_unit(tu: etree._Element, header_srclang: str) -> TmxUnit:
    children = [c for c in tu if isinstance(c.tag, str)]
    return TmxUnit(
        tuid=tu.get("tuid") or "",
        line=tu.sourceline or 0,
        srclang=tu.get("srclang") or header_srclang,
        variants=tuple(_variant(c) for c in children if local_name(c) == "tuv"),
        props=tuple(
            (c.get("type") or "", c.text or "") for c in children if local_name(c) == "prop"
        ),
        notes=tuple((c.text or "").strip() for c in children if local_name(c) == "note"),
        created_at=parse_tmx_date(tu.get("creationdate")),
        created_by=tu.get("creationid") or "",
        changed_at=parse_tmx_date(tu.get("changedate")),
        changed_by=tu.get("changeid") or "",
        creation_tool=tu.get("creationtool") or "",
    )


def iter_tmx(source: bytes | BinaryIO) -> Iterator[TmxUnit]:
    """The units of a TMX, one at a time, in bounded memory; FormatError (one line) on a file
    that is not well-formed TMX, raised when the reader reaches the fault.

    No DTD, no entities, no network: an uploaded file must not read files or hosts.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    header_srclang = ""
    root_seen = False
    try:
        for event, element in events:
            name = local_name(element)
            if not root_seen:
                if name != "tmx":
                    raise FormatError(f"not a TMX file: the root element is <{name}>, not <tmx>")
                root_seen = True
                continue
            if event == "start":
                continue
            if name == "header":
                header_srclang = element.get("srclang") or ""
            elif name == "tu":
                yield _tmx_unit(element, header_srclang)
                # Drop what has been read: memory stays one unit deep however long the file.
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"not a well-formed TMX file: {exc.msg} (line {exc.lineno})") from None
    if not root_seen:
        raise FormatError("not a TMX file: it is empty")


def read_tmx(source: bytes | BinaryIO) -> list[TmxUnit]:
    """Every unit, after the whole file has been checked (for all-or-nothing imports)."""
    return list(iter_tmx(source))


# --- applying a TMX to a document -----------------------------------------------------------


def _named_segment(unit: TmxUnit) -> int | None:
    """The segment our own export wrote the unit from (x-segment-id, else a numeric tuid)."""
    value = unit.prop("x-segment-id") or unit.tuid
    return int(value) if value.isdigit() else None


def _status(unit: TmxUnit) -> str | None:
    if unit.is_machine:
        return Status.MACHINE_TRANSLATED.value
    value = unit.prop("x-status")
    return value if value in {s.value for s in Status} else None


def plan_tmx_import(
    units: Iterable[TmxUnit],
    current: Mapping[int, CurrentSegment],
    order: Sequence[int],
    *,
    approve: bool = False,
) -> ImportPlan:
    """What applying `units` to the document would change.

    `current` are the document's segments, `order` their ids in document order (for the
    neighbour context). A unit applies to the segment it names (our own export, same
    Chinese); else, with a context (OmegaT's `prev`/`next` props), to the segments with this
    Chinese between those neighbours; else to every segment with this Chinese that no
    context-bound unit claimed (OmegaT's default translation). Unknown: no Chinese or no
    English variant, no segment with this Chinese, a second different English for a segment.
    """
    plan = ImportPlan()
    by_chinese: dict[str, list[int]] = defaultdict(list)
    keys = {sid: norm(to_key(current[sid].source)) for sid in order if sid in current}
    for sid, key in keys.items():
        by_chinese[key].append(sid)
    position = {sid: i for i, sid in enumerate(keys)}
    ids = list(keys)

    def neighbour(sid: int, step: int) -> str | None:
        i = position[sid] + step
        return current[ids[i]].source if 0 <= i < len(ids) else None

    claimed: dict[int, tuple[str, str]] = {}  # segment id -> (unit id, English) that decided it
    bound: set[int] = set()  # segments a unit names or a context unit claimed
    defaults: list[tuple[TmxUnit, TmxVariant, TmxVariant]] = []
    for unit in units:
        zh = unit.variant(unit.srclang) if unit.srclang not in ("", "*all*") else None
        zh = zh if zh is not None and zh.lang.lower().startswith("zh") else unit.variant("zh")
        en = unit.variant("en")
        label = unit.tuid or f"line {unit.line}"
        if zh is None or en is None:
            missing = "Chinese" if zh is None else "English"
            plan.unknown.append(Unknown(label, f"the unit has no {missing}"))
            continue
        named = _named_segment(unit)
        if named in current and same_chinese(zh.text, current[named].source, zh.lang):
            bound.add(named)
            _apply(unit, zh, en, [named], plan, current, claimed, approve, base=True)
            continue
        prev, nxt = unit.prop("prev"), unit.prop("next")
        if prev is None and nxt is None:
            defaults.append((unit, zh, en))
            continue
        matches = [
            sid
            for sid in by_chinese.get(norm(to_key(zh.text)), [])
            if (prev is None or _same(neighbour(sid, -1), prev))
            and (nxt is None or _same(neighbour(sid, 1), nxt))
        ]
        if not matches:
            plan.unknown.append(Unknown(label, "no segment with this Chinese in this context"))
            continue
        bound.update(matches)
        _apply(unit, zh, en, matches, plan, current, claimed, approve)
    for unit, zh, en in defaults:
        found = by_chinese.get(norm(to_key(zh.text)), [])
        if not found:
            plan.unknown.append(
                Unknown(unit.tuid or f"line {unit.line}", "no segment with this Chinese")
            )
            continue
        free = [sid for sid in found if sid not in bound]
        _apply(unit, zh, en, free, plan, current, claimed, approve)
    return plan


def to_key(chinese: str) -> str:
    """Chinese compared in Simplified, so a Traditional export still finds its segments."""
    return to_simplified(chinese)


def _same(ours: str | None, theirs: str) -> bool:
    return ours is not None and norm(to_key(ours)) == norm(to_key(theirs))


def _apply(
    unit: TmxUnit,
    zh: TmxVariant,
    en: TmxVariant,
    segment_ids: list[int],
    plan: ImportPlan,
    current: Mapping[int, CurrentSegment],
    claimed: dict[int, tuple[str, str]],
    approve: bool,
    *,
    base: bool = False,
) -> None:
    label = unit.tuid or f"line {unit.line}"
    if same_chinese(en.text, zh.text, zh.lang):
        plan.unchanged.extend(segment_ids)  # the Chinese copied over: untranslated, says nothing
        return
    version = unit.prop("x-version")
    incoming = Incoming(
        unit_id=label,
        source=zh.text,
        target=en.text,
        status=_status(unit),
        # Only our own unit for this very segment knows the version it was exported at.
        base_version=int(version) if base and version and version.isdigit() else None,
        source_language=zh.lang,
        changed_at=en.changed_at or unit.changed_at,
    )
    for sid in segment_ids:
        if sid in claimed:
            first, english = claimed[sid]
            if norm(english) != norm(en.text):  # a repeated identical unit says nothing new
                plan.unknown.append(
                    Unknown(label, f"segment {sid} already has other English from unit {first}")
                )
            continue
        claimed[sid] = (label, en.text)
        classify(incoming, current[sid], plan, approve=approve)
