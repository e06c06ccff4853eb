"""A deterministic stand-in engine for tests and demos: fast, no model, obviously not English.

Each Han character becomes a syllable-like ASCII token chosen from its code point, so the same
sentence always gives the same output in every process. ASCII runs (numbers, Latin words and the
glossary's protection markers such as "ZXQ1Z") are copied through unchanged, which is what a
well-behaved real model does and what the marker and number checks downstream rely on.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Sequence

from .engine import MTError, Translation, check_pair

# Single-letter onsets and vowel-initial rhymes: onset+rhyme splits one way only, so different
# (onset, rhyme) pairs never spell the same token.
ONSETS = "bcdfghjklmnprstwxyz"
RHYMES = ("a", "e", "i", "o", "u", "ai", "ao", "ei", "ou", "an", "en", "in", "un", "ang", "ong")
SYLLABLES = len(ONSETS) * len(RHYMES)  # 285
# Multipliers coprime with 285: variant k of a character differs from variants 0..k-1 for k < 285.
_MIX = 2654435761
_VARIANT_STEP = 7919

PUNCTUATION = {
    "。": ".",
    "，": ",",
    "、": ",",
    "；": ";",
    "：": ":",
    "？": "?",
    "！": "!",
    "（": "(",
    "）": ")",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "《": '"',
    "》": '"',
    "【": "[",
    "】": "]",
    "—": "-",
    "…": "...",
    "·": "-",
}


def is_han(char: str) -> bool:
    return unicodedata.category(char) == "Lo" and "CJK" in unicodedata.name(char, "")


def syllable(char: str, variant: int = 0) -> str:
    index = (ord(char) * _MIX + variant * _VARIANT_STEP) % SYLLABLES
    return ONSETS[index // len(RHYMES)] + RHYMES[index % len(RHYMES)]


def fake_english(sentence: str, variant: int = 0) -> str:
    """Transliterate `sentence`; ASCII runs stay as they are, CJK punctuation becomes ASCII."""
    words: list[str] = []
    ascii_run: list[str] = []

    def flush_ascii() -> None:
        run = "".join(ascii_run).strip()
        ascii_run.clear()
        if run:
            words.append(run)

    for char in sentence:
        if char.isascii():
            ascii_run.append(char)
            continue
        if char in PUNCTUATION:
            flush_ascii()
            mark = PUNCTUATION[char]
            if words:  # punctuation hugs the word before it, as in English
                words[-1] += mark
            else:
                words.append(mark)
            continue
        if is_han(char):
            flush_ascii()
            words.append(syllable(char, variant))
            continue
        folded = unicodedata.normalize("NFKC", char)  # full-width digits, ％, ① ...
        if folded.isascii():
            ascii_run.append(folded)
        else:  # anything else (symbols, other scripts) ends the run and is dropped
            flush_ascii()
    flush_ascii()
    if words and is_fake_syllable(words[0]):
        words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words)


def is_fake_syllable(word: str) -> bool:
    letters = word.rstrip(".,;:?!()\"'[]-")
    return len(letters) >= 2 and letters[0] in ONSETS and letters[1:] in RHYMES


class FakeEngine:
    """Deterministic fake zh→en engine.

    fail_on: any batch holding a sentence that contains this substring raises MTError (to test
    that one failing batch does not lose the others). delay: seconds slept per sentence (to test
    progress and cancelling). `calls` records the size of every batch the engine received,
    `strict_calls` how many asked for the stronger repetition guards.
    """

    name = "fake"

    def __init__(
        self, *, version: str = "fake-1", fail_on: str | None = None, delay: float = 0.0
    ) -> None:
        self._version = version
        self.fail_on = fail_on
        self.delay = delay
        self.calls: list[int] = []
        self.strict_calls = 0
        self._lock = threading.Lock()

    @property
    def model_version(self) -> str:
        return self._version

    def supports(self, source_lang: str, target_lang: str) -> bool:
        return (source_lang, target_lang) == ("zh", "en")

    def translate_batch(
        self,
        sentences: Sequence[str],
        *,
        source_lang: str = "zh",
        target_lang: str = "en",
        alternatives: int = 0,
        strict: bool = False,
    ) -> list[Translation]:
        check_pair(self, source_lang, target_lang)
        with self._lock:
            self.calls.append(len(sentences))
            if strict:
                self.strict_calls += 1
        if self.fail_on is not None:
            for sentence in sentences:
                if self.fail_on in sentence:
                    raise MTError(f"fake engine told to fail on {self.fail_on!r}")
        if self.delay:
            time.sleep(self.delay * len(sentences))
        return [self._translate(s, alternatives) for s in sentences]

    @staticmethod
    def _translate(sentence: str, alternatives: int) -> Translation:
        text = fake_english(sentence)
        variants: list[str] = []
        for variant in range(1, alternatives + 1):
            candidate = fake_english(sentence, variant)
            # a sentence without Han characters has no variants to offer
            if candidate != text and candidate not in variants:
                variants.append(candidate)
        words = len(text.split())
        return Translation(text, tuple(variants), score=fake_score(sentence), tokens=words)


def fake_score(sentence: str) -> float:
    """A deterministic mean log-probability in [-2, -0.05] (same sentence, same score), so
    pages and tests see confidences spread over the whole range."""
    spread = sum(ord(char) * (n + 1) for n, char in enumerate(sentence)) % 100
    return -0.05 - spread * 0.0195
