"""Bilingual HTML: one self-contained, printable page, Chinese and English side by side.

Inline CSS only, no scripts, no external resources. One table row per paragraph (headings as
heading rows); each sentence is a <span id="s{segment id}"> so a reviewer can point at it.
Glossary terms in the Chinese are <abbr class="term" title="rendering — note"><mark>…</mark>
</abbr> and are listed again in an appendix (tooltips do not print). Printing: @page margins,
the table header repeats (thead), rows do not split across pages, headings stay with the row
after them. Written as it goes, paragraph by paragraph. Every piece of text is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import BinaryIO

from .base import (
    ChineseText,
    English,
    ExporterBase,
    ExportReport,
    GlossaryCollector,
    ReportCounter,
    clean_text,
    term_note,
)
from .model import ExportDocument, ExportOptions, ExportParagraph, ExportSegment, GlossaryEntry

CJK_FONTS = {
    "zh-Hans": '"Noto Serif CJK SC", "Source Han Serif SC", SimSun, serif',
    "zh-Hant-TW": '"Noto Serif CJK TC", "Source Han Serif TC", PMingLiU, serif',
    "zh-Hant-HK": '"Noto Serif CJK HK", "Noto Serif CJK TC", MingLiU_HKSCS, serif',
}

CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "Times New Roman", Georgia, serif; font-size: 11pt; line-height: 1.45;
  margin: 1.5em auto; max-width: 68em; color: #111; }
[lang|="zh"] { font-family: %(cjk)s; }
table { border-collapse: collapse; width: 100%%; }
th, td { border: 1px solid #bbb; padding: 0.35em 0.55em; vertical-align: top; width: 50%%;
  text-align: left; }
thead { display: table-header-group; }
thead th { background: #eee; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.heading { break-after: avoid; page-break-after: avoid; }
tr.heading td { font-weight: bold; background: #f6f6f6; }
tr.level-1 td { font-size: 1.3em; }
tr.level-2 td { font-size: 1.15em; }
mark { background: #fff3b0; }
abbr.term { text-decoration: none; border-bottom: 1px dotted #996; }
.marker { color: #933; font-style: italic; }
section.glossary { break-before: page; page-break-before: always; }
/* The appendix has three columns of its own: fixed widths, the note the widest. */
section.glossary table { table-layout: fixed; }
section.glossary th, section.glossary td { width: auto; overflow-wrap: anywhere; }
col.term { width: 22%%; } col.rendering { width: 30%%; } col.note { width: 48%%; }
@media print { body { margin: 0; max-width: none; } }
"""


def esc(text: str) -> str:
    return html.escape(clean_text(text), quote=True)


def chinese_html(segment: ExportSegment, chinese: ChineseText) -> str:
    parts = []
    for text, term in chinese.pieces(segment.source, segment.terms):
        if term is None:
            parts.append(esc(text))
        else:
            parts.append(
                f'<abbr class="term" title="{esc(chinese.convert(term_note(term)))}">'
                f"<mark>{esc(text)}</mark></abbr>"
            )
    return "".join(parts)


def english_html(piece: English) -> str:
    if piece.kind == "human":
        return esc(piece.text)
    return f'<span class="marker {piece.kind}">{esc(piece.text)}</span>'


class HtmlBilingualExporter(ExporterBase):
    name = "html-bilingual"
    extension = "html"
    mimetype = "text/html"
    description = "Printable web page: Chinese and English side by side"

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport:
        chinese = ChineseText(doc.source_lang, options.chinese)
        counter = ReportCounter()
        glossary = GlossaryCollector(doc, chinese)

        def emit(text: str) -> None:
            out.write(text.encode("utf-8"))

        emit(self._head(doc, options, chinese))
        for paragraph in doc.paragraphs:
            row = self._row(paragraph, chinese, options, counter, glossary)
            if row:
                emit(row)
        emit("</tbody>\n</table>\n")
        emit(self._appendix(glossary.entries(), chinese.lang_tag))
        emit("</body>\n</html>\n")
        return counter.report("Bilingual HTML")

    @staticmethod
    def _head(doc: ExportDocument, options: ExportOptions, chinese: ChineseText) -> str:
        title = esc(doc.title)
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n<style>{CSS % {'cjk': CJK_FONTS[options.chinese]}}</style>\n"
            f"</head>\n<body>\n<h1>{title}</h1>\n"
            f'<table class="bilingual">\n<thead><tr><th lang="{chinese.lang_tag}">'
            f"Chinese ({chinese.lang_tag})</th><th>English</th></tr></thead>\n<tbody>\n"
        )

    @staticmethod
    def _row(
        paragraph: ExportParagraph,
        chinese: ChineseText,
        options: ExportOptions,
        counter: ReportCounter,
        glossary: GlossaryCollector,
    ) -> str:
        zh: list[str] = []
        en: list[str] = []
        for segment in paragraph.segments:
            if not counter.keep(segment, options):
                continue
            glossary.add(segment)
            anchor = f' id="s{segment.id}"'
            zh.append(
                f'<span{anchor} data-segment="{segment.id}">{chinese_html(segment, chinese)}</span>'
            )
            en.append(
                f'<span data-segment="{segment.id}">{english_html(counter.english(segment, options))}</span>'
            )
        if not zh:
            return ""
        classes = f"heading level-{paragraph.level}" if paragraph.is_heading else paragraph.kind
        return (
            f'<tr class="{classes}" id="p{paragraph.number}">'
            f'<td lang="{chinese.lang_tag}">{"".join(zh)}</td><td>{" ".join(en)}</td></tr>\n'
        )

    @staticmethod
    def _appendix(entries: Iterable[GlossaryEntry], lang_tag: str) -> str:
        rows = [
            f'<tr><td lang="{lang_tag}">{esc(e.source)}</td><td>{esc(e.target)}</td>'
            f"<td>{esc(e.note)}</td></tr>\n"
            for e in entries
        ]
        if not rows:
            return ""
        return (
            '<section class="glossary">\n<h2>Glossary</h2>\n<table>\n'
            '<colgroup><col class="term"><col class="rendering"><col class="note"></colgroup>\n'
            "<thead><tr><th>Term</th><th>Rendering</th><th>Note</th></tr></thead>\n<tbody>\n"
            + "".join(rows)
            + "</tbody>\n</table>\n</section>\n"
        )
