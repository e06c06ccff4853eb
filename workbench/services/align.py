"""Aligning a report with its official English: store, edit (undoable), confirm, reuse.

The aligning itself is pure (workbench.align); this module reads the two files through the
import readers, stores the Chinese as a workbench document, keeps the links, and turns a
confirmed alignment into official English on the document's segments and into
(Chinese, English) reference units for the translation memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..align import align
from ..align.checks import AlignRefused, check_pair
from ..align.compare import MARKS, LastYear, Mark
from ..align.edits import EditRefused, apply_edit, validate_links
from ..align.renderings import Proposal, Renderings
from ..align.texts import en_paragraph_sentences, zh_paragraph_sentences
from ..chinese import to_simplified
from ..core.errors import Conflict
from ..db import utcnow
from ..formats.source import ImportRefused, SourceDocument, read_source
from ..models import Alignment, AlignmentEdit, Document, Paragraph, Segment, Term, User
from ..statuses import Status, parse_status
from .documents import import_document

__all__ = [
    "AlignRefused",
    "EditRefused",
    "ImportRefused",
    "PairSource",
    "StaleAlignment",
    "alignment_json",
    "confirm_alignment",
    "create_alignment",
    "edit_alignment",
    "read_pair",
    "reference_units",
    "undo_edit",
]


class StaleAlignment(Conflict):
    """Someone else edited the alignment since the page was loaded."""

    def __init__(self, alignment: Alignment, base_version: int):
        self.alignment = alignment
        super().__init__(
            f"alignment {alignment.id} was changed (version {alignment.version}) after you "
            f"loaded version {base_version}; reload it"
        )


@dataclass(frozen=True)
class PairSource:
    """Two read files: the Chinese as the import reader saw it, the English split."""

    zh: SourceDocument
    zh_paragraphs: list[list[str]]
    en_filename: str
    en_paragraphs: list[list[str]]


def read_pair(
    zh_name: str, zh_data: bytes, en_name: str, en_data: bytes, *, max_bytes: int
) -> PairSource:
    """Read both files with the import readers (same encodings and refusals), or raise
    ImportRefused / AlignRefused with one line."""
    zh = read_source(zh_name, zh_data, max_bytes=max_bytes)
    en = read_source(en_name, en_data, max_bytes=max_bytes)
    zh_paragraphs = zh_paragraph_sentences(zh.paragraphs)
    en_paragraphs = en_paragraph_sentences(p.text for p in en.paragraphs)
    check_pair(zh_paragraphs, en_paragraphs, zh.filename, en.filename)
    return PairSource(zh, zh_paragraphs, en.filename, en_paragraphs)


def approved_renderings(session: Session) -> list[tuple[str, str]]:
    """(Chinese, English) of every approved glossary term with a rendering."""
    rows = session.execute(
        select(Term.source_key, Term.target).where(
            Term.status == "approved", Term.deleted.is_(False), Term.target != ""
        )
    )
    return [(zh, en) for zh, en in rows]


def create_alignment(
    session: Session, pair: PairSource, *, user: User | None, title: str | None = None
) -> Alignment:
    """Import the Chinese as a document, align it with the English, store the links."""
    document = import_document(session, pair.zh, user=user, title=title, force=True)
    session.flush()
    result = align(pair.zh_paragraphs, pair.en_paragraphs, glossary=approved_renderings(session))
    segments = session.scalars(
        select(Segment)
        .where(Segment.document_id == document.id, Segment.active)
        .order_by(Segment.paragraph_id, Segment.start)
    ).all()
    paragraph_of = _paragraph_positions(session, document)
    # The import stored the same segmenter's sentences; empty (whitespace) ones are not aligned.
    kept = [s for s in segments if s.source.strip()]
    if len(kept) != len(result.zh_sentences):
        raise AlignRefused("the Chinese sentences changed while aligning; try again")
    zh_sentences = [
        {"segment": s.id, "paragraph": paragraph_of[s.paragraph_id], "text": text}
        for s, text in zip(kept, result.zh_sentences)
    ]
    en_sentences = []
    for number, paragraph in enumerate(pair.en_paragraphs):
        for sentence in paragraph:
            en_sentences.append({"paragraph": number, "text": " ".join(sentence.split())})
    links = [
        {"zh": list(link.zh), "en": list(link.en), "score": link.score, "checked": False}
        for link in result.links
    ]
    alignment = Alignment(
        document=document,
        title=document.title,
        zh_filename=pair.zh.filename,
        en_filename=pair.en_filename,
        zh_sentences=zh_sentences,
        en_sentences=en_sentences,
        links=links,
        state="draft",
        version=1,
        created_by_id=user.id if user else None,
    )
    session.add(alignment)
    session.flush()
    return alignment


def _paragraph_positions(session: Session, document: Document) -> dict[int, int]:
    return {p.id: p.position for p in document.paragraphs}


def edit_alignment(
    session: Session,
    alignment: Alignment,
    op: str,
    index: int,
    *,
    user: User | None,
    base_version: int | None,
    side: str = "zh",
    at: tuple[int, int] | None = None,
) -> str:
    """Apply one editor operation (see workbench.align.edits); returns what was done."""
    _check_editable(alignment, base_version)
    links, action = apply_edit(alignment.links, op, index, side=side, at=at)
    validate_links(links, len(alignment.zh_sentences), len(alignment.en_sentences))
    session.add(
        AlignmentEdit(
            alignment_id=alignment.id,
            action=action,
            before=alignment.links,
            user_id=user.id if user else None,
        )
    )
    alignment.links = links
    alignment.version += 1
    session.flush()
    return action


def undo_edit(
    session: Session, alignment: Alignment, *, user: User | None, base_version: int | None
) -> str:
    """Undo the latest edit not yet undone; returns what was undone."""
    _check_editable(alignment, base_version)
    edit = session.scalars(
        select(AlignmentEdit)
        .where(AlignmentEdit.alignment_id == alignment.id, AlignmentEdit.undone.is_(False))
        .order_by(AlignmentEdit.id.desc())
        .limit(1)
    ).first()
    if edit is None:
        raise EditRefused("nothing to undo")
    alignment.links = edit.before
    alignment.version += 1
    edit.undone = True
    session.flush()
    return f"undid: {edit.action}"


def _check_editable(alignment: Alignment, base_version: int | None) -> None:
    if alignment.state == "confirmed":
        raise EditRefused(f"alignment {alignment.id} is confirmed: it can no longer be edited")
    if base_version is not None and base_version != alignment.version:
        raise StaleAlignment(alignment, base_version)


def confirm_alignment(
    session: Session,
    alignment: Alignment,
    *,
    user: User | None,
    status: str = Status.TRANSLATED.value,
    base_version: int | None = None,
) -> int:
    """Confirm: the document's segments get the official English (origin "official", the
    given status); the Chinese sentences of one link become one segment. Returns the
    number of segments that received English."""
    from . import segments as segment_service

    _check_editable(alignment, base_version)
    chosen = parse_status(status).value
    by_id = {
        s.id: s
        for s in session.scalars(
            select(Segment).where(Segment.document_id == alignment.document_id)
        )
    }
    filled = 0
    for link in alignment.links:
        if not link["zh"]:
            continue
        ids = [alignment.zh_sentences[i]["segment"] for i in link["zh"]]
        head = by_id[ids[0]]
        for other in ids[1:]:
            nxt = segment_service.next_in_paragraph(session, head)
            if nxt is None or nxt.id != other:
                break  # sentences of two paragraphs: the English stays on the first
            segment_service.merge_with_next(session, head, user=user)  # type: ignore[arg-type]
        english = " ".join(alignment.en_sentences[j]["text"] for j in link["en"])
        if not english:
            continue
        segment_service.save_target(
            session,
            head,
            target=english,
            status=chosen,
            user=user,
            origin="official",
            base_version=None,
            note=f"official English from alignment {alignment.id}",
        )
        filled += 1
    alignment.state = "confirmed"
    alignment.confirmed_at = utcnow()
    alignment.confirmed_by_id = user.id if user else None
    session.flush()  # QA runs after commit: it subscribes to the segments' change events
    return filled


def reference_units(session: Session) -> list[tuple[str, str, int]]:
    """(Chinese, official English, alignment id) of every linked pair of every confirmed
    alignment: the reference memory (origin "official") for the translation memory."""
    units: list[tuple[str, str, int]] = []
    for alignment in session.scalars(
        select(Alignment).where(Alignment.state == "confirmed").order_by(Alignment.id)
    ):
        for link in alignment.links:
            if link["zh"] and link["en"]:
                zh = "".join(alignment.zh_sentences[i]["text"] for i in link["zh"])
                en = " ".join(alignment.en_sentences[j]["text"] for j in link["en"])
                units.append((zh, en, alignment.id))
    return units


def alignment_json(alignment: Alignment) -> dict[str, Any]:
    """The CLI's --json object (the contract of `workbench align`)."""
    return {
        "document": alignment.document_id,
        "alignment": alignment.id,
        "zh_sentences": [s["text"] for s in alignment.zh_sentences],
        "en_sentences": [s["text"] for s in alignment.en_sentences],
        "links": [
            {"zh": list(link["zh"]), "en": list(link["en"]), "score": link["score"]}
            for link in alignment.links
        ],
    }


@dataclass(frozen=True)
class RenderingRow:
    """One glossary term or term candidate with its official rendering, if any."""

    term: str
    kind: str  # "glossary" or "candidate"
    glossary: str  # the glossary's rendering now ("" for a candidate)
    proposal: Proposal | None


def official_index(session: Session) -> Renderings:
    """Concordances and proposals over every confirmed alignment (built per call)."""
    pairs = [(zh, en) for zh, en, _ in reference_units(session)]
    return Renderings(pairs, lexicon_with_glossary(session))


def lexicon_with_glossary(session: Session):
    from ..align import cedict_lexicon

    return cedict_lexicon().with_terms(approved_renderings(session))


def official_renderings(session: Session, term: str):
    """(concordance lines, proposed rendering) of `term` over every confirmed alignment."""
    index = official_index(session)
    proposal = index.propose(term)
    return index.concordance(term, proposal.english if proposal else ""), proposal


def rendering_rows(session: Session) -> list[RenderingRow]:
    """Every glossary term, then every term candidate of the aligned reports, with the
    English the official translations associate with it."""
    from . import glossary as glossary_service

    index = official_index(session)
    rows = [
        RenderingRow(term.source, "glossary", term.target, index.propose(term.source))
        for term in session.scalars(
            select(Term).where(Term.deleted.is_(False)).order_by(Term.source_key)
        )
    ]
    seen = {to_simplified(r.term) for r in rows}
    for document_id in session.scalars(
        select(Alignment.document_id).where(Alignment.state == "confirmed").distinct()
    ):
        for candidate in glossary_service.document_candidates(session, document_id):
            if candidate.text not in seen:
                seen.add(candidate.text)
                rows.append(
                    RenderingRow(candidate.text, "candidate", "", index.propose(candidate.text))
                )
    return rows


def accept_official_rendering(
    session: Session, term_text: str, english: str, *, user: User | None
) -> tuple[Term, str]:
    """Put an official rendering into the glossary, its source recorded in the reference.

    A new term is created as proposed with this rendering; a term without a rendering gets
    it; a term with another rendering keeps it and gets this one as an accepted
    alternative (a person's choice is never overwritten). Returns the term and what was done.
    """
    from . import glossary as glossary_service

    english = " ".join(english.split())
    if not english:
        raise EditRefused("the official rendering is empty")
    index = official_index(session)
    lines = index.concordance(term_text)
    found = [line for line in lines if english.lower() in line.en.lower()]
    if not found:
        raise EditRefused(
            f"“{english}” does not occur in the official English of any aligned sentence "
            f"with “{term_text}”"
        )
    # the aligned reports whose official English has it with the term
    key, needle = to_simplified(term_text), english.lower()
    ids = {
        alignment_id
        for zh, en, alignment_id in reference_units(session)
        if key in to_simplified(zh) and needle in en.lower()
    }
    titles = sorted({session.get(Alignment, i).title for i in ids})
    source = (
        f"official English ({', '.join(titles)}): {len(found)} of {len(lines)} aligned sentences"
    )[: glossary_service.MAX_TARGET_CHARS]
    term = glossary_service.find_term(session, term_text, include_deleted=False)
    if term is None:
        data = glossary_service.validate(
            source=term_text, target=english, reference=source, status="proposed"
        )
        term = glossary_service.save_term(session, data, user=user, action="official rendering")
        return term, f"added “{term_text}” = “{english}” to the glossary (proposed)"
    record = glossary_service.record(term)
    if record.target == english or english in record.alternatives:
        what = f"“{english}” is already a rendering of “{term.source}”; source recorded"
        target, alternatives = record.target, list(record.alternatives)
    elif not record.target:
        what = f"“{english}” is now the rendering of “{term.source}”"
        target, alternatives = english, list(record.alternatives)
    else:
        what = (
            f"“{english}” added as an accepted alternative of “{term.source}” "
            f"(its rendering stays “{record.target}”)"
        )
        target, alternatives = record.target, [*record.alternatives, english]
    data = glossary_service.validate(
        source=record.source,
        target=target,
        alternatives=alternatives,
        forbidden=record.forbidden,
        note=record.note,
        category=record.category,
        reference=source,
        status=record.status,
    )
    glossary_service.save_term(session, data, user=user, term=term, action="official rendering")
    return term, what


# --- year over year ---------------------------------------------------------------------


def last_year(session: Session, document_id: int) -> LastYear:
    """The confirmed alignments of other documents (last year's reports), indexed."""
    units = [
        (zh, en)
        for zh, en, alignment_id in reference_units(session)
        if session.get(Alignment, alignment_id).document_id != document_id
    ]
    return LastYear(units)


def year_over_year(session: Session, document_id: int) -> list[tuple[Segment, Mark]]:
    """Every active segment of the document in order, marked new / changed / same."""
    previous = last_year(session, document_id)
    segments = session.scalars(
        select(Segment)
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(Segment.document_id == document_id, Segment.active)
        .order_by(Paragraph.position, Segment.start)
    ).all()
    return [(segment, previous.mark(segment.source)) for segment in segments]


def marked_segment_ids(session: Session, document_id: int, kind: str) -> list[int]:
    """The segments of the document with this year-over-year mark (none without last year)."""
    if kind not in MARKS or not has_last_year(session, document_id):
        return []
    return [s.id for s, mark in year_over_year(session, document_id) if mark.kind == kind]


def has_last_year(session: Session, document_id: int) -> bool:
    """Whether a confirmed alignment of another document exists to compare with."""
    return (
        session.scalars(
            select(Alignment.id)
            .where(Alignment.state == "confirmed", Alignment.document_id != document_id)
            .limit(1)
        ).first()
        is not None
    )


def new_candidates(session: Session, document_id: int):
    """The document's term candidates that last year's reports do not contain."""
    from . import glossary as glossary_service

    previous = last_year(session, document_id)
    return [
        c
        for c in glossary_service.document_candidates(session, document_id)
        if not previous.occurs(c.text)
    ]
