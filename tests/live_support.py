"""Shared by the live-collaboration tests: many reviewers asking "next" at the same moment."""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session


def next_at_once(engine, document_id: int, names: list[str]) -> list[int]:
    """Each named reviewer asks for the next segment in its own thread, all released together;
    returns the segment ids they were handed."""
    from workbench.models import User
    from workbench.services.live import claim_next

    got: list[int] = []
    barrier = threading.Barrier(len(names))

    def ask(name: str) -> None:
        with Session(engine) as s:
            user = s.scalars(select(User).where(User.username == name)).one()
            barrier.wait()
            got.append(claim_next(s, document_id, user).id)

    threads = [threading.Thread(target=ask, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return got
