"""build_export_document: the database flattened into exporter dataclasses."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from workbench.db import Base, make_engine
from workbench.formats import EXPORTERS, ExportOptions, ExportTerm
from workbench.models import Comment, Document, MTOutput, Paragraph, Revision, Segment, User
from workbench.services.bilingual_import import current_segments
from workbench.services.export import build_export_document

T = [datetime(2024, 3, day, 10, 0) for day in range(1, 10)]


@pytest.fixture()
def engine() -> Iterator[Engine]:
    engine = make_engine("sqlite://")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture()
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


def add_paragraph(
    session: Session, doc: Document, position: int, kind: str, level: int, text: str
) -> Paragraph:
    paragraph = Paragraph(
        document_id=doc.id,
        position=position,
        kind=kind,
        level=level,
        text=text,
        text_simplified=text,
    )
    session.add(paragraph)
    session.flush()
    return paragraph


def add_segment(
    session: Session, paragraph: Paragraph, start: int, end: int, **values: object
) -> Segment:
    text = paragraph.text[start:end]
    segment = Segment(
        document_id=paragraph.document_id,
        paragraph_id=paragraph.id,
        start=start,
        end=end,
        source=text,
        source_simplified=text,
        **values,
    )
    session.add(segment)
    session.flush()
    return segment


@pytest.fixture()
def document(session: Session) -> Document:
    alice = User(username="alice", password_hash="x", role="editor")
    bob = User(username="bob", password_hash="x")
    session.add_all([alice, bob])
    session.flush()
    doc = Document(
        title="工作报告",
        filename="report.txt",
        source_format="txt",
        content_hash="h",
        created_at=T[0],
    )
    session.add(doc)
    session.flush()
    # Inserted out of order on purpose: the export must follow position, then start.
    body = add_paragraph(session, doc, 1, "body", 0, "第一句。第二句。")
    heading = add_paragraph(session, doc, 0, "heading", 1, "报告")
    add_segment(  # the second sentence, inserted before the first on purpose
        session,
        body,
        4,
        8,
        target="Second.",
        status="draft",
        version=3,
        updated_at=T[5],
        updated_by_id=bob.id,
    )
    first = add_segment(
        session,
        body,
        0,
        4,
        target="First.",
        status="approved",
        version=2,
        updated_at=T[4],
        updated_by_id=alice.id,
        origin="human",
    )
    add_segment(session, body, 0, 8, target="merged away", status="draft", active=False)
    title = add_segment(session, heading, 0, 2, target="", status="new", updated_at=T[1])
    session.add_all(
        [
            Revision(
                segment_id=first.id,
                version=1,
                target="Fist.",
                status="draft",
                origin="mt",
                user_id=bob.id,
                created_at=T[2],
            ),
            Revision(
                segment_id=first.id,
                version=2,
                target="First.",
                status="approved",
                origin="human",
                user_id=alice.id,
                created_at=T[4],
            ),
            Comment(segment_id=first.id, user_id=bob.id, body="ok?", created_at=T[6]),
            Comment(segment_id=first.id, user_id=None, body="yes", created_at=T[7]),
            MTOutput(
                segment_id=title.id, engine="fake", model_version="1", source="报告", text="Old MT"
            ),
            MTOutput(
                segment_id=title.id, engine="fake", model_version="2", source="报告", text="Report"
            ),
        ]
    )
    session.commit()
    return doc


def test_structure_order_and_people(session: Session, document: Document) -> None:
    doc = build_export_document(session, document.id, exported_at=T[8])
    assert (doc.title, doc.filename, doc.source_lang, doc.target_lang) == (
        "工作报告",
        "report.txt",
        "zh-CN",
        "en",
    )
    assert doc.exported_at == T[8] and doc.created_at == T[0]
    heading, body = list(doc.paragraphs)
    assert (heading.position, heading.kind, heading.level) == (0, "heading", 1)
    assert [s.source for s in body.segments] == ["第一句。", "第二句。"]  # inactive one left out
    first, second = body.segments
    assert (first.created_at, first.created_by) == (T[2], "bob")  # from the first revision
    assert (first.changed_at, first.changed_by, first.version) == (T[4], "alice", 2)
    assert [(c.author, c.body) for c in first.comments] == [("bob", "ok?"), ("", "yes")]
    assert (second.created_at, second.created_by) == (T[5], "bob")  # no revision: last change
    (title,) = heading.segments
    assert title.mt == "Report"  # the newest MT run
    assert first.mt == "" and first.terms == ()


def test_traditional_document_and_missing(session: Session, document: Document) -> None:
    document.script = "hant"
    session.commit()
    assert build_export_document(session, document.id).source_lang == "zh-Hant"
    with pytest.raises(LookupError):
        build_export_document(session, 999)


def test_term_finder_offsets(session: Session, document: Document) -> None:
    def finder(text: str) -> list[ExportTerm]:
        at = text.find("二")
        return [ExportTerm(at, at + 1, "二", "two", "a number")] if at >= 0 else []

    doc = build_export_document(session, document.id, term_finder=finder)
    terms = [t for p in doc.paragraphs for s in p.segments for t in s.terms]
    assert terms == [ExportTerm(1, 2, "二", "two", "a number")]


def test_queries_do_not_grow_with_segments(
    engine: Engine, session: Session, document: Document
) -> None:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        list(build_export_document(session, document.id, batch_size=1).paragraphs)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # document, users, paragraph list, then 4 per batch (segments, revisions, comments, MT)
    assert len(statements) == 3 + 2 * 4


def test_exports_end_to_end(session: Session, document: Document) -> None:
    for name, exporter in EXPORTERS.items():
        doc = build_export_document(session, document.id, exported_at=T[8])
        options = ExportOptions(fill_mt=True, include_unreviewed=True)
        report = exporter.write(doc, io.BytesIO(), options)
        # A memory never carries a unit without English: TMX leaves that one out.
        assert (report.segments, report.missing) == ((2, 0) if name == "tmx" else (3, 1)), name


def test_current_segments(session: Session, document: Document) -> None:
    current = current_segments(session, document.id)
    assert sorted((c.source, c.version) for c in current.values()) == [
        ("报告", 1),
        ("第一句。", 2),
        ("第二句。", 3),
    ]
