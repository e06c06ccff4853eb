"""(pure) English spelling and repeated words, offline, from a Hunspell dictionary.

The dictionary is Debian's hunspell-en-us (/usr/share/hunspell/en_US.aff + .dic) or any
Hunspell pair found in $WORKBENCH_HUNSPELL_DIR. A small reader expands the .dic stems with
the .aff prefix and suffix rules once per process (about a second) into a set of word forms,
so checking a segment is a few set lookups (well under a millisecond). Compound rules (used
by en_US only for ordinals like 21st) are not read: tokens with digits are never checked.

Without a dictionary the spelling check finds nothing (the workbench still runs); repeated
words need no dictionary.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIRS = ("/usr/share/hunspell", "/usr/share/myspell/dicts", "/usr/share/myspell")
LANGUAGES = ("en_US", "en_GB")

# A word: letters with inner apostrophes ("People's", "don't"); hyphenated compounds are split.
WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)*")
# Words written twice: "the the". Some doubles are grammatical ("had had", "that that").
REPEAT_RE = re.compile(r"\b([A-Za-z]+)(\s+)\1\b", re.IGNORECASE)
_GRAMMATICAL_REPEATS = frozenset({"had", "that", "is", "do", "bye", "very"})
# Capitalised pinyin (Jinping, Xiong'an, Jishishan, Hai): Chinese names, not English words.
_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo"
    r"|ui|ue|er|a|o|e|i|u|v|ü)"
)
_PINYIN = re.compile(rf"(?:{_PINYIN_SYLLABLE}['’]?)+", re.IGNORECASE)
# Words of official Chinese-English usage that en_US lacks (the glossary adds the rest).
SUPPLEMENT = frozenset(
    [
        "wellbeing",
        "telecom",
        "telecoms",
        "hotspot",
        "hotspots",
        "eco",
        "digitalization",
        "digitalize",
        "digitalized",
        "jobseeker",
        "jobseekers",
        "shelterbelt",
        "shelterbelts",
        "bureaucratism",
        "contractionary",
        "biomanufacturing",
        "renminbi",
        "hukou",
        "mu",
        "yuan",
        "xiaokang",
        "covid",
    ]
)


@dataclass(frozen=True)
class _Affix:
    strip: str
    add: str
    condition: re.Pattern[str]
    cross: bool


class Dictionary:
    """The word forms of one Hunspell dictionary (case as written, and lower-cased)."""

    def __init__(self, forms: Iterable[str]) -> None:
        self.exact = frozenset(forms)
        self.lower = frozenset(w.lower() for w in self.exact)

    @classmethod
    def load(cls, aff: Path, dic: Path) -> Dictionary:
        prefixes, suffixes, skip_flags = _read_aff(aff)
        forms: set[str] = set()
        with dic.open(encoding="utf-8", errors="replace") as fh:
            next(fh, None)  # the first line is the word count
            for line in fh:
                word, _, flags = line.strip().partition("/")
                if not word or skip_flags & set(flags):
                    continue
                forms.add(word)
                suffixed = [word]
                for flag in flags:
                    for affix in suffixes.get(flag, ()):
                        form = _apply_suffix(word, affix)
                        if form:
                            forms.add(form)
                            if affix.cross:
                                suffixed.append(form)
                for flag in flags:
                    for affix in prefixes.get(flag, ()):
                        for base in suffixed if affix.cross else [word]:
                            if affix.condition.match(base) and base.startswith(affix.strip):
                                forms.add(affix.add + base[len(affix.strip) :])
        return cls(forms)

    def knows(self, word: str) -> bool:
        """Whether `word` is spelt right: as written, or a capitalised/upper-case form of a
        lower-case entry ("Rural" at a sentence start), or with a possessive 's."""
        word = word.replace("’", "'")
        if word in self.exact:
            return True
        if word.endswith("'s") and self.knows(word[:-2]):
            return True
        if word[0].isupper() and (word[1:].islower() or word.isupper()):
            return word.lower() in self.lower
        return False


def _read_aff(path: Path) -> tuple[dict[str, list[_Affix]], dict[str, list[_Affix]], set[str]]:
    prefixes: dict[str, list[_Affix]] = {}
    suffixes: dict[str, list[_Affix]] = {}
    skip: set[str] = set()
    cross: dict[tuple[str, str], bool] = {}
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and parts[0] in ("ONLYINCOMPOUND", "FORBIDDENWORD", "NEEDAFFIX"):
                skip.add(parts[1])
            if len(parts) < 4 or parts[0] not in ("PFX", "SFX"):
                continue
            kind, flag = parts[0], parts[1]
            if parts[2] in ("Y", "N") and len(parts) == 4:  # header: PFX A Y 1
                cross[(kind, flag)] = parts[2] == "Y"
                continue
            strip = "" if parts[2] == "0" else parts[2]
            add = "" if parts[3] == "0" else parts[3].split("/")[0]
            condition = parts[4] if len(parts) > 4 else "."
            pattern = f"^{condition}" if kind == "PFX" else f"{condition}$"
            affix = _Affix(strip, add, re.compile(pattern), cross.get((kind, flag), False))
            (prefixes if kind == "PFX" else suffixes).setdefault(flag, []).append(affix)
    return prefixes, suffixes, skip


def _apply_suffix(word: str, affix: _Affix) -> str | None:
    if not affix.condition.search(word) or not word.endswith(affix.strip):
        return None
    return word[: len(word) - len(affix.strip)] + affix.add


_lock = threading.Lock()
_loaded: dict[str, Dictionary | None] = {}


def find_dictionary() -> tuple[Path, Path] | None:
    """(aff, dic) of the first English Hunspell dictionary found, or None."""
    dirs = (
        [os.environ["WORKBENCH_HUNSPELL_DIR"]] if os.environ.get("WORKBENCH_HUNSPELL_DIR") else []
    )
    for folder in [*dirs, *DEFAULT_DIRS]:
        for lang in LANGUAGES:
            aff, dic = Path(folder, f"{lang}.aff"), Path(folder, f"{lang}.dic")
            if aff.is_file() and dic.is_file():
                return aff, dic
    return None


def dictionary() -> Dictionary | None:
    """The process-wide English dictionary (loaded on first use), or None when none is found."""
    found = find_dictionary()
    key = str(found)
    with _lock:
        if key not in _loaded:
            _loaded[key] = Dictionary.load(*found) if found else None
        return _loaded[key]


@dataclass(frozen=True)
class Misspelling:
    word: str
    start: int
    end: int


def _checkable(word: str) -> bool:
    """Acronyms (GDP, CPC, SOEs), single letters, words with inner capitals (iPhone) and
    capitalised pinyin (Xiong'an) are names or abbreviations, not for a dictionary."""
    bare = word.replace("'", "").replace("’", "")
    if len(bare) < 2 or bare.isupper() or any(ch.isupper() for ch in bare[1:]):
        return False
    return not (word[0].isupper() and _PINYIN.fullmatch(word))


def misspellings(
    text: str, allowed: frozenset[str] = frozenset(), words: Dictionary | None = None
) -> Iterator[Misspelling]:
    """Words of `text` the dictionary does not know; `allowed` (lower-case) are accepted too
    (the glossary's English: place names such as Xiong'an, coined terms)."""
    words = words or dictionary()
    if words is None:
        return
    for m in WORD_RE.finditer(text):
        word = m.group()
        if m.start() and text[m.start() - 1].isdigit():
            continue  # 14th, 5G, 3A
        lower = word.lower().replace("’", "'").removesuffix("'s")
        if not _checkable(word) or lower in allowed or lower in SUPPLEMENT:
            continue
        if not words.knows(word):
            yield Misspelling(word, m.start(), m.end())


def repeated_words(text: str) -> Iterator[tuple[str, int, int]]:
    """("the", start, end) for each word written twice in a row ("the the")."""
    for m in REPEAT_RE.finditer(text):
        word = m.group(1)
        if word.lower() not in _GRAMMATICAL_REPEATS and not word.isdigit():
            yield word, m.start(), m.end()


def allowed_words(texts: Iterable[str]) -> frozenset[str]:
    """Lower-case words of English texts (glossary renderings), to accept in the check."""
    return frozenset(
        w.lower().replace("’", "'") for text in texts for w in WORD_RE.findall(text or "")
    )
