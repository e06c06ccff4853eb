"""The one registry of file formats, with what each can do.

Three areas use it: a document's exports (`area="export"`: the exporters, some of which also
read a file back and apply it, `reads`), the glossary (`area="glossary"`: TBX, CSV, JSON,
read and written) and the reports a document is imported from (`area="document"`: read
only, by `workbench.formats.source`). Capabilities are data, never names: `bilingual` (carries
the Chinese, so the variant matters), `edition` (the English edition, held back by open QA
errors), `reads` / `writes`.

    entry = for_file("export", "project_save.tmx")     # reads: apply it to a document
    entry = get("glossary", "tbx"); entry.handler.write(records)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import glossary as glossary_codec
from .base import Exporter
from .docx_bilingual import DocxBilingualExporter
from .edition import EditionDocxExporter, EditionHtmlExporter, EditionMarkdownExporter
from .html_bilingual import HtmlBilingualExporter
from .source import ACCEPTED_EXTENSIONS
from .tabular import CsvExporter, XlsxExporter
from .tmx import TmxExporter
from .xliff import OmegatXliffExporter, XliffExporter

AREAS = ("export", "glossary", "document")


@dataclass(frozen=True)
class Entry:
    area: str
    name: str  # the registry key within its area, and the --format value
    extensions: tuple[str, ...]  # with the dot; the first is the one written
    description: str
    reads: bool
    writes: bool
    bilingual: bool = False
    edition: bool = False
    handler: Any = None  # the exporter, or the glossary codec


def _export(exporter: Exporter) -> Entry:
    return Entry(
        "export",
        exporter.name,
        exporter.read_extensions if exporter.reads else (f".{exporter.extension}",),
        exporter.description,
        reads=exporter.reads,
        writes=True,
        bilingual=exporter.bilingual,
        edition=exporter.edition,
        handler=exporter,
    )


def _glossary(codec: glossary_codec.GlossaryCodec) -> Entry:
    return Entry(
        "glossary",
        codec.name,
        codec.extensions,
        codec.description,
        reads=True,
        writes=True,
        bilingual=True,
        handler=codec,
    )


def _documents() -> list[Entry]:
    by_kind: dict[str, list[str]] = {}
    for extension, kind in ACCEPTED_EXTENSIONS.items():
        by_kind.setdefault(kind, []).append(extension)
    return [
        Entry(
            "document", kind, tuple(exts), f"a report to import ({kind})", reads=True, writes=False
        )
        for kind, exts in by_kind.items()
    ]


# Each module declares its own formats (the exporters' attributes, the glossary codecs,
# importing's extensions); this is the one list of them all.
FORMATS: tuple[Entry, ...] = (
    *(
        _export(e)
        for e in (
            TmxExporter(),
            XliffExporter(),
            OmegatXliffExporter(),
            DocxBilingualExporter(),
            HtmlBilingualExporter(),
            CsvExporter(),
            XlsxExporter(),
            EditionDocxExporter(),
            EditionHtmlExporter(),
            EditionMarkdownExporter(),
        )
    ),
    *(_glossary(codec) for codec in glossary_codec.CODECS),
    *_documents(),
)


def entries(area: str, **capabilities: bool) -> list[Entry]:
    """The formats of an area that have every capability asked for (e.g. reads=True)."""
    return [
        e
        for e in FORMATS
        if e.area == area and all(getattr(e, k) == v for k, v in capabilities.items())
    ]


def get(area: str, name: str) -> Entry:
    """The format `name` of `area`, or ValueError naming the valid ones."""
    for entry in entries(area):
        if entry.name == name:
            return entry
    valid = ", ".join(e.name for e in entries(area))
    raise ValueError(f"unknown {area} format {name!r} (valid: {valid})")


def for_file(area: str, filename: str, **capabilities: bool) -> Entry | None:
    """The format of `area` that a file with this name is in (by its extension)."""
    name = filename.lower()
    for entry in entries(area, **capabilities):
        if name.endswith(entry.extensions):
            return entry
    return None


def extensions(area: str, **capabilities: bool) -> list[str]:
    """Every extension an area accepts, e.g. for an upload's `accept` and its messages."""
    return [ext for e in entries(area, **capabilities) for ext in e.extensions]
