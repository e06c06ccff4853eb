"""python-docx helpers shared by the bilingual DOCX and the English edition.

Word and LibreOffice pick the font for Chinese from the run's *East Asian* font slot
(w:rFonts/@w:eastAsia), not from the Latin one; with it unset CJK may render as boxes or in a
random fallback. We set it on the styles and on every Chinese run, plus w:lang/@w:eastAsia,
which LibreOffice uses to choose an installed CJK font (e.g. Noto Serif CJK) when the named
one is missing.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import BinaryIO

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .base import English, heading_level, rezip

# The usual system font for each variant in Word; LibreOffice falls back by language.
EAST_ASIAN_FONTS = {"zh-Hans": "SimSun", "zh-Hant-TW": "PMingLiU", "zh-Hant-HK": "MingLiU_HKSCS"}
LATIN_FONT = "Times New Roman"
MARKER_COLOR = RGBColor(0x99, 0x33, 0x00)


def set_fonts(owner: BaseStyle | Run, east_asian: str, lang_tag: str) -> None:
    """Set Latin and East Asian fonts (and the East Asian language) on a style or run."""
    rpr = owner.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    # Theme fonts (the template's headings use them) would win over the named ones.
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), lang_tag)


# The house style: (size in points, bold, italic, space before, space after) per style.
# Black text throughout (python-docx's template colours headings blue), A4, page numbers.
HOUSE_STYLES = {
    "Normal": (11, False, False, 0, 6),
    "Title": (20, True, False, 0, 18),
    "Heading 1": (15, True, False, 18, 6),
    "Heading 2": (13, True, False, 14, 4),
    "Heading 3": (11.5, True, False, 12, 3),
    "Heading 4": (11, True, True, 10, 3),
    "Heading 5": (11, False, True, 8, 2),
    "Heading 6": (11, False, True, 8, 2),
}
BLACK = RGBColor(0, 0, 0)


def new_document(variant: str, lang_tag: str) -> DocxDocument:
    """A blank document in the house style: A4 with 25/20 mm margins, serif body, black
    headings that keep with the next paragraph, a centred page number in the footer."""
    document = docx.Document()
    east_asian = EAST_ASIAN_FONTS[variant]
    for name, (size, bold, italic, before, after) in HOUSE_STYLES.items():
        style = document.styles[name]
        set_fonts(style, east_asian, lang_tag)
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.font.color.rgb = BLACK
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if name != "Normal":
            fmt.keep_with_next = True
    document.styles["Normal"].paragraph_format.line_spacing = 1.15
    title = document.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The template's Title has a blue bottom border; the house style has none.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(20)
    add_page_number(section.footer.paragraphs[0])
    return document


def _field_char(kind: str) -> OxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def add_page_number(paragraph: Paragraph) -> None:
    """A centred PAGE field: Word and LibreOffice fill in the number on every page."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()._r
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    shown = OxmlElement("w:t")  # what a reader that does not update fields shows
    shown.text = "1"
    for element in (_field_char("begin"), instruction, _field_char("separate"), shown):
        run.append(element)
    run.append(_field_char("end"))


def heading_style(level: int) -> str:
    return f"Heading {heading_level(level)}"


def add_english(paragraph: Paragraph, pieces: list[English]) -> None:
    """English sentences as runs joined by single spaces; markers italic and coloured."""
    for index, piece in enumerate(pieces):
        if index:
            paragraph.add_run(" ")
        run = paragraph.add_run(piece.text)
        if piece.kind != "human":
            run.italic = True
            run.font.color.rgb = MARKER_COLOR


def save(document: DocxDocument, out: BinaryIO, title: str, when: datetime) -> None:
    """Save with fixed metadata and zip dates, so the same data gives the same bytes."""
    props = document.core_properties
    props.title = title
    props.author = "workbench"
    props.last_modified_by = "workbench"
    props.created = when
    props.modified = when
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    out.write(rezip(buffer.getvalue(), when))
