"""Segmentation: paragraphs, headings, front matter and sentence offsets."""

from __future__ import annotations

from itertools import pairwise

import pytest

from workbench.segment import ParagraphSpec, classify, segment_lines, segment_text, split_sentences


def pieces(text: str) -> list[str]:
    """The sentences of `text` as strings (checking first that they partition it)."""
    spans = split_sentences(text)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(a[1] == b[0] for a, b in pairwise(spans))
    return [text[s:e] for s, e in spans]


# --- the sample report --------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_paragraphs(sample_text: str) -> list[ParagraphSpec]:
    return segment_text(sample_text)


def test_sample_counts(sample_paragraphs: list[ParagraphSpec]) -> None:
    assert len(sample_paragraphs) == 60
    assert sum(p.kind == "heading" for p in sample_paragraphs) == 11
    assert sum(len(p.spans) for p in sample_paragraphs) == 250


def test_sample_one_paragraph_per_nonempty_line(
    sample_text: str, sample_paragraphs: list[ParagraphSpec]
) -> None:
    lines = [line.strip() for line in sample_text.splitlines() if line.strip()]
    assert [p.text for p in sample_paragraphs] == lines


def test_sample_round_trip_every_paragraph(sample_paragraphs: list[ParagraphSpec]) -> None:
    for paragraph in sample_paragraphs:
        assert paragraph.spans, paragraph.text
        assert "".join(paragraph.text[s:e] for s, e in paragraph.spans) == paragraph.text
        assert paragraph.spans[0][0] == 0 and paragraph.spans[-1][1] == len(paragraph.text)
        assert all(a[1] == b[0] and a[0] < a[1] for a, b in pairwise(paragraph.spans))


def test_sample_headings(sample_paragraphs: list[ParagraphSpec]) -> None:
    headings = [(p.level, p.text) for p in sample_paragraphs if p.kind == "heading"]
    assert headings == [
        (1, "一、2024年工作回顾"),
        (1, "二、2025年工作安排"),
        (2, "(一)聚焦产业体系高质量,打造现代化发展引擎"),
        (2, "(二)聚焦项目建设高质量,增强现代化发展支撑"),
        (2, "(三)聚焦改革开放高质量,提升现代化发展活力"),
        (2, "(四)聚焦乡村振兴高质量,夯实现代化发展基础"),
        (2, "(五)聚焦新型城镇高质量,扩展现代化发展空间"),
        (2, "(六)聚焦生态保护高质量,厚植现代化发展底色"),
        (2, "(七)聚焦民生福祉高质量,共享现代化发展成果"),
        (2, "(八)聚焦风险防范高质量,守牢现代化发展底线"),
        (1, "三、加强政府自身建设"),
    ]
    assert all(len(p.spans) == 1 for p in sample_paragraphs if p.kind == "heading")


def test_sample_front_matter(sample_paragraphs: list[ParagraphSpec]) -> None:
    front = [p.text for p in sample_paragraphs if p.kind == "front"]
    assert front == [
        "——2024年12月28日在白山市江源区第十届人民代表大会",
        "第四次会议上",
        "白山市江源区人民政府区长 潘国强",
        "各位代表:",
    ]
    assert [p.kind for p in sample_paragraphs[:5]] == ["front"] * 4 + ["body"]
    assert all(p.level == 0 and len(p.spans) == 1 for p in sample_paragraphs if p.kind == "front")


def test_sample_quotes_and_half_width_punctuation(sample_paragraphs: list[ParagraphSpec]) -> None:
    first_body = sample_paragraphs[4]
    # Half-width commas do not split; the paragraph is one sentence.
    assert first_body.text.startswith("现在,我代表") and len(first_body.spans) == 1
    review = sample_paragraphs[6]
    sentences = [review.text[s:e] for s, e in review.spans]
    assert sentences[0] == "2024年是实施“十四五”规划承上启下的关键之年。"
    # Decimal points are not sentence ends.
    assert any("同比增长5.5%," in s for s in (p.text for p in sample_paragraphs))
    assert not any(p.text[e - 1] == "." for p in sample_paragraphs for _, e in p.spans)
    # The paragraph ending with a half-width '!' ends its last sentence there.
    thanks = sample_paragraphs[14]
    assert thanks.text.endswith("衷心的感谢!")
    last = thanks.text[thanks.spans[-1][0] :]
    assert last.startswith("在此,我代表区人民政府") and last.endswith("!")


def test_sample_paragraph_ending_with_colon_keeps_its_last_clause(
    sample_paragraphs: list[ParagraphSpec],
) -> None:
    targets = sample_paragraphs[18]
    sentences = [targets.text[s:e] for s, e in targets.spans]
    assert len(sentences) == 3
    assert sentences[-1] == "实现上述目标,区政府将重点抓好以下8方面工作:"


# --- sentences ----------------------------------------------------------------------------


def test_sentence_ends_at_full_and_half_width_terminators() -> None:
    assert pieces("第一句。第二句！第三句？第四句!第五句?") == [
        "第一句。",
        "第二句！",
        "第三句？",
        "第四句!",
        "第五句?",
    ]


def test_runs_of_terminators_and_ellipses_stay_together() -> None:
    assert pieces("真的吗！？是的！！好……。完") == ["真的吗！？", "是的！！", "好……。", "完"]
    assert pieces("我们要敢于……然后落实。") == ["我们要敢于……然后落实。"]
    assert pieces("真的?!当然.") == ["真的?!", "当然."]


def test_quotes_are_not_broken() -> None:
    text = "他说：“我们要努力。大家加油！”然后离开了。"
    assert pieces(text) == ["他说：“我们要努力。大家加油！”", "然后离开了。"]
    assert pieces("实施“五大攻坚行动”，成效显著。下一句。") == [
        "实施“五大攻坚行动”，成效显著。",
        "下一句。",
    ]
    assert pieces("「一。二。」三。") == ["「一。二。」", "三。"]


def test_quote_that_ends_a_sentence_breaks_after_the_closing_quote() -> None:
    assert pieces("口号是“干就完了。”下一句。") == ["口号是“干就完了。”", "下一句。"]
    assert pieces("他问：‘行吗？’她答：『行！』") == ["他问：‘行吗？’", "她答：『行！』"]
    # Straight quotes pair up in order; an opening quote after a full stop starts the next sentence.
    assert pieces('他说。"下一句。"又一句') == ["他说。", '"下一句。"', "又一句"]


def test_closing_brackets_stay_with_their_sentence() -> None:
    assert pieces("（以上数据为初步统计。）正文开始。") == [
        "（以上数据为初步统计。）",
        "正文开始。",
    ]
    assert pieces("见附件(全文略。)然后。") == ["见附件(全文略。)", "然后。"]
    assert pieces("完成任务。）后文") == ["完成任务。）", "后文"]  # a stray closer too


def test_unbalanced_quote_does_not_swallow_the_paragraph() -> None:
    assert pieces("“未闭合。第二句。第三句。") == ["“未闭合。", "第二句。", "第三句。"]


def test_half_width_dot() -> None:
    assert pieces("增长5.5%。下一句") == ["增长5.5%。", "下一句"]
    assert pieces("1. 第一项。2. 第二项。") == ["1. 第一项。", "2. 第二项。"]
    assert pieces("It works. Next one.") == ["It works. ", "Next one."]
    assert pieces("完成任务.下一步工作") == ["完成任务.", "下一步工作"]
    assert pieces("等等...然后") == ["等等...然后"]
    assert pieces("www.gov.cn 网站") == ["www.gov.cn 网站"]


def test_whitespace_between_sentences_belongs_to_the_preceding_one() -> None:
    assert pieces("第一句。 \u3000第二句。  ") == ["第一句。 \u3000", "第二句。  "]


def test_single_sentence_and_empty_text() -> None:
    assert pieces("没有标点的段落") == ["没有标点的段落"]
    assert pieces("只有一句。") == ["只有一句。"]
    assert split_sentences("") == []


# --- paragraphs ---------------------------------------------------------------------------


def test_empty_input() -> None:
    assert segment_text("") == []
    assert segment_text("\n \u3000\r\n\t\n") == []
    assert segment_lines([]) == []


def test_lines_are_stripped_and_line_breaks_normalised() -> None:
    paragraphs = segment_text("\ufeff\u3000\u3000第一段。\r\n\r\n  第二段。第二句。\r第三段。")
    assert [p.text for p in paragraphs] == ["第一段。", "第二段。第二句。", "第三段。"]
    assert [len(p.spans) for p in paragraphs] == [1, 2, 1]


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("一、2024年工作回顾", 1),
        ("十二、其他", 1),
        ("（一）聚焦产业体系高质量，打造现代化发展引擎", 2),
        ("(三)加强政府自身建设", 2),
        ("第一章 总则", 1),
        ("第二部分 主要任务", 1),
        ("第三节 重点工作", 2),
        ("1.稳步推进项目建设", 3),
        ("2、持续优化营商环境", 3),
        ("（1）加强组织领导", 4),
    ],
)
def test_headings(text: str, level: int) -> None:
    assert classify(text, in_front_matter=False) == ("heading", level)


@pytest.mark.parametrize(
    "text",
    [
        # Numbered but a sentence in the middle: a body paragraph with a lead-in.
        "一、加强领导。各部门要高度重视，切实把工作落到实处。",
        "1.加强领导。各部门要高度重视。",
        # Numbered list items: terminated, or ending with a semicolon/colon.
        "1.全年完成投资100亿元。",
        "2、新建道路10公里；",
        "（1）主要目标是：",
        # Decimals and years are not numbering.
        "1.5万亩高标准农田已经建成",
        "2024年是关键之年。",
        # Too long for a heading.
        "一、" + "很长的标题" * 20,
        "第四次会议上的讲话内容很多。",
    ],
)
def test_not_headings(text: str) -> None:
    assert classify(text, in_front_matter=False) == ("body", 0)


def test_style_level_wins() -> None:
    assert classify("政府工作报告", in_front_matter=True, style_level=1) == ("heading", 1)
    assert classify("普通文字。", in_front_matter=False, style_level=3) == ("heading", 3)
    assert classify("一、回顾", in_front_matter=False, style_level=None) == ("heading", 1)


def test_front_matter_ends_at_first_body_paragraph() -> None:
    paragraphs = segment_text(
        "江源区政府工作报告\n"
        "——2024年12月28日在区人民代表大会上\n"
        "区长 潘国强\n"
        "各位代表：\n"
        "现在，我代表区人民政府向大会报告工作。\n"
        "短句没有标点\n"
        "一、工作回顾\n"
    )
    assert [p.kind for p in paragraphs] == ["front"] * 4 + ["body", "body", "heading"]


def test_front_matter_ends_at_a_numbered_heading() -> None:
    paragraphs = segment_text("一、总体要求\n坚持稳中求进\n全年目标如下。")
    assert [p.kind for p in paragraphs] == ["heading", "body", "body"]


def test_leading_title_heading_keeps_front_matter() -> None:
    paragraphs = segment_lines(
        [("政府工作报告", 1), "——2024年12月28日", "各位代表：", "现在报告工作。"]
    )
    assert [(p.kind, p.level) for p in paragraphs] == [
        ("heading", 1),
        ("front", 0),
        ("front", 0),
        ("body", 0),
    ]


def test_front_matter_is_limited_to_short_lines() -> None:
    long_line = "这是一段很长但没有任何句末标点的文字" * 5
    assert segment_text(long_line)[0].kind == "body"


def test_segment_lines_accepts_style_levels() -> None:
    paragraphs = segment_lines(
        [("工作回顾", 1), ("", 2), "正文第一句。正文第二句。", ("一、回顾", None)]
    )
    assert [(p.kind, p.level, p.text) for p in paragraphs] == [
        ("heading", 1, "工作回顾"),
        ("body", 0, "正文第一句。正文第二句。"),
        ("heading", 1, "一、回顾"),
    ]
    assert paragraphs[1].spans == ((0, 6), (6, 12))


# --- issue 12: outline on real reports ------------------------------------------------------


def test_run_in_title_is_split_off_as_a_heading_and_nothing_is_lost() -> None:
    line = "（一）内需潜力持续释放。消费潜能不断激活，开展提振消费专项行动。拉动消费728.4亿元。"
    paragraphs = segment_text("一、2025年工作回顾\n" + line)
    assert [(p.kind, p.level, p.text) for p in paragraphs] == [
        ("heading", 1, "一、2025年工作回顾"),
        ("heading", 2, "（一）内需潜力持续释放。"),
        ("body", 0, "消费潜能不断激活，开展提振消费专项行动。拉动消费728.4亿元。"),
    ]
    assert "".join(p.text for p in paragraphs[1:]) == line
    assert paragraphs[2].spans == ((0, 20), (20, 32))


def test_long_first_sentences_and_lists_are_not_run_in_titles() -> None:
    long_first = "（一）" + "着力推进经济社会发展全面绿色低碳转型" * 3 + "。第二句。"
    assert [p.kind for p in segment_text(long_first)] == ["body"]
    for text in ["一是聚焦支点建设使命任务。按照目标定位推进。", "1.医疗卫生方面。举办活动。"]:
        assert [p.kind for p in segment_text(text)] == ["body"]


def test_full_width_dot_after_an_outline_number() -> None:
    assert classify("一．工作回顾", in_front_matter=False) == ("heading", 1)
    assert split_sentences("一．工作回顾") == [(0, 6)]


@pytest.mark.parametrize(
    "text", ["附件1", "附件", "名词解释", "“十四五”时期工作回顾", "2026年重点工作"]
)
def test_unnumbered_titles(text: str) -> None:
    assert classify(text, in_front_matter=False) == ("heading", 1)


@pytest.mark.parametrize("text", ["收藏", "分享到:", "重点做好以下工作：", "各位代表！"])
def test_debris_and_lead_ins_are_not_titles(text: str) -> None:
    assert classify(text, in_front_matter=False) == ("body", 0)


def test_annex_items_sit_below_the_annex_title() -> None:
    paragraphs = segment_text(
        "一、工作回顾\n正文。\n名词解释\n一、新质生产力\n解释的正文。\n（一）细目\n"
    )
    assert [(p.kind, p.level) for p in paragraphs] == [
        ("heading", 1),
        ("body", 0),
        ("heading", 1),
        ("heading", 2),
        ("body", 0),
        ("heading", 3),
    ]


def test_web_debris_and_caption_before_the_title_stay_front_matter() -> None:
    paragraphs = segment_text(
        "您的位置:\n首页\n>\n云南要闻\n2026年政府工作报告\n来源：云南日报\n【字体：\n大\n中\n小\n】\n"
        "——2026年1月28日在云南省第十四届人民代表大会第四次会议上\n省长　王予波\n"
        "省长刘小涛代表省人民政府向大会作政府工作报告。本报记者 朱江 摄\n各位代表：\n"
        "现在，我代表省人民政府，向大会报告工作。\n"
    )
    assert [p.kind for p in paragraphs] == ["front"] * 15 + ["body"]


def test_a_line_broken_after_the_opening_bracket_is_joined() -> None:
    paragraphs = segment_text("（\n三）改革开放持续深化、互促共进。\n正文。")
    assert [(p.kind, p.level, p.text) for p in paragraphs] == [
        ("heading", 2, "（三）改革开放持续深化、互促共进。"),
        ("body", 0, "正文。"),
    ]
