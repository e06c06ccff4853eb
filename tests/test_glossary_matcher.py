"""TermMatcher: leftmost-longest, non-overlapping, script-insensitive substring matching."""

from __future__ import annotations

from workbench.glossary.candidates import expression_units
from workbench.glossary.matcher import Match, TermMatcher


def spans(matcher: TermMatcher, text: str) -> list[tuple[str, int]]:
    return [(text[m.start : m.end], m.term_id) for m in matcher.find(text)]


def test_longest_term_wins_over_a_term_inside_it():
    matcher = TermMatcher([(1, "三保"), (2, "两不愁三保障")])
    text = "常态化落实两不愁三保障要求,兜牢三保底线"
    assert spans(matcher, text) == [("两不愁三保障", 2), ("三保", 1)]


def test_overlapping_terms_leftmost_first_then_no_overlap():
    matcher = TermMatcher([(1, "双随机"), (2, "随机、一公开"), (3, "一公开")])
    assert spans(matcher, "推进双随机、一公开") == [("双随机", 1), ("一公开", 3)]


def test_traditional_text_matches_simplified_term_and_offsets_are_in_the_original():
    matcher = TermMatcher([(7, "林长制")])
    text = "嚴格落實「林長制」工作要求"
    [match] = matcher.find(text)
    assert match == Match(5, 8, 7)
    assert text[match.start : match.end] == "林長制"


def test_traditional_term_matches_simplified_text():
    matcher = TermMatcher([(3, "兩個確立")])
    assert spans(matcher, "坚定捍卫“两个确立”") == [("两个确立", 3)]


def test_terms_at_text_edges_and_whole_text():
    matcher = TermMatcher([(1, "四风"), (2, "三保")])
    assert spans(matcher, "四风问题与三保") == [("四风", 1), ("三保", 2)]
    assert spans(matcher, "四风") == [("四风", 1)]


def test_one_character_terms():
    matcher = TermMatcher([(1, "林"), (2, "林长制")], units=expression_units)
    assert spans(matcher, "林长制和林区") == [("林长制", 2), ("林", 1)]
    # Inside a longer expression of its own (林下经济, a central term) it is not 林 there.
    assert spans(matcher, "林长制和林下经济") == [("林长制", 2)]


def test_offsets_map_back_when_conversion_changes_length(monkeypatch):
    # t2s of real text keeps the length; force a length change to exercise the alignment.
    import workbench.glossary._offsets as offsets

    monkeypatch.setattr(offsets, "to_simplified", lambda t: t.replace("甲乙", "丙"))
    matcher = TermMatcher([(1, "林长制")])
    text = "甲乙说林长制好"
    [match] = matcher.find(text)
    assert text[match.start : match.end] == "林长制"


def test_empty_matcher_and_blank_terms():
    matcher = TermMatcher([(1, "  "), (2, "")])
    assert len(matcher) == 0
    assert matcher.find("林长制") == []


def test_duplicate_keys_keep_the_first_term_and_len_counts_keys():
    matcher = TermMatcher([(1, "林长制"), (2, "林長制"), (3, "河长制")])
    assert len(matcher) == 2
    assert spans(matcher, "林长制") == [("林长制", 1)]


# --- issue 12: a term inside a longer expression of its own ---------------------------------


def test_a_term_inside_a_quoted_unit_or_a_candidate_is_not_that_term_there():
    matcher = TermMatcher([(1, "三保")], units=expression_units)
    assert spans(matcher, "巩固“两不愁三保障”成果") == []  # one quoted unit
    assert spans(matcher, "实现两不愁三保障") == []  # a candidate term, unquoted
    assert spans(matcher, "兜牢“三保”底线，兜牢三保底线") == [("三保", 1), ("三保", 1)]
    # A long quotation is a citation: its words keep their sense.
    assert spans(matcher, "强调“要兜牢三保底线，确保基层运转”") == [("三保", 1)]


def test_the_reviewer_can_say_a_term_applies_inside_longer_expressions():
    matcher = TermMatcher([(1, "三保")], nested=[1], units=expression_units)
    assert spans(matcher, "巩固“两不愁三保障”成果") == [("三保", 1)]


def test_a_key_of_figures_or_letters_does_not_cut_a_longer_one():
    matcher = TermMatcher([(1, "315"), (2, "5G")])
    assert spans(matcher, "实施“315”体系，投资3150亿元、1315项，建设5G基站，15G无效") == [
        ("315", 1),
        ("5G", 2),
    ]
