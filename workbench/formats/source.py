"""The reports a document is imported from (pure): bytes + filename -> SourceDocument.

Accepted: .txt / .md (.markdown) in UTF-8 (with or without BOM), UTF-16 with a BOM, or
GB18030/GBK; and .docx. Anything else is refused with `ImportRefused`, whose message is one
line that names the file, what is wrong and where.

Encoding detection never guesses: UTF-8 is tried first; GB18030 is accepted only when the
bytes are not a damaged UTF-8 file (most of their multibyte sequences are invalid UTF-8) and
the GB18030 reading looks like real Chinese (its Han characters are overwhelmingly the
3,755 common ones of GB2312 level 1, which mojibake is not).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from lxml import etree

from workbench.chinese import HAN as _HAN
from workbench.chinese import detect_script, to_simplified
from workbench.segment import Line, ParagraphSpec, segment_lines

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
ACCEPTED_EXTENSIONS = {".txt": "txt", ".md": "md", ".markdown": "md", ".docx": "docx"}
_ACCEPTED_LIST = ".txt, .md, .docx"
_MB = 1024 * 1024


class ImportRefused(ValueError):
    """The file cannot be imported; str(e) is one readable line saying what and where."""


@dataclass
class SourceDocument:
    """A decoded, segmented document, ready for the import service to store."""

    title: str
    filename: str
    source_format: str  # "txt" | "md" | "docx"
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "gb18030" or "docx"
    script: str  # "hans" | "hant"
    paragraphs: list[ParagraphSpec]
    content_hash: str  # sha256 hex of "\n".join(p.text for p in paragraphs)


def read_source(
    filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> SourceDocument:
    """Decode, segment and describe one file, or raise ImportRefused."""
    name = _printable(_basename(filename))
    shown = name or "the file"
    ext = _extension(name)
    if ext not in ACCEPTED_EXTENSIONS:
        raise ImportRefused(_unsupported_message(shown, ext))
    if len(data) > max_bytes:
        raise ImportRefused(
            f"{shown} is {len(data):,} bytes ({_megabytes(len(data))}), over the "
            f"{_megabytes(max_bytes)} import limit"
        )
    if not data:
        raise ImportRefused(f"{shown} is empty (0 bytes)")

    source_format = ACCEPTED_EXTENSIONS[ext]
    lines: list[Line]
    if source_format == "docx":
        lines, title_line = _read_docx(shown, data, max_bytes)
        encoding = "docx"
    else:
        text, encoding = decode_text(shown, data)
        _refuse_control_characters(shown, text)
        if not text.strip():
            raise ImportRefused(f"{shown} contains only whitespace")
        if source_format == "md":
            lines, title_line = _markdown_lines(text)
        else:
            lines, title_line = list(text.splitlines()), None

    paragraphs = segment_lines(lines)
    if not paragraphs:
        raise ImportRefused(f"{shown} contains no text")
    joined = "\n".join(p.text for p in paragraphs)
    return SourceDocument(
        title=title_line or _title_from_paragraphs(paragraphs) or _title_from_filename(name),
        filename=name,
        source_format=source_format,
        encoding=encoding,
        script=detect_script(joined),
        paragraphs=paragraphs,
        content_hash=hashlib.sha256(joined.encode("utf-8")).hexdigest(),
    )


# --- names and messages -------------------------------------------------------------------


def _basename(filename: str) -> str:
    """The last path component: browsers on Windows may send 'C:\\dir\\name.txt'."""
    return re.split(r"[\\/]", filename.strip())[-1].strip()


def _printable(text: str) -> str:
    """`text` safe for a one-line message (control characters and line breaks removed)."""
    return "".join(ch for ch in text if ch.isprintable()).strip()


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot and stem else ""


def _unsupported_message(shown: str, ext: str) -> str:
    if not ext:
        return f"{shown} has no file extension; accepted: {_ACCEPTED_LIST}"
    hint = "; save it as .docx in Word" if ext in (".doc", ".wps", ".rtf") else ""
    return f"{shown}: {ext} files are not supported (accepted: {_ACCEPTED_LIST}){hint}"


def _megabytes(size: int) -> str:
    """'5 MB' for whole megabytes, else '5.3 MB' (MB = 1024 * 1024 bytes)."""
    value = size / _MB
    return f"{int(value)} MB" if value == int(value) else f"{value:.1f} MB"


def _position(prefix: str) -> str:
    """'line L, column C' of the character just after the decoded `prefix` (1-based)."""
    line = prefix.count("\n") + 1
    column = len(prefix) - (prefix.rfind("\n") + 1) + 1
    return f"line {line}, column {column}"


# --- text decoding ------------------------------------------------------------------------

# Leading bytes of formats that users rename to .txt by mistake.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (a .docx file renamed?)"),
    (b"%PDF", "a PDF file"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office file (.doc)"),
    (b"{\\rtf", "an RTF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
# Thresholds for GB18030 detection, measured on the demo report and its mojibake: real
# Chinese text has >95% of its (Simplified) Han characters in GB2312 level 1, UTF-8 read
# as GB18030 ~15-30%; GB18030 read as UTF-8 has about 0.3 valid sequences per invalid one.
_COMMON_HAN_MIN = 0.75
_UTF8_EVIDENCE_RATIO = 4


def decode_text(shown: str, data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a .txt/.md file's bytes, or ImportRefused."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ImportRefused(f"{shown} is {what}, not a text file")
    if data.startswith(_UTF16_BOMS):
        return _decode_utf16(shown, data), "utf-16"
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ImportRefused(
            f"{shown} looks binary, not text: NUL byte at byte offset {nul} "
            "(UTF-16 text needs a byte-order mark)"
        )
    if data.startswith(_UTF8_BOM):
        # The BOM declares UTF-8: a decoding error is damage, never another encoding.
        try:
            return data[len(_UTF8_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise _undecodable(shown, data, "UTF-8", len(_UTF8_BOM) + error.start) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _decode_gb18030(shown, data, error.start), "gb18030"
    # A very short GBK file can be valid UTF-8 by chance; its UTF-8 reading then has no
    # Han characters at all, while the GB18030 reading is plausible Chinese.
    if not _has_han(text) and any(ord(ch) > 0x7F for ch in text):
        gb_text = _try_decode(data, "gb18030")
        if gb_text is not None and _plausible_chinese(gb_text):
            return gb_text, "gb18030"
    return text, "utf-8"


def _decode_utf16(shown: str, data: bytes) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"{shown}: invalid UTF-16 at byte offset {error.start} (byte 0x{data[error.start]:02X})"
        ) from None


def _decode_gb18030(shown: str, data: bytes, utf8_error_at: int) -> str:
    """The GB18030 reading of bytes that are not UTF-8, when the evidence supports it.

    Refused when the bytes look like damaged UTF-8 or the GB18030 reading is mojibake.
    The message points at the UTF-8 error unless the file reads as GB18030 Chinese up to
    a damaged spot, in which case it points there.
    """
    valid, invalid = _utf8_evidence(data)
    looks_utf8 = valid >= _UTF8_EVIDENCE_RATIO * invalid
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        gb_prefix = data[: error.start].decode("gb18030")
        if not looks_utf8 and _plausible_chinese(gb_prefix):
            raise _undecodable(shown, data, "GB18030", error.start) from None
        raise _undecodable(shown, data, "UTF-8", utf8_error_at) from None
    if looks_utf8 or not _plausible_chinese(text):
        raise _undecodable(shown, data, "UTF-8", utf8_error_at)
    return text


def _undecodable(shown: str, data: bytes, label: str, offset: int) -> ImportRefused:
    """The refusal for bytes that fail `label` decoding at `offset`, with line and column."""
    if label == "UTF-8":
        prefix = data[:offset].decode("utf-8").removeprefix("\ufeff")
    else:
        prefix = data[:offset].decode("gb18030")  # valid: decoding failed only at `offset`
    return ImportRefused(
        f"{shown} is not valid UTF-8 or GB18030 text: invalid {label} byte "
        f"0x{data[offset]:02X} at {_position(prefix)} (byte offset {offset})"
    )


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _utf8_evidence(data: bytes) -> tuple[int, int]:
    """(valid non-ASCII UTF-8 characters, invalid bytes) in `data` read as UTF-8.

    A UTF-8 file with a damaged byte has thousands of valid sequences per invalid byte;
    GB18030 text has fewer valid sequences than invalid bytes.
    """
    text = data.decode("utf-8", errors="surrogateescape")  # invalid bytes -> U+DC80..U+DCFF
    invalid = len(_ESCAPED_BYTE.findall(text))
    return len(_NON_ASCII.findall(text)) - invalid, invalid


def _has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def _plausible_chinese(text: str) -> bool:
    """Whether `text` reads as Chinese rather than mojibake.

    No private-use or control characters, and most Han characters (after converting
    Traditional to Simplified, so GBK-encoded Traditional text passes too) among the
    3,755 common characters of GB2312 level 1 (lead bytes 0xB0-0xD7).
    """
    if any(0xE000 <= ord(ch) <= 0xF8FF or 0x80 <= ord(ch) <= 0x9F for ch in text):
        return False
    han = _HAN.findall(to_simplified("".join(_HAN.findall(text))))
    if not han:
        return False
    common = 0
    for ch in han:
        try:
            lead = ch.encode("gb2312")[0]
        except UnicodeEncodeError:
            continue
        common += 0xB0 <= lead <= 0xD7
    return common / len(han) >= _COMMON_HAN_MIN


# C0 controls except tab, line feed, vertical tab, form feed and carriage return; DEL; C1.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _refuse_control_characters(shown: str, text: str) -> None:
    """Control characters (other than tabs and line breaks) mean binary content."""
    found = _CONTROL.search(text)
    if found:
        raise ImportRefused(
            f"{shown} looks binary, not text: control character U+{ord(found.group()):04X} "
            f"at {_position(text[: found.start()])}"
        )


# --- Markdown -----------------------------------------------------------------------------

# ATX heading: '#'..'######', then the text (a space is usual but Chinese authors often
# omit it), then optional closing '#'s separated by a space.
_MD_HEADING = re.compile(r"^(#{1,6})(?!#)\s*(.*?)(?:\s+#+)?\s*$")
_MD_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")


def _markdown_lines(text: str) -> tuple[list[Line], str | None]:
    """Lines for segment_lines ('#' headings carry their level) and the title, if the
    document starts with a level-1 heading. Thematic breaks ('---') are dropped."""
    lines: list[Line] = []
    title: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if _MD_RULE.match(stripped):
            continue
        match = _MD_HEADING.match(stripped)
        if match and match.group(2):
            level = len(match.group(1))
            if title is None and level == 1 and not any(_line_text(x) for x in lines):
                title = match.group(2)
            lines.append((match.group(2), level))
        elif not match:
            lines.append(line)
    return lines, title


def _line_text(item: Line) -> str:
    return (item if isinstance(item, str) else item[0]).strip()


# --- DOCX ---------------------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"^(?:heading|标题|標題)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "标题", "標題"})
_TOC_STYLE = re.compile(r"^(?:toc|目录|目錄)\s*\d*$", re.IGNORECASE)
# document.xml is compressed XML; a ratio far above real documents means a zip bomb.
_MAX_XML_RATIO = 50


def _read_docx(shown: str, data: bytes, max_bytes: int) -> tuple[list[Line], str | None]:
    """Lines (with heading levels) of a .docx and its Title-style title, or ImportRefused."""
    _check_docx_package(shown, data, max_bytes)
    try:
        # python-docx parses parts lazily (styles on first use), so a broken package can
        # fail while reading paragraphs as well as while opening.
        return _docx_lines(docx.Document(io.BytesIO(data)))
    except _DOCX_ERRORS as error:
        raise ImportRefused(f"{shown} is not a valid .docx file ({_docx_error(error)})") from None


# What python-docx raises for a damaged package: missing parts (KeyError), wrong content
# type (ValueError), malformed XML (LxmlError), unexpected elements (AttributeError, TypeError).
_DOCX_ERRORS = (
    KeyError,
    ValueError,
    AttributeError,
    TypeError,
    zipfile.BadZipFile,
    etree.LxmlError,
    OpcError,
)


def _docx_error(error: Exception) -> str:
    """A short, one-line description of a python-docx failure."""
    if isinstance(error, (AttributeError, TypeError)):
        return "unexpected document structure"
    if isinstance(error, etree.LxmlError):
        return f"malformed XML: {error}"
    text = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    text = re.sub(r"file '<[^>]*>' ", "", text)  # python-docx names the in-memory buffer
    return _printable(" ".join(text.split())) or type(error).__name__


def _docx_lines(document: DocxDocument) -> tuple[list[Line], str | None]:
    lines: list[Line] = []
    title: str | None = None
    for paragraph in _docx_paragraphs(document):
        style_name = _style_name(paragraph.style)
        if _TOC_STYLE.match(style_name):
            continue  # a table of contents repeats the headings
        level = _docx_heading_level(paragraph)
        # A soft line break (Shift+Enter) makes a new line, as in a text file.
        for part in paragraph.text.split("\n"):
            if not part.strip():
                continue
            if title is None and not lines and style_name.lower() in _TITLE_STYLES:
                title = part.strip()
            lines.append((part, level))
    return lines, title


def _check_docx_package(shown: str, data: bytes, max_bytes: int) -> None:
    """Refuse what is not a Word package before python-docx sees it."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            f"{shown} is an old-style .doc file renamed to .docx; save it as .docx in Word"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo("word/document.xml")
    except zipfile.BadZipFile:
        raise ImportRefused(f"{shown} is not a valid .docx file (not a ZIP package)") from None
    except KeyError:
        raise ImportRefused(
            f"{shown} is not a valid .docx file (no word/document.xml inside)"
        ) from None
    if info.file_size > _MAX_XML_RATIO * max_bytes:
        raise ImportRefused(
            f"{shown}: word/document.xml unpacks to {_megabytes(info.file_size)}, "
            f"over {_megabytes(_MAX_XML_RATIO * max_bytes)}"
        )


def _docx_paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    """Body paragraphs in document order, including those in tables and content controls
    (skipping tables of contents), so no text is silently dropped."""
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document)
        elif child.tag == qn("w:tbl") or (child.tag == qn("w:sdt") and not _is_toc(child)):
            for element in child.iter(qn("w:p")):
                yield Paragraph(element, document)


def _is_toc(sdt: BaseOxmlElement) -> bool:
    gallery = sdt.find(".//" + qn("w:docPartGallery"))
    return gallery is not None and "contents" in (gallery.get(qn("w:val")) or "").lower()


def _style_name(style: BaseStyle | None) -> str:
    return (style.name or "").strip() if style is not None else ""


def _docx_heading_level(paragraph: Paragraph) -> int | None:
    """Heading level from the paragraph's outline level, else its style (or a style it is
    based on): 'Heading N' / '标题 N' -> N, 'Title' -> 1. None for body text."""
    level = _outline_level(paragraph._p)
    if level is not None:
        return level
    style = paragraph.style
    seen = 0
    while style is not None and seen < 10:  # base-style chains are short; guard cycles
        name = _style_name(style)
        match = _HEADING_STYLE.match(name)
        if match:
            return int(match.group(1))
        if name.lower() in _TITLE_STYLES:
            return 1
        level = _outline_level(style.element)
        if level is not None:
            return level
        style, seen = style.base_style, seen + 1
    return None


def _outline_level(element: BaseOxmlElement) -> int | None:
    """w:pPr/w:outlineLvl (0-based; 9 means body text) as a 1-based heading level."""
    ppr = element.find(qn("w:pPr"))
    outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if outline is None:
        return None
    try:
        value = int(outline.get(qn("w:val"), "9"))
    except ValueError:
        return None
    return value + 1 if 0 <= value <= 8 else None


# --- titles -------------------------------------------------------------------------------

# A first line that names a kind of document ("…政府工作报告", "…规划纲要（草案）").
_TITLE_LINE = re.compile(
    r"(报告|報告|纲要|綱要|规划|規劃|计划|計劃|方案|意见|意見|通知|决定|決定|公报|公報|讲话|講話"
    r"|白皮书|白皮書|办法|辦法|条例|條例|总结|總結|说明|說明)(?:[（(][^）)]{1,12}[）)])?$"
)
_TITLE_MAX_CHARS = 50


def _title_from_paragraphs(paragraphs: list[ParagraphSpec]) -> str | None:
    """The first short title line naming a kind of document among the leading front matter
    (web debris and photo captions may come before it)."""
    for para in paragraphs:
        if para.kind not in ("front", "heading"):
            return None
        if (
            len(para.text) <= _TITLE_MAX_CHARS
            and _TITLE_LINE.search(para.text) is not None
            and not para.text.startswith(("—", "-", "(", "（"))
        ):
            return para.text
        if para.kind == "heading":
            return None
    return None


# Language tags that end file stems: "report.zh", "report.zh-CN", "report_zh_Hans".
_LANG_SUFFIX = re.compile(r"[._-](?:zh|cn|chs|cht)(?:[_-](?:hans|hant|cn|tw|hk))?$", re.IGNORECASE)


def _title_from_filename(name: str) -> str:
    """Filename stem without language tag, with separators turned into spaces."""
    stem = name.rpartition(".")[0] or name
    stem = _LANG_SUFFIX.sub("", stem)
    cleaned = " ".join(re.sub(r"[_\-.]+", " ", _printable(stem)).split())
    return cleaned or "Untitled document"
