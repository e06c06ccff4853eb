"""Simplified/Traditional Chinese conversion through OpenCC.

OpenCC converters are built once per process and per thread (their C++ objects are not
documented as thread-safe), and cost ~1-3 ms per 30k characters.
"""

from __future__ import annotations

import re
import threading

import opencc

# Language tag -> OpenCC configuration that turns Simplified text into that variant.
VARIANT_CONFIGS = {
    "zh-Hans": None,
    "zh-Hant-TW": "s2twp",
    "zh-Hant-HK": "s2hk",
}
# TMX/XLIFF language tags for each variant.
VARIANT_LANG_TAGS = {"zh-Hans": "zh-CN", "zh-Hant-TW": "zh-TW", "zh-Hant-HK": "zh-HK"}

# What counts as "a Han character" everywhere in the workbench (one definition): the CJK Unified
# Ideographs with Extension A, the compatibility ideographs, and Extensions B-H (rare names).
HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f"
HAN = re.compile(f"[{HAN_CHARS}]")
HAN_RUN = re.compile(f"[{HAN_CHARS}]+")

_local = threading.local()


def _converter(config: str) -> opencc.OpenCC:
    cache = getattr(_local, "converters", None)
    if cache is None:
        cache = _local.converters = {}
    conv = cache.get(config)
    if conv is None:
        conv = cache[config] = opencc.OpenCC(config)
    return conv


def to_simplified(text: str) -> str:
    """Simplified form of `text` (Traditional characters and Taiwan phrasing converted)."""
    if not text:
        return text
    return _converter("t2s").convert(text)


def script_forms(key: str) -> tuple[str, ...]:
    """`key` (Simplified) and the other forms it shows in the t2s form of a Traditional text.

    t2s converts characters, not phrasing: the Taiwan edition writes 人工智能 as 人工智慧 and
    the Hong Kong one 卫生 as 衞生, which t2s leaves as 人工智慧 and 衞生. Reverting Taiwan
    phrasing in the text instead (OpenCC tw2sp) is wrong for Mainland text (核心 → 内核,
    新增 → 添加), so a key is matched in each of its forms. The extra forms only mean the
    term in Traditional text (see TermMatcher): in Simplified text 人工智慧 is not our key.
    """
    forms = [key]
    for config in ("s2twp", "s2hk"):
        form = to_simplified(_converter(config).convert(key)) if key else key
        if form not in forms:
            forms.append(form)
    return tuple(forms)


def to_variant(text: str, variant: str) -> str:
    """Convert Simplified `text` to a variant named by its language tag (see VARIANT_CONFIGS)."""
    if variant not in VARIANT_CONFIGS:
        valid = ", ".join(VARIANT_CONFIGS)
        raise ValueError(f"unknown Chinese variant {variant!r} (valid: {valid})")
    config = VARIANT_CONFIGS[variant]
    if config is None or not text:
        return text
    return _converter(config).convert(text)


def detect_script(text: str) -> str:
    """'hant' when the text is written in Traditional characters, else 'hans'.

    Counts Han characters that t2s changes: Traditional text changes many of them,
    Simplified text none or almost none (a few characters are shared).
    """
    han = HAN.findall(text)
    if not han:
        return "hans"
    sample = "".join(han[:20000])
    simplified = to_simplified(sample)
    changed = sum(1 for a, b in zip(sample, simplified) if a != b)
    return "hant" if changed / len(sample) > 0.05 else "hans"
