"""Hostile files: each kind is refused with one line naming the limit, in bounded memory.

The archives are built by the tests (tests/hostile_files.py). Memory is measured in a fresh
subprocess (peak RSS), against a bound that is a small multiple of the upload limit over
what importing a tiny file costs. Sizes are scaled down with the upload limit (1 MB here)
so the bombs are quick to build; bench/hostile_inputs.py runs them full size.
"""

from __future__ import annotations

from pathlib import Path

import hostile_files as hostile
import pytest

from workbench.formats.source import ImportRefused, read_source
from workbench.import_limits import ImportLimits

LIMIT = 1024 * 1024  # the upload limit these tests run with
MB = 1024 * 1024


def probe(path: Path, max_bytes: int = LIMIT, max_paragraphs: int = 10_000) -> dict:
    """The probe at this module's 1 MB limit; the paragraph limit is lowered from 100,000 so
    the count test does not spend its time segmenting the paragraphs it may read."""
    return hostile.probe(path, max_bytes, max_paragraphs)


def growth_mb(result: dict) -> float:
    return (result["peak_kb"] - result["base_kb"]) / 1024


# Hostile archives: (builder, arguments scaled to the 1 MB limit, words the refusal must say)
ARCHIVES = {
    "lying-directory": (hostile.lying_directory, {"size": 64 * MB}, "damaged"),
    "huge-styles": (hostile.huge_styles, {"size": 64 * MB}, "limit for styles and other parts"),
    "zeros-bomb": (hostile.zeros_bomb, {"size": 64 * MB}, "unpacked-size limit"),
    "tiny-paragraphs": (
        hostile.tiny_paragraphs,
        {"count": 30_000},
        "more than 10,000 paragraphs (the paragraph limit)",
    ),
    "many-characters": (hostile.many_characters, {"paragraphs": 120}, "character limit"),
    "many-members": (hostile.many_members, {"count": 2_500}, "members, over the limit of 2,000"),
    "deep-nesting": (hostile.deep_nesting, {"depth": 100_000}, "malformed XML"),
}


@pytest.mark.parametrize("kind", list(ARCHIVES))
def test_hostile_docx_is_refused_in_bounded_memory(kind, tmp_path):
    build, kwargs, words = ARCHIVES[kind]
    path = build(tmp_path, **kwargs)
    result = probe(path)
    assert "refused" in result, result
    message = result["refused"]
    assert message.startswith(f"{path}: ") or message.startswith(f"{path.name}"), message
    assert words in message, message
    assert "\n" not in message
    # never more than a small multiple of the 1 MB upload limit beyond a tiny import
    assert growth_mb(result) < 12 * LIMIT / MB, result


def test_lying_sizes_are_caught_without_trusting_the_headers(tmp_path):
    import zipfile

    path = hostile.lying_directory(tmp_path, size=32 * MB)
    with zipfile.ZipFile(path) as package:
        assert package.getinfo("word/document.xml").file_size == 100_000  # the lie
    with pytest.raises(ImportRefused, match="word/document.xml is damaged"):
        read_source(path.name, path.read_bytes(), limits=ImportLimits(max_bytes=LIMIT))


def test_time_budget_stops_the_import_with_a_clear_message(tmp_path):
    path = hostile.tiny_paragraphs(tmp_path, count=50_000)
    with pytest.raises(ImportRefused) as refused:
        read_source(path.name, path.read_bytes(), limits=ImportLimits(seconds=0))
    assert "import time limit (WORKBENCH_IMPORT_SECONDS)" in str(refused.value)


def test_text_files_obey_the_paragraph_limit():
    data = "\n".join("第一句。" for _ in range(30)).encode()
    with pytest.raises(ImportRefused, match="more than 20 paragraphs"):
        read_source("lines.txt", data, limits=ImportLimits(max_paragraphs=20))


@pytest.mark.parametrize("kind", ["long-line", "many-lines"])
def test_long_and_many_lines_import(kind, tmp_path):
    path = hostile.KINDS[kind](tmp_path)
    result = probe(path, max_bytes=5 * MB, max_paragraphs=100_000)
    assert result.get("paragraphs", 0) >= 1, result
    assert growth_mb(result) < 200, result


def test_a_real_docx_under_the_limits_still_imports(tmp_path):
    path = hostile.tiny_paragraphs(tmp_path, count=2_000)
    result = probe(path)
    assert result["paragraphs"] == 2_000, result
