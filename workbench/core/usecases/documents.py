"""Importing a document: read the file, store it, QA it (as a subscriber), in one step."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...formats.source import ImportRefused, SourceDocument, read_source
from ...models import Document
from ...services import documents as doc_service
from ..errors import Invalid, TooLarge
from ..permissions import Action, Actor, require
from . import transaction, user_of


@dataclass(frozen=True)
class Imported:
    document: Document
    source: SourceDocument

    def summary(self) -> dict:
        """What the CLI prints (and its --json object)."""
        paragraphs = self.source.paragraphs
        return {
            "id": self.document.id,
            "title": self.document.title,
            "paragraphs": len(paragraphs),
            "headings": sum(1 for p in paragraphs if p.kind == "heading"),
            "segments": sum(len(p.spans) for p in paragraphs),
            "encoding": self.source.encoding,
            "format": self.source.source_format,
            "script": self.source.script,
        }


def check_size(filename: str, size: int, max_bytes: int) -> None:
    """TooLarge before a large upload or file is read (the message names the limit).

    An upload is read only to one byte past the limit, so its size is not shown."""
    if size > max_bytes:
        known = f"{size / 1048576:.1f} MB, " if size > max_bytes + 1 else ""
        raise TooLarge(
            f"{filename}: file is {known}over the {max_bytes / 1048576:g} MB import limit"
        )


def import_document(
    session: Session,
    actor: Actor,
    filename: str,
    data: bytes,
    *,
    max_bytes: int,
    title: str | None = None,
    force: bool = False,
    where: str | None = None,
) -> Imported:
    """Read and store a report; Invalid (nothing written) when the file is refused, Conflict
    (DuplicateDocument) when the same text is already imported and `force` is not set.

    `where` names the file in messages (the CLI's path; default: `filename`)."""
    require(actor, Action.IMPORT_DOCUMENT)
    where = where or filename
    check_size(where, len(data), max_bytes)
    try:
        source = read_source(filename, data, max_bytes=max_bytes)
    except ImportRefused as exc:
        raise Invalid(f"{where}: {exc}") from None
    with transaction(session):
        try:
            doc = doc_service.import_document(
                session, source, user=user_of(actor), title=title, force=force
            )
        except doc_service.DuplicateDocument as exc:
            raise doc_service.DuplicateDocument(exc.existing, where) from None
    return Imported(doc, source)
