"""Glossary import and export: TBX (TBX-Basic style), CSV and JSON, plus the import plan.

Export writes records in the order given (callers sort, e.g. by source key) with fixed
formatting and no timestamps, so the same glossary always gives the same bytes. Parsing
validates the whole file and raises GlossaryFormatError (one line saying where) before
returning anything: an import is all or nothing.

TBX layout (no namespace, validates against shared/schemas/tbx.xsd):

    <termEntry>
      <descrip type="subjectField">system</descrip>        category
      <admin type="source">…</admin>                        reference
      <note>…</note>                                        note (what tbxfile.getnotes() reads)
      <langSet xml:lang="zh"><tig><term>林长制</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
        <termNote type="usageNote">applies inside longer expressions</termNote>  applies_nested
      </tig></langSet>
      <langSet xml:lang="en">
        <tig><term>forest chief system</term> + status</tig>  the rendering: always the first tig
        <tig><term>…</term> admittedTerm-admn-sts</tig>       alternatives
        <tig><term>…</term> deprecatedTerm-admn-sts</tig>     forbidden renderings
      </langSet>                                 (+ a <note> naming them, first: see _term_entry)
    </termEntry>

The entry status is the administrative status of the Chinese term and of the rendering:
approved = preferredTerm, proposed = admittedTerm, deprecated = deprecatedTerm. When a record
has alternatives or forbidden renderings but no rendering yet, the first English tig is an
empty <term/> so that position keeps its meaning.

CSV: UTF-8 with BOM (spreadsheets then detect the encoding), header row, one term per row;
list columns (alternatives, forbidden) join their items with " | ", so an item cannot contain
"|". JSON: {"format": "workbench-glossary", "version": 1, "source_lang", "target_lang",
"terms": [{field: value}]}; a bare list of term objects is accepted too. applies_nested is a
CSV column ("yes" or empty; yes/no/true/false/1/0 read) and a JSON boolean.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from lxml import etree

from workbench.chinese import to_simplified
from workbench.statuses import TERM_CATEGORIES, TERM_STATUSES

LIST_SEPARATOR = " | "
JSON_FORMAT = "workbench-glossary"
# Column lengths of the Term model: longer values would fail at insert time, after the
# all-or-nothing check, so they are refused here.
MAX_LENGTHS = {"source": 200, "target": 500, "reference": 500}
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"

STATUS_TO_ADMIN = {
    "approved": "preferredTerm-admn-sts",
    "proposed": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
}
ADMIN_TO_STATUS = {v.lower(): k for k, v in STATUS_TO_ADMIN.items()}
ADMIN_TO_STATUS["supersededterm-admn-sts"] = "deprecated"
ALTERNATIVE_ADMIN = "admittedTerm-admn-sts"
FORBIDDEN_ADMIN = "deprecatedTerm-admn-sts"


@dataclass
class TermRecord:
    source: str
    target: str = ""
    alternatives: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    note: str = ""
    category: str = "other"
    reference: str = ""
    status: str = "proposed"
    # The term also applies inside a longer expression that is a unit of its own (三保 in
    # “两不愁三保障”): highlighted and checked there too.
    applies_nested: bool = False

    @property
    def key(self) -> str:
        """Simplified source: how terms are identified across scripts."""
        return to_simplified(self.source.strip()).strip()


FIELD_NAMES = tuple(f.name for f in fields(TermRecord))
LIST_FIELDS = ("alternatives", "forbidden")
FLAG_FIELDS = ("applies_nested",)
# How a CSV cell says yes or no (empty: no); export writes "yes" / "".
_FLAG_WORDS = {
    "yes": True,
    "true": True,
    "1": True,
    "no": False,
    "false": False,
    "0": False,
    "": False,
}
# TBX-Basic has no data category for this, so it is a termNote on the Chinese term (termNote
# types are open in TBX; readers that do not know it ignore it), written only when true.
NESTED_NOTE_TYPE = "usageNote"
NESTED_NOTE = "applies inside longer expressions"


class GlossaryFormatError(ValueError):
    """A glossary file that cannot be imported; the message is one line that says where."""


@dataclass
class ImportPlan:
    added: list[TermRecord] = field(default_factory=list)
    updated: list[tuple[TermRecord, TermRecord]] = field(
        default_factory=list
    )  # (existing, incoming)
    unchanged: list[TermRecord] = field(default_factory=list)
    conflicts: list[tuple[TermRecord, TermRecord, str]] = field(
        default_factory=list
    )  # (existing, incoming, reason)


# --- export ------------------------------------------------------------------------------


def export_tbx(
    records: Sequence[TermRecord], *, source_lang: str = "zh", target_lang: str = "en"
) -> bytes:
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: source_lang})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    title = etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title")
    title.text = "Policy-term glossary"
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = "Exported by workbench"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for record in records:
        body.append(_term_entry(record, source_lang, target_lang))
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _term_entry(record: TermRecord, source_lang: str, target_lang: str) -> etree._Element:
    entry = etree.Element("termEntry")
    _text_child(entry, "descrip", record.category, type="subjectField")
    if record.reference:
        _text_child(entry, "admin", record.reference, type="source")
    if record.note:
        _text_child(entry, "note", record.note)
    status = STATUS_TO_ADMIN[record.status]
    source_set = etree.SubElement(entry, "langSet", {XML_LANG: source_lang})
    source_tig = _tig(source_set, record.source, status)
    if record.applies_nested:
        _text_child(source_tig, "termNote", NESTED_NOTE, type=NESTED_NOTE_TYPE)
    if record.target or record.alternatives or record.forbidden:
        target_set = etree.SubElement(entry, "langSet", {XML_LANG: target_lang})
        if record.forbidden:
            # The administrative status is per rendering, but OmegaT 3.6 shows one comment for
            # the whole entry (every termNote run together): this note says in words which
            # renderings are forbidden. The import reads the statuses, never this note.
            _text_child(target_set, "note", forbidden_note(record))
        _tig(target_set, record.target, status)
        for alternative in record.alternatives:
            _tig(target_set, alternative, ALTERNATIVE_ADMIN)
        for forbidden in record.forbidden:
            _tig(target_set, forbidden, FORBIDDEN_ADMIN)
    return entry


def forbidden_note(record: TermRecord) -> str:
    forbidden = "; ".join(record.forbidden)
    use = f" (use: {record.target})" if record.target else ""
    return f"Forbidden, do not use: {forbidden}{use}"


def _tig(lang_set: etree._Element, text: str, admin_status: str) -> etree._Element:
    tig = etree.SubElement(lang_set, "tig")
    _text_child(tig, "term", text)
    _text_child(tig, "termNote", admin_status, type="administrativeStatus")
    return tig


def _text_child(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    child = etree.SubElement(parent, tag, attrs)
    child.text = text
    return child


def export_csv(records: Iterable[TermRecord]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELD_NAMES)
    for record in records:
        row = asdict(record)
        writer.writerow([_cell(name, row[name]) for name in FIELD_NAMES])
    return out.getvalue().encode("utf-8-sig")


def _cell(name: str, value: Any) -> str:
    if name in LIST_FIELDS:
        return _join(value)
    if name in FLAG_FIELDS:
        return "yes" if value else ""
    return value


def _join(items: list[str]) -> str:
    if any("|" in item for item in items):
        raise GlossaryFormatError(f"cannot write {items!r} to CSV: items may not contain '|'")
    return LIST_SEPARATOR.join(items)


def export_json(
    records: Iterable[TermRecord], *, source_lang: str = "zh", target_lang: str = "en"
) -> bytes:
    document = {
        "format": JSON_FORMAT,
        "version": 1,
        "source_lang": source_lang,
        "target_lang": target_lang,
        "terms": [asdict(record) for record in records],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- parsing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GlossaryCodec:
    """One glossary file format, its reader and writer (listed in `formats.registry`)."""

    name: str
    extensions: tuple[str, ...]  # the first is the one written
    mimetype: str
    description: str
    write: Callable[[Sequence[TermRecord]], bytes]
    read: Callable[[bytes], list[Located]]


def parse_glossary(filename: str, data: bytes) -> list[TermRecord]:
    """Records of a .tbx/.xml, .csv or .json file; GlossaryFormatError if anything is wrong."""
    name = filename.lower()
    codec = next((c for c in CODECS if name.endswith(c.extensions)), None)
    if codec is None:
        raise GlossaryFormatError(f"{filename}: unknown glossary format (use .tbx, .csv or .json)")
    records = codec.read(data)
    if not records:
        raise GlossaryFormatError(f"{filename}: no terms in the file")
    _refuse_duplicates(records)
    return [record for record, _ in records]


Located = tuple[TermRecord, str]  # a record and where it came from ("line 7", "row 3", "term 2")


def _refuse_duplicates(records: list[Located]) -> None:
    seen: dict[str, str] = {}
    for record, where in records:
        if record.key in seen:
            raise GlossaryFormatError(
                f"{where}: term {record.source!r} already appears at {seen[record.key]}"
            )
        seen[record.key] = where


def _record(values: dict[str, Any], where: str) -> Located:
    """A validated record from raw field values (strings, lists of strings)."""
    unknown = sorted(set(values) - set(FIELD_NAMES))
    if unknown:
        raise GlossaryFormatError(
            f"{where}: unknown field {unknown[0]!r} (known: {', '.join(FIELD_NAMES)})"
        )
    clean: dict[str, Any] = {}
    for name in FIELD_NAMES:
        value = values.get(name)
        if name in LIST_FIELDS:
            value = [] if value is None else value
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise GlossaryFormatError(f"{where}: {name} must be a list of strings")
            clean[name] = [v.strip() for v in value if v.strip()]
        elif name in FLAG_FIELDS:
            if isinstance(value, str) and value.strip().lower() in _FLAG_WORDS:
                value = _FLAG_WORDS[value.strip().lower()]  # CSV cells
            if value is None:
                value = False
            if not isinstance(value, bool):
                raise GlossaryFormatError(f"{where}: {name} must be true or false (yes or no)")
            clean[name] = value
        else:
            value = "" if value is None else value
            if not isinstance(value, str):
                raise GlossaryFormatError(f"{where}: {name} must be a string")
            # Notes keep their inner layout; every other field is a single trimmed value.
            clean[name] = value if name == "note" else value.strip()
    clean["category"] = clean["category"] or "other"
    clean["status"] = clean["status"] or "proposed"
    record = TermRecord(**clean)
    _validate(record, where)
    return record, where


def _validate(record: TermRecord, where: str) -> None:
    if not record.source:
        raise GlossaryFormatError(f"{where}: the source term is empty")
    if record.category not in TERM_CATEGORIES:
        raise GlossaryFormatError(
            f"{where}: unknown category {record.category!r} (valid: {', '.join(TERM_CATEGORIES)})"
        )
    if record.status not in TERM_STATUSES:
        raise GlossaryFormatError(
            f"{where}: unknown status {record.status!r} (valid: {', '.join(TERM_STATUSES)})"
        )
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(record, name)) > limit:
            raise GlossaryFormatError(f"{where}: {name} is longer than {limit} characters")


def _parse_csv(data: bytes) -> list[Located]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryFormatError(f"CSV is not UTF-8 (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise GlossaryFormatError(f"CSV line {reader.line_num}: {exc}") from None
    if not rows:
        raise GlossaryFormatError("CSV is empty: a header row with a 'source' column is required")
    header = [h.strip().lower() for h in rows[0]]
    if "source" not in header:
        raise GlossaryFormatError(
            f"CSV header has no 'source' column (found: {', '.join(header) or 'nothing'})"
        )
    for name in header:
        if name not in FIELD_NAMES:
            raise GlossaryFormatError(
                f"CSV header: unknown column {name!r} (known: {', '.join(FIELD_NAMES)})"
            )
        if header.count(name) > 1:
            raise GlossaryFormatError(f"CSV header: column {name!r} appears twice")
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # spreadsheets leave blank rows behind
        where = f"CSV row {number}"
        if len(row) > len(header):
            raise GlossaryFormatError(
                f"{where}: {len(row)} cells but the header has {len(header)} columns"
            )
        values: dict[str, Any] = dict(zip(header, row))
        for name in LIST_FIELDS:
            if name in values:
                values[name] = values[name].split("|")
        records.append(_record(values, where))
    return records


def _parse_json(data: bytes) -> list[Located]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise GlossaryFormatError(f"JSON is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise GlossaryFormatError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if isinstance(document, dict):
        if document.get("format", JSON_FORMAT) != JSON_FORMAT:
            raise GlossaryFormatError(
                f"JSON format is {document.get('format')!r}, expected {JSON_FORMAT!r}"
            )
        terms = document.get("terms")
    else:
        terms = document
    if not isinstance(terms, list):
        raise GlossaryFormatError("JSON must be a list of terms or an object with a 'terms' list")
    records = []
    for number, item in enumerate(terms, start=1):
        where = f"JSON term {number}"
        if not isinstance(item, dict):
            raise GlossaryFormatError(f"{where}: expected an object, found {type(item).__name__}")
        records.append(_record(item, where))
    return records


def _parse_tbx(data: bytes) -> list[Located]:
    # No DTD loading, no entity expansion, no network: a glossary file is untrusted input.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise GlossaryFormatError(f"TBX is not well-formed XML: {exc}") from None
    if etree.QName(root).localname != "martif":
        raise GlossaryFormatError(
            f"TBX root element is <{etree.QName(root).localname}>, expected <martif>"
        )
    ns = etree.QName(root).namespace
    source_lang = root.get(XML_LANG) or "zh"
    entries = root.findall(f"{_q(ns, 'text')}/{_q(ns, 'body')}/{_q(ns, 'termEntry')}")
    return [_parse_entry(entry, ns, source_lang) for entry in entries]


def _q(ns: str | None, tag: str) -> str:
    return f"{{{ns}}}{tag}" if ns else tag


def _parse_entry(entry: etree._Element, ns: str | None, source_lang: str) -> Located:
    where = f"TBX line {entry.sourceline} (termEntry)"
    lang_sets = entry.findall(_q(ns, "langSet"))
    source_sets = [ls for ls in lang_sets if _same_language(ls.get(XML_LANG), source_lang)]
    target_sets = [ls for ls in lang_sets if ls not in source_sets]
    if len(source_sets) != 1 or len(source_sets[0].findall(_q(ns, "tig"))) != 1:
        raise GlossaryFormatError(f"{where}: expected exactly one {source_lang} term")
    if len(target_sets) > 1:
        raise GlossaryFormatError(f"{where}: more than one target language")
    source_tig = source_sets[0].find(_q(ns, "tig"))
    source, source_status = _tig_values(source_tig, ns, where)
    values: dict[str, Any] = {"source": source, "alternatives": [], "forbidden": []}
    values["applies_nested"] = any(
        note.get("type") == NESTED_NOTE_TYPE and (note.text or "").strip().lower() == NESTED_NOTE
        for note in source_tig.findall(_q(ns, "termNote"))
    )
    target_status = None
    if target_sets:
        tigs = target_sets[0].findall(_q(ns, "tig"))
        values["target"], target_status = _tig_values(tigs[0], ns, where)
        for tig in tigs[1:]:
            text, admin = _tig_values(tig, ns, where)
            is_forbidden = admin is not None and ADMIN_TO_STATUS.get(admin.lower()) == "deprecated"
            values["forbidden" if is_forbidden else "alternatives"].append(text)
    admin = source_status or target_status
    if admin is not None:
        if admin.lower() not in ADMIN_TO_STATUS:
            raise GlossaryFormatError(f"{where}: unknown administrativeStatus {admin!r}")
        values["status"] = ADMIN_TO_STATUS[admin.lower()]
    for child in entry:
        tag = etree.QName(child).localname
        if tag == "descrip" and child.get("type") == "subjectField":
            values["category"] = child.text or ""
        elif tag == "admin" and child.get("type") == "source":
            values["reference"] = child.text or ""
        elif tag == "note":
            values["note"] = "".join(child.itertext())
    return _record(values, where)


def _tig_values(tig: etree._Element, ns: str | None, where: str) -> tuple[str, str | None]:
    term = tig.find(_q(ns, "term"))
    if term is None:
        raise GlossaryFormatError(f"{where}: <tig> at line {tig.sourceline} has no <term>")
    status = None
    for note in tig.findall(_q(ns, "termNote")):
        if note.get("type") == "administrativeStatus":
            status = (note.text or "").strip()
    return "".join(term.itertext()), status


def _same_language(tag: str | None, wanted: str) -> bool:
    """zh matches zh, zh-CN, zh-Hans, zh_TW: compare the primary language subtag."""
    if not tag:
        return False
    return (
        tag.replace("_", "-").split("-")[0].lower()
        == wanted.replace("_", "-").split("-")[0].lower()
    )


CODECS = (
    GlossaryCodec(
        "tbx", (".tbx", ".xml"), "application/x-tbx+xml", "TBX-Basic", export_tbx, _parse_tbx
    ),
    GlossaryCodec(
        "csv", (".csv",), "text/csv; charset=utf-8", "CSV, a term a row", export_csv, _parse_csv
    ),
    GlossaryCodec(
        "json",
        (".json",),
        "application/json",
        "JSON (workbench-glossary)",
        export_json,
        _parse_json,
    ),
)


# --- import plan -------------------------------------------------------------------------


def plan_import(existing: Sequence[TermRecord], incoming: Sequence[TermRecord]) -> ImportPlan:
    """What importing `incoming` would do; matched by Simplified source.

    An approved rendering is never replaced silently: an incoming record whose rendering
    differs from an existing approved one is a conflict, to be resolved by a person.
    """
    by_key: dict[str, TermRecord] = {}
    for record in existing:
        by_key.setdefault(record.key, record)
    plan = ImportPlan()
    planned: dict[str, TermRecord] = {}
    for record in incoming:
        key = record.key
        if key in planned:
            plan.conflicts.append(
                (planned[key], record, "the same term appears twice in the import")
            )
            continue
        planned[key] = record
        current = by_key.get(key)
        if current is None:
            plan.added.append(record)
        elif current == record:
            plan.unchanged.append(record)
        elif current.status == "approved" and current.target and record.target != current.target:
            reason = (
                f"approved rendering {current.target!r} would be replaced by {record.target!r}"
                if record.target
                else f"approved rendering {current.target!r} would be removed"
            )
            plan.conflicts.append((current, record, reason))
        else:
            plan.updated.append((current, record))
    return plan
