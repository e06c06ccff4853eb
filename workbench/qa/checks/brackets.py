"""brackets: unbalanced brackets or quotation marks in the English.

A segment is a sentence, and a Chinese quotation may span sentences; so only an imbalance that the
Chinese does not share is reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.qa.registry import Finding, SegmentContext, finding, register

CODE = "brackets"

PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”"}
# Chinese marks counted as their English counterparts when reading the source.
ZH_EQUIVALENT = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "【": "[",
        "】": "]",
        "〔": "[",
        "〕": "]",
        "「": "“",
        "」": "”",
        "《": "“",
        "》": "”",
    }
)


def imbalance(text: str) -> tuple[str, ...]:
    """Marks left unmatched, in a canonical order: unclosed openers, stray closers, an odd \"."""
    closers = {v: k for k, v in PAIRS.items()}
    stack: list[str] = []
    stray: list[str] = []
    for ch in text:
        if ch in PAIRS:
            stack.append(ch)
        elif ch in closers:
            if stack and stack[-1] == closers[ch]:
                stack.pop()
            elif closers[ch] in stack:
                # Crossed pairs "( [ )": close through the mismatch, reporting what was skipped.
                while stack and stack[-1] != closers[ch]:
                    stray.append(stack.pop())
                stack.pop()
            else:
                stray.append(ch)
    odd_straight = ['"'] if text.count('"') % 2 else []
    return tuple(sorted(stack + stray + odd_straight))


@register(
    CODE,
    "warning",
    "Unbalanced brackets or quotes",
    "A bracket or quotation mark is not closed or not opened.",
)
def check(ctx: SegmentContext) -> Iterator[Finding]:
    english = imbalance(ctx.target)
    if not english:
        return
    source = imbalance(ctx.source.translate(ZH_EQUIVALENT))
    # Straight and curly quotes are the same mark for this comparison.
    norm = lambda marks: tuple(sorted('"' if m in "“”" else m for m in marks))  # noqa: E731
    if norm(english) == norm(source):
        return
    marks = " ".join(english)
    yield finding(
        CODE, f"Unbalanced brackets or quotation marks in the English: {marks}", "".join(english)
    )
