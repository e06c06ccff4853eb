"""A term tagged in Simplified is found in the Taiwan and Hong Kong editions (issue 12).

OpenCC's s2twp rewrites phrasing, not only characters (人工智能 → 人工智慧), and t2s does not
turn it back, so after a Traditional round trip a term no longer matched.
"""

from __future__ import annotations

from sqlalchemy import select

from workbench.chinese import script_forms, to_variant
from workbench.glossary.matcher import TermMatcher
from workbench.models import Segment

SIMPLIFIED = "推进“人工智能+”行动，改善公共卫生服务。\n"


def spans(matcher: TermMatcher, text: str) -> list[tuple[str, int]]:
    return [(text[m.start : m.end], m.term_id) for m in matcher.find(text)]


def test_script_forms_of_a_key():
    assert script_forms("人工智能+") == ("人工智能+", "人工智慧+")
    assert script_forms("卫生") == ("卫生", "衞生")
    assert script_forms("高质量发展") == ("高质量发展",)


def test_taiwan_and_hong_kong_editions_match_the_simplified_term():
    matcher = TermMatcher([(1, "人工智能+"), (2, "卫生")])
    taiwan = to_variant(SIMPLIFIED, "zh-Hant-TW")
    assert "人工智慧+" in taiwan
    assert spans(matcher, taiwan) == [("人工智慧+", 1), ("衛生", 2)]
    hong_kong = to_variant(SIMPLIFIED, "zh-Hant-HK")
    assert spans(matcher, hong_kong) == [("人工智能+", 1), ("衞生", 2)]
    # Traditional characters with Mainland phrasing (s2t) match as before
    assert spans(matcher, to_variant(SIMPLIFIED, "zh-Hant-TW").replace("智慧", "智能")) == [
        ("人工智能+", 1),
        ("衛生", 2),
    ]


def test_the_taiwan_phrasing_is_not_the_term_in_simplified_text():
    """In Simplified text 人工智慧 is another word (and 核心 is not 内核): only the key matches."""
    matcher = TermMatcher([(1, "人工智能"), (2, "内核")])
    assert spans(matcher, "发展人工智慧，攻关核心技术") == []
    assert spans(matcher, "發展人工智慧") == [("人工智慧", 1)]


def test_a_traditional_edition_is_highlighted_and_counted(app):
    from workbench.importing import read_source
    from workbench.services import glossary as service
    from workbench.services.documents import import_document

    with app.app_context():
        s = app.extensions["db_session"]()
        term = service.save_term(
            s, service.validate(source="人工智能+", target="AI Plus"), user=None
        )
        docs = {}
        for variant in ("zh-Hans", "zh-Hant-TW", "zh-Hant-HK"):
            text = to_variant(SIMPLIFIED, variant)
            source = read_source(f"{variant}.txt", text.encode())
            docs[variant] = import_document(s, source, user=None, title=variant).id
        s.flush()
        occurrences = service.occurrences(s, term)
        assert occurrences.total[term.id] == 3
        assert set(occurrences.by_document[term.id]) == set(docs.values())
        taiwan = service.segment_ids_with_term(s, docs["zh-Hant-TW"], term.id)
        [segment] = s.scalars(select(Segment).where(Segment.id.in_(taiwan)))
        assert "人工智慧+" in segment.source


def test_glossary_round_trip_keeps_the_key(app):
    from workbench.services import glossary as service

    with app.app_context():
        s = app.extensions["db_session"]()
        service.save_term(
            s, service.validate(source="人工智能+", target="AI Plus", status="approved"), user=None
        )
        s.flush()
        for fmt in ("tbx", "csv", "json"):
            data = service.export_glossary(s, fmt)
            report = service.import_glossary(s, f"g.{fmt}", data, user=None)
            assert report.unchanged == ["人工智能+"] and not report.added, fmt
        assert [t.source_key for t in service.list_terms(s)] == ["人工智能+"]
