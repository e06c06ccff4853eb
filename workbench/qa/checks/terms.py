"""terms: approved glossary renderings used, forbidden ones avoided.

Matching is on word tokens, case-insensitive, with a plural -s/-es and a possessive 's
stripped on both sides and a leading "the" optional, so "the river chief systems" satisfies
"River Chief System".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.qa.registry import Finding, SegmentContext, TermInfo, finding, register

CODE = "terms"
TOKEN_RE = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?")


def _stem(token: str) -> str:
    token = token.lower().replace("’", "'")
    if token.endswith("'s"):
        token = token[:-2]
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if (
        len(token) > 3
        and token.endswith("es")
        and token[-3] in "sxz"
        or token.endswith(("ches", "shes"))
    ):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    return [_stem(t) for t in TOKEN_RE.findall(text)]


def _phrase(text: str) -> list[str]:
    words = tokens(text)
    return words[1:] if len(words) > 1 and words[0] == "the" else words


def _find(haystack: list[str], needle: list[str], used: set[int]) -> list[int] | None:
    """Indices of the first occurrence of `needle` not overlapping `used`, or None."""
    n = len(needle)
    if not n:
        return None
    for i in range(len(haystack) - n + 1):
        if haystack[i : i + n] == needle and not used.intersection(range(i, i + n)):
            return list(range(i, i + n))
    return None


def _accepted(term: TermInfo, english: list[str]) -> tuple[set[int], tuple[str, str] | None]:
    """Mark every occurrence of an accepted rendering (so a forbidden phrase inside one is not
    blamed); also say which rendering came first: ("approved" | "alternative", rendering)."""
    used: set[int] = set()
    first: tuple[str, str] | None = None
    for label, renderings in (("approved", (term.target,)), ("alternative", term.alternatives)):
        for rendering in renderings:
            while (hit := _find(english, _phrase(rendering), used)) is not None:
                used.update(hit)
                first = first or (label, rendering)
    return used, first


def _forbidden_used(term: TermInfo, english: list[str], used: set[int]) -> list[str]:
    return [bad for bad in term.forbidden if _find(english, _phrase(bad), used) is not None]


def rendering_used(term: TermInfo, english: list[str]) -> tuple[str, str]:
    """Which glossary rendering tokenized English uses, by the check's own rules:
    ("forbidden" | "approved" | "alternative", rendering), or ("other", "")."""
    used, first = _accepted(term, english)
    forbidden = _forbidden_used(term, english, used)
    if forbidden:
        return "forbidden", forbidden[0]
    return first or ("other", "")


def _term_findings(term: TermInfo, english: list[str]) -> Iterator[Finding]:
    used, first = _accepted(term, english)
    if first is None and term.target.strip():
        also = (
            f" (or {', '.join(f'“{a}”' for a in term.alternatives)})" if term.alternatives else ""
        )
        yield finding(
            CODE,
            f"Term {term.source}: expected “{term.target}”{also}",
            str(term.term_id),
            "missing",
        )
    for bad in _forbidden_used(term, english, used):
        yield finding(
            CODE,
            f"Term {term.source}: “{bad}” is a forbidden rendering; use “{term.target}”",
            str(term.term_id),
            "forbidden",
            bad.lower(),
        )


@register(
    CODE,
    "warning",
    "Glossary terms",
    "An approved glossary term is not rendered as approved, or a forbidden rendering is used.",
)
def check(ctx: SegmentContext) -> Iterator[Finding]:
    if not ctx.target.strip():
        return
    english = tokens(ctx.target)
    seen: set[int] = set()
    for term in ctx.terms:
        if term.term_id not in seen:
            seen.add(term.term_id)
            yield from _term_findings(term, english)
