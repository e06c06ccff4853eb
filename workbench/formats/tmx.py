"""TMX 1.4b: one <tu> per segment, the Chinese (in the chosen variant) and the English.

Written incrementally with lxml's `xmlfile`, one <tu> at a time, so memory does not grow with
the document. A segment without English keeps an empty English <seg/> (its id, status and
dates still travel); fill_mt does not apply here: MT must not enter a translation memory.
"""

from __future__ import annotations

from datetime import datetime
from typing import BinaryIO

from lxml import etree

from .base import (
    TOOL_NAME,
    TOOL_VERSION,
    ChineseText,
    ExportReport,
    ReportCounter,
    clean_text,
    comment_line,
    iter_segments,
)
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


def build_tu(
    segment: ExportSegment, paragraph: int, heading: bool, chinese: ChineseText, target_lang: str
) -> etree._Element:
    attrs = {"tuid": str(segment.id), "creationdate": tmx_date(segment.created_at)}
    if segment.created_by:
        attrs["creationid"] = clean_text(segment.created_by)
    attrs["changedate"] = tmx_date(segment.changed_at)
    if segment.changed_by:
        attrs["changeid"] = clean_text(segment.changed_by)
    tu = etree.Element("tu", attrs)
    _prop(tu, "x-segment-id", str(segment.id))
    _prop(tu, "x-status", segment.status)
    _prop(tu, "x-paragraph", str(paragraph))
    if heading:
        _prop(tu, "x-heading", "yes")
    _prop(tu, "x-version", str(segment.version))
    _prop(tu, "x-origin", segment.origin)
    for comment in segment.comments:
        etree.SubElement(tu, "note").text = comment_line(comment)
    _tuv(tu, chinese.lang_tag, chinese.convert(segment.source))
    _tuv(tu, target_lang, clean_text(segment.target))
    return tu


class TmxExporter:
    name = "tmx"
    extension = "tmx"
    mimetype = "application/x-tmx+xml"
    description = "TMX 1.4b translation memory (Chinese + English per segment)"
    bilingual = True

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport:
        chinese = ChineseText(doc.source_lang, options.chinese)
        counter = ReportCounter()
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
                        counter.written(segment, clean_text(segment.target))
                        tu = build_tu(segment, number, is_heading, chinese, doc.target_lang)
                        xf.write(tu, pretty_print=True)
        out.write(b"\n")
        return counter.report("TMX")
