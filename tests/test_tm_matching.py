"""The pure matching module: classes, figure substitution, penalties, order, fragments."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from workbench.tm import keys
from workbench.tm.figures import substitute
from workbench.tm.matching import Query, Unit, clauses, rank

PARALLEL = Path(__file__).resolve().parents[2] / "shared" / "parallel" / "national-2024.pairs.tsv"


def unit(
    uid: int,
    source: str,
    target: str,
    *,
    memory: str = "m",
    memory_origin: str = "import",
    penalty: int = 0,
    origin: str = "import",
    status: str = "approved",
    prev: str = "",
    next: str = "",
    when: datetime | None = None,
) -> Unit:
    key = keys.source_key(source)
    return Unit(
        id=uid,
        source=source,
        source_key=key,
        target=target,
        memory=memory,
        memory_origin=memory_origin,
        penalty=penalty,
        origin=origin,
        status=status,
        context_hash=keys.context_hash(keys.source_key(prev), keys.source_key(next)),
        figures_hash=keys.figures_hash(key),
        updated_at=when,
    )


@pytest.fixture(scope="module")
def pairs() -> list[tuple[str, str]]:
    if not PARALLEL.exists():
        pytest.skip("../shared/parallel not available")
    rows = [line.split("\t") for line in PARALLEL.read_text(encoding="utf-8").splitlines()[1:]]
    return [(r[0], r[1]) for r in rows if len(r) == 3 and r[2] == "1-1"]


def test_each_class_on_real_sentences(pairs):
    memory = [unit(n, zh, en) for n, (zh, en) in enumerate(pairs)]
    at = next(n for n, (zh, _) in enumerate(pairs) if "126万亿元" in zh)
    zh0, en0 = pairs[at]  # 国内生产总值超过126万亿元，增长5.2%，…
    prev, nxt = pairs[at - 1][0], pairs[at + 1][0]
    memory[at] = unit(at, zh0, en0, prev=prev, next=nxt)

    context = rank(Query.of(zh0, prev, nxt), memory, limit=1, with_fragments=False)[0]
    assert (context.kind, context.score, context.target) == ("context", 101, en0)

    exact = rank(Query.of(zh0, "别的句子。", nxt), memory, limit=1, with_fragments=False)[0]
    assert (exact.kind, exact.score) == ("exact", 100)

    changed = zh0.replace("126万亿元", "134万亿元").replace("5.2%", "5%")
    figures = rank(Query.of(changed), memory, limit=1, with_fragments=False)[0]
    assert figures.kind == "figures" and figures.unit.id == at
    assert "134 trillion yuan" in figures.target and "5 percent" in figures.target
    assert "126" not in figures.target and "5.2" not in figures.target

    # A real sentence with a word changed and a clause dropped: a fuzzy match.
    zh, en = next((zh, en) for zh, en in pairs if len(zh) > 40 and "，" in zh)
    edited = zh.replace("，", "，进一步", 1)[:-3] + "。"
    fuzzy = rank(Query.of(edited), memory, limit=1, with_fragments=False)[0]
    assert fuzzy.kind == "fuzzy" and 70 <= fuzzy.score < 99 and fuzzy.target == en

    # A new sentence made of one memory clause and new words: that clause is a fragment.
    clause = next(c for zh, _ in pairs for c in clauses(zh) if len(c) >= 10)
    new = "我们要坚定信心，" + clause + "，开创新局面。"
    found = rank(Query.of(new), memory, limit=3)
    fragments = [m for m in found if m.kind == "fragment"]
    assert fragments and clause in [m.fragment for m in fragments]
    assert all(m.kind == "fragment" for m in found)  # no sentence is near enough for a fuzzy


def test_traditional_query_finds_simplified_memory():
    memory = [
        unit(
            1,
            "加快发展新质生产力。",
            "We will accelerate the development of new quality productive forces.",
        )
    ]
    found = rank(Query.of("加快發展新質生產力。"), memory, with_fragments=False)
    assert [(m.kind, m.score) for m in found] == [("exact", 100)]


@pytest.mark.parametrize(
    ("query", "source", "english", "expected"),
    [
        (
            "实现营业收入1.2亿元。",
            "实现营业收入8500万元。",
            "Revenue reached 85 million yuan.",
            "Revenue reached 120 million yuan.",
        ),
        (
            "投资3000万元。",
            "投资8.5亿元。",
            "Investment totalled 850 million yuan.",
            "Investment totalled 30 million yuan.",
        ),
        (
            "财政收入2.3万亿元，增长12.5%。",
            "财政收入1.8万亿元，增长8%。",
            "Fiscal revenue was 1.8 trillion yuan, up 8%.",
            "Fiscal revenue was 2.3 trillion yuan, up 12.5%.",
        ),
        (
            "城镇调查失业率平均为5.1%，下降0.4个百分点。",
            "城镇调查失业率平均为5.2%，下降0.4个百分点。",
            "The surveyed urban unemployment rate averaged 5.2 percent, down 0.4 percentage points.",
            "The surveyed urban unemployment rate averaged 5.1 percent, down 0.4 percentage points.",
        ),
        (
            "2025年新增就业1300万人。",
            "2024年新增就业1244万人。",
            "In 2024, 12.44 million urban jobs were added.",
            "In 2025, 13 million urban jobs were added.",
        ),
        (
            "安排资金5000元。",
            "安排资金8000元。",
            "Funds of 8,000 yuan were allocated.",
            "Funds of 5,000 yuan were allocated.",
        ),
    ],
)
def test_figure_substitution(query, source, english, expected):
    assert keys.figures_hash(keys.source_key(query)) == keys.figures_hash(source)
    sub = substitute(keys.source_key(query), source, english)
    assert sub.complete and sub.target == expected


def test_figures_in_words_are_reported_not_guessed():
    sub = substitute("完成3件实事。", "完成10件实事。", "We delivered on ten projects.")
    assert (
        not sub.complete and sub.missing == ["3"] and sub.target == "We delivered on ten projects."
    )
    found = rank(
        Query.of("完成3件实事。"), [unit(1, "完成10件实事。", "We delivered on ten projects.")]
    )
    assert found[0].kind == "figures" and not found[0].usable


def test_different_units_are_not_figure_matches():
    # 万元 vs 亩: the same digits in a different unit is no longer "only the figures differ"
    assert keys.figures_hash("新增耕地3万亩。") != keys.figures_hash("新增耕地3万元。")
    assert keys.figures_hash("约300人。") != keys.figures_hash("300人。")


def test_penalties_and_order():
    src, en = "推进乡村全面振兴。", "We will advance all-around rural revitalization."
    human = unit(1, src, en + " (human)", memory_origin="human", origin="human", status="approved")
    mt = unit(2, src, en + " (mt)", memory_origin="human", origin="mt", status="translated")
    unreviewed = unit(
        3, src, en + " (draft)", memory_origin="human", origin="human", status="translated"
    )
    reference = unit(
        4, src, en + " (ref)", memory_origin="reference", origin="reference", penalty=8
    )
    official = unit(5, src, en + " (official)", memory_origin="official", origin="official")
    found = rank(Query.of(src), [mt, reference, unreviewed, human, official], with_fragments=False)
    assert [(m.unit.id, m.score) for m in found] == [(5, 100), (1, 100), (4, 92), (2, 70), (3, 70)]


def test_newest_first_among_equal_units():
    old = unit(1, "保持经济稳定。", "Old.", when=datetime(2020, 1, 1))
    new = unit(2, "保持经济稳定。", "New.", when=datetime(2024, 1, 1))
    assert [m.unit.id for m in rank(Query.of("保持经济稳定。"), [old, new])] == [2, 1]


def test_fuzzy_threshold_is_configurable():
    memory = [
        unit(1, "扎实推进高质量发展取得新成效。", "Solid progress in high-quality development.")
    ]
    query = Query.of("扎实推进高质量发展。")
    assert rank(query, memory, threshold=90, with_fragments=False) == []
    assert rank(query, memory, threshold=70, with_fragments=False)[0].kind == "fuzzy"


def test_same_english_from_many_units_is_one_suggestion():
    memory = [unit(n, "保持经济稳定。", "Stability.") for n in range(5)]
    assert len(rank(Query.of("保持经济稳定。"), memory)) == 1
