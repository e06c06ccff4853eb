"""(pure) TMX 1.4 read as a stream (bounded memory) and written as a stream.

Reads what OmegaT, Trados, memoQ and this workbench write: language tags zh, zh-CN, zh-Hans,
zh-TW, zh-HK (any case, `xml:lang` or TMX 1.1's `lang`), UTF-8 or UTF-16 with a BOM, inline
codes (<bpt>, <ept>, <ph>, <it>, <ut> hold native codes and are dropped; <hi> and <sub> text is
kept), header and unit properties. Context: OmegaT's `prev`/`next` and memoQ's
`x-context-pre`/`x-context-post` properties.

A file that is not well-formed TMX raises TmxError naming the line; the caller imports all
or nothing. Entities and DTDs are never resolved (no file or network access, no expansion).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, BinaryIO

from lxml import etree

from ..formats.base import inline_text
from ..formats.tmx import parse_tmx_date

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_SEGMENT_CHARS = 20_000
MAX_TUVS = 50  # a unit with more variants than this is not a translation unit
# Inline elements whose text is markup of the original format, not words.
_PREV_PROPS = {"prev", "x-context-pre", "x-prev"}
_NEXT_PROPS = {"next", "x-context-post", "x-next"}
_SPACE = re.compile(r"\s+")


class TmxError(ValueError):
    """The file is not TMX this reader accepts; the message names the place."""


@dataclass
class TmxUnit:
    source: str
    target: str
    source_lang: str
    target_lang: str
    user: str = ""
    created_at: datetime | None = None
    changed_at: datetime | None = None
    prev: str = ""
    next: str = ""
    props: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass
class TmxStats:
    units: int = 0  # <tu> elements read
    skipped: int = 0  # without both a Chinese and an English variant, or empty
    header: dict[str, str] = field(default_factory=dict)


def is_chinese(lang: str) -> bool:
    return lang.lower().replace("_", "-").split("-")[0] == "zh"


def is_english(lang: str) -> bool:
    return lang.lower().replace("_", "-").split("-")[0] == "en"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def format_date(value: datetime | None) -> str:
    value = value or datetime.now(UTC).replace(tzinfo=None)
    return value.strftime("%Y%m%dT%H%M%SZ")


class _Counting:
    """A binary file that reports how far it has been read (for a progress bar)."""

    def __init__(self, raw: BinaryIO, report: Callable[[int], None] | None) -> None:
        self.raw, self.report, self.pos = raw, report, 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.pos += len(data)
        if self.report is not None:
            self.report(len(data))
        return data


def _unit(tu: etree._Element, srclang: str) -> TmxUnit | None:
    variants: list[tuple[str, str]] = []
    props: dict[str, str] = {}
    for child in tu:
        name = _local(child.tag)
        if name == "tuv":
            lang = child.get(XML_LANG) or child.get("lang") or ""
            seg = next((c for c in child if _local(c.tag) == "seg"), None)
            if seg is None:
                raise TmxError(f"line {child.sourceline}: <tuv> without <seg>")
            text = _SPACE.sub(" ", inline_text(seg)).strip()
            if len(text) > MAX_SEGMENT_CHARS:
                raise TmxError(
                    f"line {seg.sourceline}: a segment of {len(text)} characters "
                    f"(limit {MAX_SEGMENT_CHARS})"
                )
            variants.append((lang, text))
            if len(variants) > MAX_TUVS:
                raise TmxError(f"line {tu.sourceline}: more than {MAX_TUVS} <tuv> in one <tu>")
        elif name == "prop" and child.get("type"):
            props[child.get("type", "")] = (child.text or "").strip()
    # A <tu> without its own language takes the header's source language for its first <tuv>.
    zh = next(((lang, t) for lang, t in variants if is_chinese(lang or srclang)), None)
    en = next(((lang, t) for lang, t in variants if is_english(lang)), None)
    if zh is None or en is None or not zh[1] or not en[1]:
        return None
    prev = next((v for k, v in props.items() if k.lower() in _PREV_PROPS), "")
    nxt = next((v for k, v in props.items() if k.lower() in _NEXT_PROPS), "")
    return TmxUnit(
        source=zh[1],
        target=en[1],
        source_lang=zh[0] or srclang,
        target_lang=en[0],
        user=tu.get("changeid") or tu.get("creationid") or "",
        created_at=parse_tmx_date(tu.get("creationdate")),
        changed_at=parse_tmx_date(tu.get("changedate") or tu.get("creationdate")),
        prev=prev,
        next=nxt,
        props=props,
        line=tu.sourceline or 0,
    )


def read_tmx(
    raw: BinaryIO | IO[bytes],
    stats: TmxStats | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[TmxUnit]:
    """Yield the Chinese-English units of a TMX file one by one; raise TmxError on bad input.

    `progress` is called with the number of bytes read at each read.
    """
    stats = stats if stats is not None else TmxStats()
    source = _Counting(raw, progress)  # type: ignore[arg-type]
    parser = etree.iterparse(
        source,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    srclang = ""
    seen_root = seen_body = False
    depth = 0
    try:
        for event, elem in parser:
            name = _local(elem.tag)
            if event == "start":
                depth += 1
                if depth == 1 and name != "tmx":
                    raise TmxError(
                        f"line {elem.sourceline}: the root element is <{name}>, not <tmx>"
                    )
                seen_root = True
                if name == "body":
                    seen_body = True
                continue
            depth -= 1
            if name == "header":
                stats.header = {k: v for k, v in elem.attrib.items() if isinstance(k, str)}
                srclang = elem.get("srclang", "")
                if srclang == "*all*":
                    srclang = ""
                elem.clear()
            elif name == "tu":
                stats.units += 1
                unit = _unit(elem, srclang)
                # Free what was read: memory stays bounded whatever the file's size.
                elem.clear()
                while elem.getprevious() is not None:
                    del elem.getparent()[0]
                if unit is None:
                    stats.skipped += 1
                    continue
                yield unit
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else "?"
        raise TmxError(f"line {line}: not well-formed XML ({exc.msg})") from None
    if not seen_root:
        raise TmxError("line 1: empty file, no <tmx> element")
    if not seen_body:
        raise TmxError("no <body> element: not a TMX file")


def write_tmx(out: IO[bytes], units: Iterator[TmxUnit], *, tool: str = "workbench") -> int:
    """Write units as TMX 1.4 (streamed: any number of units); return how many were written."""
    count = 0
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            xf.write("\n")
            header = etree.Element(
                "header",
                creationtool=tool,
                creationtoolversion="1",
                segtype="sentence",
                adminlang="en",
                srclang="zh-CN",
                datatype="plaintext",
                **{"o-tmf": "workbench"},
            )
            header.set("creationdate", format_date(None))
            xf.write(header)
            xf.write("\n")
            with xf.element("body"):
                xf.write("\n")
                for unit in units:
                    tu = etree.Element("tu")
                    if unit.user:
                        tu.set("creationid", unit.user)
                        tu.set("changeid", unit.user)
                    tu.set("creationdate", format_date(unit.created_at or unit.changed_at))
                    tu.set("changedate", format_date(unit.changed_at or unit.created_at))
                    for key, value in unit.props.items():
                        if value:
                            prop = etree.SubElement(tu, "prop", type=key)
                            prop.text = value
                    for lang, text in (
                        (unit.source_lang, unit.source),
                        (unit.target_lang, unit.target),
                    ):
                        tuv = etree.SubElement(tu, "tuv")
                        tuv.set(XML_LANG, lang)
                        etree.SubElement(tuv, "seg").text = text
                    xf.write(tu)
                    xf.write("\n")
                    count += 1
    return count
