"""Glossary-enforced MT: markers survive, and any loss, duplication or garbling is reported."""

from __future__ import annotations

import pytest

from workbench.glossary.matcher import TermMatcher
from workbench.glossary.protect import protect, restore

TEXT = "严格落实三重一大集体决策制度,紧盯林长制目标任务"
RENDERINGS = {3: "“three importants and one large”", 12: "forest chief system"}


@pytest.fixture()
def protected():
    matcher = TermMatcher([(3, "三重一大"), (12, "林长制"), (99, "目标")])
    return protect(TEXT, matcher.find(TEXT), RENDERINGS)


def test_protect_replaces_only_terms_with_renderings(protected):
    assert protected.text == "严格落实 ZT1 集体决策制度,紧盯 ZT2 目标任务"
    assert protected.placeholders == (("ZT1", RENDERINGS[3], 3), ("ZT2", RENDERINGS[12], 12))


def test_round_trip(protected):
    english, problems = restore(
        "Strictly implement ZT1 collective decisions and ZT2 targets.", protected
    )
    assert problems == []
    assert (
        english
        == f"Strictly implement {RENDERINGS[3]} collective decisions and forest chief system targets."
    )


def test_tolerates_case_and_spaces_inside_markers(protected):
    english, problems = restore("Implement zt 1 and Z T2 .", protected)
    assert problems == []
    assert english == f"Implement {RENDERINGS[3]} and forest chief system."


def test_dropped_marker_is_reported(protected):
    _, problems = restore("Strictly implement ZT1 collective decisions and targets.", protected)
    assert problems == ["marker ZT2 for term 12 (林长制) missing in MT output"]


def test_duplicated_marker_is_reported(protected):
    _, problems = restore("ZT1 and ZT1, ZT2.", protected)
    assert problems == ["marker ZT1 for term 3 (三重一大) repeated 2 times in MT output"]


def test_garbled_markers_are_reported(protected):
    _, problems = restore("Implement ZT collective decisions, ZT7 and ZT2.", protected)
    assert "unexpected marker 'ZT7' in MT output" in problems
    assert "garbled marker 'ZT' in MT output" in problems
    assert "marker ZT1 for term 3 (三重一大) missing in MT output" in problems


def test_prefix_already_in_text_is_avoided():
    text = "ZT公司落实林长制"
    matcher = TermMatcher([(1, "林长制")])
    protected = protect(text, matcher.find(text), {1: "forest chief system"})
    assert protected.placeholders[0][0] == "ZX1"
    assert restore("ZT company implements ZX1", protected) == (
        "ZT company implements forest chief system",
        [],
    )


def test_repeated_term_gets_one_marker_per_occurrence():
    text = "林长制,林长制"
    matcher = TermMatcher([(1, "林长制")])
    protected = protect(text, matcher.find(text), {1: "forest chief system"})
    assert [p[0] for p in protected.placeholders] == ["ZT1", "ZT2"]


def test_no_terms_leaves_output_untouched():
    protected = protect("没有术语", [], {})
    assert restore("No terms .", protected) == ("No terms .", [])
