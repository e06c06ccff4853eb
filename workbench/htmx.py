"""One place decides whether a request gets a full page or an htmx fragment."""

from __future__ import annotations

from flask import Response, make_response, render_template, request


def is_fragment_request() -> bool:
    """htmx asked for a fragment; a history restore (back button, cache miss) needs the page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(page: str, fragment: str, status: int = 200, **context) -> Response:
    """Render `fragment` for htmx and `page` otherwise; caches must keep the two apart."""
    template = fragment if is_fragment_request() else page
    resp = make_response(render_template(template, **context), status)
    resp.headers.add("Vary", "HX-Request")
    return resp


def fragment(template: str, status: int = 200, **context) -> Response:
    """Render a partial that only htmx asks for (row re-render, panels)."""
    resp = make_response(render_template(template, **context), status)
    resp.headers.add("Vary", "HX-Request")
    return resp
