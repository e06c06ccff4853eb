"""XLIFF 1.2 (strict schema): a <group> per paragraph, a <trans-unit> per segment.

Written by hand (translate-toolkit writes 1.1) and incrementally, one group at a time.

What a later import (`xliff_read.py`) relies on:
- trans-unit `id` is the segment's database id;
- `extradata="version=N"` records the segment version at export: the strict schema allows
  `extradata` on trans-unit, and CAT tools carry unknown attributes through untouched;
- `state` comes from `statuses.XLIFF_STATE`, and approved segments also get `approved="yes"`.
Paragraph groups carry `restype` "x-heading" (with `extradata="level=N"`), "x-front" or
"x-paragraph" (the strict schema's own list has no value for a paragraph). Comments become
<note from=author>, glossary terms <note from="glossary" annotates="source">, and the newest
MT an <alt-trans origin="mt">.
"""

from __future__ import annotations

from typing import BinaryIO

from lxml import etree

from ..statuses import XLIFF_STATE, Status
from .base import (
    TOOL_NAME,
    TOOL_VERSION,
    ChineseText,
    ExportReport,
    ReportCounter,
    clean_text,
    format_when,
    term_note,
)
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
    segment: ExportSegment, chinese: ChineseText, target_lang: str
) -> etree._Element:
    status = Status(segment.status)
    attrs = {"id": str(segment.id)}
    if status == Status.APPROVED:
        attrs["approved"] = "yes"
    attrs["extradata"] = f"version={segment.version}"
    attrs[XML_SPACE] = "preserve"  # sentences are plain text: keep their spaces as they are
    unit = etree.Element(_q("trans-unit"), attrs)
    etree.SubElement(unit, _q("source")).text = chinese.convert(segment.source)
    target = etree.SubElement(unit, _q("target"), state=XLIFF_STATE[status])
    target.text = clean_text(segment.target)
    for comment in segment.comments:
        _note(
            unit, f"{format_when(comment.created_at)}: {comment.body}", comment.author or "unknown"
        )
    for term in segment.terms:
        _note(unit, f"{chinese.convert(term.source)} = {term_note(term)}", "glossary", "source")
    mt = clean_text(segment.mt)
    if mt and mt != target.text:
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


class XliffExporter:
    name = "xliff"
    extension = "xlf"
    mimetype = "application/x-xliff+xml"
    description = "XLIFF 1.2 for CAT tools; can be imported back"
    bilingual = True

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
        return counter.report("XLIFF")

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

    @staticmethod
    def _group(
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
            group.append(build_trans_unit(segment, chinese, target_lang))
        return group if len(group) else None  # a paragraph whose segments were all filtered out
