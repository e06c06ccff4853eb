"""(pure) The registry of QA checks: each check is a small module that registers one function.

A check takes a SegmentContext (plain values, no ORM) and yields Findings. The service layer
stores findings as QAIssue rows keyed by `fingerprint`, so an ignored issue stays ignored while
the same problem persists, even if unrelated parts of the sentence change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITIES: frozenset[str] = frozenset({"error", "warning"})
FINGERPRINT_MAX = 200  # QAIssue.fingerprint is String(200)


@dataclass(frozen=True)
class TermInfo:
    """An approved glossary term found in the segment's Chinese."""

    term_id: int
    source: str
    target: str
    alternatives: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()


@dataclass(frozen=True)
class SegmentContext:
    source: str  # Chinese as written
    target: str  # English ('' when none)
    status: str  # workbench.statuses.Status value
    terms: tuple[TermInfo, ...] = ()
    year: int | None = None  # the report's year (Document.report_year), for relative years
    allowed_words: frozenset[str] = frozenset()  # lower-case English the spelling check accepts


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    fingerprint: str  # stable identity of "this same issue" across re-runs


@dataclass(frozen=True)
class Check:
    code: str
    severity: str
    title: str
    description: str
    run: Callable[[SegmentContext], Iterable[Finding]]


CHECKS: dict[str, Check] = {}

RunFn = Callable[[SegmentContext], Iterable[Finding]]


def register(code: str, severity: str, title: str, description: str) -> Callable[[RunFn], RunFn]:
    """Decorator adding a check function to CHECKS under `code`."""
    if severity not in SEVERITIES:
        raise ValueError(
            f"check {code!r}: severity must be one of {sorted(SEVERITIES)}, not {severity!r}"
        )

    def decorator(fn: RunFn) -> RunFn:
        if code in CHECKS:
            raise ValueError(f"check code {code!r} registered twice")
        CHECKS[code] = Check(
            code=code, severity=severity, title=title, description=description, run=fn
        )
        return fn

    return decorator


def fingerprint(code: str, *parts: str) -> str:
    """`code:part:part`, hashed when it would not fit the database column."""
    text = ":".join((code, *parts))
    if len(text) <= FINGERPRINT_MAX:
        return text
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return f"{code}:{digest}"


def finding(code: str, message: str, *parts: str) -> Finding:
    """A Finding with the registered severity of `code` and a fingerprint from `parts`."""
    check = CHECKS[code]
    severity: Severity = "error" if check.severity == "error" else "warning"
    return Finding(
        code=code, severity=severity, message=message, fingerprint=fingerprint(code, *parts)
    )


def run_checks(ctx: SegmentContext) -> list[Finding]:
    """All registered checks on one segment, in registration order, without duplicate issues."""
    seen: set[str] = set()
    results: list[Finding] = []
    for check in CHECKS.values():
        for item in check.run(ctx):
            if item.fingerprint not in seen:
                seen.add(item.fingerprint)
                results.append(item)
    return results
