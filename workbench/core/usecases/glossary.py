"""Glossary actions: tag, edit, approve and delete terms; candidates; import and export.

Reviewers propose: they may create and edit *proposed* entries. Whatever touches an approved
or deprecated entry, or makes one, is an editor's (permissions.Action.APPROVE_TERM).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...formats.glossary import GlossaryFormatError, TermRecord
from ...models import Term
from ...services import glossary as service
from ..errors import Invalid
from ..permissions import Action, Actor, require
from . import get, transaction, user_of

PROPOSED = "proposed"


def _require_term_change(actor: Actor, current: Term | None, status: str) -> None:
    settled = status != PROPOSED or (
        current is not None and not current.deleted and current.status != PROPOSED
    )
    require(actor, Action.APPROVE_TERM if settled else Action.PROPOSE_TERM)


def tag_term(
    session: Session, actor: Actor, data: TermRecord, *, applies_nested: bool | None = None
) -> Term:
    """Tag a term from the review page (edits the entry of the same key if there is one).

    `applies_nested`: whether it also applies inside longer expressions (None: unchanged)."""
    _require_term_change(
        actor, service.find_term(session, data.source, include_deleted=False), data.status
    )
    with transaction(session, "the entry changed meanwhile; reload and tag again"):
        return service.save_term(session, data, user=user_of(actor), applies_nested=applies_nested)


def edit_term(
    session: Session,
    actor: Actor,
    term_id: int,
    data: TermRecord,
    *,
    base_version: int | None,
    applies_nested: bool | None = None,
) -> Term:
    """Save an edited entry; Conflict when it changed since `base_version`."""
    term = get(session, Term, term_id, "glossary term")
    _require_term_change(actor, term, data.status)
    with transaction(session, f"term {term_id} was changed by someone else; reload it"):
        return service.save_term(
            session,
            data,
            user=user_of(actor),
            term=term,
            base_version=base_version,
            applies_nested=applies_nested,
        )


def delete_term(session: Session, actor: Actor, term_id: int) -> Term:
    term = get(session, Term, term_id, "glossary term")
    _require_term_change(actor, term, term.status)
    with transaction(session, f"term {term_id} was changed by someone else; reload it"):
        return service.delete_term(session, term, user=user_of(actor))


def accept_candidate(session: Session, actor: Actor, text: str, kind: str) -> Term:
    require(actor, Action.PROPOSE_TERM)
    with transaction(session):
        return service.accept_candidate(session, text, kind, user=user_of(actor))


def dismiss_candidate(session: Session, actor: Actor, text: str) -> None:
    require(actor, Action.PROPOSE_TERM)
    with transaction(session):
        service.dismiss_candidate(session, text, user=user_of(actor))


def import_glossary(
    session: Session, actor: Actor, filename: str, data: bytes
) -> service.ImportReport:
    """Apply a glossary file all or nothing; Invalid (nothing imported) when it is refused."""
    require(actor, Action.IMPORT_GLOSSARY)
    with transaction(session):
        try:
            return service.import_glossary(session, filename, data, user=user_of(actor))
        except GlossaryFormatError as exc:
            raise Invalid(f"{filename}: {exc}; nothing imported") from None


@dataclass(frozen=True)
class GlossaryFile:
    data: bytes
    mimetype: str
    extension: str


def export_glossary(session: Session, actor: Actor, fmt: str) -> GlossaryFile:
    require(actor, Action.EXPORT)
    if fmt not in service.EXPORT_FORMATS:
        raise Invalid(
            f"unknown glossary format {fmt!r} (valid: {', '.join(service.EXPORT_FORMATS)})"
        )
    mimetype, extension = service.EXPORT_FORMATS[fmt]
    return GlossaryFile(service.export_glossary(session, fmt), mimetype, extension)
