"""What is wrong with an engine output, seen from the output alone: the known failure modes of
the Argos zh→en model (argos-translate #422, LibreTranslate #183): decoding loops, English cut
off at the output cap, and outputs far too short for their source (a clause dropped).

Each problem is one line for the row's "MT flagged" badge; a flagged output is offered for
"translate again" with other settings. The thresholds were set so that the official English of
the 2024 national government work report (../shared/parallel) raises none of them
(tests/test_mt_quality.py).
"""

from __future__ import annotations

import re

from ..chinese import HAN

CUT_OFF = "stopped at the output cap: the English is probably cut off"
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")

# Official English has about 5 letters per Han character (median 5.0, lowest aligned
# sentence 2.5, lowest paragraph 3.5, in the 2024 national report); under 1.5 a clause is missing.
MIN_LETTERS_PER_HAN = 1.5
# ... judged only from this many Han characters on: headings and short phrases vary too much
MIN_HAN_FOR_LENGTH = 12
# the same word three times running ("pre- pre- pre-"), or the same 2-6-word phrase three
# times running ("development and development and development and")
LOOP_RUN = 3
LOOP_MAX_PHRASE = 6
# a phrase of 5+ words three times in one sentence, even with other words between
SCATTERED_PHRASE = 5
SCATTERED_TIMES = 3


def han_count(text: str) -> int:
    return len(HAN.findall(text))


def loop_in(text: str) -> str:
    """The phrase the text repeats beyond sense ("" when none)."""
    words = [w.lower() for w in _WORD.findall(text)]
    for size in range(1, LOOP_MAX_PHRASE + 1):
        for start in range(len(words) - size * LOOP_RUN + 1):
            phrase = words[start : start + size]
            if all(
                words[start + k * size : start + (k + 1) * size] == phrase
                for k in range(1, LOOP_RUN)
            ):
                return " ".join(phrase)
    seen: dict[tuple[str, ...], int] = {}
    for start in range(len(words) - SCATTERED_PHRASE + 1):
        key = tuple(words[start : start + SCATTERED_PHRASE])
        seen[key] = seen.get(key, 0) + 1
        if seen[key] >= SCATTERED_TIMES:
            return " ".join(key)
    return ""


def _letters(text: str) -> int:
    return sum(char.isascii() and char.isalpha() for char in text)


def too_short(source: str, text: str) -> bool:
    han = han_count(source)
    if han < MIN_HAN_FOR_LENGTH or not text.strip():  # empty output is flagged on its own
        return False
    return _letters(text) < MIN_LETTERS_PER_HAN * han


def quality_flags(source: str, text: str, *, cut_off: bool = False) -> list[str]:
    """The problems of one output `text` of `source` (Chinese), as lines for the row."""
    flags: list[str] = []
    if cut_off:
        flags.append(CUT_OFF)
    phrase = loop_in(text)
    if phrase:
        flags.append(f"repeats “{phrase}” again and again: a decoding loop")
    if too_short(source, text):
        flags.append(
            f"much too short for its source ({_letters(text)} letters for "
            f"{han_count(source)} Chinese characters): part of the sentence is probably missing"
        )
    return flags
