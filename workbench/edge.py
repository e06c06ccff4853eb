"""Values at the edge: one rule for what text and numbers may enter the database.

- `refuse_control_characters` (every request): form fields and URL parameters may not carry
  NUL or other control characters (tab and line breaks are fine); the refusal names the
  field. PostgreSQL cannot store NUL at all and XML exports cannot carry C0 controls, so they
  are stopped before anything runs.
- `check_values` (every flush, whatever wrote it: a page, the CLI, a file import): the same
  character rule and the column lengths of the schema, which SQLite does not enforce and
  PostgreSQL enforces with an error. `ValueRefused` says which field and which limit.
- Ids and cursors: `<int:...>` in URLs only matches 0..2**63-1 (a larger id is a 404, not an
  overflow in the driver), and `db.parse_int` does the same for query parameters and form
  fields.
"""

from __future__ import annotations

from sqlalchemy import String, event
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter

from .core.errors import Invalid
from .db import MAX_ID, parse_int
from .text_values import control_problem

__all__ = ["MAX_ID", "ValueRefused", "allows_upload", "check_request", "parse_int"]

# One request field holds at most this many characters; the longest real value is a
# segment's English or a comment (a few thousand). Column limits are checked at the flush.
MAX_FIELD_CHARS = 100_000


class ValueRefused(Invalid):
    """A value cannot be stored (422); str(e) names the field and the rule."""


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` limited to what the database can hold: a huge id is "not found"."""

    def __init__(self, map, *args, **kwargs):  # werkzeug's signature
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def field_problem(name: str, value: str) -> str | None:
    """Why request field `name` cannot be accepted, or None."""
    problem = control_problem(value)
    if problem:
        return f"The field “{name}” contains a {problem}; remove it and try again."
    if len(value) > MAX_FIELD_CHARS:
        return (
            f"The field “{name}” has {len(value):,} characters, over the {MAX_FIELD_CHARS:,} limit."
        )
    return None


def allows_upload(config_key: str):
    """Mark a view whose request body may be as large as `app.config[config_key]` (bytes)
    instead of MAX_CONTENT_LENGTH; applied before CSRF or anything else reads the body."""

    def mark(view):
        view.upload_limit_key = config_key
        return view

    return mark


def check_request(app) -> None:
    """The request rule: the body limit of the view, then every field (None when fine)."""
    from flask import abort, request

    view = app.view_functions.get(request.endpoint or "")
    key = getattr(view, "upload_limit_key", None)
    if key:
        request.max_content_length = app.config[key]
    problem = request_problem(request)
    if problem:
        abort(400, problem)


def request_problem(request) -> str | None:
    """The first bad field of a request's URL parameters or form, or None."""
    for source in (request.args, request.form):
        for name, value in source.items(multi=True):
            problem = control_problem(name) and "A field name contains a control character."
            problem = problem or field_problem(name, value)
            if problem:
                return problem
    return None


# --- the flush-time check -----------------------------------------------------------------


_STRING_COLUMNS: dict[type, list[tuple[str, int | None]]] = {}


def _string_columns(mapper) -> list[tuple[str, int | None]]:
    """(attribute key, length or None) of the mapped class's text columns, cached."""
    cached = _STRING_COLUMNS.get(mapper.class_)
    if cached is None:
        cached = [
            (attr.key, attr.columns[0].type.length)
            for attr in mapper.column_attrs
            if isinstance(attr.columns[0].type, String)
        ]
        _STRING_COLUMNS[mapper.class_] = cached
    return cached


def check_object(obj) -> None:
    from sqlalchemy import inspect

    state = inspect(obj)
    table = state.mapper.local_table.name
    for key, length in _string_columns(state.mapper):
        value = state.dict.get(key)
        if not isinstance(value, str):
            continue
        if state.persistent and not state.attrs[key].history.has_changes():
            continue
        where = f"{table} {key.replace('_', ' ')}"
        problem = control_problem(value)
        if problem:
            raise ValueRefused(f"the {where} contains a {problem}")
        if length is not None and len(value) > length:
            raise ValueRefused(
                f"the {where} has {len(value):,} characters, over the {length:,} limit"
            )


def install_flush_check(session_factory) -> None:
    """Check every new or changed object's text before it is written."""

    @event.listens_for(session_factory, "before_flush")
    def _check(session: Session, _context, _instances) -> None:
        for obj in list(session.new) + list(session.dirty):
            check_object(obj)
