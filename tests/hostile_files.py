"""Hostile files, built on the fly (for tests/test_hostile_inputs.py and bench/hostile_inputs.py).

Each builder writes one file into a folder and returns its path; the zip bombs are streamed
through zlib so building them costs little memory.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _base_package() -> dict[str, bytes]:
    """The members of a real (tiny) DOCX made by python-docx."""
    document = docx.Document()
    document.add_paragraph("正文。")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {name: package.read(name) for name in package.namelist()}


def _write(path: Path, members: dict[str, object], *, zip64: bool = True) -> Path:
    """A zip of `members`: bytes, or a (head, repeated unit, count, tail) tuple streamed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for name, content in members.items():
            if isinstance(content, bytes):
                out.writestr(name, content)
                continue
            head, unit, count, tail = content
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with out.open(info, "w", force_zip64=zip64) as stream:
                stream.write(head)
                block = unit * max(1, (1 << 20) // len(unit))
                repeats, rest = divmod(count, max(1, (1 << 20) // len(unit)))
                for _ in range(repeats):
                    stream.write(block)
                stream.write(unit * rest)
                stream.write(tail)
    return path


def _document(body_unit: bytes, count: int) -> tuple[bytes, bytes, int, bytes]:
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
    return head, body_unit, count, b"</w:body></w:document>"


def tiny_paragraphs(folder: Path, count: int = 2_000_000) -> Path:
    """Millions of one-character paragraphs (~70 MB of XML, a ratio under typical caps)."""
    members: dict[str, object] = dict(_base_package())
    members["word/document.xml"] = _document(
        b"<w:p><w:r><w:t>\xe5\x85\xb3</w:t></w:r></w:p>", count
    )
    return _write(folder / "tiny-paragraphs.docx", members)


def many_characters(folder: Path, paragraphs: int = 700, chars: int = 10_000) -> Path:
    """Few paragraphs, each of `chars` characters: more text than the character limit."""
    unit = b"<w:p><w:r><w:t>" + "正文".encode() * (chars // 2) + b"</w:t></w:r></w:p>"
    members: dict[str, object] = dict(_base_package())
    members["word/document.xml"] = _document(unit, paragraphs)
    return _write(folder / "many-characters.docx", members)


def huge_styles(folder: Path, size: int = 1 << 30) -> Path:
    """A real document whose word/styles.xml unpacks to `size` bytes (a comment of spaces)."""
    members: dict[str, object] = dict(_base_package())
    styles = members["word/styles.xml"]
    end = styles.rindex(b"</w:styles>")
    members["word/styles.xml"] = (styles[:end] + b"<!--", b" ", size, b"-->" + styles[end:])
    return _write(folder / "huge-styles.docx", members)


def lying_directory(folder: Path, size: int = 1 << 30, claimed: int = 100_000) -> Path:
    """document.xml unpacks to `size` bytes while the zip headers claim `claimed`."""
    members: dict[str, object] = dict(_base_package())
    members["word/document.xml"] = _document(b"<w:p/>", size // 6)
    path = _write(folder / "lying-directory.docx", members, zip64=False)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    local = data.find(b"PK\x03\x04")
    while data[local + 30 : local + 30 + len(name)] != name:
        local = data.find(b"PK\x03\x04", local + 4)
    struct.pack_into("<I", data, local + 22, claimed)  # local header: uncompressed size
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, claimed)  # central directory: the same
    path.write_bytes(bytes(data))
    return path


def many_members(folder: Path, count: int = 5_000) -> Path:
    members: dict[str, object] = dict(_base_package())
    for i in range(count):
        members[f"word/media/pad{i}.bin"] = b""
    return _write(folder / "many-members.docx", members)


def deep_nesting(folder: Path, depth: int = 100_000) -> Path:
    members: dict[str, object] = dict(_base_package())
    members["word/document.xml"] = (
        _document(b"", 0)[0]
        + b"<w:p>"
        + b"<w:r>" * depth
        + b"</w:r>" * depth
        + b"</w:p>"
        + b"</w:body></w:document>"
    )
    return _write(folder / "deep-nesting.docx", members)


def zeros_bomb(folder: Path, size: int = 1 << 30) -> Path:
    """A media member of `size` zero bytes (compresses about 1000:1), stated honestly."""
    members: dict[str, object] = dict(_base_package())
    members["word/media/image1.png"] = (b"", b"\0" * 4096, size // 4096, b"")
    return _write(folder / "zeros-bomb.docx", members)


def long_line(folder: Path, sentences: int = 55_000) -> Path:
    (folder / "long-line.txt").write_text(
        "我们要坚持稳中求进，推动高质量发展。" * sentences, "utf-8"
    )
    return folder / "long-line.txt"


def many_lines(folder: Path, lines: int = 50_000) -> Path:
    text = "\n".join(f"第{i}项工作要抓紧落实。" for i in range(lines))
    (folder / "many-lines.txt").write_text(text, "utf-8")
    return folder / "many-lines.txt"


KINDS = {
    "lying-directory": lying_directory,
    "huge-styles": huge_styles,
    "zeros-bomb": zeros_bomb,
    "tiny-paragraphs": tiny_paragraphs,
    "many-characters": many_characters,
    "many-members": many_members,
    "deep-nesting": deep_nesting,
    "long-line": long_line,
    "many-lines": many_lines,
}


_PROBE = """
import json, resource, sys, time
from workbench.import_limits import ImportLimits
from workbench.formats.source import ImportRefused, read_source
path, max_bytes, max_paragraphs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = open(path, "rb").read()
read_source("warm.txt", "预热。".encode())  # pay for the lazily loaded dictionaries first
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
try:
    doc = read_source(path, data, limits=ImportLimits(max_bytes=max_bytes, max_paragraphs=max_paragraphs))
    result = {"paragraphs": len(doc.paragraphs)}
except ImportRefused as exc:
    result = {"refused": str(exc)}
result["seconds"] = time.monotonic() - started
result["base_kb"] = base
result["peak_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(result))
"""


def probe(path: Path, max_bytes: int, max_paragraphs: int = 100_000) -> dict:
    """Import `path` in a fresh interpreter; its outcome, time and peak RSS.

    Peak RSS is measured after a tiny import, so what it adds is the file's own cost."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path), str(max_bytes), str(max_paragraphs)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the probe failed on {path}: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)
