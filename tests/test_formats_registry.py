"""The one formats registry: every format with its capabilities, used by the exports, the
bilingual import, the glossary and the document import alike."""

from __future__ import annotations

import pytest

from workbench.formats import EXPORTERS, registry
from workbench.formats.glossary import TermRecord, parse_glossary
from workbench.formats.source import ACCEPTED_EXTENSIONS
from workbench.services.bilingual_import import format_for
from workbench.services.glossary import EXPORT_FORMATS


def names(area: str, **caps: bool) -> set[str]:
    return {e.name for e in registry.entries(area, **caps)}


def test_capabilities_are_data() -> None:
    assert names("export", edition=True) == {"edition-docx", "edition-html", "edition-md"}
    assert names("export", reads=True) == {"tmx", "xliff"}
    assert "xliff-omegat" in names("export", bilingual=True, reads=False)
    assert names("export", bilingual=False) == names("export", edition=True)
    assert set(EXPORTERS) == names("export", writes=True)
    assert names("glossary", reads=True, writes=True) == {"tbx", "csv", "json"}
    assert names("document", reads=True, writes=False) == {"txt", "md", "docx"}


def test_each_area_finds_its_own_format_by_file_name() -> None:
    assert registry.for_file("export", "project_save.TMX", reads=True).name == "tmx"
    assert registry.for_file("export", "doc.xlf", reads=True).name == "xliff"
    assert registry.for_file("glossary", "terms.csv").name == "csv"
    assert registry.for_file("document", "report.markdown").name == "md"
    assert registry.for_file("export", "report.docx", reads=True) is None
    assert set(registry.extensions("document")) == set(ACCEPTED_EXTENSIONS)


def test_bilingual_import_and_glossary_go_through_the_registry() -> None:
    assert format_for("memory.tmx").handler is EXPORTERS["tmx"]
    assert format_for("anything.bin", "XLIFF").name == "xliff"
    with pytest.raises(ValueError, match=r"not a bilingual file \(expected .tmx, .xlf"):
        format_for("notes.docx")
    record = TermRecord("林长制", "forest chief system")
    for entry in registry.entries("glossary"):
        data = entry.handler.write([record])
        assert parse_glossary(f"g{entry.extensions[0]}", data) == [record], entry.name
        assert EXPORT_FORMATS[entry.name][1] == entry.extensions[0].lstrip(".")
    with pytest.raises(ValueError, match="unknown glossary format 'pdf'"):
        registry.get("glossary", "pdf")
