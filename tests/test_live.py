"""Live collaboration over HTTP: the event stream and its catch-up, presence, "next", sections."""

from __future__ import annotations

import json
import re
import threading

import pytest
from conftest import Browser
from live_support import next_at_once
from sqlalchemy import select

from workbench.models import LiveEvent, Paragraph, Segment

FAST = {"LIVE_STREAM_SECONDS": 1, "LIVE_HEARTBEAT_SECONDS": 1}


def events(body: str) -> list[tuple[str, str | None, str]]:
    """(event, id, data) of each Server-Sent Event in a stream body."""
    found = []
    for block in body.split("\n\n"):
        kind = re.search(r"^event: (.*)$", block, re.MULTILINE)
        if not kind:
            continue
        ident = re.search(r"^id: (.*)$", block, re.MULTILINE)
        data = "\n".join(re.findall(r"^data: (.*)$", block, re.MULTILINE))
        found.append((kind.group(1), ident.group(1) if ident else None, data))
    return found


def segment_ids(app, doc_id: int) -> list[int]:
    with app.app_context():
        s = app.extensions["db_session"]()
        return list(
            s.scalars(select(Segment.id).where(Segment.document_id == doc_id).order_by(Segment.id))
        )


def save(browser: Browser, seg_id: int, text: str, client: str = "clientAAAA1"):
    with browser.client.application.app_context():
        s = browser.client.application.extensions["db_session"]()
        version = s.get(Segment, seg_id).version
    return browser.client.post(
        f"/segments/{seg_id}",
        data={"target": text, "status": "draft", "base_version": version, "action": "save"},
        headers={"HX-Request": "true", "X-CSRFToken": browser.token, "X-Client-Id": client},
    )


@pytest.fixture
def fast(app):
    app.config.update(FAST)
    return app


def test_stream_replays_what_a_reconnect_missed(fast, sample_doc, alice, bob):
    seg = segment_ids(fast, sample_doc)[3]
    first = events(
        bob.get(f"/documents/{sample_doc}/live?client=clientBBBB1").get_data(as_text=True)
    )
    hello = [e for e in first if e[0] == "hello"]
    assert hello, first
    seen = int(hello[0][1])
    assert save(alice, seg, "The district economy grew.").status_code == 200
    again = events(
        bob.client.get(
            f"/documents/{sample_doc}/live?client=clientBBBB1",
            headers={"Last-Event-ID": str(seen)},
        ).get_data(as_text=True)
    )
    changes = [json.loads(d) for kind, _, d in again if kind == "segments"]
    assert [c["ids"] for c in changes] == [[seg]]
    assert changes[0]["by"] == "alice" and changes[0]["client"] == "clientAAAA1"
    assert changes[0]["rows"][str(seg)]["target"] == "The district economy grew."
    # the counts (progress bar, QA) come along, as out-of-band swaps
    counts = [d for kind, _, d in again if kind == "counts"]
    assert counts and 'id="doc-progress" hx-swap-oob="true"' in counts[0]
    # nothing before the last id seen is sent again
    ids = [int(i) for _, i, _ in again if i]
    assert all(i > seen for i in ids)


def test_stream_needs_login_and_a_client_id(fast, sample_doc, alice):
    anonymous = fast.test_client().get(f"/documents/{sample_doc}/live?client=clientBBBB1")
    assert anonymous.status_code in (302, 401)
    assert alice.get(f"/documents/{sample_doc}/live").status_code == 400
    assert alice.get("/documents/999999/live?client=clientBBBB1").status_code == 404


def test_streams_are_capped_so_saves_keep_their_threads(fast, sample_doc, alice):
    fast.extensions["live_streams"] = threading.BoundedSemaphore(0)
    resp = alice.get(f"/documents/{sample_doc}/live?client=clientBBBB1")
    assert resp.status_code == 503 and resp.headers["Retry-After"]


def test_presence_is_published_with_the_segment_being_edited(fast, sample_doc, alice, bob):
    seg = segment_ids(fast, sample_doc)[5]
    resp = alice.client.post(
        f"/documents/{sample_doc}/presence",
        data={"segment": seg},
        headers={"X-CSRFToken": alice.token, "X-Client-Id": "clientAAAA1"},
    )
    assert resp.status_code == 204
    with fast.app_context():
        s = fast.extensions["db_session"]()
        last = s.scalars(select(LiveEvent).order_by(LiveEvent.id.desc())).first()
    assert last.kind == "presence"
    assert last.payload["clients"] == [
        {
            "client": "clientAAAA1",
            "user": alice.user_id,
            "name": "alice",
            "initials": "AL",
            "segment": seg,
        }
    ]
    # without the CSRF token the change is refused
    refused = bob.client.post(
        f"/documents/{sample_doc}/presence",
        data={"segment": seg},
        headers={"X-Client-Id": "clientBBBB1"},
    )
    assert refused.status_code == 400


def test_rows_come_back_as_out_of_band_swaps(fast, sample_doc, alice):
    a, b = segment_ids(fast, sample_doc)[1:3]
    html = alice.get(f"/documents/{sample_doc}/live/rows?ids={a},{b}", htmx=True).get_data(
        as_text=True
    )
    assert html.count('hx-swap-oob="true"') == 2
    assert f'id="seg-{a}"' in html and f'id="seg-{b}"' in html


def test_next_never_hands_one_segment_to_two_reviewers(fast, sample_doc):
    names = [f"r{i}" for i in range(8)]
    for name in names:
        Browser(fast, name)
    got = next_at_once(fast.extensions["db_engine"], sample_doc, names)
    assert len(got) == len(names) and len(set(got)) == len(names)


def test_next_moves_on_and_stays_in_assigned_sections(fast, sample_doc, alice):
    editor = Browser(fast, "ed", role="editor")
    page = editor.get(f"/documents/{sample_doc}/sections").get_data(as_text=True)
    headings = re.findall(r'name="paragraph" value="(\d+)"', page)
    assert len(headings) > 3
    # a reviewer may look but not assign
    refused = alice.post(
        f"/documents/{sample_doc}/sections",
        {"paragraph": headings[2], "user": alice.user_id},
        htmx=False,
    )
    assert refused.status_code == 403
    ok = editor.post(
        f"/documents/{sample_doc}/sections",
        {"paragraph": headings[2], "user": alice.user_id},
        htmx=False,
    )
    assert ok.status_code == 200 and "Saved." in ok.get_data(as_text=True)

    from workbench.services.live import sections

    with fast.app_context():
        s = fast.extensions["db_session"]()
        section = next(x for x in sections(s, sample_doc) if x.heading.id == int(headings[2]))
        allowed = set(
            s.scalars(
                select(Segment.id)
                .join(Paragraph, Segment.paragraph_id == Paragraph.id)
                .where(
                    Paragraph.document_id == sample_doc,
                    Paragraph.position >= section.start,
                    Paragraph.position < section.stop,
                )
            )
        )
    seen = []
    after = ""
    for _ in range(3):
        answer = alice.post(f"/documents/{sample_doc}/next", {"after": after}).get_json()
        seen.append(answer["segment"])
        after = str(answer["segment"])
    assert len(set(seen)) == 3 and set(seen) <= allowed
    # an editor with no sections of their own gets segments from the whole document
    other = editor.post(f"/documents/{sample_doc}/next", {}).get_json()
    assert other["segment"] not in seen


def test_job_progress_and_term_changes_reach_the_page(fast, sample_doc):
    from workbench.core import events

    engine = fast.extensions["db_engine"]
    with fast.app_context():
        events.publish(events.JobProgressed(7, sample_doc, "running", 128, 250), engine)
        events.publish(events.TermsChanged(frozenset({"就业"})), engine)
        s = fast.extensions["db_session"]()
        found = {e.kind: e.payload for e in s.scalars(select(LiveEvent))}
        with_key = set(
            s.scalars(
                select(Segment.id).where(
                    Segment.document_id == sample_doc, Segment.source_simplified.contains("就业")
                )
            )
        )
    assert found["job"] == {"job": 7, "state": "running", "done": 128, "total": 250}
    # the rows whose highlights may change are the ones containing the term
    assert found["terms"]["keys"] == ["就业"] and set(found["terms"]["ids"]) == with_key
