"""Changes to many segments at once: preview, apply as one operation, undo in one step
(the rules live in `services.batch`; here: who may, and the transaction)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...models import BatchOperation, Document
from ...services import batch
from ...services.review import Filters
from ..permissions import Actor
from . import get, transaction, user_of


def plan(
    session: Session,
    actor: Actor,
    document_id: int,
    kind: str,
    filters: Filters,
    *,
    status: str = "",
    replace: batch.Replace | None = None,
) -> batch.Plan:
    """Every change a batch would make (nothing is written); Forbidden where the role may not."""
    get(session, Document, document_id, "document")
    if kind == "status":
        return batch.status_plan(session, document_id, filters, status, user=actor)
    assert replace is not None
    return batch.replace_plan(session, document_id, filters, replace, user=actor)


def apply(
    session: Session,
    actor: Actor,
    document_id: int,
    kind: str,
    filters: Filters,
    *,
    expected: str,
    status: str = "",
    replace: batch.Replace | None = None,
) -> BatchOperation:
    """Apply the batch the reviewer previewed (`expected`: the preview's fingerprint);
    Conflict when the segments changed since the preview."""
    found = plan(session, actor, document_id, kind, filters, status=status, replace=replace)
    with transaction(session, "a segment changed while the batch was applied; preview again"):
        return batch.apply(
            session, document_id, kind, found, expected=expected, user=user_of(actor)
        )


def undo(session: Session, actor: Actor, op_id: int) -> tuple[BatchOperation, batch.UndoResult]:
    op = get(session, BatchOperation, op_id, "batch operation")
    with transaction(session, "a segment changed while the batch was undone; try again"):
        result = batch.undo(session, op, actor=actor, user=user_of(actor))
    return op, result
