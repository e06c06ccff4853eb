"""Exporting a document (with the English edition's QA gate) and applying a bilingual file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from sqlalchemy.orm import Session

from ...formats import Exporter, ExportOptions, ExportReport, FormatError, get_exporter
from ...models import Document, User
from ...services import export as export_service
from ...services.bilingual_import import BilingualImportResult, format_for, import_bilingual
from ...services.qa import IssueLine
from ..errors import Conflict, Forbidden, Invalid
from ..permissions import REQUIRED_ROLE, Action, Actor, allowed, require
from . import get, transaction, user_of


@dataclass
class EditionBlocked(Conflict):
    """The English edition would publish open QA errors (409), or a user without the role
    asked to publish over them (`force_refused`: 403)."""

    document_id: int
    errors: int
    issues: list[IssueLine] = field(default_factory=list)  # the errors, in document order
    force_refused: bool = False

    def __post_init__(self) -> None:
        plural = "error" if self.errors == 1 else "errors"
        self.message = (
            f"document {self.document_id} has {self.errors} open QA {plural} in the exported "
            f"segments (list them with `workbench qa {self.document_id}`)"
        )
        if self.force_refused:
            self.message += (
                f"; exporting over them needs the {REQUIRED_ROLE[Action.FORCE_EDITION]} or "
                "admin role"
            )

    @property
    def status(self) -> int:  # type: ignore[override]
        return Forbidden.status if self.force_refused else Conflict.status

    def __str__(self) -> str:
        return self.message


def exporter_named(name: str) -> Exporter:
    try:
        return get_exporter(name)
    except ValueError as exc:
        raise Invalid(str(exc)) from None


def check_edition_gate(
    session: Session,
    actor: Actor,
    document_id: int,
    exporter: Exporter,
    options: ExportOptions,
    *,
    force: bool,
) -> None:
    """EditionBlocked for an edition with open errors, unless forced by an editor or admin."""
    require(actor, Action.EXPORT)
    get(session, Document, document_id, "document")
    may_force = allowed(actor, Action.FORCE_EDITION)
    try:
        export_service.check_edition_gate(
            session, document_id, exporter, options, force=force and may_force
        )
    except export_service.ExportBlocked as blocked:
        issues = export_service.open_issues_for(session, document_id, options)
        raise EditionBlocked(
            document_id,
            blocked.errors,
            [i for i in issues if i.severity == "error"],
            force_refused=force and not may_force,
        ) from None


def export_document(
    session: Session,
    actor: Actor,
    document_id: int,
    exporter: Exporter,
    options: ExportOptions,
    out: BinaryIO,
    *,
    force: bool = False,
) -> ExportReport:
    """Write one export to `out` after the edition gate; reads only (nothing to commit)."""
    check_edition_gate(session, actor, document_id, exporter, options, force=force)
    try:
        return export_service.write_export(session, document_id, exporter, options, out)
    finally:
        session.rollback()  # end the read transaction; nothing was written


def apply_bilingual_file(
    session: Session,
    actor: Actor,
    document_id: int,
    filename: str,
    data: bytes,
    *,
    author: User | None = None,
    kind: str | None = None,
    approve: bool = False,
) -> BilingualImportResult:
    """Apply the changed English of an XLIFF or TMX (`kind`, else from the file name), all or
    nothing; conflicts are reported, never applied.

    `author`: whom the revisions are recorded for (default: the actor). `approve`: let the
    file approve segments, which needs the right to approve them.
    """
    require(actor, Action.IMPORT_BILINGUAL)
    if approve:
        require(actor, Action.APPROVE_SEGMENT)
    doc = get(session, Document, document_id, "document")
    author = author or user_of(actor)
    try:
        kind = format_for(filename, kind).name
    except ValueError as exc:
        raise Invalid(f"{exc}. Nothing was changed.") from None
    with transaction(session, "segments changed while the file was applied; import it again"):
        try:
            return import_bilingual(
                session,
                doc,
                data,
                filename=filename,
                user=author,  # type: ignore[arg-type]
                kind=kind,
                approve=approve,
            )
        except FormatError as exc:
            raise Invalid(f"{filename}: {exc}. Nothing was changed.") from None
