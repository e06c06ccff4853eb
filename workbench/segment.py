"""Segmentation (pure): lines -> paragraphs (heading / front / body) -> sentence offsets.

A paragraph is one non-empty line of the source, stripped of surrounding whitespace. Its
sentences are stored as ``(start, end)`` offsets into the paragraph text that partition it
exactly, so ``"".join(text[s:e] for s, e in spans) == text`` always holds and a segment's
source can be recomputed from its paragraph at any time.

Sentence rules (Chinese government prose, full- and half-width punctuation):

* A sentence ends after a run of terminators ``。｡！？!?`` (plus ``‼⁇⁈⁉``); the run may
  include ellipses (``！……``), and any closing quotes/brackets right after it stay with it.
* An ellipsis (``……``) alone does not end a sentence: Chinese uses it mid-sentence
  ("比如……").
* A half-width ``.`` (or full-width ``．``) ends a sentence only when it is a single dot
  that is not preceded by a digit and is followed by whitespace, the end of the text or a
  CJK character; this keeps ``5.5%``, ``1.`` list numbers and ``...`` intact.
* No break happens inside a matched pair of quotes or brackets (``“…”``, ``「…」``, ``（…）``
  ...), unless the terminator run is immediately followed by the closer(s) that bring the
  nesting back to zero (``…。”`` breaks after ``”``). Unmatched quote marks are ignored, so
  one stray ``“`` cannot swallow the rest of a paragraph.
* Whitespace between sentences belongs to the preceding sentence (no gaps).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, cast

from workbench.chinese import HAN_CHARS

Kind = Literal["heading", "body", "front"]
# An input line: plain text, or (text, heading level given by the source format or None).
Line = str | tuple[str, int | None]


@dataclass(frozen=True)
class ParagraphSpec:
    """One paragraph ready to be stored: its kind, heading level and sentence offsets."""

    kind: Kind
    level: int  # heading level (1 for 一、, 2 for （一）, 3 for 1., 4 for （1）); 0 otherwise
    text: str  # the paragraph exactly as stored
    spans: tuple[tuple[int, int], ...]  # sentence offsets; they partition `text` exactly


# --- sentence splitting -------------------------------------------------------------------

_TERMINATORS = frozenset("。｡！？!?‼⁇⁈⁉")
_DOTS = frozenset(".．")
_ELLIPSES = frozenset("…⋯")
# Opener -> closer. The ASCII '"' is its own closer; straight quotes pair up in order.
_PAIRS = {
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "﹁": "﹂",
    "﹃": "﹄",
    "（": "）",
    "(": ")",
    "《": "》",
    "〈": "〉",
    "【": "】",
    "〔": "〕",
    "［": "］",
    "[": "]",
    '"': '"',
}
_CLOSERS = frozenset(_PAIRS.values())
# A Han character, CJK punctuation or a full-width form: text that needs no space before it.
_CJK = re.compile(f"[{HAN_CHARS}\u3000-\u303f\uff00-\uffef]")


def _matched_pairs(text: str) -> dict[int, int]:
    """Map the index of every opener that has a matching closer to that closer's index.

    A closer pops back to its own opener, dropping unmatched openers nested inside it; a
    closer with no opener on the stack is ignored. ASCII double quotes toggle.
    """
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == '"':
            # A straight quote closes the nearest open straight quote, else opens one.
            if any(text[j] == '"' for j in stack):
                while text[stack[-1]] != '"':
                    stack.pop()
                pairs[stack.pop()] = i
            else:
                stack.append(i)
        elif ch in _PAIRS:
            stack.append(i)
        elif ch in _CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if _PAIRS[text[stack[depth]]] == ch:
                    pairs[stack[depth]] = i
                    del stack[depth:]
                    break
    return pairs


def _nesting(text: str) -> tuple[list[int], set[int]]:
    """(depth, closers): depth[i] = matched quote/bracket pairs still open just before
    index i; closers = indexes of the closing marks of those pairs."""
    pairs = _matched_pairs(text)
    delta = [0] * (len(text) + 2)
    for opener, closer in pairs.items():
        delta[opener + 1] += 1
        delta[closer + 1] -= 1
    depth, running = [0] * (len(text) + 1), 0
    for i in range(len(text) + 1):
        running += delta[i]
        depth[i] = running
    return depth, set(pairs.values())


def _is_sentence_dot(text: str, i: int) -> bool:
    """Whether the '.' or '．' at i ends a sentence (not a decimal point, list number or '...')."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if before in _DOTS or after in _DOTS or before.isdigit():
        return False
    if i and all(ch in _CN_NUM for ch in text[:i]):
        return False  # 一．工作回顾: an outline number, not a sentence
    j = i + 1
    while j < len(text) and text[j] in _CLOSERS:
        j += 1
    return j == len(text) or text[j].isspace() or bool(_CJK.match(text[j]))


def _ends_sentence(text: str, i: int) -> bool:
    ch = text[i]
    return ch in _TERMINATORS or (ch in _DOTS and _is_sentence_dot(text, i))


def _continues_run(text: str, j: int, matched_closers: set[int]) -> bool:
    """Whether text[j] still belongs to the punctuation run that ends a sentence."""
    ch = text[j]
    if ch in _TERMINATORS or ch in _ELLIPSES or (ch in _DOTS and not text[j - 1].isdigit()):
        return True
    # A straight quote after a full stop may open the next sentence: take it only when it
    # closes a pair. Typographic closers are unambiguous.
    if ch == '"':
        return j in matched_closers
    return ch in _CLOSERS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets that partition `text` exactly (see module docstring).

    Text without a terminator is one sentence; empty text has none.
    """
    if not text:
        return []
    depth, matched_closers = _nesting(text)
    spans: list[tuple[int, int]] = []
    start = i = 0
    n = len(text)
    while i < n:
        if not _ends_sentence(text, i):
            i += 1
            continue
        # Swallow the whole punctuation run: "！？", "。……", "。”", "！）”" ...
        j = i + 1
        while j < n and _continues_run(text, j, matched_closers):
            j += 1
        if depth[j] > 0:
            i = j  # still inside a quotation or bracket: the sentence goes on
            continue
        while j < n and text[j].isspace():
            j += 1
        spans.append((start, j))
        start = i = j
    if start < n:
        spans.append((start, n))
    return spans


# --- paragraph classification -------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十百零〇"
# (pattern, level, max length) — a heading is short; numbered lines get a tighter limit
# because "1、…" also starts ordinary list items.
_HEADING_PATTERNS: tuple[tuple[re.Pattern[str], int, int], ...] = (
    (re.compile(rf"^第[{_CN_NUM}\d]+(?:部分|章|篇)"), 1, 60),
    (re.compile(rf"^第[{_CN_NUM}\d]+节"), 2, 60),
    (re.compile(rf"^[{_CN_NUM}]+[、．.]"), 1, 60),
    (re.compile(rf"^[（(][{_CN_NUM}]+[）)]"), 2, 60),
)
_NUMBERED_PATTERNS: tuple[tuple[re.Pattern[str], int, int], ...] = (
    (re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))\s*\S"), 3, 40),
    (re.compile(r"^[（(]\d{1,2}[）)]\s*\S"), 4, 40),
)
# A numbered list item often ends in a colon or semicolon; a heading does not.
_LIST_ITEM_END = frozenset("：:；;，,、")
FRONT_MAX_CHARS = 60
# Web pages leave navigation and widget debris before the title ("您的位置:", "首页", "【字体：",
# "大", "中", "小"): front matter may be that long.
FRONT_MAX_LINES = 20
# A photo caption ("……作政府工作报告。本报记者 朱江 摄") may carry a full stop: still front matter.
_CAPTION = re.compile(r"(?:记者|通讯员|摄影|供图)\s*\S{1,12}(?:\s+\S{1,4})?\s*摄?$|\s摄$")
# Unnumbered part titles: annexes and glossaries (their own numbered items sit one level below),
# and the report's parts when written without a number ("“十四五”时期工作回顾").
_ANNEX_TITLE = re.compile(
    r"^(?:附件\s*[\d一二三四五六七八九十]*|附录|名词解释|名词注释|注释|注解)$"
)
_PART_TITLE = re.compile(
    r"(?:工作回顾|发展成就|主要任务|重点工作|目标任务|总体要求|工作安排|主要目标|政府自身建设"
    r"|重点工作安排|工作建议|工作总结)$"
)
UNNUMBERED_TITLE_MAX = 30
# A run-in title: "（一）内需潜力持续释放。消费潜能……" — a numbered first sentence this short is
# the section's title, split off as its own heading paragraph.
_RUN_IN = (
    (re.compile(rf"^[{_CN_NUM}]+[、．]"), 1),
    (re.compile(rf"^[（(][{_CN_NUM}]+[）)]"), 2),
)
RUN_IN_MAX = 40


def _single_sentence(text: str) -> bool:
    """True when `text` has no sentence break before its end (a terminator may close it)."""
    return len(split_sentences(text)) <= 1


def _has_terminator(text: str) -> bool:
    return any(_ends_sentence(text, i) for i in range(len(text)))


def heading_level(text: str) -> int | None:
    """The heading level that the numbering of `text` implies, or None for a non-heading.

    一、 → 1, （一） → 2, 第X部分/章/篇 → 1, 第X节 → 2, 1. / 1、 → 3, （1） → 4. Every heading must be
    short and a single sentence; numbered (Arabic) ones must also carry no terminator at all
    and not end like a list item (colon, semicolon, comma), since body lists use them too.
    """
    for pattern, level, max_len in _HEADING_PATTERNS:
        if pattern.match(text):
            ok = len(text) <= max_len and _single_sentence(text)
            return level if ok else None
    for pattern, level, max_len in _NUMBERED_PATTERNS:
        if pattern.match(text):
            ok = (
                len(text) <= max_len
                and not _has_terminator(text)
                and text[-1] not in _LIST_ITEM_END
            )
            return level if ok else None
    return None


def looks_like_front_matter(text: str) -> bool:
    """A dateline, speaker or salutation line: short and without sentence punctuation, or a
    photo caption.

    A salutation ends with a colon ("各位代表:"); the body's first paragraph always contains
    a terminator or is long, which is what ends the front matter.
    """
    if len(text) > FRONT_MAX_CHARS * 2:
        return False
    return (len(text) <= FRONT_MAX_CHARS and not _has_terminator(text)) or bool(
        _CAPTION.search(text)
    )


def unnumbered_title(text: str) -> bool:
    """An annex or part title written without a number (附件1, 名词解释, “十四五”时期工作回顾)."""
    if len(text) > UNNUMBERED_TITLE_MAX or _has_terminator(text) or text[-1] in _LIST_ITEM_END:
        return False
    return bool(_ANNEX_TITLE.match(text) or _PART_TITLE.search(text))


def run_in_title(text: str) -> tuple[int, int] | None:
    """(level, length) of a run-in title that opens a body paragraph, or None."""
    for pattern, level in _RUN_IN:
        if pattern.match(text):
            spans = split_sentences(text)
            first = text[: spans[0][1]].rstrip()
            if len(spans) > 1 and len(first) <= RUN_IN_MAX and first[-1] in "。！!":
                return level, spans[0][1]
    return None


def classify(
    text: str, *, in_front_matter: bool, style_level: int | None = None
) -> tuple[str, int]:
    """(kind, level) of one stripped paragraph.

    `style_level` is a heading level given by the source format (DOCX heading style, Markdown
    '#'); it wins over everything. Otherwise numbering decides headings, and a short line
    without sentence punctuation is front matter while `in_front_matter` holds.
    """
    if style_level is not None and style_level > 0:
        return "heading", style_level
    level = heading_level(text)
    if level is not None:
        return "heading", level
    if in_front_matter and looks_like_front_matter(text):
        return "front", 0
    if unnumbered_title(text):
        return "heading", 1
    return "body", 0


# --- lines -> paragraphs ------------------------------------------------------------------

# str.strip() already covers U+3000; BOM and zero-width spaces are invisible leftovers.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


def _clean(line: str) -> str:
    return line.strip().strip(_INVISIBLE).strip()


def segment_lines(lines: Iterable[Line]) -> list[ParagraphSpec]:
    """Paragraphs from lines; a tuple line is (text, heading level from the source or None).

    Empty lines are skipped. Front matter is the run of short, unpunctuated lines before
    the first body paragraph or numbered heading (at most FRONT_MAX_LINES of them). A
    heading given by the source format as the very first paragraph is the document title
    ("# 政府工作报告", a DOCX Title) and does not end the front matter that follows it.
    """
    paragraphs: list[ParagraphSpec] = []
    in_front = True
    in_annex = False  # after 附件/名词解释 numbered items sit one level below the annex title
    opener = ""  # a line that is only "（": the web page broke "（三）…" across two lines
    for item in lines:
        raw, style_level = (item, None) if isinstance(item, str) else item
        text = _clean(raw)
        if not text:
            continue
        if text in ("（", "(") and style_level is None:
            opener += text
            continue
        text, opener = opener + text, ""
        front_allowed = in_front and len(paragraphs) < FRONT_MAX_LINES
        kind, level = classify(text, in_front_matter=front_allowed, style_level=style_level)
        is_title = kind == "heading" and style_level is not None and not paragraphs
        if kind != "front" and not is_title:
            in_front = False
        if style_level is None:
            if kind == "heading" and _ANNEX_TITLE.match(text):
                in_annex = True
            elif kind == "heading" and in_annex:
                level += 1
        run_in = run_in_title(text) if kind == "body" and style_level is None else None
        if run_in is not None:
            # The title becomes its own heading paragraph; the body keeps the rest, so the
            # two texts together are the line (nothing is lost).
            run_level, cut = run_in
            title = text[:cut].rstrip()
            paragraphs.append(
                ParagraphSpec("heading", run_level + in_annex, title, ((0, len(title)),))
            )
            text = text[cut:].lstrip()
        spans = tuple(split_sentences(text))
        paragraphs.append(ParagraphSpec(cast(Kind, kind), level, text, spans))
    if opener:
        paragraphs.append(ParagraphSpec("body", 0, opener, ((0, len(opener)),)))
    return paragraphs


def segment_text(text: str) -> list[ParagraphSpec]:
    """Paragraphs of a plain text (one per non-empty line; \\r\\n and \\r count as breaks)."""
    return segment_lines(text.splitlines())
