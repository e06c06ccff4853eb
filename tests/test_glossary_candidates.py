"""Candidate policy terms on the sample report: the key terms found, ordinary words not."""

from __future__ import annotations

import pytest

from workbench.glossary.candidates import candidate_spans, find_candidates

KEY_TERMS = {
    "三保": "numeral",
    "两不愁三保障": "numeral",
    "三重一大": "numeral",
    "一岗双责": "numeral",
    "四风": "numeral",
    "五个法治化": "numeral",
    "两个确立": "numeral",
    "两个维护": "numeral",
    "十四五": "numeral",
    "林长制": "chief-system",
    "双随机、一公开": "enumeration",
    "藏粮于地、藏粮于技": "enumeration",
    "清河行动": "quoted",
    "项目为王": "quoted",
    "三公经费": "numeral",
    "中央八项规定": "central",
    # Issue 12: unquoted policy terms the sample uses (found through the central list).
    "高质量发展": "central",
    "新发展理念": "central",
    "乡村振兴": "central",
    "扫黑除恶": "central",
    "林下经济": "central",
    "钉钉子精神": "central",
    "全面从严治党": "central",
}
NOT_TERMS = [
    "一年来",
    "十件民生实事",
    "十件",
    "一批",
    "三年行动",
    "统一",
    "一体化",
    "一流",
    "第三次",
    "三次",
    "零",
    "常态化",
    "系统化",
    "协同化",
    "窗口期",
    "组合拳",
    "一期",
    "二期",
]


@pytest.fixture(scope="module")
def candidates(sample_text):
    segments = [(i, line) for i, line in enumerate(sample_text.splitlines()) if line.strip()]
    return {c.text: c for c in find_candidates(segments)}


def test_key_policy_terms_are_found_with_their_kind(candidates):
    found = {text: candidates[text].kind for text in KEY_TERMS if text in candidates}
    assert found == KEY_TERMS


def test_ordinary_words_and_quantities_are_not_candidates(candidates):
    assert [w for w in NOT_TERMS if w in candidates] == []
    assert not [t for t in candidates if t.startswith(("一年", "第"))]


def test_counts_segments_and_contexts(candidates):
    sanbao = candidates["三保"]
    assert sanbao.count == 1 and len(sanbao.segment_ids) == 1
    assert sanbao.contexts == ["…管理,坚决兜牢兜实“【三保】”底线。深化医药卫生…"]
    assert candidates["十五五"].count == 3  # quoted once defines it; every occurrence counts


def test_ranked_best_first(sample_text):
    result = find_candidates([(1, sample_text)])
    keys = [(-c.score, -c.count, c.text) for c in result]
    assert keys == sorted(keys)
    # A structural or central term quoted once outranks an expression that only recurs.
    by_text = {c.text: c for c in result}
    assert by_text["三重一大"].score > by_text["产业园区"].score


def test_known_and_dismissed_are_compared_in_simplified_form():
    segments = [(1, "落实“三保”和“林长制”以及“四风”"), (2, "兜牢三保底线")]
    result = find_candidates(segments, known=["林長制"], dismissed=["四風"])
    assert [c.text for c in result] == ["三保"]
    assert result[0].count == 2 and result[0].segment_ids == [1, 2]


def test_occurrence_inside_a_known_term_does_not_count():
    segments = [(1, "落实“三保”"), (2, "落实两不愁三保障")]
    [sanbao] = find_candidates(segments, known=["两不愁三保障"])
    assert (sanbao.text, sanbao.count, sanbao.segment_ids) == ("三保", 1, [1])


def test_unquoted_numeral_structures():
    text = "推进一带一路建设,做好三农工作,打好三大攻坚战,召开三中全会,积极谋划双孢菇三产融合示范,一年一度"
    found = [text[s:e] for s, e, _ in candidate_spans(text)]
    assert found == ["一带一路", "三农", "三大攻坚战", "三中全会"]


def test_chief_system_family():
    text = "全面推行河长制湖长制,落实河湖长制和林长制,反对家长制作风"
    assert [(text[s:e], k) for s, e, k in candidate_spans(text)] == [
        ("河长制", "chief-system"),
        ("湖长制", "chief-system"),
        ("河湖长制", "chief-system"),
        ("林长制", "chief-system"),
    ]


def test_spans_in_traditional_text_are_original_offsets():
    text = "落實「林長制」與「兩不愁三保障」,堅持「雙隨機、一公開」"
    spans = [(text[s:e], k) for s, e, k in candidate_spans(text)]
    assert spans == [
        ("林長制", "chief-system"),
        ("兩不愁三保障", "numeral"),
        ("雙隨機、一公開", "enumeration"),
    ]


def test_long_quotes_and_sentences_are_not_candidates():
    text = "他说“我们要坚定不移推进全面深化改革开放事业”,又说“化解矛盾风险,维护社会稳定”"
    # Only the central expression inside the citation is one.
    assert [(text[s:e], k) for s, e, k in candidate_spans(text)] == [("全面深化改革", "central")]


# --- issue 12: what is not a candidate, long names, recurrence --------------------------------


def test_scare_quotes_list_markers_and_numerals_inside_words_are_no_candidates():
    text = (
        "坚持“人民”至上，对标“高标准”，拥抱“未来”。一要稳增长，二要促改革，三要惠民生。"
        "一是稳就业。抓好这一中心工作，做到举一反三做好整改，建设750千伏电网。"
    )
    assert [text[s:e] for s, e, _ in candidate_spans(text)] == []


def test_long_quoted_name_is_kept_whole():
    text = "实施“百县千镇万村高质量发展工程”"
    assert [(text[s:e], k) for s, e, k in candidate_spans(text)] == [
        ("百县千镇万村高质量发展工程", "quoted")
    ]


def test_unquoted_expression_recurring_in_varied_company_is_a_candidate():
    segments = [
        (1, "推动成渝地区双城经济圈建设取得新成效。"),
        (2, "唱好成渝地区双城经济圈建设“双城记”。"),
        (3, "对接湖湘北斗先导区，深化湖湘北斗先导区改革。"),
        (4, "湖湘北斗先导区示范加快建设，打造湖湘北斗先导区样板。"),
        (5, "聚焦湖湘北斗先导区，支持湖湘北斗先导区项目。"),
    ]
    found = {c.text: c for c in find_candidates(segments)}
    assert found["成渝地区双城经济圈"].kind == "central"
    assert found["湖湘北斗先导区"].kind == "recurrent" and found["湖湘北斗先导区"].count == 6


def test_twice_is_enough_when_three_other_documents_use_it():
    segments = [(1, "发展湖湘北斗经济，壮大湖湘北斗经济。")]
    assert "湖湘北斗经济" not in {c.text for c in find_candidates(segments)}
    corpus = ["湖湘北斗经济蓬勃发展。", "做强湖湘北斗经济。", "湖湘北斗经济有新进展。"]
    assert "湖湘北斗经济" in {c.text for c in find_candidates(segments, corpus=corpus)}


def test_unquoted_well_known_terms_the_issue_lists():
    text = (
        "加快发展新质生产力，深度参与粤港澳大湾区建设，推动成渝地区双城经济圈建设，"
        "实施兴边富民行动，坚持全面从严治党，弘扬钉钉子精神。"
    )
    found = [(text[s:e], k) for s, e, k in candidate_spans(text)]
    assert found == [
        ("新质生产力", "central"),
        ("粤港澳大湾区", "central"),
        ("成渝地区双城经济圈", "central"),
        ("兴边富民", "central"),
        ("全面从严治党", "central"),
        ("钉钉子精神", "central"),
    ]


def test_designations_of_places_and_provinces():
    text = (
        "加快建设郑州都市圈，支持苏州实验室，打造人才高地，建设美丽云南和创新浙江，推进产业强省。"
    )
    found = [(text[s:e], k) for s, e, k in candidate_spans(text)]
    assert found == [
        ("郑州都市圈", "named"),
        ("苏州实验室", "named"),
        ("人才高地", "named"),
        ("美丽云南", "named"),
        ("创新浙江", "named"),
        ("产业强省", "named"),
    ]


def spans_of(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], k) for s, e, k in candidate_spans(text)]


def test_quoted_figure_codes_name_a_programme():
    text = "深入实施“315”科技创新体系建设、“415X”先进制造业集群，完善“1+6”应急指挥体系。"
    assert spans_of(text) == [("315", "numeral"), ("415X", "numeral"), ("1+6", "numeral")]
    # unquoted figures are quantities
    assert spans_of("落地亿元以上重大产业项目3150个，安排315亿元") == []


def test_a_figure_code_is_not_counted_inside_a_longer_figure():
    segments = [(1, "实施“315”科技创新体系。"), (2, "落地重大项目3150个，完成投资1315亿元。")]
    [code] = [c for c in find_candidates(segments) if c.text == "315"]
    assert code.count == 1 and code.segment_ids == [1]


def test_named_events_after_their_edition():
    text = "哈尔滨第九届亚冬会成功举办，承办第十五届省运会暨第九届残运会。"
    assert spans_of(text) == [("亚冬会", "named"), ("省运会", "named"), ("残运会", "named")]
    # the congress and a general word are no event names
    assert spans_of("在第十四届人民代表大会第四次会议上，第十五届运动会") == []


def test_paired_slogans_quoted_together_are_each_a_candidate():
    text = "践行“绿水青山就是金山银山，冰天雪地也是金山银山”理念"
    assert [t for t, _ in spans_of(text)] == ["绿水青山就是金山银山", "冰天雪地也是金山银山"]
    # a quoted sentence is still a citation
    assert spans_of("“经济大省要挑大梁，为全国发展大局作贡献”") == []


def test_a_policy_verb_before_a_recurring_name_is_no_longer_name():
    """打造 before most uses of 湖湘开放高地 is how reports speak; it does not make a fragment."""
    segments = [
        (1, "加快打造湖湘开放高地。"),
        (2, "着力打造湖湘开放高地，扩大开放。"),
        (3, "全面打造湖湘开放高地。"),
    ]
    assert "湖湘开放高地" in {c.text for c in find_candidates(segments)}


def test_a_designation_keeps_the_verb_and_policy_words_of_its_qualifier():
    text = (
        "着力打造内陆开放高地，争当生态文明建设排头兵，"
        "推进长三角生态绿色一体化发展示范区建设，加快打造高地。"
    )
    assert spans_of(text) == [
        ("内陆开放高地", "named"),
        ("生态文明建设排头兵", "named"),
        ("长三角生态绿色一体化发展示范区", "named"),
    ]
