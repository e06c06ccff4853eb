"""Template helpers. Everything from documents is escaped here before any markup is added."""
from __future__ import annotations

import difflib
import re
from datetime import datetime
from itertools import groupby

from flask import Flask
from markupsafe import Markup, escape

from .statuses import LABELS, Status

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


def source_html(text: str, terms=()) -> Markup:
    """The Chinese with glossary terms wrapped in focusable <mark>s that carry their rendering.

    `terms` is a list of (Match, TermView) with non-overlapping offsets into `text`.
    """
    out: list[str] = []
    pos = 0
    for m, term in sorted(terms, key=lambda mt: mt[0].start):
        out.append(str(escape(text[pos:m.start])))
        tip = term.target or "(no rendering yet)"
        if term.note:
            tip += " — " + term.note
        out.append(
            f'<mark class="term term-{escape(term.status)}" tabindex="0" data-term="{term.id}" '
            f'title="{escape(tip)}" aria-label="{escape(text[m.start:m.end])}: {escape(tip)}">'
            f"{escape(text[m.start:m.end])}</mark>"
        )
        pos = m.end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") + " UTC" if value else "—"


def group_paragraphs(rows):
    """Rows -> [(paragraph, [rows])] keeping document order."""
    return [(para, list(items)) for para, items in groupby(rows, key=lambda r: r.paragraph)]


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(diff=diff_html, when=when)
    app.jinja_env.globals.update(
        source_html=source_html,
        group_paragraphs=group_paragraphs,
        status_labels={s.value: label for s, label in LABELS.items()},
        Status=Status,
    )

    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions

    @app.context_processor
    def _term_index():
        from . import db_session
        from .services.terms import term_index

        def terms_in(text: str):
            return term_index(db_session()).find(text)

        return {"terms_in": terms_in}
