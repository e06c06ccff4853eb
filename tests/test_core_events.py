"""Change events: published once per committed change, never for work rolled back; QA is a
subscriber, so it is up to date after every writer (one test per writer; the MT job's is
tests/test_mt_jobs.py::test_qa_runs_after_mt_once_per_batch)."""

from __future__ import annotations

import io

import pytest
from conftest import Browser
from sqlalchemy import select

from workbench.core import events
from workbench.core.usecases import OPERATOR
from workbench.core.usecases import documents as doc_cases
from workbench.core.usecases import exports as export_cases
from workbench.core.usecases import glossary as glossary_cases
from workbench.core.usecases import segments as seg_cases
from workbench.formats import ExportOptions, get_exporter
from workbench.models import QAIssue, Segment
from workbench.services.glossary import validate

TEXT = "一、总体要求\n林长制全面推行。全市地区生产总值增长5.2%。\n另起一段。\n"


@pytest.fixture
def heard():
    """Every event published while the test runs."""
    seen: list[events.Event] = []

    def listen(event, _session):
        seen.append(event)

    events.subscribe(events.Event, listen)
    yield seen
    events.unsubscribe(events.Event, listen)


@pytest.fixture
def s(app):
    with app.app_context():
        yield app.extensions["db_session"]()


@pytest.fixture
def doc(s) -> int:
    return doc_cases.import_document(
        s, OPERATOR, "t.txt", TEXT.encode(), max_bytes=10**6
    ).document.id


def segs(s, doc_id: int) -> list[Segment]:
    s.expire_all()
    return list(
        s.scalars(
            select(Segment)
            .where(Segment.document_id == doc_id, Segment.active)
            .order_by(Segment.paragraph_id, Segment.start)
        )
    )


def open_codes(s, segment_id: int) -> set[str]:
    s.expire_all()
    return set(
        s.scalars(
            select(QAIssue.check_code).where(
                QAIssue.segment_id == segment_id, QAIssue.ignored.is_(False)
            )
        )
    )


def save(s, seg: Segment, text: str, **kw):
    return seg_cases.save_from_editor(
        s, OPERATOR, seg.id, target=text, status=kw.pop("status", None), base_version=seg.version
    )


# --- the bus ------------------------------------------------------------------------------


def test_one_event_per_committed_change(s, doc, heard):
    first = segs(s, doc)[1]
    save(s, first, "Forest chiefs everywhere.")
    changed = [e for e in heard if isinstance(e, events.SegmentsChanged)]
    assert changed == [events.SegmentsChanged(doc, (first.id,), "human", None)]


def test_no_event_for_work_rolled_back(s, doc, heard):
    from workbench.services import segments as seg_service

    first = segs(s, doc)[1]
    seg_service.save_target(
        s, first, target="Never committed.", status=None, user=None, base_version=first.version
    )
    assert events.pending(s)
    s.rollback()
    assert events.pending(s) == []
    s.commit()  # a later commit does not publish what was rolled back
    assert heard == []


def test_a_refused_use_case_publishes_nothing(s, doc, heard):
    first = segs(s, doc)[1]
    with pytest.raises(seg_cases.Invalid):
        seg_cases.save_from_editor(
            s, OPERATOR, first.id, target="x" * 30_000, status=None, base_version=first.version
        )
    assert heard == []


def test_events_of_one_commit_are_merged(s, doc, heard):
    from workbench.services import segments as seg_service

    a, b = segs(s, doc)[1:3]
    for seg, text in ((a, "A."), (b, "B.")):
        seg_service.save_target(s, seg, target=text, status=None, user=None, base_version=None)
    s.commit()
    assert [e for e in heard if isinstance(e, events.SegmentsChanged)] == [
        events.SegmentsChanged(doc, (a.id, b.id), "human", None)
    ]


def test_a_failing_subscriber_neither_fails_the_writer_nor_the_others(s, doc, heard):
    def broken(_event, _session):
        raise RuntimeError("subscriber bug")

    events.subscribe(events.SegmentsChanged, broken)
    try:
        first = segs(s, doc)[1]
        save(s, first, "Still saved.")
    finally:
        events.unsubscribe(events.SegmentsChanged, broken)
    assert segs(s, doc)[1].target == "Still saved."
    assert "empty" not in open_codes(s, first.id)  # QA, the other subscriber, still ran
    assert any(isinstance(e, events.SegmentsChanged) for e in heard)


def test_approval_and_import_events(s, doc, heard):
    assert heard == []  # (the document was imported before `heard` listened)
    first = segs(s, doc)[1]
    save(s, first, "Approved text.", status="approved")
    assert events.SegmentApproved(doc, first.id, None) in heard
    other = doc_cases.import_document(s, OPERATOR, "u.txt", "第二份。".encode(), max_bytes=10**6)
    assert events.DocumentImported(other.document.id, None) in heard


# --- QA follows every writer --------------------------------------------------------------


def test_qa_after_document_import(s, doc):
    assert all("empty" in open_codes(s, seg.id) for seg in segs(s, doc))


def test_qa_after_editor_save(app, doc):
    with app.app_context():
        seg = segs(app.extensions["db_session"](), doc)[2]
        seg_id, version = seg.id, seg.version
        assert "empty" in open_codes(app.extensions["db_session"](), seg_id)
    browser = Browser(app, "alice")
    # 5.2% left out of the English: the numbers check must see the saved text
    browser.post(f"/segments/{seg_id}", {"target": "GDP grew.", "base_version": version})
    with app.app_context():
        codes = open_codes(app.extensions["db_session"](), seg_id)
    assert "empty" not in codes and "numbers" in codes


@pytest.fixture
def rita(s):
    from workbench.models import User

    user = User(username="rita", role="reviewer", password_hash="x")
    s.add(user)
    s.commit()
    return user


def test_qa_after_split(s, doc, rita):
    first = segs(s, doc)[1]
    save(s, first, "Forest chiefs.")
    done = seg_cases.split(s, rita, first.id, 2)
    assert "empty" in open_codes(s, done.operation.payload["new"])  # the new part: no English


def test_qa_after_merge(s, doc, rita):
    a, b = segs(s, doc)[1:3]
    save(s, b, "GDP grew 5.2%.")
    assert "empty" in open_codes(s, a.id)
    seg_cases.merge_with_next(s, rita, a.id)
    assert "empty" not in open_codes(s, a.id)  # the merged English has b's text
    assert open_codes(s, b.id) == set()  # merged away: its issues are gone


def test_qa_after_undo(s, doc, rita):
    a, b = segs(s, doc)[1:3]
    save(s, b, "GDP grew 5.2%.")
    merged = seg_cases.merge_with_next(s, rita, a.id)
    seg_cases.undo(s, rita, merged.operation.id)
    assert "empty" in open_codes(s, a.id)  # a's own (empty) English is back, and checked
    assert "empty" not in open_codes(s, b.id)


def test_qa_after_glossary_edit(s, doc):
    seg = segs(s, doc)[1]  # 林长制全面推行。
    save(s, seg, "The forest system is in place.")
    assert "terms" not in open_codes(s, seg.id)
    term = glossary_cases.tag_term(
        s, OPERATOR, validate(source="林长制", target="forest chief system", status="approved")
    )
    assert "terms" in open_codes(s, seg.id)  # the approved rendering is missing
    glossary_cases.edit_term(
        s,
        OPERATOR,
        term.id,
        validate(source="林长制", target="forest system", status="approved"),
        base_version=term.version,
    )
    assert "terms" not in open_codes(s, seg.id)


def test_qa_after_glossary_import(s, doc):
    seg = segs(s, doc)[1]
    save(s, seg, "The forest system is in place.")
    csv = "source,target,status\n全面推行,fully rolled out,approved\n".encode()
    glossary_cases.import_glossary(s, OPERATOR, "g.csv", csv)
    assert "terms" in open_codes(s, seg.id)


def test_qa_after_bilingual_file_import(s, doc):
    seg = segs(s, doc)[3]  # 另起一段。
    out = io.BytesIO()
    export_cases.export_document(s, OPERATOR, doc, get_exporter("xliff"), ExportOptions(), out)
    xliff = out.getvalue().decode()
    unit = xliff.index(f'id="{seg.id}"')
    start = xliff.index("<target", unit)
    end = (
        xliff.index("</target>", start) + len("</target>")
        if "</target>" in xliff[start : start + 500]
        else xliff.index("/>", start) + 2
    )
    edited = xliff[:start] + '<target state="translated">A new paragraph.</target>' + xliff[end:]
    result = export_cases.apply_bilingual_file(s, OPERATOR, doc, "back.xlf", edited.encode())
    assert [c.segment_id for c in result.changed] == [seg.id]
    assert "empty" not in open_codes(s, seg.id)
