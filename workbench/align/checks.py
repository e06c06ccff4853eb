"""(pure) Refusing pairs of files that cannot be a report and its translation.

Each refusal is one line naming the file and what is wrong with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workbench.core.errors import Invalid

__all__ = ["MAX_RATIO", "MIN_RATIO", "AlignRefused", "check_pair"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# English characters per Chinese character in an official translation: about 3 to 6 (5.3
# in the 2024 national report). Far outside, the two files are not the same text: one is
# a part of the other, or a different document.
MIN_RATIO = 1.5
MAX_RATIO = 12.0


class AlignRefused(Invalid):
    """The two files cannot be aligned; str(e) is one readable line."""


def _text(paragraphs: Sequence[Sequence[str]]) -> str:
    return "".join("".join(p) for p in paragraphs)


def check_pair(
    zh: Sequence[Sequence[str]], en: Sequence[Sequence[str]], zh_name: str, en_name: str
) -> None:
    """Raise AlignRefused unless `zh` reads as Chinese, `en` as English, of matching size."""
    zh_text, en_text = _text(zh), _text(en)
    zh_han = len(_HAN.findall(zh_text))
    en_han, en_latin = len(_HAN.findall(en_text)), len(_LATIN.findall(en_text))
    if not zh_text.strip():
        raise AlignRefused(f"{zh_name} has no text to align")
    if not en_text.strip():
        raise AlignRefused(f"{en_name} has no text to align")
    if zh_han < len(_LATIN.findall(zh_text)):
        raise AlignRefused(
            f"{zh_name} is not Chinese ({zh_han} Chinese characters): give the Chinese "
            "report first and its English second"
        )
    if en_han > en_latin:
        raise AlignRefused(
            f"{en_name} is Chinese, not English ({en_han} Chinese characters, "
            f"{en_latin} Latin letters): give the English translation second"
        )
    en_chars = len(" ".join(en_text.split()))
    ratio = en_chars / max(zh_han, 1)
    if not MIN_RATIO <= ratio <= MAX_RATIO:
        raise AlignRefused(
            f"{en_name} has {en_chars:,} characters of English for {zh_han:,} Chinese "
            f"characters in {zh_name} ({ratio:.1f} per character; a translation of the whole "
            f"text has {MIN_RATIO:g} to {MAX_RATIO:g}): they are not the same document"
        )
