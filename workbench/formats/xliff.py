"""XLIFF 1.2 (strict schema): a <group> per paragraph, a <trans-unit> per segment.

The writer and the reader of the one format. Written by hand (translate-toolkit writes 1.1)
and incrementally, one group at a time; `read_xliff` and `plan_xliff_import` bring a file
filled in another tool back (see `bilingual` for what an import changes).

What a later import relies on:
- trans-unit `id` is the segment's database id; `resname` and a location context group
  ("segment-N") say it again, the latter where translate-toolkit's xliff2po keeps it (the PO
  "#:" line, which po2xliff writes back), so a unit survives the PO route;
- `extradata="version=N"` records the segment version at export: the strict schema allows
  `extradata` on trans-unit, and CAT tools carry unknown attributes through untouched;
- `state` (and `state-qualifier`) come from `statuses.XLIFF_STATE`, the 1.2 spec's meanings;
  approved segments also get `approved="yes"`.
Paragraph groups carry `restype` "x-heading" (with `extradata="level=N"`), "x-front" or
"x-paragraph" (the strict schema's own list has no value for a paragraph). Comments become
<note from=author>, glossary terms <note from="glossary" annotates="source">, and the newest
MT an <alt-trans origin="mt">.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from ..statuses import XLIFF_STATE, Status, status_from_xliff
from .base import (
    TOOL_NAME,
    TOOL_VERSION,
    ChineseText,
    ExporterBase,
    ExportReport,
    FormatError,
    ReportCounter,
    clean_text,
    format_when,
    inline_text,
    local_name,
    safe_parser,
    term_note,
    xml_error,
)
from .bilingual import CurrentSegment, ImportPlan, Incoming, Unknown, classify, same_chinese
from .model import ExportDocument, ExportOptions, ExportParagraph, ExportSegment

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MT_ORIGIN = "mt"


def _q(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def _note(parent: etree._Element, text: str, author: str, annotates: str = "general") -> None:
    attrs = {"from": clean_text(author)} if author else {}
    if annotates != "general":
        attrs["annotates"] = annotates
    etree.SubElement(parent, _q("note"), attrs).text = clean_text(text)


def build_trans_unit(
    segment: ExportSegment, chinese: ChineseText, target_lang: str, *, omegat: bool = False
) -> etree._Element:
    status = Status(segment.status)
    attrs = {"id": str(segment.id), "resname": f"segment-{segment.id}"}
    if status == Status.APPROVED and not omegat:
        attrs["approved"] = "yes"
    attrs["extradata"] = f"version={segment.version}"
    attrs[XML_SPACE] = "preserve"  # sentences are plain text: keep their spaces as they are
    unit = etree.Element(_q("trans-unit"), attrs)
    source = chinese.convert(segment.source)
    etree.SubElement(unit, _q("source")).text = source
    if omegat:
        # OmegaT 3.6's XLIFF filter translates the text of <target>: it gets the Chinese,
        # and the English travels in the TMX beside it (tm/), where OmegaT fills it in.
        target = etree.SubElement(unit, _q("target"), state="needs-translation")
        target.text = source
    else:
        state, qualifier = XLIFF_STATE[status]
        target = etree.SubElement(unit, _q("target"), state=state)
        if qualifier:
            target.set("state-qualifier", qualifier)
        target.text = clean_text(segment.target)
    # The segment again as a location, the one thing translate-toolkit's xliff2po keeps
    # (as the PO "#:" line) and po2xliff writes back: the PO route keeps the unit's segment.
    location = etree.SubElement(unit, _q("context-group"), purpose="location")
    etree.SubElement(
        location, _q("context"), {"context-type": "sourcefile"}
    ).text = f"segment-{segment.id}"
    for comment in segment.comments:
        _note(
            unit, f"{format_when(comment.created_at)}: {comment.body}", comment.author or "unknown"
        )
    for term in segment.terms:
        _note(unit, chinese.convert(f"{term.source} = {term_note(term)}"), "glossary", "source")
    mt = clean_text(segment.mt)
    if mt and mt != target.text and not omegat:
        alt = etree.SubElement(unit, _q("alt-trans"), origin=MT_ORIGIN)
        etree.SubElement(
            alt, _q("target"), {"{http://www.w3.org/XML/1998/namespace}lang": target_lang}
        ).text = mt
    return unit


def build_group(paragraph: ExportParagraph) -> etree._Element:
    attrs = {"id": f"p{paragraph.number}"}
    if paragraph.is_heading:
        attrs["restype"] = "x-heading"
        attrs["extradata"] = f"level={paragraph.level}"
    elif paragraph.kind == "front":
        attrs["restype"] = "x-front"
    else:
        attrs["restype"] = "x-paragraph"
    return etree.Element(_q("group"), attrs, nsmap={None: XLIFF_NS})


class XliffExporter(ExporterBase):
    name = "xliff"
    extension = "xlf"
    mimetype = "application/x-xliff+xml"
    description = "XLIFF 1.2 for CAT tools; can be imported back"
    reads = True
    read_extensions = (".xlf", ".xliff", ".xml")

    @staticmethod
    def plan(
        data: bytes, current: Mapping[int, CurrentSegment], order: Sequence[int], approve: bool
    ) -> ImportPlan:
        """What applying an XLIFF to the document would do (the reader of this format)."""
        return plan_xliff_import(read_xliff(data), current, approve=approve)

    omegat = False
    label = "XLIFF"

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport:
        chinese = ChineseText(doc.source_lang, options.chinese)
        counter = ReportCounter()
        file_attrs = {
            "original": clean_text(doc.filename or doc.title or f"document-{doc.id}"),
            "source-language": chinese.lang_tag,
            "target-language": doc.target_lang,
            "datatype": "plaintext",
            "date": doc.exported_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tool-id": TOOL_NAME,
            "product-name": clean_text(doc.title),
        }
        with etree.xmlfile(out, encoding="UTF-8") as xf:
            xf.write_declaration()
            with xf.element(_q("xliff"), {"version": "1.2"}, nsmap={None: XLIFF_NS}):
                xf.write("\n")
                with xf.element(_q("file"), file_attrs):
                    xf.write("\n")
                    xf.write(self._header(doc), pretty_print=True)
                    with xf.element(_q("body")):
                        xf.write("\n")
                        for paragraph in doc.paragraphs:
                            group = self._group(
                                paragraph, chinese, doc.target_lang, options, counter
                            )
                            if group is not None:
                                xf.write(group, pretty_print=True)
                    xf.write("\n")
                xf.write("\n")
        out.write(b"\n")
        return counter.report(self.label)

    @staticmethod
    def _header(doc: ExportDocument) -> etree._Element:
        header = etree.Element(_q("header"), nsmap={None: XLIFF_NS})
        etree.SubElement(
            header,
            _q("tool"),
            {"tool-id": TOOL_NAME, "tool-name": TOOL_NAME, "tool-version": TOOL_VERSION},
        )
        _note(header, f"workbench document {doc.id}: {doc.title}", TOOL_NAME)
        return header

    def _group(
        self,
        paragraph: ExportParagraph,
        chinese: ChineseText,
        target_lang: str,
        options: ExportOptions,
        counter: ReportCounter,
    ) -> etree._Element | None:
        group = build_group(paragraph)
        for segment in paragraph.segments:
            if not counter.keep(segment, options):
                continue
            counter.written(segment, clean_text(segment.target))
            group.append(build_trans_unit(segment, chinese, target_lang, omegat=self.omegat))
        return group if len(group) else None  # a paragraph whose segments were all filtered out


class OmegatXliffExporter(XliffExporter):
    """The flavour OmegaT 3.6's XLIFF filter translates: every <target> holds the Chinese."""

    name = "xliff-omegat"
    description = "XLIFF 1.2 for OmegaT 3.6 (targets pre-filled with the Chinese; use with the TMX)"
    omegat = True
    label = "XLIFF for OmegaT"
    reads = False  # what OmegaT writes back is read as `xliff`


# --- reading back --------------------------------------------------------------------------
#
# `read_xliff` accepts XLIFF 1.2 (and 1.1, which translate-toolkit and older tools write) from
# any CAT tool, with or without the namespace. Inline markup is reduced by `inline_text`. Only
# a trans-unit's own <source>/<target> count (never <alt-trans>).

_VERSION = re.compile(r"(?:^|[;,\s])version=(\d+)(?:$|[;,\s])")
# Where a segment id survives when a tool renumbers the units: our resname or location
# context "segment-N" (xliff2po -> PO "#: segment-N" -> po2xliff context group).
_SEGMENT_REF = re.compile(r"(?:^|\b)segment-(\d+)$")


@dataclass(frozen=True)
class XliffUnit:
    id: str
    source: str
    target: str | None  # None: no <target> element
    state: str | None  # the target's state attribute
    approved: bool
    base_version: int | None  # segment version at export (extradata="version=N")
    notes: tuple[str, ...] = ()
    source_language: str = ""  # of the enclosing <file>, e.g. zh-TW for a Traditional export
    state_qualifier: str | None = None
    refs: tuple[str, ...] = ()  # resname and context values that may name the segment

    @property
    def segment_id(self) -> int | None:
        """The segment this unit was exported from: a `segment-N` reference (which survives a
        tool that renumbers the units, as po2xliff does), else a numeric id."""
        for ref in (*self.refs, self.id):
            match = _SEGMENT_REF.search(ref.strip())
            if match:
                return int(match.group(1))
        return int(self.id) if self.id.isdigit() else None


def _child(unit: etree._Element, name: str) -> etree._Element | None:
    for child in unit:
        if local_name(child) == name:
            return child
    return None


def _base_version(unit: etree._Element) -> int | None:
    match = _VERSION.search(unit.get("extradata") or "")
    return int(match.group(1)) if match else None


def _unit(element: etree._Element, source_language: str) -> XliffUnit:
    source = _child(element, "source")
    target = _child(element, "target")
    notes = tuple(inline_text(n).strip() for n in element if local_name(n) == "note")
    refs = [element.get("resname") or ""]
    refs += [c.text or "" for c in element.iter("{*}context", "context")]
    return XliffUnit(
        id=element.get("id", ""),
        source=inline_text(source) if source is not None else "",
        target=inline_text(target) if target is not None else None,
        state=target.get("state") if target is not None else None,
        approved=element.get("approved") == "yes",
        base_version=_base_version(element),
        notes=notes,
        source_language=source_language,
        state_qualifier=target.get("state-qualifier") if target is not None else None,
        refs=tuple(r for r in refs if r),
    )


def _parse(data: bytes) -> etree._Element:
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise xml_error(exc) from None
    if root is None or local_name(root) != "xliff":
        found = local_name(root) if root is not None else "nothing"
        raise FormatError(f"not an XLIFF file: the root element is <{found}>, not <xliff>")
    version = root.get("version", "")
    if version and not version.startswith("1."):
        raise FormatError(f"XLIFF {version} is not supported (XLIFF 1.2 or 1.1 expected)")
    return root


def read_xliff(data: bytes) -> list[XliffUnit]:
    """Every trans-unit of every <file>, in file order; FormatError on malformed input."""
    root = _parse(data)
    units: list[XliffUnit] = []
    for file_el in root:
        if local_name(file_el) != "file":
            continue
        source_language = file_el.get("source-language", "")
        for element in file_el.iter("{*}trans-unit", "trans-unit"):  # any namespace, or none
            if element.get("id") is None:
                line = element.sourceline
                raise FormatError(f"a <trans-unit> without an id (line {line})")
            if element.get("restype") == "x-gettext-domain-header":
                continue  # po2xliff's copy of the PO header: no text of the document
            units.append(_unit(element, source_language))
    if not units and not any(local_name(f) == "file" for f in root):
        raise FormatError("the XLIFF file has no <file> element")
    return units


def plan_xliff_import(
    units: list[XliffUnit], current: Mapping[int, CurrentSegment], *, approve: bool = False
) -> ImportPlan:
    """Units matched to segments by id (or `segment-N` reference) and the Chinese, then
    classified by `bilingual.classify`; unknown: no such segment, repeated, Chinese differs."""
    plan = ImportPlan()
    seen: set[int] = set()
    for unit in units:
        segment_id = unit.segment_id
        segment = current.get(segment_id) if segment_id is not None else None
        if segment_id is None or segment is None:
            plan.unknown.append(Unknown(unit.id, "not a segment of this document"))
            continue
        if segment_id in seen:
            plan.unknown.append(Unknown(unit.id, "appears more than once in the file"))
            continue
        seen.add(segment_id)
        if not same_chinese(unit.source, segment.source, unit.source_language):
            plan.unknown.append(Unknown(unit.id, "the Chinese differs from the segment's"))
            continue
        incoming = Incoming(
            unit_id=unit.id,
            source=unit.source,
            target=unit.target or "",
            status=_status(unit),
            base_version=unit.base_version,
            source_language=unit.source_language,
        )
        classify(incoming, segment, plan, approve=approve)
    return plan


def _status(unit: XliffUnit) -> str | None:
    status = status_from_xliff(unit.state, unit.state_qualifier, unit.approved)
    return status.value if status is not None else None
