"""Aligning a report with its official English: align two files, fix the links, undo,
confirm, and accept an official rendering into the glossary."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...formats.source import ImportRefused
from ...models import Alignment, Term
from ...services import align as align_service
from ...services import glossary as glossary_service
from ...statuses import Status, parse_status
from ..errors import Invalid
from ..permissions import Action, Actor, require
from . import get, transaction, user_of
from .documents import check_size

_STALE = "the alignment was changed at the same moment; reload it and try again"


def align_files(
    session: Session,
    actor: Actor,
    zh: tuple[str, bytes],
    en: tuple[str, bytes],
    *,
    max_bytes: int,
    title: str | None = None,
    where: tuple[str, str] | None = None,
) -> Alignment:
    """Read both files as import does, store the Chinese as a document and the links as a
    draft alignment; Invalid (nothing written) when either file or the pair is refused.

    `where` names the files in messages (the CLI's paths; default: the file names)."""
    require(actor, Action.ALIGN)
    (zh_name, zh_data), (en_name, en_data) = zh, en
    zh_where, en_where = where or (zh_name, en_name)
    check_size(zh_where, len(zh_data), max_bytes)
    check_size(en_where, len(en_data), max_bytes)
    try:
        pair = align_service.read_pair(zh_name, zh_data, en_name, en_data, max_bytes=max_bytes)
    except ImportRefused as exc:
        # the reader names the file by its base name; say which of the two it was
        raise Invalid(str(exc)) from None
    with transaction(session, _STALE):
        return align_service.create_alignment(session, pair, user=user_of(actor), title=title)


def edit(
    session: Session,
    actor: Actor,
    alignment_id: int,
    op: str,
    index: int,
    *,
    side: str = "zh",
    base_version: int | None,
) -> str:
    """One editor operation (workbench.align.edits); returns what was done, in words."""
    require(actor, Action.ALIGN)
    alignment = get(session, Alignment, alignment_id, "alignment")
    with transaction(session, _STALE):
        return align_service.edit_alignment(
            session, alignment, op, index, side=side, user=user_of(actor), base_version=base_version
        )


def undo(session: Session, actor: Actor, alignment_id: int, *, base_version: int | None) -> str:
    require(actor, Action.ALIGN)
    alignment = get(session, Alignment, alignment_id, "alignment")
    with transaction(session, _STALE):
        return align_service.undo_edit(
            session, alignment, user=user_of(actor), base_version=base_version
        )


def confirm(
    session: Session,
    actor: Actor,
    alignment_id: int,
    *,
    status: str = Status.TRANSLATED.value,
    base_version: int | None,
) -> int:
    """The document's segments get the official English with `status`; returns how many."""
    require(actor, Action.ALIGN)
    try:
        chosen = parse_status(status)
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    if chosen == Status.APPROVED:
        require(actor, Action.APPROVE_SEGMENT)
    alignment = get(session, Alignment, alignment_id, "alignment")
    with transaction(session, _STALE):
        return align_service.confirm_alignment(
            session,
            alignment,
            user=user_of(actor),
            status=chosen.value,
            base_version=base_version,
        )


def accept_rendering(session: Session, actor: Actor, term: str, english: str) -> tuple[Term, str]:
    """An official rendering into the glossary, its source recorded (see the service)."""
    require(actor, Action.PROPOSE_TERM)
    existing = glossary_service.find_term(session, term, include_deleted=False)
    if existing is not None and existing.status != "proposed":
        require(actor, Action.APPROVE_TERM)
    with transaction(session):
        return align_service.accept_official_rendering(session, term, english, user=user_of(actor))
