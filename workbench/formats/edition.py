"""The English edition: English only, the original paragraphs and headings rebuilt.

A paragraph's sentences are joined with single spaces; headings keep their level. Nothing
goes silently blank:
- a segment without English shows "[missing: segment N]", or with fill_mt its MT as
  "[MT] text";
- a segment the options exclude (approved_only, statuses) shows "[left out: segment N, status]".
- English that is raw MT (no person has taken it on) shows as "[MT] text", or with
  leave_out_mt as "[left out: segment N, raw MT]", and is counted apart in the report.
The report counts each case. The title: see `edition`. Three
formats share the walk: DOCX (python-docx, in memory; the house style of `docx_common`: A4,
title, heading styles, page numbers), HTML (the same look, A4 when printed) and Markdown
(written paragraph by paragraph).
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .base import English, ExporterBase, ExportReport, ReportCounter, clean_text, heading_level
from .bilingual import norm
from .docx_common import add_english, heading_style, new_document, save
from .html_bilingual import english_html
from .model import ExportDocument, ExportOptions, ExportParagraph


@dataclass(frozen=True)
class EditionParagraph:
    kind: str  # heading | body | front
    level: int
    pieces: list[English]  # one per segment, in order

    @property
    def is_heading(self) -> bool:
        return self.kind == "heading"


def _pieces(paragraph: ExportParagraph, options: ExportOptions, counter: ReportCounter):
    # Sentences are one line each in the edition: a stray newline would split a paragraph.
    return [
        English(" ".join(piece.text.split()), piece.kind)
        for piece in (counter.english(s, options) for s in paragraph.segments)
    ]


def edition(
    doc: ExportDocument, options: ExportOptions, counter: ReportCounter
) -> tuple[str, Iterator[EditionParagraph]]:
    """The edition's title and its paragraphs (walked once, as the document is).

    The title is `options.title`; else, when the document opens with its title line (the
    paragraph whose Chinese is the document's title, as the import finds it), that line's
    English, which then is the title rather than a paragraph (raw MT or missing English show
    their marker there, as anywhere); else the document's title as stored.
    """
    paragraphs = iter(doc.paragraphs)
    first = next(paragraphs, None)
    title = options.title or doc.title
    if first is not None and _is_title_line(first, doc.title):
        pieces = _pieces(first, options, counter)
        title = options.title or " ".join(piece.text for piece in pieces)
    elif first is not None:
        paragraphs = itertools.chain([first], paragraphs)

    def walk() -> Iterator[EditionParagraph]:
        for paragraph in paragraphs:
            pieces = _pieces(paragraph, options, counter)
            if pieces:
                yield EditionParagraph(paragraph.kind, paragraph.level, pieces)

    return " ".join(clean_text(title).split()), walk()


def _is_title_line(paragraph: ExportParagraph, title: str) -> bool:
    chinese = "".join(s.source for s in paragraph.segments)
    return bool(paragraph.segments) and norm(chinese) == norm(title)


def joined(paragraph: EditionParagraph) -> str:
    return " ".join(piece.text for piece in paragraph.pieces)


class EditionBase(ExporterBase):
    bilingual = False  # English only
    edition = True  # what gets published: held back by open QA errors


class EditionDocxExporter(EditionBase):
    name = "edition-docx"
    extension = "docx"
    mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    description = "English edition as a Word document"

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport:
        counter = ReportCounter()
        # The language tag only labels East Asian runs; an edition has none but markers may.
        document = new_document("zh-Hans", "zh-CN")
        title, paragraphs = edition(doc, options, counter)
        document.add_paragraph(title, style="Title")
        for paragraph in paragraphs:
            style = heading_style(paragraph.level) if paragraph.is_heading else "Normal"
            add_english(document.add_paragraph(style=style), paragraph.pieces)
        save(document, out, title, doc.exported_at)
        return counter.report("English edition (DOCX)")


# The DOCX house style in CSS: A4 with the same margins, serif body, black headings, the
# title centred, page numbers in the bottom margin when printed.
EDITION_CSS = """
@page { size: A4; margin: 25mm 20mm; @bottom-center { content: counter(page); } }
body { font-family: "Times New Roman", Georgia, serif; font-size: 11pt; line-height: 1.4;
  margin: 2em auto; max-width: 42em; color: #000; }
h1.title { font-size: 20pt; text-align: center; margin: 0 0 18pt; }
h1 { font-size: 15pt; margin: 18pt 0 6pt; } h2 { font-size: 13pt; margin: 14pt 0 4pt; }
h3 { font-size: 11.5pt; margin: 12pt 0 3pt; } h4, h5, h6 { font-size: 11pt; font-style: italic; }
h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 6pt; orphans: 3; widows: 3; }
.marker { color: #933; font-style: italic; }
@media print { body { margin: 0; max-width: none; } }
"""


class EditionHtmlExporter(EditionBase):
    name = "edition-html"
    extension = "html"
    mimetype = "text/html"
    description = "English edition as a self-contained web page"

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport:
        counter = ReportCounter()
        plain_title, paragraphs = edition(doc, options, counter)
        title = html.escape(plain_title, quote=True)
        out.write(
            (
                '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{title}</title>\n<style>{EDITION_CSS}</style>\n</head>\n<body>\n"
                f'<h1 class="title">{title}</h1>\n'
            ).encode()
        )
        for paragraph in paragraphs:
            body = " ".join(english_html(p) for p in paragraph.pieces)
            if paragraph.is_heading:
                level = heading_level(paragraph.level)
                line = f"<h{level}>{body}</h{level}>\n"
            else:
                line = f'<p class="{paragraph.kind}">{body}</p>\n'
            out.write(line.encode("utf-8"))
        out.write(b"</body>\n</html>\n")
        return counter.report("English edition (HTML)")


# CommonMark: these always need a backslash to stay literal text (& would start an entity,
# < raw HTML, [ ] a link, * _ emphasis, ` code, | a table cell, ~ strikethrough, \ itself).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
# ...and these only at the start of a line: heading, list, block quote, ordered list.
_MD_LINE_START = re.compile(r"^([#+\-=>]|\d+[.)])")


def md_escape(text: str) -> str:
    """`text` as literal Markdown (CommonMark + common table/strike extensions)."""
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


class EditionMarkdownExporter(EditionBase):
    name = "edition-md"
    extension = "md"
    mimetype = "text/markdown"
    description = "English edition as Markdown"

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport:
        counter = ReportCounter()
        title, paragraphs = edition(doc, options, counter)
        out.write(f"{md_escape(title)}\n===\n".encode())  # a setext heading: the title
        for paragraph in paragraphs:
            text = md_escape(joined(paragraph))
            if paragraph.is_heading:
                text = "#" * heading_level(paragraph.level) + " " + text
            out.write(("\n" + text + "\n").encode())
        return counter.report("English edition (Markdown)")
