"""The QA registry and each check, with a passing and a failing case."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from workbench.qa import CHECKS, Finding, SegmentContext, TermInfo, register, run_checks
from workbench.statuses import Status

QA_DIR = Path(__file__).resolve().parents[1] / "workbench" / "qa"

ZH = "全年争取预算内资金16.7亿元，新增债券资金5.4亿元。"
EN = "We secured 1.67 billion yuan of budgetary funds and 540 million yuan in new bond funds."


def ctx(
    source: str = ZH,
    target: str = EN,
    status: str = Status.TRANSLATED.value,
    terms: tuple[TermInfo, ...] = (),
) -> SegmentContext:
    return SegmentContext(source=source, target=target, status=status, terms=terms)


def codes(context: SegmentContext) -> list[str]:
    return [f.code for f in run_checks(context)]


def only(code: str, context: SegmentContext) -> list[Finding]:
    return list(CHECKS[code].run(context))


# --- registry ---------------------------------------------------------------------------------


def test_registry_has_every_check_with_valid_severity() -> None:
    assert set(CHECKS) == {
        "empty",
        "untranslated",
        "numbers",
        "cjk_in_target",
        "terms",
        "fullwidth_punct",
        "brackets",
        "final_punct",
        "double_space",
        "spelling",
        "repeated_words",
    }
    for code, check in CHECKS.items():
        assert check.code == code
        assert check.severity in ("error", "warning")
        assert check.title and check.description
    assert {c for c, k in CHECKS.items() if k.severity == "error"} == {
        "empty",
        "untranslated",
        "numbers",
        "cjk_in_target",
    }


def test_register_refuses_duplicates_and_bad_severity() -> None:
    with pytest.raises(ValueError, match="twice"):
        register("numbers", "error", "x", "y")(lambda c: [])
    with pytest.raises(ValueError, match="severity"):
        register("new_code", "fatal", "x", "y")


def test_clean_segment_has_no_findings() -> None:
    assert run_checks(ctx()) == []


def test_findings_carry_the_check_severity() -> None:
    for f in run_checks(ctx(target="We secured 167 million yuan ， and  540 million yuan")):
        assert f.severity == CHECKS[f.code].severity
        assert f.fingerprint.startswith(f.code) and len(f.fingerprint) <= 200


def test_qa_modules_import_no_flask_or_sqlalchemy() -> None:
    for path in QA_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                assert not name.split(".")[0].lower().startswith(("flask", "sqlalchemy")), path


# --- fingerprints -------------------------------------------------------------------------------


def test_fingerprints_stable_when_unrelated_text_changes() -> None:
    a = run_checks(
        ctx(
            target="We secured 167 million yuan of budgetary funds and 540 million yuan in new bond funds."
        )
    )
    b = run_checks(
        ctx(
            target="This year we obtained 167 million yuan from the budget, plus 540 million yuan of new bonds."
        )
    )
    assert [f.fingerprint for f in a] == [f.fingerprint for f in b] == ["numbers:missing:16.7亿元"]


def test_fingerprint_changes_with_the_figure() -> None:
    a = run_checks(ctx(target="We secured 167 million yuan and 540 million yuan."))
    b = run_checks(ctx(target="We secured 1.67 billion yuan and 54 million yuan."))
    assert {f.fingerprint for f in a}.isdisjoint({f.fingerprint for f in b})


# --- each check: pass and fail ---------------------------------------------------------------------


def test_empty() -> None:
    assert only("empty", ctx()) == []
    [f] = only("empty", ctx(target="  ", status=Status.NEW.value))
    assert f.severity == "error" and "Not translated" in f.message
    # an empty segment is reported once, not by every check
    assert codes(ctx(target="")) == ["empty"]


def test_untranslated() -> None:
    assert only("untranslated", ctx()) == []
    assert only("untranslated", ctx(source="LNG", target="LNG")) == []
    [f] = only("untranslated", ctx(target=ZH))
    assert f.code == "untranslated"
    assert "cjk_in_target" not in codes(ctx(target=ZH))


def test_numbers() -> None:
    assert only("numbers", ctx()) == []
    [f] = only("numbers", ctx(target="We secured 16.7 billion yuan and 540 million yuan."))
    assert f.severity == "error"
    assert f.message.startswith("16.7亿元 = 1,670,000,000; English has 16,700,000,000")


def test_cjk_in_target() -> None:
    assert only("cjk_in_target", ctx()) == []
    [f] = only("cjk_in_target", ctx(target="We implemented the 林长制 forest system."))
    assert "林长制" in f.message


def test_fullwidth_punct() -> None:
    assert only("fullwidth_punct", ctx(target="“Two assurances” — done…")) == []
    [f] = only("fullwidth_punct", ctx(target="We secured funds，and bonds（new）。"))
    assert f.severity == "warning" and "，" in f.message


def test_brackets() -> None:
    assert only("brackets", ctx(target="4,027 enterprises (merchants) and “clean” homes.")) == []
    [f] = only("brackets", ctx(target="4,027 enterprises (merchants and “clean homes."))
    assert "(" in f.message
    # a quotation that the Chinese also leaves open (it spans sentences) is not reported
    assert only("brackets", ctx(source="“要坚持发展。", target="“We must keep developing.")) == []


def test_final_punct() -> None:
    assert only("final_punct", ctx()) == []
    assert (
        only("final_punct", ctx(source="一、2024年工作回顾", target="I. Review of Work in 2024"))
        == []
    )
    [f] = only("final_punct", ctx(target=EN.rstrip(".")))
    assert "no final punctuation" in f.message
    [f] = only("final_punct", ctx(source="一、2024年工作回顾", target="I. Review of Work in 2024."))
    assert "heading" in f.message


def test_double_space() -> None:
    assert only("double_space", ctx()) == []
    [f] = only("double_space", ctx(target=EN.replace(" and ", "  and ")))
    assert f.severity == "warning"


FOREST = TermInfo(
    term_id=7,
    source="林长制",
    target="forest chief system",
    alternatives=("forest chief scheme",),
    forbidden=("forest leader system", "forest chief"),
)


def test_terms_approved_rendering_with_inflection_and_article() -> None:
    for english in [
        "We implemented the forest chief system.",
        "We implemented the Forest  Chief Systems in all towns.",
        "The forest-chief system was implemented.",
        "We applied the forest chief scheme.",
    ]:
        assert (
            only("terms", ctx(source="紧盯“林长制”目标任务。", target=english, terms=(FOREST,)))
            == []
        ), english


def test_terms_missing_and_forbidden() -> None:
    [f] = only(
        "terms",
        ctx(
            source="紧盯“林长制”目标任务。",
            target="We implemented the forest head model.",
            terms=(FOREST,),
        ),
    )
    assert f.severity == "warning" and "林长制" in f.message and "forest chief system" in f.message
    found = only(
        "terms",
        ctx(
            source="紧盯“林长制”目标任务。",
            target="We implemented the forest leader system.",
            terms=(FOREST,),
        ),
    )
    assert [f.fingerprint for f in found] == [
        "terms:7:missing",
        "terms:7:forbidden:forest leader system",
    ]


def test_terms_forbidden_inside_approved_is_not_blamed() -> None:
    # "forest chief" is forbidden on its own but is part of the approved "forest chief system"
    assert (
        only("terms", ctx(source="林长制", target="the forest chief system", terms=(FOREST,))) == []
    )
    [f] = only(
        "terms",
        ctx(
            source="林长制", target="the forest chief system and the forest chief", terms=(FOREST,)
        ),
    )
    assert "forbidden" in f.message


def test_terms_fingerprint_survives_unrelated_edits() -> None:
    a = only(
        "terms", ctx(source="林长制", target="We used the forest boss model.", terms=(FOREST,))
    )
    b = only(
        "terms",
        ctx(source="林长制", target="In 2024 we kept using a forest boss model.", terms=(FOREST,)),
    )
    assert [f.fingerprint for f in a] == [f.fingerprint for f in b] == ["terms:7:missing"]


def test_rendering_used_follows_the_check_rules():
    """The glossary's "renderings in use" page classifies with the check's own rules."""
    from workbench.qa.checks.terms import rendering_used, tokens

    term = TermInfo(
        1, "河长制", "the river chief system", ("river chief mechanism",), ("chief system",)
    )
    assert rendering_used(term, tokens("We apply the River Chief System.")) == (
        "approved",
        "the river chief system",
    )  # a forbidden phrase inside the approved rendering is not blamed
    assert rendering_used(term, tokens("A river chief system applies.")) == (
        "approved",
        "the river chief system",
    )  # the leading "the" is optional
    assert rendering_used(term, tokens("Its river chief mechanism works.")) == (
        "alternative",
        "river chief mechanism",
    )
    assert rendering_used(term, tokens("The chief system works.")) == ("forbidden", "chief system")
    assert rendering_used(term, tokens("Rivers have heads.")) == ("other", "")


# --- spelling and repeated words (issue 12) -------------------------------------------------

needs_dictionary = pytest.mark.skipif(
    __import__("workbench.qa.spelling", fromlist=["x"]).find_dictionary() is None,
    reason="no Hunspell English dictionary (apt-get install hunspell-en-us)",
)


@needs_dictionary
def test_misspelt_words_are_warnings_and_glossary_words_are_accepted() -> None:
    context = ctx(
        "推进雄安新区建设。",
        "We will advance the goverment's work in Xiong'an and the Yangtse delta.",
    )
    found = only("spelling", context)
    assert [f.message for f in found] == [
        "“goverment's” may be misspelt",
        "“Yangtse” may be misspelt",
    ]
    assert {f.severity for f in found} == {"warning"}
    allowed = SegmentContext(
        source=context.source,
        target=context.target,
        status="translated",
        allowed_words=frozenset({"yangtse", "goverment"}),
    )
    assert only("spelling", allowed) == []


@needs_dictionary
def test_official_english_has_no_spelling_warnings() -> None:
    text = (
        "China's gross domestic product (GDP) surpassed 126 trillion yuan, an increase of 5.2 "
        "percent. SOEs and SMEs in the 14th Five-Year Plan period improved people's wellbeing "
        "under Xi Jinping Thought; Jishishan County in Gansu recovered."
    )
    assert only("spelling", ctx("国内生产总值超过126万亿元。", text)) == []


def test_repeated_words() -> None:
    found = only("repeated_words", ctx("我们要推进。", "We will will promote the the economy."))
    assert [f.message for f in found] == ["“will will”: repeated word", "“the the”: repeated word"]
    assert {f.severity for f in found} == {"warning"}
    assert only("repeated_words", ctx("他已经吃过了。", "He had had lunch.")) == []


@needs_dictionary
def test_dictionary_reader_expands_affixes() -> None:
    from workbench.qa.spelling import dictionary

    words = dictionary()
    assert words is not None
    for form in ["government", "governments", "reorganized", "unemployment", "Rural", "People's"]:
        assert words.knows(form), form
    for wrong in ["governmentt", "recieve", "rurall"]:
        assert not words.knows(wrong), wrong
