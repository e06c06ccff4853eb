"""File formats (pure): one module per format, its reader and writer together, all listed in
`registry` with their capabilities; a document's exports work over the dataclasses in `model`.

    exporter = EXPORTERS["tmx"]
    report = exporter.write(doc, out, ExportOptions(chinese="zh-Hant-TW"))

`out` is any binary file object; the exporter writes UTF-8 (or a zip container) and leaves it
open. `doc.paragraphs` is iterated once, so it may be a generator (bounded memory).
"""

from __future__ import annotations

from .base import (
    MT_MARKER,
    Exporter,
    ExportReport,
    FormatError,
    content_disposition,
    export_filename,
    left_out_marker,
    missing_marker,
)
from .model import (
    ExportComment,
    ExportDocument,
    ExportOptions,
    ExportParagraph,
    ExportSegment,
    ExportTerm,
    GlossaryEntry,
)
from .registry import entries

# A document's exports, by --format name (the "export" area of the one registry).
EXPORTERS: dict[str, Exporter] = {e.name: e.handler for e in entries("export")}


def get_exporter(name: str) -> Exporter:
    """The exporter registered as `name`, or ValueError naming the valid ones."""
    try:
        return EXPORTERS[name]
    except KeyError:
        valid = ", ".join(EXPORTERS)
        raise ValueError(f"unknown export format {name!r} (valid: {valid})") from None


__all__ = [
    "EXPORTERS",
    "MT_MARKER",
    "ExportComment",
    "ExportDocument",
    "ExportOptions",
    "ExportParagraph",
    "ExportReport",
    "ExportSegment",
    "ExportTerm",
    "Exporter",
    "FormatError",
    "GlossaryEntry",
    "content_disposition",
    "export_filename",
    "get_exporter",
    "left_out_marker",
    "missing_marker",
]
