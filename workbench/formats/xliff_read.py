"""Reading an XLIFF back, and planning what an import would change (pure; no database).

`read_xliff` accepts XLIFF 1.2 (and 1.1, which translate-toolkit and older tools write) from
any CAT tool, with or without the namespace. Inline markup is reduced to the text a reader
sees: the content of <g> and <mrk> is kept, empty placeholders (<x/>, <bx/>, <ex/>) vanish,
and the native code inside <bpt>, <ept>, <ph> and <it> (e.g. "<b>") is dropped, because it is
formatting, not text. Only a trans-unit's own <source>/<target> count (never <alt-trans>).

`plan_xliff_import` compares the units with the segments as they are now:
- unknown: the id is not a segment of this document (or repeats), or the Chinese differs;
- unchanged: same English and same status, or no English in the file (an empty target never
  erases English);
- conflicts: the segment's version moved on since the export (current.version >
  unit.base_version) AND the incoming English differs from the current English. Only the
  export-time version is known, not the export-time text, so "someone edited it since" plus
  "the file says something else" is the conflict; a file that merely agrees with the newer
  English is unchanged (its older status does not override the newer one);
- changed: everything else with new English or a new status. A unit without base_version
  (a tool dropped `extradata`) cannot be checked for conflicts and counts as changed; the
  import still records it as a revision, so nothing is lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from ..chinese import VARIANT_LANG_TAGS, to_simplified, to_variant
from ..statuses import STATUS_FROM_XLIFF_STATE, Status
from .base import ExportFormatError, clean_text

# Inline elements whose content is native code, not translatable text.
_CODE_ELEMENTS = {"bpt", "ept", "ph", "it"}
_VERSION = re.compile(r"(?:^|[;,\s])version=(\d+)(?:$|[;,\s])")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class XliffUnit:
    id: str
    source: str
    target: str | None  # None: no <target> element
    state: str | None  # the target's state attribute
    approved: bool
    base_version: int | None  # segment version at export (extradata="version=N")
    notes: tuple[str, ...] = ()
    source_language: str = ""  # of the enclosing <file>, e.g. zh-TW for a Traditional export


@dataclass(frozen=True)
class CurrentSegment:
    id: int
    source: str
    target: str
    status: str
    version: int


@dataclass(frozen=True)
class XliffChange:
    segment_id: int
    old_target: str
    new_target: str
    old_status: str
    new_status: str
    base_version: int | None
    current_version: int


@dataclass(frozen=True)
class XliffUnknown:
    unit_id: str
    reason: str


@dataclass
class XliffImportPlan:
    changed: list[XliffChange] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)  # segment ids
    unknown: list[XliffUnknown] = field(default_factory=list)
    conflicts: list[XliffChange] = field(default_factory=list)


# --- reading -----------------------------------------------------------------------------


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def inline_text(element: etree._Element) -> str:
    """Text content of <source>/<target>, inline markup reduced as the module docstring says."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and _local(child) not in _CODE_ELEMENTS:
            parts.append(inline_text(child))
        parts.append(child.tail or "")  # comments and processing instructions keep their tail
    return "".join(parts)


def _child(unit: etree._Element, name: str) -> etree._Element | None:
    for child in unit:
        if _local(child) == name:
            return child
    return None


def _base_version(unit: etree._Element) -> int | None:
    match = _VERSION.search(unit.get("extradata") or "")
    return int(match.group(1)) if match else None


def _unit(element: etree._Element, source_language: str) -> XliffUnit:
    source = _child(element, "source")
    target = _child(element, "target")
    notes = tuple(inline_text(n).strip() for n in element if _local(n) == "note")
    return XliffUnit(
        id=element.get("id", ""),
        source=inline_text(source) if source is not None else "",
        target=inline_text(target) if target is not None else None,
        state=target.get("state") if target is not None else None,
        approved=element.get("approved") == "yes",
        base_version=_base_version(element),
        notes=notes,
        source_language=source_language,
    )


def _parse(data: bytes) -> etree._Element:
    # No DTDs, no entities, no network: an uploaded file must not read files or hosts.
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ExportFormatError(
            f"not a well-formed XML file: {exc.msg} (line {exc.lineno})"
        ) from None
    if root is None or _local(root) != "xliff":
        found = _local(root) if root is not None else "nothing"
        raise ExportFormatError(f"not an XLIFF file: the root element is <{found}>, not <xliff>")
    version = root.get("version", "")
    if version and not version.startswith("1."):
        raise ExportFormatError(f"XLIFF {version} is not supported (XLIFF 1.2 or 1.1 expected)")
    return root


def read_xliff(data: bytes) -> list[XliffUnit]:
    """Every trans-unit of every <file>, in file order; ExportFormatError on malformed input."""
    root = _parse(data)
    units: list[XliffUnit] = []
    for file_el in root:
        if _local(file_el) != "file":
            continue
        source_language = file_el.get("source-language", "")
        for element in file_el.iter("{*}trans-unit"):  # {*}: any namespace, or none
            if element.get("id") is None:
                line = element.sourceline
                raise ExportFormatError(f"a <trans-unit> without an id (line {line})")
            units.append(_unit(element, source_language))
    if not units and not any(_local(f) == "file" for f in root):
        raise ExportFormatError("the XLIFF file has no <file> element")
    return units


# --- planning ----------------------------------------------------------------------------


def _norm(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _variant_for(lang: str) -> str | None:
    for variant, tag in VARIANT_LANG_TAGS.items():
        if tag.lower() == lang.lower():
            return variant
    return None


def same_source(unit: XliffUnit, current: CurrentSegment) -> bool:
    """Whether the unit's Chinese is this segment's, allowing for the exported variant."""
    incoming, ours = _norm(unit.source), _norm(current.source)
    if incoming == ours:
        return True
    # A Traditional export: compare with what the exporter wrote, then via Simplified.
    variant = _variant_for(unit.source_language)
    if variant is not None and incoming == _norm(to_variant(to_simplified(ours), variant)):
        return True
    return to_simplified(incoming) == to_simplified(ours)


def incoming_status(unit: XliffUnit, current: CurrentSegment, target_changed: bool) -> str:
    """The status the file asks for: approved="yes", else the state, else 'translated'."""
    if unit.approved:
        return Status.APPROVED.value
    if unit.state in STATUS_FROM_XLIFF_STATE:
        return STATUS_FROM_XLIFF_STATE[unit.state].value
    # No usable state: a new English is a translation; otherwise keep what we have.
    return Status.TRANSLATED.value if target_changed else current.status


def plan_xliff_import(
    units: list[XliffUnit], current: Mapping[int, CurrentSegment]
) -> XliffImportPlan:
    plan = XliffImportPlan()
    seen: set[int] = set()
    for unit in units:
        segment_id = int(unit.id) if unit.id.isdigit() else None
        segment = current.get(segment_id) if segment_id is not None else None
        if segment_id is None or segment is None:
            plan.unknown.append(XliffUnknown(unit.id, "not a segment of this document"))
            continue
        if segment_id in seen:
            plan.unknown.append(XliffUnknown(unit.id, "appears more than once in the file"))
            continue
        seen.add(segment_id)
        if not same_source(unit, segment):
            plan.unknown.append(XliffUnknown(unit.id, "the Chinese differs from the segment's"))
            continue
        _classify(unit, segment, plan)
    return plan


def _classify(unit: XliffUnit, segment: CurrentSegment, plan: XliffImportPlan) -> None:
    incoming = (unit.target or "").strip()
    if not incoming:
        plan.unchanged.append(segment.id)  # an empty target never erases English
        return
    # Compare with what the export wrote: control characters were dropped on the way out.
    target_changed = incoming != clean_text(segment.target).strip()
    status = incoming_status(unit, segment, target_changed)
    if not target_changed and status == segment.status:
        plan.unchanged.append(segment.id)
        return
    change = XliffChange(
        segment_id=segment.id,
        old_target=segment.target,
        new_target=incoming,
        old_status=segment.status,
        new_status=status,
        base_version=unit.base_version,
        current_version=segment.version,
    )
    moved_on = unit.base_version is not None and segment.version > unit.base_version
    if moved_on and not target_changed:
        # Edited since the export and the file agrees with the newer English: its (older)
        # status must not undo what was decided since.
        plan.unchanged.append(segment.id)
    elif moved_on:
        plan.conflicts.append(change)
    else:
        plan.changed.append(change)
