"""Likely policy terms that are not in the glossary yet.

Four detectors run on the Simplified form of each segment:

- quoted: short expressions in Chinese quotation marks (“…”, 「…」, 『…』). Reports quote their
  set expressions (“清河行动”, “项目为王”); long quotes are sentences and are skipped, and so are a
  few metaphors that reports put in scare quotes (“组合拳”, “窗口期”) and X化 adverbs (“常态化”).
- enumeration: a quoted expression made of short parallel parts joined by 、 (双随机、一公开).
- chief-system: the X长制 family (林长制, 河长制, 河湖长制, 链长制).
- numeral: a numeral (一二三四五六七八九十两双百千) opening a short abbreviation (三保, 四风,
  一岗双责). Outside quotes a numeral is far more often a quantity (一年来, 十件民生实事, 一批) or
  part of an ordinary word (统一, 一体化, 第三次), so an unquoted one must show a structure that
  quantities lack: the numeral repeats inside the run (两不愁三保障, 三重一大, 一带一路) or the
  abbreviation is followed by a word such abbreviations head (三公经费, 双拥工作, 三中全会).

Every detected text is then counted over all segments with the term matcher, together with the
known terms, so counts follow the same leftmost-longest rule as the highlights: an occurrence
inside a longer known term or candidate does not count, and a candidate that only ever occurs
inside a longer one disappears.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from workbench.chinese import HAN as _HAN
from workbench.chinese import HAN_CHARS, to_simplified
from workbench.chinese import HAN_RUN as _HAN_RUN
from workbench.glossary._offsets import simplify
from workbench.glossary.matcher import TermMatcher

NUMERALS = "一二三四五六七八九十两双百千"


def _words(text: str) -> tuple[str, ...]:
    """Space-separated word lists below, kept as text so they read like a dictionary."""
    return tuple(text.split())


# Characters that make a following numeral a count or an ordinal (第三次) or that form an
# ordinary word with it (统一, 唯一, 之一, 单一, 逐一, 万一, 周一).
_PRE_NUMERAL_WORD = set("第之统唯同单逐万周初合归划专其每")
# Measure words and time units: 三年行动, 十件实事, 一批, 三个重大项目, 二期, 六级, 四条.
_MEASURE = set(
    "个件年批次项条类家户座名所处种级期号轮位只张本部台辆套间栋层份次届月天日周岁元斤亩米吨万亿倍成分秒点些方段场回遍"
)
# Ordinary words that begin with a numeral character.
_NUMERAL_WORDS = _words(
    "一体化 一体 一流 一直 一定 一般 一些 一切 一起 一致 一样 一度 一步 一方面 一系列 一次性 一大批 "
    "一揽子 一站式 一道 一并 一手 一贯 一律 一举 一同 一旦 一再 一心 一向 一时 一线 一把手 一盘棋 "
    "一种 一项 一批 一些 一份 一边 一面 一番 一席 一环 一路 一生 一级 一线 一致性 一流的 "
    "二是 三是 四是 五是 六是 七是 八是 九是 十是 "
    "十分 十足 十年 百姓 百年 百分 千方百计 千里 千家万户 千万 百万 百强 两岸 两侧 两端 两者 两地 "
    "两年 双方 双向 双重 双边 双赢 双手 三角 四川 四周 四处 五金 六合 七夕 八卦 九州 十字"
)
# Four-character idioms shaped like N X N Y: they repeat a numeral but are not policy terms.
_NUMERAL_IDIOMS = set(
    _words(
        "一心一意 一五一十 三心二意 一举一动 一点一滴 一言一行 三番五次 七上八下 十全十美 一模一样 "
        "一朝一夕 一草一木 千方百计 四面八方 五颜六色 一针一线 一砖一瓦 三令五申 一清二楚 一分为二 "
        "七嘴八舌 乱七八糟 九牛一毛 一张一弛 千锤百炼 千军万马 一年一度 千变万化 百战百胜 一来二去 "
        "三五成群 四平八稳 五花八门 千真万确 百发百中 一干二净 一丝一毫 一生一世 一时一刻 一穷二白"
    )
)
# Words that abbreviations head: 三免政策, 双拥工作, 十四五规划. The abbreviation alone is the
# candidate, except for heads that belong to the established name (三公经费, 三中全会, 八项规定).
_HEADS_EXCLUDED = _words(
    "政策 工作 任务 要求 行动 改革 理念 战略 目标 规划 建设 项目 活动 机制 体系 制度 底线 攻坚战 格局 工程"
)
_HEADS_INCLUDED = _words("经费 全会 规定 原则 意识 自信")
# Measure words allowed before an included head: 八项规定, 四个意识, 四项基本原则.
_MEASURE_BEFORE_INCLUDED_HEAD = set("项个")
# Metaphors and generic words reports put in scare quotes; not policy terms.
_QUOTED_STOPLIST = set(
    _words(
        "零 组合拳 朋友圈 盘子 窗口期 一站式 硬骨头 牛鼻子 痛点 堵点 难点 短板 瓶颈 天花板 顶梁柱 "
        "压舱石 试金石 指挥棒 风向标 定盘星 指南针 金钥匙 领头羊 火车头 孵化器 加速器 蓄水池 "
        "家门口 绣花针 老大难"
    )
)
_CHIEF_STOPLIST = {"家长制", "首长制"}
# Function words that may follow a finished abbreviation: 实现两不愁三保障的, …和, …等.
_PARTICLES = set("的和与及等是在")
# Characters that can pair up in front of 长制 (河湖长制, 林草长制, 田林长制).
_CHIEF_PAIR_CHARS = set("河湖林田山草路街链库渠海湾园矿水")

_QUOTES = re.compile(
    r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」|『([^『』\n]{1,40})』|\"([^\"\n]{1,40})\""
)
# Sentence punctuation in both widths: a quote containing it is a citation, not a term.
_SENTENCE_PUNCT = set(",，。;；:：!！?？()（）《》")
_ENUM_SEP = "、"
_QUOTED_MAX = 12
_ENUM_PART_MAX = 8
_ENUM_PARTS_MAX = 4
_CHIEF = re.compile(f"([{HAN_CHARS}]{{1,2}})长制")
_ENUM_RUN = re.compile(f"[{HAN_CHARS}]+(?:、[{HAN_CHARS}]+){{2,}}")
_CONTEXT_CHARS = 10
_MAX_CONTEXTS = 3

KIND_PRIORITY = ("chief-system", "enumeration", "numeral", "quoted")


@dataclass
class Candidate:
    text: str  # Simplified
    kind: str  # "quoted" | "numeral" | "chief-system" | "enumeration"
    count: int = 0
    segment_ids: list[int] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)  # "…严格落实【三重一大】集体决策…"


def candidate_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of candidate expressions in one text, offsets in `text` as given.

    Spans are found in this text alone; the caller removes known and dismissed ones (compare
    `to_simplified(text[start:end])` with their keys). Non-overlapping, ordered by start.
    """
    simplified = simplify(text)
    spans = _detect(simplified.text)
    chosen: list[tuple[int, int, str]] = []
    covered_to = 0
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < covered_to:
            continue
        covered_to = end
        ostart, oend = simplified.span(start, end)
        chosen.append((ostart, oend, kind))
    return chosen


def find_candidates(
    segments: Iterable[tuple[int, str]],
    *,
    known: Iterable[str] = (),
    dismissed: Iterable[str] = (),
) -> list[Candidate]:
    """Candidates over (segment id, text) pairs, by count (highest first), then text."""
    segments = list(segments)
    known_keys = {to_simplified(k.strip()) for k in known} - {""}
    skip = known_keys | {to_simplified(d.strip()) for d in dismissed}

    kinds: dict[str, str] = {}
    for _, text in segments:
        simplified = to_simplified(text)
        for start, end, kind in _detect(simplified):
            key = simplified[start:end]
            if key not in skip and _rank(kind) < _rank(kinds.get(key)):
                kinds[key] = kind
    return _count(segments, kinds, known_keys)


def _rank(kind: str | None) -> int:
    return KIND_PRIORITY.index(kind) if kind is not None else len(KIND_PRIORITY)


def _count(
    segments: list[tuple[int, str]], kinds: dict[str, str], known_keys: set[str]
) -> list[Candidate]:
    """Count candidates where the leftmost-longest rule, known terms included, shows them."""
    texts = sorted(kinds)
    # Candidate ids are 0..n-1; known terms get negative ids and their matches are dropped.
    entries = [(i, t) for i, t in enumerate(texts)]
    entries += [(-1 - i, k) for i, k in enumerate(sorted(known_keys))]
    matcher = TermMatcher(entries)
    found = {t: Candidate(t, kinds[t]) for t in texts}
    for segment_id, text in segments:
        for match in matcher.find(text):
            if match.term_id < 0:
                continue
            candidate = found[texts[match.term_id]]
            candidate.count += 1
            if segment_id not in candidate.segment_ids:
                candidate.segment_ids.append(segment_id)
            if len(candidate.contexts) < _MAX_CONTEXTS:
                candidate.contexts.append(_context(text, match.start, match.end))
    result = [c for c in found.values() if c.count]
    result.sort(key=lambda c: (-c.count, c.text))
    return result


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - _CONTEXT_CHARS) : start]
    right = text[end : end + _CONTEXT_CHARS]
    prefix = "…" if start > _CONTEXT_CHARS else ""
    suffix = "…" if end + _CONTEXT_CHARS < len(text) else ""
    return f"{prefix}{left}【{text[start:end]}】{right}{suffix}".replace("\n", " ")


# --- detectors, all on Simplified text ------------------------------------------------------


def detect_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every candidate expression in Simplified `text` (may overlap)."""
    return _detect(text)


def _detect(text: str) -> list[tuple[int, int, str]]:
    quoted = list(_quoted(text))
    inside_quotes = [(s, e) for s, e, _ in quoted]
    spans = quoted + list(_chief_systems(text)) + list(_parallel_enumerations(text))
    spans += [
        span
        for span in _numeral_abbreviations(text)
        if not any(qs <= span[0] < qe for qs, qe in inside_quotes)
    ]
    return spans


def _quoted(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _QUOTES.finditer(text):
        group = next(g for g in range(1, 5) if m.group(g) is not None)
        inner, start = m.group(group), m.start(group)
        kind = _quoted_kind(inner)
        if kind:
            yield start, start + len(inner), kind


def _quoted_kind(inner: str) -> str | None:
    """Kind of a quoted expression, or None when it is not a term-like expression."""
    if inner != inner.strip() or any(ch in _SENTENCE_PUNCT for ch in inner):
        return None
    if len(_HAN.findall(inner)) < 2 or inner in _QUOTED_STOPLIST:
        return None
    if _ENUM_SEP in inner:
        parts = inner.split(_ENUM_SEP)
        ok = 2 <= len(parts) <= _ENUM_PARTS_MAX and all(
            2 <= len(p) <= _ENUM_PART_MAX for p in parts
        )
        return "enumeration" if ok else None
    if len(inner) > _QUOTED_MAX:
        return None
    if _CHIEF.fullmatch(inner) and inner not in _CHIEF_STOPLIST:
        return "chief-system"
    # X化 adverbs in scare quotes (“常态化”, “系统化”) describe a manner, not a named policy.
    if len(inner) == 3 and inner.endswith("化") and inner[0] not in NUMERALS:
        return None
    if inner[0] in NUMERALS and not inner.startswith(_NUMERAL_WORDS):
        return "numeral"
    return "quoted"


def _chief_systems(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _CHIEF.finditer(text):
        prefix = m.group(1)
        if len(prefix) == 2 and not set(prefix) <= _CHIEF_PAIR_CHARS:
            prefix = prefix[1:]
        start = m.end() - len(prefix) - 2
        if text[start : m.end()] not in _CHIEF_STOPLIST:
            yield start, m.end(), "chief-system"


def _parallel_enumerations(text: str) -> Iterable[tuple[int, int, str]]:
    """Unquoted slogans of 3+ parallel parts sharing first and last character: 不敢腐、不能腐、不想腐.

    Ordinary lists (产业链、供应链、价值链) share at most one end, so both ends must agree. The
    middle parts fix the part length; the outer chunks are cut to it, since the clause around
    the slogan runs into them without a separator.
    """
    for m in _ENUM_RUN.finditer(text):
        chunks = m.group().split(_ENUM_SEP)
        size = len(chunks[1])
        if not 2 <= size <= 4 or any(len(c) != size for c in chunks[1:-1]):
            continue
        if len(chunks[0]) < size or len(chunks[-1]) < size:
            continue
        parts = [chunks[0][-size:], *chunks[1:-1], chunks[-1][:size]]
        if len({p[0] for p in parts}) == 1 and len({p[-1] for p in parts}) == 1:
            start = m.start() + len(chunks[0]) - size
            yield start, start + len(_ENUM_SEP.join(parts)), "enumeration"


def _numeral_abbreviations(text: str) -> Iterable[tuple[int, int, str]]:
    """Unquoted numeral abbreviations, by internal repetition or by a characteristic head."""
    for run in _HAN_RUN.finditer(text):
        s = run.group()
        i = 0
        while i < len(s):
            span = _numeral_at(s, i) if _starts_abbreviation(s, i) else None
            if span:
                yield run.start() + i, run.start() + span, "numeral"
                i = span
            else:
                i += 1


def _starts_abbreviation(s: str, i: int) -> bool:
    if s[i] not in NUMERALS:
        return False
    if i > 0 and (s[i - 1] in _PRE_NUMERAL_WORD or s[i - 1] in NUMERALS):
        return False
    return not s.startswith(_NUMERAL_WORDS, i)


def _numeral_at(s: str, i: int) -> int | None:
    """End of a numeral abbreviation starting at s[i], or None."""
    return _repeated_numeral(s, i) or _headed_numeral(s, i)


def _repeated_numeral(s: str, i: int) -> int | None:
    """N X N Y (N Z…) with equal-length groups of 1–2 characters: 三重一大, 两不愁三保障."""
    for size in (1, 2):
        groups = 0
        j = i
        while (
            j + 1 + size <= len(s)
            and s[j] in NUMERALS
            and not any(c in NUMERALS for c in s[j + 1 : j + 1 + size])
            and s[j + 1] not in _MEASURE
        ):
            groups += 1
            j += 1 + size
        if groups >= 2 and s[i:j] not in _NUMERAL_IDIOMS and (size == 1 or _ends_word(s, j)):
            return j
    return None


def _ends_word(s: str, j: int) -> bool:
    """Whether s[j:] can follow a finished abbreviation: run end, a head word or a particle.

    Two-character groups run easily through a compound (双孢菇三产融|合), so they must stop here.
    """
    return j == len(s) or s[j] in _PARTICLES or s.startswith(_HEADS_EXCLUDED + _HEADS_INCLUDED, j)


def _headed_numeral(s: str, i: int) -> int | None:
    """Numeral + 1–3 characters + a head word: 三免政策 → 三免, 三公经费 → 三公经费."""
    j = i + 1
    while j < len(s) and s[j] in NUMERALS:  # 十四五规划
        j += 1
    numeral_run = j - i
    for body in range(0 if numeral_run > 1 else 1, 4):
        k = j + body
        if k > len(s):
            break
        first = s[i + numeral_run] if body else ""
        for head in _HEADS_INCLUDED:
            if s.startswith(head, k) and (
                first not in _MEASURE or first in _MEASURE_BEFORE_INCLUDED_HEAD
            ):
                return k + len(head)
        if first in _MEASURE:
            continue
        for head in _HEADS_EXCLUDED:
            if s.startswith(head, k):
                # N大 + head names a set as a whole (三大攻坚战, 五大攻坚行动): keep the head.
                if first == "大":
                    return k + len(head)
                return k
    return None
