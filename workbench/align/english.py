"""(pure) English sentence splitting for official translations of government reports.

Offsets partition the paragraph exactly, as the Chinese segmenter's do, so
``"".join(text[s:e] for s, e in spans) == text``; whitespace between sentences stays with
the sentence before it.

A sentence ends after a run of ``.``, ``!``, ``?`` (with any closing quotes or brackets right
after it) that is followed by whitespace and then something that can start a sentence (an
upper-case letter, a digit, an opening quote or bracket, a dash), or by the end of the text.
A full stop does *not* end a sentence when it belongs to

* a decimal or a version (``5.2 percent``, ``1.5.3``): no whitespace follows the dot;
* a title or reference abbreviation that is always followed by more (``Mr.``, ``Dr.``,
  ``No. 1``, ``Art. 5``, ``Jan. 15``, ``Fig. 3``, ``vs.``);
* a list or heading number at the start of the paragraph (``1.``, ``(2).``, ``IV.``, ``a.``);
* a dotted initialism (``U.S.``, ``U.K.``, ``e.g.``, ``i.e.``, ``a.m.``) or single initial
  (``J. Smith``), unless the next word is one that starts sentences (``The``, ``We``, ...),
  since "made in the U.S. We ..." does end there and "the U.S. Congress" does not;
* an opening bracket or quote that is still open (``(see Fig. 2. Data ...)`` stays whole).
"""

from __future__ import annotations

import re

__all__ = ["english_sentences", "split_english"]

# Abbreviations that are never the last word of a sentence (lower-cased, without the dot).
_NEVER_FINAL = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen gov sen rep rev hon col capt lt sgt maj
    no nos art arts fig figs vol vols ch chap sec sect para paras pp p ed eds op cit
    jan feb mar apr jun jul aug sep sept oct nov dec vs cf approx ca est dept univ assn
    bros messrs""".split()  # noqa: SIM905
)
# Abbreviations that often end a sentence as well ("... and so on, etc. The next ...").
_MAYBE_FINAL = frozenset("etc inc ltd co corp plc bn mn km kg yr yrs".split())  # noqa: SIM905
# Words that start sentences but seldom follow an initialism inside one ("the U.S. The").
_STARTERS = frozenset(
    """the this these those that there their then thus it its we our us they he she
    in on at by for from to with as after before during over under since while when
    a an and but or so yet if however moreover meanwhile also furthermore therefore
    i all each every some many most such both no not what which who how why where""".split()  # noqa: SIM905
)
_OPENERS = "([{“‘«\"'"
_CLOSERS = ")]}”’»\"'"
_BRACKETS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»"}
_DASHES = "—–-"
# What precedes the dot of a list or heading number opening a paragraph: "1", "(2)", "IV",
# "a", "3.2".
_LIST_NUMBER = re.compile(r"^\s*[(\[]?(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]|[IVXLCivxlc]{1,6})[)\]]?$")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def split_english(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets that partition `text` (see the module docstring)."""
    if not text:
        return []
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    depth = 0  # open round/square brackets and typographic quotes
    i = 0
    while i < n:
        ch = text[i]
        if ch in _BRACKETS:
            depth += 1
        elif ch in ")]}”»" and depth > 0:
            depth -= 1
        if ch not in ".!?":
            i += 1
            continue
        j = i + 1
        while j < n and text[j] in ".!?":  # "?!", "..."
            j += 1
        closed = 0
        while j < n and text[j] in _CLOSERS:
            if text[j] in ")]}”»" and depth - closed > 0:
                closed += 1
            j += 1
        k = j
        while k < n and text[k].isspace():
            k += 1
        if k < n and k == j:
            i = j  # no space after the mark: "5.2", "U.S.-China", "?”," ...
            continue
        if depth - closed > 0 and k < n:
            i = j  # still inside a bracket or a quotation
            continue
        if k < n and not _ends_here(text, start, i, k):
            depth -= closed
            i = j
            continue
        depth = 0
        spans.append((start, k))
        start = i = k
    if start < n:
        spans.append((start, n))
    return spans


def english_sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped."""
    return [text[s:e].strip() for s, e in split_english(text) if text[s:e].strip()]


def _ends_here(text: str, start: int, mark: int, nxt: int) -> bool:
    """Whether the mark at `mark` ends the sentence begun at `start`, the next one at `nxt`."""
    follower = text[nxt]
    if not (
        follower.isupper() or follower.isdigit() or follower in _OPENERS or follower in _DASHES
    ):
        return False  # "... rose 5 p.c. in ...", "e.g. steel", "?" he asked
    if text[mark] != ".":
        return True
    if mark > 0 and text[mark - 1] == ".":
        return True  # an ellipsis before a capital
    before = text[start:mark]
    if _LIST_NUMBER.match(before):
        return False  # "1. ", "(2). ", "IV. ", "a. " opening the paragraph
    found = _WORD_BEFORE.search(before)
    if not found:
        return True
    word = found.group(1)
    if word.startswith("."):
        return True
    lower = word.lower()
    if lower in _NEVER_FINAL:
        return False
    if lower in _MAYBE_FINAL:
        return (
            follower.isupper()
            and _next_word(text, nxt).lower() in _STARTERS | {""}
            or (not follower.isalpha())
        )
    initialism = "." in word or (len(word) == 1 and word.isalpha())
    if initialism:
        # "U.S. We", "by J. Smith", "a.m. Chinese": decide on the word that follows.
        return _next_word(text, nxt).lower() in _STARTERS
    return True


def _next_word(text: str, at: int) -> str:
    match = re.match(r"[\"'“‘(\[]*([A-Za-z]+)", text[at:])
    return match.group(1) if match else ""
