"""Template helpers. Everything from documents is escaped here before any markup is added."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import datetime
from itertools import groupby
from typing import TypeVar

from flask import Flask, has_request_context, request
from markupsafe import Markup, escape

from .formats import registry
from .statuses import LABELS, Status

T = TypeVar("T")

_TOKENS = re.compile(r"\s+|[^\s\w]|\w+")


def diff_html(old: str, new: str) -> Markup:
    """Word-level diff of two English texts as <del>/<ins> (Chinese compares by character)."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(str(escape("".join(a[i1:i2]))))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return Markup("".join(out))


def source_html(text: str, terms=(), candidates=()) -> Markup:
    """The Chinese with glossary terms wrapped in focusable <mark>s that carry their rendering.

    `terms` is a list of (Match, TermView) with non-overlapping offsets into `text`;
    `candidates` are (start, end, kind) spans of likely terms not in the glossary, shown as a
    subtle underline; any that overlap a term are dropped (the term wins).
    """
    spans: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for m, term in terms:
        tip = term.target or "(no rendering yet)"
        if term.note:
            tip += " — " + term.note
        # data-tip feeds the CSS tooltip shown on hover and on keyboard focus (no title: the
        # browser's own tooltip would show the same text twice).
        spans.append(
            (
                m.start,
                m.end,
                f'<mark class="term term-{escape(term.status)}" tabindex="0" data-term="{term.id}" '
                f'data-tip="{escape(tip)}" aria-label="{escape(text[m.start : m.end])}: {escape(tip)}">',
            )
        )
        taken.append((m.start, m.end))
    for start, end, kind in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        spans.append(
            (
                start,
                end,
                f'<span class="cand cand-{escape(kind)}" data-candidate="{escape(text[start:end])}" '
                f'title="Term candidate ({escape(kind)}), not in the glossary">',
            )
        )
    out: list[str] = []
    pos = 0
    for start, end, opening in sorted(spans):
        out.append(str(escape(text[pos:start])))
        closing = "</mark>" if opening.startswith("<mark") else "</span>"
        out.append(f"{opening}{escape(text[start:end])}{closing}")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") + " UTC" if value else "—"


def group_paragraphs(rows):
    """Rows -> [(paragraph, [rows])] keeping document order."""
    return [(para, list(items)) for para, items in groupby(rows, key=lambda r: r.paragraph)]


def per_request(name: str, build: Callable[[], T]) -> T:
    """`build()` once per request: a page of 100 rows asks row helpers 100 times.

    Kept in the request's environ, not in `g`: an app context (and its `g`) can outlive a
    request (tests, CLI), which would serve a stale value.
    """
    if not has_request_context():
        return build()
    if name not in request.environ:
        request.environ[name] = build()
    return request.environ[name]


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(diff=diff_html, when=when)
    app.jinja_env.globals.update(
        source_html=source_html,
        group_paragraphs=group_paragraphs,
        status_labels={s.value: label for s, label in LABELS.items()},
        Status=Status,
        accepted=accepted,
    )


def accepted(area: str) -> str:
    """The extensions an upload of `area` ("document", "glossary", "export": the bilingual
    files that read back) takes, for its `accept` attribute and its label."""
    return ",".join(registry.extensions(area, reads=True))
