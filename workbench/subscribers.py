"""Who listens to the change events (`workbench.core.events`): the one list, installed by
the app factory, so every front end (web, CLI, worker) gets the same subscribers.

Add a subscriber here (translation memory, live updates, search) instead of touching the
writers.
"""

from __future__ import annotations

from .core import events
from .live import subscribers as live
from .services import qa


def install() -> None:
    """Subscribe the handlers (idempotent: creating several apps subscribes them once)."""
    events.subscribe(events.SegmentsChanged, qa.on_segments_changed)
    events.subscribe(events.TermsChanged, qa.on_terms_changed)
    events.subscribe(events.DocumentImported, qa.on_document_imported)
    live.install()  # after QA: the counts pushed to other pages include the new issues
