"""Likely policy terms that are not in the glossary yet.

Four detectors run on the Simplified form of each segment:

- quoted: short expressions in Chinese quotation marks (“…”, 「…」, 『…』). Reports quote their
  set expressions (“清河行动”, “项目为王”); long quotes are sentences and are skipped, and so are a
  few metaphors that reports put in scare quotes (“组合拳”, “窗口期”) and X化 adverbs (“常态化”).
  Parallel slogans quoted together (“绿水青山就是金山银山，冰天雪地也是金山银山”) are one
  candidate each; a quoted code of figures names a programme (“315”, “415X”, “1+6”: numeral).
- enumeration: a quoted expression made of short parallel parts joined by 、 (双随机、一公开).
- chief-system: the X长制 family (林长制, 河长制, 河湖长制, 链长制).
- numeral: a numeral (一二三四五六七八九十两双百千) opening a short abbreviation (三保, 四风,
  一岗双责). Outside quotes a numeral is far more often a quantity (一年来, 十件民生实事, 一批) or
  part of an ordinary word (统一, 一体化, 第三次), so an unquoted one must show a structure that
  quantities lack: the numeral repeats inside the run (两不愁三保障, 三重一大, 一带一路) or the
  abbreviation is followed by a word such abbreviations head (三公经费, 双拥工作, 三中全会).

- named: designations of places and provinces: a place phrase before a designation head
  (郑州都市圈, 苏州实验室, 民族团结进步示范区, 内陆开放高地, 产业强省) and a quality before a
  province (美丽云南, 创新浙江, 平安中国 style); an event named after its edition (第九届亚冬会).
- central: a built-in list of widely used central policy expressions (data/central_terms.txt),
  found quoted or not (高质量发展, 新发展理念, 全面从严治党).
- recurrent (whole documents only, `find_candidates`): unquoted expressions recognised by how
  they behave. The text is cut at quotes, 、 and clause punctuation and into words with jieba's
  dictionary; a run of 2–4 words recurs (3 times in the document, or twice and in two other
  documents of the workbench), in varied company (no single word always before or after it:
  a fragment of a longer name always has the same neighbour, though a policy verb such as 打造
  before most uses is how reports speak), reads as a noun phrase (by the
  word classes of jieba's dictionary) and is much more frequent than its words are in general
  Chinese (jieba's word frequencies): 浦东引领区, 跨境电商, 中欧班列.

Scare quotes around a common word (“人民”, “未来”: a frequent word of general Chinese), list
markers (一是, 一要) and numerals inside ordinary words (这一中心, 举一反三, 750千伏) are no
candidates. Long quoted names are kept whole when they end like a name (…工程, …行动).

Every detected text is then counted over all segments with the term matcher, together with the
known terms, so counts follow the same leftmost-longest rule as the highlights: an occurrence
inside a longer known term or candidate does not count, and a candidate that only ever occurs
inside a longer one disappears. Candidates are ranked by kind (structure and the central list
before recurrence) and by how often they occur.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from workbench.chinese import HAN as _HAN
from workbench.chinese import HAN_CHARS, to_simplified
from workbench.chinese import HAN_RUN as _HAN_RUN
from workbench.glossary._offsets import simplify
from workbench.glossary.matcher import TermMatcher, quoted_units

NUMERALS = "一二三四五六七八九十两双百千"


def _words(text: str) -> tuple[str, ...]:
    """Space-separated word lists below, kept as text so they read like a dictionary."""
    return tuple(text.split())


# Characters that make a following numeral a count or an ordinal (第三次) or that form an
# ordinary word with it (统一, 唯一, 之一, 单一, 逐一, 万一, 周一).
_PRE_NUMERAL_WORD = set("第之统唯同单逐万周初合归划专其每这那举任某另哪")
# Measure words and time units: 三年行动, 十件实事, 一批, 三个重大项目, 二期, 六级, 四条.
_MEASURE = set(
    "个件年批次项条类家户座名所处种级期号轮位只张本部台辆套间栋层份次届月天日周岁元斤亩米吨万亿倍成分秒点些方段场回遍"
)
# Ordinary words that begin with a numeral character.
_NUMERAL_WORDS = _words(
    "一体化 一体 一流 一直 一定 一般 一些 一切 一起 一致 一样 一度 一步 一方面 一系列 一次性 一大批 "
    "一揽子 一站式 一道 一并 一手 一贯 一律 一举 一同 一旦 一再 一心 一向 一时 一线 一把手 一盘棋 "
    "一种 一项 一批 一些 一份 一边 一面 一番 一席 一环 一路 一生 一级 一线 一致性 一流的 "
    "一是 二是 三是 四是 五是 六是 七是 八是 九是 十是 一要 二要 三要 四要 五要 六要 七要 八要 九要 十要 "
    "一则 二则 三则 其一 其二 一来 二来 千伏 千瓦 千米 千克 百分 万元 亿元 万人 万亩 万吨 "
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
# A quoted code of figures (and letters) joined by +: “315”, “415X”, “1+N”, “2+3+6+6”. Reports
# quote such codes only to name a programme; a quantity is never quoted.
_FIGURE_CODE = re.compile(r"(?=[^\d]*\d)[0-9A-Za-z]{1,6}(?:\+[0-9A-Za-z]{1,4}){0,5}")
# A named event after its edition: 第九届亚冬会, 第十五届全运会, 第八届世界浙商大会. The name is
# the shortest run ending like an event; a general word (运动会, 人民代表大会) is no name.
_EVENT = re.compile(
    f"第[{NUMERALS}零〇]+届([{HAN_CHARS}]{{1,10}}?(?:会|节|论坛|大集|峰会|博览会))(?!议)"
)
# A longer quote is kept whole when it ends like a name (“百县千镇万村高质量发展工程”); else it is a
# citation or a sentence.
_LONG_NAME_MAX = 24
_NAME_END = re.compile(
    r"(?:工程|行动|计划|战略|体系|机制|品牌|示范区|先行区|中心|平台|模式|项目|工作法|经验|大会|活动"
    r"|基金|联盟|规划|方案|制度|专项|试点|示范|走廊|通道|枢纽|集群|之城|之都|系列)$"
)
_PRONOUNS = re.compile(r"[我你他她它]|我们|要")
# Pronouns and question words make a quote speech (“你过来”, “投什么、谁来投”), not a name.
_SPEECH = re.compile(r"[我你他她谁]|什么|哪里|怎么|如何|为何")
# A quoted word this frequent in general Chinese (jieba's counts) is a scare quote: “人民”.
_COMMON_WORD_FREQ = 50
_ENUM_PART_MAX = 8
_ENUM_PARTS_MAX = 4
_CHIEF = re.compile(f"([{HAN_CHARS}]{{1,2}})长制")
_ENUM_RUN = re.compile(f"[{HAN_CHARS}]+(?:、[{HAN_CHARS}]+){{2,}}")
_CONTEXT_CHARS = 10
_MAX_CONTEXTS = 3

KIND_PRIORITY = (
    "chief-system",
    "enumeration",
    "numeral",
    "central",
    "named",
    "quoted",
    "recurrent",
)
# Ranking weight of each kind: structure and the central list are stronger evidence than
# recurrence alone.
_KIND_WEIGHT = {
    "chief-system": 3.0,
    "enumeration": 2.5,
    "numeral": 2.5,
    "central": 3.0,
    "named": 2.0,
    "quoted": 2.0,
    "recurrent": 0.6,
}


@dataclass
class Candidate:
    text: str  # Simplified
    kind: str  # "quoted" | "numeral" | "chief-system" | "enumeration" | "central" | "recurrent"
    count: int = 0
    segment_ids: list[int] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)  # "…严格落实【三重一大】集体决策…"

    @property
    def score(self) -> float:
        """Rank: kind weight times a damped count (a term quoted once still beats noise)."""
        return _KIND_WEIGHT.get(self.kind, 1.0) * (1 + math.log(self.count)) if self.count else 0.0


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
    corpus: Iterable[str] = (),
) -> list[Candidate]:
    """Candidates over (segment id, text) pairs, best first (see Candidate.score).

    `corpus`: the texts of the workbench's other documents (one string each), for expressions
    that recur across reports.
    """
    segments = list(segments)
    known_keys = {to_simplified(k.strip()) for k in known} - {""}
    skip = known_keys | {to_simplified(d.strip()) for d in dismissed}

    kinds: dict[str, str] = {}
    simplified_texts = [to_simplified(text) for _, text in segments]
    for simplified in simplified_texts:
        for start, end, kind in _detect(simplified):
            key = simplified[start:end]
            if key not in skip and _rank(kind) < _rank(kinds.get(key)):
                kinds[key] = kind
    for key in _recurrent(simplified_texts, [to_simplified(t) for t in corpus]):
        if key not in skip and key not in kinds:
            kinds[key] = "recurrent"
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
    matcher = TermMatcher(entries, units=expression_units)
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
    result.sort(key=lambda c: (-c.score, -c.count, c.text))
    return result


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - _CONTEXT_CHARS) : start]
    right = text[end : end + _CONTEXT_CHARS]
    prefix = "…" if start > _CONTEXT_CHARS else ""
    suffix = "…" if end + _CONTEXT_CHARS < len(text) else ""
    return f"{prefix}{left}【{text[start:end]}】{right}{suffix}".replace("\n", " ")


# --- detectors, all on Simplified text ------------------------------------------------------


@lru_cache(maxsize=8192)
def _units(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(quoted_units(text) + [(s, e) for s, e, _ in _detect(text)])


def expression_units(text: str) -> list[tuple[int, int]]:
    """Units a glossary term inside of is not that term (TermMatcher `units`): short quoted
    expressions and candidate terms of Simplified `text`."""
    return list(_units(text))  # cached: the same segments are matched again and again


def _detect(text: str) -> list[tuple[int, int, str]]:
    quoted = list(_quoted(text))
    inside_quotes = [(s, e) for s, e, _ in quoted]
    spans = quoted + list(_chief_systems(text)) + list(_parallel_enumerations(text))
    spans += list(_central(text)) + list(_named(text)) + list(_events(text))
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
        else:
            yield from _paired_slogans(inner, start)


def _paired_slogans(inner: str, start: int) -> Iterable[tuple[int, int, str]]:
    """Parallel slogans quoted together, one per clause, sharing their ending:
    “绿水青山就是金山银山，冰天雪地也是金山银山” holds two set expressions, not a citation."""
    parts = inner.split("，")
    if not 2 <= len(parts) <= 3 or not all(4 <= len(p) <= _QUOTED_MAX for p in parts):
        return
    ending = parts[0][-2:]
    if not all(p.endswith(ending) for p in parts) or not all(_quoted_kind(p) for p in parts):
        return
    for part in parts:
        yield start, start + len(part), "quoted"
        start += len(part) + 1


def _quoted_kind(inner: str) -> str | None:
    """Kind of a quoted expression, or None when it is not a term-like expression."""
    if inner != inner.strip() or any(ch in _SENTENCE_PUNCT for ch in inner):
        return None
    if _FIGURE_CODE.fullmatch(inner):
        return "numeral"  # “315”科技创新体系, “1+6”应急指挥体系: a programme named by its figures
    if len(_HAN.findall(inner)) < 2 or inner in _QUOTED_STOPLIST or _SPEECH.search(inner):
        return None
    if _common_word(inner) or _idiom(inner):
        return None  # a scare quote around a common word or an idiom: “人民”, “拍脑袋”
    if len(inner) >= 5 and _clause_like(inner):
        return None  # a quoted clause (“打造耐心资本”), not a name
    if _ENUM_SEP in inner:
        parts = inner.split(_ENUM_SEP)
        ok = 2 <= len(parts) <= _ENUM_PARTS_MAX and all(
            2 <= len(p) <= _ENUM_PART_MAX for p in parts
        )
        return "enumeration" if ok else None
    if len(inner) > _QUOTED_MAX:
        long_name = len(inner) <= _LONG_NAME_MAX and _NAME_END.search(inner)
        return "quoted" if long_name and not _PRONOUNS.search(inner) else None
    if _CHIEF.fullmatch(inner) and inner not in _CHIEF_STOPLIST:
        return "chief-system"
    # X化 adverbs in scare quotes (“常态化”, “系统化”) describe a manner, not a named policy.
    if len(inner) == 3 and inner.endswith("化") and inner[0] not in NUMERALS:
        return None
    if inner[0] in NUMERALS and not inner.startswith(_NUMERAL_WORDS):
        return "numeral"
    return "quoted"


def _events(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _EVENT.finditer(text):
        if not _common_word(m.group(1)):
            yield m.start(1), m.end(1), "named"


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
        if run.start() and text[run.start() - 1].isdigit():
            continue  # 750千伏电网: a unit after a figure
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
    if s.startswith(_NUMERAL_WORDS, i):
        return False
    # The numeral ends a word of general Chinese that starts before it (举一反三, 这一): a word.
    return not any(
        _common_word(s[j : i + k], 1) for j in range(max(0, i - 2), i) for k in (1, 2, 3)
    )


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


# --- the central list, general Chinese and recurrence ---------------------------------------

_CENTRAL_FILE = Path(__file__).with_name("data") / "central_terms.txt"


@cache
def central_terms() -> tuple[str, ...]:
    """The built-in central policy expressions (Simplified)."""
    lines = _CENTRAL_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _central_matcher() -> TermMatcher | None:
    terms = central_terms()
    return TermMatcher(enumerate(terms)) if terms else None


def _central(text: str) -> Iterable[tuple[int, int, str]]:
    matcher = _central_matcher()
    if matcher is not None:
        for m in matcher.find(text):
            yield m.start, m.end, "central"


_jieba_lock = threading.Lock()


@cache
def _general() -> tuple[object, dict[str, int], int]:
    """jieba's tokenizer with its dictionary of general Chinese word frequencies."""
    import jieba  # loaded on first use: building its prefix dictionary takes a moment

    jieba.setLogLevel(logging.WARNING)
    with _jieba_lock:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
    return tokenizer, tokenizer.FREQ, tokenizer.total


@cache
def _word_classes() -> dict[str, str]:
    """Part of speech of each word of jieba's dictionary (n, v, a, ns ...)."""
    import jieba

    tags: dict[str, str] = {}
    path = Path(jieba.__file__).with_name("dict.txt")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3:
                tags[parts[0]] = parts[2]
    return tags


# A term is a noun phrase: it ends in a noun (or verbal noun, abbreviation, set phrase) and
# does not open with a verb, adverb, preposition, numeral or pronoun.
_NOUN_ENDS = frozenset(
    ["n", "nr", "ns", "nt", "nz", "ng", "vn", "an", "j", "nrt", "nrfg", "l", "i"]
)
_BAD_STARTS = frozenset(
    [
        "v",
        "d",
        "p",
        "c",
        "u",
        "r",
        "m",
        "q",
        "f",
        "t",
        "ad",
        "vd",
        "uj",
        "ul",
        "y",
        "e",
        "o",
        "vg",
        "dg",
        "ug",
    ]
)


def _noun_phrase(words: list[str]) -> bool:
    tags = _word_classes()
    return tags.get(words[-1], "") in _NOUN_ENDS and tags.get(words[0], "") not in _BAD_STARTS


def _idiom(text: str) -> bool:
    """A set phrase or idiom of general Chinese (jieba's classes l and i): 拍脑袋, 千行百业."""
    return _word_classes().get(text, "") in ("l", "i")


def _clause_like(text: str) -> bool:
    """Opens with a verb and does not end like a name: 打造耐心资本, 舍得把钱花在人身上."""
    if _NAME_END.search(text):
        return False
    _, freq, _ = _general()
    # The first word: the longest dictionary word the text starts with (no full segmentation).
    first = next((text[:n] for n in (4, 3, 2, 1) if freq.get(text[:n])), "")
    return 0 < len(first) < len(text) and _word_classes().get(first, "") in ("v", "vd", "vi", "d")


def _common_word(text: str, min_freq: int = _COMMON_WORD_FREQ) -> bool:
    """Whether `text` is a word of general Chinese at least this frequent (jieba's counts)."""
    _, freq, _ = _general()
    return len(text) > 1 and freq.get(text, 0) >= min_freq


# Words that open or close a clause around a term, not the term: policy verbs and adverbs
# (推进, 加快, 着力), generic heads (建设, 工作, 水平) and function words.
_OPENERS = set(
    _words(
        "推进 加快 推动 深化 实施 加强 坚持 持续 着力 大力 积极 不断 进一步 更加 切实 扎实 做好 "
        "抓好 促进 提升 提高 完善 健全 建立 构建 打造 培育 发展 支持 强化 优化 深入 全力 统筹 "
        "聚焦 围绕 服务 落实 贯彻 开展 实现 形成 增强 扩大 保持 保障 确保 推行 探索 建成 新增 "
        "组织 加大 引导 鼓励 稳步 有序 有效 有力 努力 继续 主动 坚决 严格 认真 及时 广泛 重点 "
        "一批 各类 各项 我们 我省 全省 全市 今年 明年 五年 更好 加力 助力 赋能 带动 激发 释放 "
        "牵引 引领 突出 注重 用好 办好 建设 累计 年均 全年 新建 改造 开工 完成 达到 增长 出台 "
        "启动 获批 入选 成功 首次 一体 协同 联动 系统 全面 高水平 高标准 大幅 较快 同比 主要 "
        "重大 深度 一流 取得 居 巩固 落地 典型 总体 规模 基本 重要 相关 有关 部分 多个 关键 "
        "良好 坚强 美好 经济 持续 城市 综合"
    )
)
_CLOSERS = set(
    _words(
        "建设 工作 方面 问题 水平 能力 发展 推进 加快 提升 增长 增加 机制 作用 领域 力度 成效 "
        "成果 任务 目标 要求 措施 政策 质量 效能 效率 规模 比重 格局 环境 基础 服务 体系 工程 "
        "行动 项目 企业 产业 平台 试点 示范 改革 创新 管理 治理 保护 融合 转型 升级 增效 "
        "能级 实力 活力 动力 潜力 韧性 效应 优势 短板 支撑 保障 需求 供给 投资 消费 市场 资源 "
        "人才 人员 群众 居民 地区 建成 完成 达到 突破 提高 超过 开展 实施 落实 推动 一体化 "
        "现代化 高质量 部署 进展 前列 案例 见效 投入 纠纷 下 需要 开局 防控 整治 检测 培育 "
        "创业 低碳 集群 攻关 计划 行政 环境保护 国际 终端 领导 回升 向好 精细化 评估 走出去"
    )
)
_FUNCTION = set(
    _words(
        "的 和 与 及 在 对 把 将 为 等 是 了 从 向 由 被 让 使 给 到 于 并 或 又 也 都 就 要 以 其 之 "
        "而 更 最 不 个 年 月 日 万 亿 元 多 余 大 全 好 强 第 才 才能"
    )
)
_CLAUSE = re.compile(f"[{HAN_CHARS}]+")
RECUR_IN_DOCUMENT = 3  # occurrences in the document, or
RECUR_ACROSS = (2, 3)  # twice in the document and in three other documents
_DOMINANT_NEIGHBOUR = 0.5  # a fragment of a longer name has one neighbour most of the time
_SURPRISE_MIN = 12.0  # log of (rate in the document / rate of its words in general Chinese)


def _clause_grams(texts: Iterable[str]) -> Iterator[tuple[str, int, str, str]]:
    """(expression, word count, word before, word after) for runs of 2–4 jieba words."""
    tokenizer, _, _ = _general()
    for text in texts:
        for clause in _CLAUSE.findall(text):
            words = tokenizer.lcut(clause, HMM=False)  # type: ignore[attr-defined]
            for i in range(len(words)):
                for size in (2, 3, 4):
                    gram = words[i : i + size]
                    if len(gram) < size:
                        break
                    expression = "".join(gram)
                    if not 4 <= len(expression) <= 8:
                        continue
                    if gram[0] in _OPENERS or gram[-1] in _CLOSERS:
                        continue
                    if any(w in _FUNCTION for w in gram):
                        continue
                    before = words[i - 1] if i else ""
                    after = words[i + size] if i + size < len(words) else ""
                    yield expression, len(words), before, after


def _recurrent(texts: list[str], corpus: list[str]) -> list[str]:
    """Unquoted expressions that recur in varied company and are rare in general Chinese."""
    if not texts:
        return []
    tokenizer, freq, total = _general()
    counts: Counter[str] = Counter()
    before: dict[str, Counter[str]] = defaultdict(Counter)
    after: dict[str, Counter[str]] = defaultdict(Counter)
    words_in_text = 0
    for clause_text in texts:
        for clause in _CLAUSE.findall(clause_text):
            words_in_text += len(tokenizer.lcut(clause, HMM=False))  # type: ignore[attr-defined]
    for expression, _, left, right in _clause_grams(texts):
        counts[expression] += 1
        before[expression][left] += 1
        after[expression][right] += 1
    wanted = {e for e, n in counts.items() if n >= RECUR_ACROSS[0]}
    elsewhere: Counter[str] = Counter()
    for other in corpus:
        elsewhere.update({e for e in wanted if e in other})
    found = []
    for expression, n in counts.items():
        if n < RECUR_IN_DOCUMENT and not (
            n >= RECUR_ACROSS[0] and elsewhere[expression] >= RECUR_ACROSS[1]
        ):
            continue
        if _dominated(before[expression], n) or _dominated(after[expression], n):
            continue
        if freq.get(expression, 0) >= _COMMON_WORD_FREQ:
            continue
        words = tokenizer.lcut(expression, HMM=False)  # type: ignore[attr-defined]
        if not _noun_phrase(words):
            continue
        general = sum(math.log((freq.get(w, 0) or 1) / total) for w in words)
        if math.log(n / max(words_in_text, 1)) - general >= _SURPRISE_MIN:
            found.append(expression)
    return found


def _dominated(neighbours: Counter[str], n: int) -> bool:
    """One word beside the expression in most of its occurrences: a fragment of a longer name.

    Clause boundaries, policy verbs and function words do not count (打造 before 内陆开放高地
    in most of its uses is how reports speak, not a longer name).
    """
    common = [
        c for w, c in neighbours.most_common() if w and w not in _OPENERS and w not in _FUNCTION
    ][:1]
    return bool(common) and common[0] / n > _DOMINANT_NEIGHBOUR


# --- designations of places and provinces ----------------------------------------------------

# Heads that designate a zone, a role or a programme of a place.
_DESIGNATION = re.compile(
    r"都市圈|城市群|经济圈|经济带|示范区|先行区|引领区|新片区|实验室|农谷|高地|排头兵|辐射中心|强省|强市"
    r"|大都市"
)
# Words a designation's qualifier may be made of: nouns, places, names, verbal nouns.
_QUALIFIER_CLASSES = frozenset(["n", "ns", "nr", "nz", "nt", "j", "vn", "l", "b", "an"])
_PROVINCES = (
    "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 "
    "湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 中原 荆楚 八闽 三秦 齐鲁"
)
_PROVINCE_QUALITY = re.compile(
    "(?:美丽|平安|法治|数字|创新|信用|健康|幸福|智慧|人文|开放|绿美|文化|诗画|活力|品质|善治)"
    f"(?:{'|'.join(_PROVINCES.split())})"
)
_QUALIFIER_MAX = 14
_QUALIFIER_WINDOW = 20  # characters read before the head to find the qualifier's words


def _named(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _PROVINCE_QUALITY.finditer(text):
        yield m.start(), m.end(), "named"
    tokenizer, _, _ = _general()
    classes = _word_classes()
    for m in _DESIGNATION.finditer(text):
        clause_start = m.start()
        while clause_start > 0 and _HAN.match(text[clause_start - 1]):
            clause_start -= 1
        window = max(clause_start, m.start() - _QUALIFIER_WINDOW)
        words = tokenizer.lcut(text[window : m.start()], HMM=False)  # type: ignore[attr-defined]
        if window > clause_start:
            words = words[1:]  # the window may have cut its first word (长三|角)
        # Inside the qualifier a policy word used as a noun belongs to it (生态文明建设排头兵),
        # and so does a verb right before the head (内陆开放高地); at its left edge they are
        # the clause around it (加快打造…).
        qualifier: list[str] = []
        for word in reversed(words):
            cls = classes.get(word, "")
            adjacent_verb = not qualifier and cls == "v"
            policy_noun = word in _OPENERS and cls in ("n", "vn")
            if (
                not (adjacent_verb or policy_noun or cls in _QUALIFIER_CLASSES)
                or (word in _OPENERS and not policy_noun and not adjacent_verb)
                or word in _FUNCTION
            ):
                break
            if sum(map(len, qualifier)) + len(word) > _QUALIFIER_MAX:
                break
            qualifier.insert(0, word)
        while qualifier and (qualifier[0] in _OPENERS or classes.get(qualifier[0]) == "v"):
            qualifier.pop(0)
        taken = sum(map(len, qualifier))
        if taken >= 2:
            yield m.start() - taken, m.end(), "named"
