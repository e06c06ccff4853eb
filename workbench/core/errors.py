"""One error base for everything a user can be refused, with what the refusal means.

Use cases raise these; each front end maps them once (`views/errors.py` for pages and htmx
fragments, `commands/base.py` for the CLI, a REST API later) by `status`, never by class.
The message is written for the person who asked: it says what is wrong and what to do.
Pure Python: domain modules and services may import it.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """A refusal with a meaning (`status`, HTTP-like) and a readable one-line message."""

    status = 400
    title = "Not done"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Invalid(WorkbenchError, ValueError):
    """The input cannot be used as given (a bad value, an impossible edit)."""

    status = 422
    title = "Not valid"


class Forbidden(WorkbenchError):
    """The acting user's role does not allow this (see `core.permissions`)."""

    status = 403
    title = "Not allowed"


class NotFound(WorkbenchError, LookupError):
    status = 404
    title = "Not found"


class Conflict(WorkbenchError):
    """The thing changed meanwhile, or the action clashes with its current state."""

    status = 409
    title = "Conflict"


class TooLarge(Invalid):
    status = 413
    title = "Too large"


__all__ = ["WorkbenchError", "Invalid", "Forbidden", "NotFound", "Conflict", "TooLarge"]
