"""What every exporter shares: the Exporter protocol, the report, text cleaning, the Chinese
variant, the segment selection and the markers that keep missing English visible.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO, Protocol
from urllib.parse import quote

from lxml import etree

from ..chinese import VARIANT_LANG_TAGS, to_simplified, to_variant
from ..statuses import HUMAN_STATUSES, Status
from .model import (
    ExportComment,
    ExportDocument,
    ExportOptions,
    ExportSegment,
    ExportTerm,
    GlossaryEntry,
)

TOOL_NAME = "workbench"
TOOL_VERSION = "0.1.0"


class FormatError(ValueError):
    """A file handed to a reader is not what it claims to be; the message is one readable line."""


@dataclass(frozen=True)
class ExportReport:
    segments: int  # segments written (rows, units; in the edition: sentences with English or MT)
    missing: int  # written without English (the edition shows a marker or MT instead)
    unapproved: int  # written with a status other than approved
    filled_from_mt: int  # of the missing ones, shown with MT (fill_mt)
    left_out: int  # excluded by the options (statuses / approved_only / leave_out_mt)
    lines: tuple[str, ...]  # the same, for people
    machine: int = 0  # written English that is raw MT (shown marked [MT]), counted apart


class Exporter(Protocol):
    name: str  # registry key and --format value, e.g. "tmx"
    extension: str  # without the dot
    mimetype: str
    description: str
    bilingual: bool  # carries the Chinese (so options.chinese matters)
    edition: bool  # the English edition: what gets published (held back by QA errors)
    reads: bool  # a file in this format can be imported back (apply a bilingual file)
    read_extensions: tuple[str, ...]  # the file names it reads back by (formats that read)

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport: ...


class ExporterBase:
    """The capabilities most formats share, so each exporter states only what differs."""

    bilingual = True
    edition = False
    reads = False
    read_extensions: tuple[str, ...] = ()  # with the dot, for the formats that read


# --- text --------------------------------------------------------------------------------

# C0 controls except tab and newline, DEL, C1 controls, and the non-characters XML 1.0 forbids.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`text` without characters XML cannot carry; CR/CRLF become LF (XML parsers do that anyway)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def format_when(when: datetime) -> str:
    """Human form of a naive-UTC time used in notes and comments columns."""
    return when.strftime("%Y-%m-%d %H:%M UTC")


def comment_line(comment: ExportComment) -> str:
    author = comment.author or "unknown"
    return clean_text(f"{author} ({format_when(comment.created_at)}): {comment.body}")


def term_note(term: ExportTerm | GlossaryEntry) -> str:
    """'rendering — note' (or just the rendering), as shown in tooltips and notes."""
    return clean_text(f"{term.target} — {term.note}" if term.note else term.target)


# --- reading XML ------------------------------------------------------------------------

# Inline elements whose content is native code (e.g. "<b>"), not translatable text:
# XLIFF 1.2's bpt/ept/ph/it and TMX 1.4's bpt/ept/ph/it/ut.
CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "ut"})


def safe_parser(**extra: object) -> etree.XMLParser:
    """No DTDs, no entities, no network: an uploaded file must not read files or hosts."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        **extra,
    )


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def inline_text(element: etree._Element) -> str:
    """The text a reader sees in a <source>/<target>/<seg>: the content of <g>, <mrk>, <hi>
    is kept, empty placeholders (<x/>, <bx/>, <ex/>) vanish, native code is dropped."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and local_name(child) not in CODE_ELEMENTS:
            parts.append(inline_text(child))
        parts.append(child.tail or "")  # comments and processing instructions keep their tail
    return "".join(parts)


def xml_error(exc: etree.XMLSyntaxError) -> FormatError:
    return FormatError(f"not a well-formed XML file: {exc.msg} (line {exc.lineno})")


# --- Chinese variant -----------------------------------------------------------------------

_TRADITIONAL_TAGS = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


class ChineseText:
    """Turns a document's Chinese, as written, into the variant the export asks for.

    A Simplified document exported as zh-Hans is left exactly as written (t2s would otherwise
    touch a few legitimate characters). Anything else goes through Simplified first, because
    OpenCC's s2twp/s2hk expect Simplified input.
    """

    def __init__(self, source_lang: str, variant: str) -> None:
        self.variant = variant
        self.lang_tag = VARIANT_LANG_TAGS[variant]
        self._traditional_source = source_lang.lower().startswith(_TRADITIONAL_TAGS)

    def convert(self, text: str) -> str:
        text = clean_text(text)
        if self.variant == "zh-Hans" and not self._traditional_source:
            return text
        simplified = to_simplified(text) if self._traditional_source else text
        return to_variant(simplified, self.variant)

    def pieces(
        self, source: str, terms: tuple[ExportTerm, ...]
    ) -> list[tuple[str, ExportTerm | None]]:
        """The segment cut at its (non-overlapping) term occurrences, each piece converted.

        Converting piece by piece keeps the term boundaries exact even when a conversion
        changes the length of a phrase.
        """
        out: list[tuple[str, ExportTerm | None]] = []
        pos = 0
        for term in sorted(terms, key=lambda t: (t.start, -t.end)):
            if term.start < pos or term.end > len(source) or term.end <= term.start:
                continue  # overlapping or out of range: keep the first, longest occurrence
            if term.start > pos:
                out.append((self.convert(source[pos : term.start]), None))
            out.append((self.convert(source[term.start : term.end]), term))
            pos = term.end
        if pos < len(source):
            out.append((self.convert(source[pos:]), None))
        return out


# --- selection and report ----------------------------------------------------------------


def is_selected(segment: ExportSegment, options: ExportOptions) -> bool:
    """Whether the options keep this segment (statuses filter and approved_only)."""
    if options.statuses is not None and segment.status not in options.statuses:
        return False
    return not (options.approved_only and segment.status != Status.APPROVED)


def is_raw_mt(segment: ExportSegment) -> bool:
    """English that no person has taken on: MT status, or MT origin without a human status."""
    return segment.status == Status.MACHINE_TRANSLATED or (
        segment.origin == "mt" and segment.status not in HUMAN_STATUSES
    )


@dataclass(frozen=True)
class English:
    """What a human-readable export shows for one segment's English."""

    text: str
    kind: str  # "human", "mt" (filled, marked), "missing" (marker), "left-out" (marker)


MT_MARKER = "[MT]"


def heading_level(level: int) -> int:
    """A paragraph's heading level as the 1-6 that HTML, Markdown and Word know."""
    return min(max(level, 1), 6)


def missing_marker(segment_id: int) -> str:
    return f"[missing: segment {segment_id}]"


def left_out_marker(segment: ExportSegment) -> str:
    return f"[left out: segment {segment.id}, {segment.status}]"


@dataclass
class ReportCounter:
    """Tallies while an exporter walks the document; `report()` freezes it."""

    segments: int = 0
    missing: int = 0
    unapproved: int = 0
    filled_from_mt: int = 0
    left_out: int = 0
    machine: int = 0
    machine_left_out: int = 0
    notes: list[str] = field(default_factory=list)

    def written(self, segment: ExportSegment, english: str) -> None:
        self.segments += 1
        if not english.strip():
            self.missing += 1
        if segment.status != Status.APPROVED:
            self.unapproved += 1

    def keep(self, segment: ExportSegment, options: ExportOptions) -> bool:
        """Whether the options export this segment; the ones they leave out are counted."""
        if is_selected(segment, options):
            return True
        self.left_out += 1
        return False

    def english(self, segment: ExportSegment, options: ExportOptions) -> English:
        """The English to show in a human-readable export, counting what it had to do."""
        if not self.keep(segment, options):
            return English(left_out_marker(segment), "left-out")
        target = clean_text(segment.target).strip()
        if target and is_raw_mt(segment):
            # Raw MT is never printed as if a person had written it: marked, or left out.
            if options.leave_out_mt:
                self.left_out += 1
                self.machine_left_out += 1
                return English(f"[left out: segment {segment.id}, raw MT]", "left-out")
            self.written(segment, target)
            self.machine += 1
            return English(f"{MT_MARKER} {target}", "mt")
        self.written(segment, target)
        if target:
            return English(target, "human")
        mt = clean_text(segment.mt).strip()
        if options.fill_mt and mt:
            self.filled_from_mt += 1
            return English(f"{MT_MARKER} {mt}", "mt")
        return English(missing_marker(segment.id), "missing")

    def report(self, label: str) -> ExportReport:
        lines = [f"{label}: {self.segments} segments written."]
        if self.missing:
            filled = (
                f", {self.filled_from_mt} filled from MT (marked {MT_MARKER})"
                if self.filled_from_mt
                else ""
            )
            lines.append(f"{self.missing} without English{filled}.")
        if self.machine:
            lines.append(f"{self.machine} with raw MT English, marked {MT_MARKER}.")
        if self.unapproved:
            lines.append(f"{self.unapproved} not approved.")
        if self.machine_left_out:
            lines.append(f"{self.machine_left_out} with raw MT English left out.")
        if self.left_out - self.machine_left_out:
            lines.append(
                f"{self.left_out - self.machine_left_out} left out by the "
                "status/approved-only options."
            )
        lines.extend(self.notes)
        return ExportReport(
            segments=self.segments,
            missing=self.missing,
            unapproved=self.unapproved,
            filled_from_mt=self.filled_from_mt,
            left_out=self.left_out,
            lines=tuple(lines),
            machine=self.machine,
        )


class GlossaryCollector:
    """The glossary appendix: the document's own list, or the terms seen while exporting."""

    def __init__(self, doc: ExportDocument, chinese: ChineseText) -> None:
        self._given = doc.glossary
        self._chinese = chinese
        self._seen: dict[tuple[str, str], GlossaryEntry] = {}

    def add(self, segment: ExportSegment) -> None:
        for term in segment.terms:
            key = (term.source, term.target)
            if key not in self._seen:
                self._seen[key] = GlossaryEntry(term.source, term.target, term.note)

    def entries(self) -> list[GlossaryEntry]:
        chosen = self._given or tuple(self._seen.values())
        return [
            GlossaryEntry(
                self._chinese.convert(e.source),
                clean_text(e.target),
                # Notes quote Chinese ("see also 河长制"): in the export's variant too.
                self._chinese.convert(e.note),
                e.category,
            )
            for e in chosen
        ]


def iter_segments(doc: ExportDocument) -> Iterator[tuple[int, bool, ExportSegment]]:
    """(paragraph number, is heading, segment) in document order, for row-per-segment formats."""
    for paragraph in doc.paragraphs:
        for segment in paragraph.segments:
            yield paragraph.number, paragraph.is_heading, segment


# --- zip containers (DOCX, XLSX) ---------------------------------------------------------


def rezip(data: bytes, when: datetime, fix: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """`data` re-packed with every member dated `when`, so equal content gives equal bytes.

    python-docx and openpyxl stamp zip members (and openpyxl the core properties) with the
    current time; `fix` may rewrite a member's content (name, bytes) -> bytes.
    """
    stamp = max(when, datetime(1980, 1, 1)).timetuple()[:6]  # zip dates start in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if fix is not None:
                content = fix(item.filename, content)
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, content)
    return out.getvalue()


# --- filenames ---------------------------------------------------------------------------


def _slug(title: str, limit: int = 60) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[A-Za-z0-9]+", ascii_title.lower())
    slug = "-".join(words)[:limit].strip("-")
    return slug or "document"


# Characters no file name should carry on any system we ship to (Windows is the strictest),
# plus quotes and controls; runs of them and of white space become one hyphen.
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\s]+')


def _title_part(title: str, limit: int = 60) -> str:
    """The title as written (Chinese kept), made safe for a file name."""
    name = _UNSAFE_NAME.sub("-", unicodedata.normalize("NFC", clean_text(title)))
    name = name.strip("-. ")[:limit].strip("-. ")
    return name or "document"


def export_filename(
    title: str,
    doc_id: int,
    exporter: Exporter,
    chinese: str = "zh-Hans",
    *,
    ascii_only: bool = False,
) -> str:
    """A download name such as `2024年政府工作报告-12-tmx-zh-hant-tw.tmx`: the title as written
    (Chinese kept, no path separators), the id, the format; the variant is named only for
    bilingual formats and only when it is not the default. `ascii_only` gives the fallback
    for old clients (`work-report-12-tmx.tmx`, `document-12-…` for a Chinese title).
    """
    first = _slug(title) if ascii_only else _title_part(title)
    parts = [first, str(int(doc_id)), _slug(exporter.name)]
    if exporter.bilingual and chinese != "zh-Hans":
        parts.append(_slug(chinese))
    return "-".join(parts) + "." + _slug(exporter.extension)


def content_disposition(filename: str) -> str:
    """An attachment header that keeps a Chinese name (RFC 6266 with RFC 5987 `filename*`),
    with an ASCII `filename` for clients that know only that."""
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    fallback = re.sub(r"[^A-Za-z0-9._]+", "-", fallback).strip("-.") or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
