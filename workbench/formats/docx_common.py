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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
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
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), lang_tag)


def new_document(variant: str, lang_tag: str) -> DocxDocument:
    document = docx.Document()
    east_asian = EAST_ASIAN_FONTS[variant]
    for name in ["Normal", "Title"] + [f"Heading {n}" for n in range(1, 7)]:
        set_fonts(document.styles[name], east_asian, lang_tag)
    document.styles["Normal"].font.size = Pt(11)
    return document


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
