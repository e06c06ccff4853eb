"""Split, merge and undo keep offsets exact and history complete."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workbench.models import Revision, Segment, User
from workbench.services import segments as svc


@pytest.fixture
def reviewer(session):
    user = User(username="rita", role="reviewer")
    user.set_password("x" * 10)
    session.add(user)
    session.commit()
    return user


def _para_segments(session, paragraph_id):
    return session.scalars(
        select(Segment)
        .where(Segment.paragraph_id == paragraph_id, Segment.active)
        .order_by(Segment.start)
    ).all()


def _assert_partition(session, paragraph):
    segs = _para_segments(session, paragraph.id)
    assert "".join(s.source for s in segs) == paragraph.text
    assert all(paragraph.text[s.start : s.end] == s.source for s in segs)


def test_split_then_undo_restores_one_segment(session, sample_doc, reviewer):
    seg = session.scalars(
        select(Segment).where(Segment.document_id == sample_doc, Segment.start > 0)
    ).first()
    seg.target = "Whole sentence."
    session.commit()
    op = svc.split_segment(session, seg, 3, user=reviewer)
    session.commit()
    _assert_partition(session, seg.paragraph)
    new = session.get(Segment, op.payload["new"])
    assert seg.target == "Whole sentence." and new.target == "" and new.status == "new"
    svc.undo_operation(session, op, user=reviewer)
    session.commit()
    _assert_partition(session, seg.paragraph)
    assert not session.get(Segment, new.id).active
    assert seg.end == new.end
    with pytest.raises(svc.EditError):
        svc.undo_operation(session, op, user=reviewer)


def test_merge_joins_english_and_undo_brings_it_back(session, sample_doc, reviewer):
    first = session.scalars(
        select(Segment)
        .where(Segment.document_id == sample_doc, Segment.start == 0)
        .order_by(Segment.id)
        .offset(6)
    ).first()
    second = svc.next_in_paragraph(session, first)
    assert second is not None
    svc.save_target(
        session, first, target="One.", status="reviewed", user=reviewer, base_version=first.version
    )
    svc.save_target(
        session, second, target="Two.", status="draft", user=reviewer, base_version=second.version
    )
    op = svc.merge_with_next(session, first, user=reviewer)
    session.commit()
    assert first.target == "One. Two." and first.status == "draft" and not second.active
    _assert_partition(session, first.paragraph)
    svc.undo_operation(session, op, user=reviewer)
    session.commit()
    assert first.target == "One." and first.status == "reviewed"
    assert second.active and second.target == "Two."
    _assert_partition(session, first.paragraph)
    notes = [
        r.note for r in session.scalars(select(Revision).where(Revision.segment_id == first.id))
    ]
    assert any("merged with" in n for n in notes) and any("undo merge" in n for n in notes)


def test_merge_of_last_segment_is_refused(session, sample_doc, reviewer):
    seg = session.scalars(
        select(Segment).where(Segment.document_id == sample_doc)
    ).first()  # a heading line
    with pytest.raises(svc.EditError, match="last of its paragraph"):
        svc.merge_with_next(session, seg, user=reviewer)


def test_undo_split_refused_after_later_split(session, sample_doc, reviewer):
    seg = session.scalars(
        select(Segment).where(Segment.document_id == sample_doc, Segment.start > 0)
    ).first()
    op = svc.split_segment(session, seg, 4, user=reviewer)
    new = session.get(Segment, op.payload["new"])
    svc.split_segment(session, new, 1, user=reviewer)
    session.commit()
    with pytest.raises(svc.EditError, match="cannot undo"):
        svc.undo_operation(session, op, user=reviewer)


def test_conflict_carries_both_texts(session, sample_doc, reviewer):
    seg = session.scalars(select(Segment).where(Segment.document_id == sample_doc)).first()
    svc.save_target(session, seg, target="Theirs.", status=None, user=reviewer, base_version=1)
    with pytest.raises(svc.Conflict) as err:
        svc.save_target(session, seg, target="Mine.", status=None, user=reviewer, base_version=1)
    assert err.value.mine == "Mine." and err.value.segment.target == "Theirs."


def test_overlong_english_is_refused(session, sample_doc, reviewer):
    seg = session.scalars(select(Segment).where(Segment.document_id == sample_doc)).first()
    with pytest.raises(svc.EditError, match="limit"):
        svc.save_target(
            session, seg, target="x" * 30000, status=None, user=reviewer, base_version=1
        )
