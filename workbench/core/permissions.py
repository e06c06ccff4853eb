"""Who may do what: one table, enforced by the use cases, shown in docs/ARCHITECTURE.md.

Roles are ranked: an editor may do everything a reviewer may, an admin everything an editor
may. Each action names the lowest role that may take it. Pure Python (a user is anything
with a `role`), so the CLI, the web views and a future API check the same table.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from .errors import Forbidden

ROLES = ("reviewer", "editor", "admin")  # lowest first


class Action(StrEnum):
    EDIT_SEGMENT = "edit segments (save, restore, split, merge, undo)"
    COMMENT = "comment on segments"
    SET_STATUS = "set a segment's status up to reviewed"
    APPROVE_SEGMENT = "approve segments"
    IGNORE_WARNING = "ignore a QA warning"
    IGNORE_ERROR = "ignore a QA error"
    IMPORT_DOCUMENT = "import documents"
    REFRESH_QA = "re-run QA"
    PROPOSE_TERM = "propose terms (tag, accept or dismiss candidates, edit proposed terms)"
    APPROVE_TERM = "approve, deprecate, edit or delete approved terms"
    IMPORT_GLOSSARY = "import a glossary file"
    EXPORT = "export documents and the glossary"
    FORCE_EDITION = "export the English edition over open QA errors"
    IMPORT_BILINGUAL = "import a bilingual file (XLIFF, TMX)"
    PRETRANSLATE = "start, cancel and re-run machine translation"
    ASSIGN_SECTIONS = "assign the sections of a document to reviewers"
    MANAGE_MODELS = "install and remove MT models"
    MANAGE_USERS = "manage user accounts"


# The table: the lowest role allowed to take each action.
REQUIRED_ROLE: dict[Action, str] = {
    Action.EDIT_SEGMENT: "reviewer",
    Action.COMMENT: "reviewer",
    Action.SET_STATUS: "reviewer",
    Action.APPROVE_SEGMENT: "editor",
    Action.IGNORE_WARNING: "reviewer",
    # Ignoring an error lifts the edition's QA gate for it: as strong as forcing the export.
    Action.IGNORE_ERROR: "editor",
    Action.IMPORT_DOCUMENT: "reviewer",
    Action.REFRESH_QA: "reviewer",
    Action.PROPOSE_TERM: "reviewer",
    Action.APPROVE_TERM: "editor",
    # A file can approve or replace many entries at once.
    Action.IMPORT_GLOSSARY: "editor",
    Action.EXPORT: "reviewer",
    Action.FORCE_EDITION: "editor",
    Action.IMPORT_BILINGUAL: "editor",
    Action.PRETRANSLATE: "reviewer",
    Action.ASSIGN_SECTIONS: "editor",
    Action.MANAGE_MODELS: "admin",
    Action.MANAGE_USERS: "admin",
}


class Actor(Protocol):
    """Whoever acts: a `models.User`, or the CLI's operator."""

    id: int | None
    role: str


def _rank(role: str) -> int:
    return ROLES.index(role) if role in ROLES else -1


def _role(actor: object) -> str | None:
    """The actor's role; None for nobody (and for a not-logged-in web user, who has none)."""
    return getattr(actor, "role", None)


def allowed(actor: Actor | None, action: Action) -> bool:
    role = _role(actor)
    return role is not None and _rank(role) >= _rank(REQUIRED_ROLE[action])


def require(actor: Actor | None, action: Action) -> None:
    """Forbidden (403) with a message naming the action and the role it needs."""
    if _role(actor) is None:
        raise Forbidden(f"log in to {action.value}")
    if not allowed(actor, action):
        need = REQUIRED_ROLE[action]
        raise Forbidden(
            f"only {need}s{' and admins' if need == 'editor' else ''} may {action.value}; "
            f"you are a {actor.role}"
        )


def markdown_table() -> str:
    """The table as docs/ARCHITECTURE.md shows it (a test keeps the two the same)."""
    lines = ["| action | " + " | ".join(ROLES) + " |", "|---|" + "---|" * len(ROLES)]
    for action in Action:
        marks = ["yes" if _rank(role) >= _rank(REQUIRED_ROLE[action]) else "no" for role in ROLES]
        lines.append(f"| {action.value} | " + " | ".join(marks) + " |")
    return "\n".join(lines)


__all__ = ["Action", "Actor", "REQUIRED_ROLE", "ROLES", "allowed", "require", "markdown_table"]
