"""Real browser: the focused row shows memory matches; Ctrl+1 inserts the best one."""

from __future__ import annotations

import io

import pytest
from browsing import launch_args, login, require_chromium, serving
from conftest import make_user

pytestmark = pytest.mark.browser

require_chromium()

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>
<tu changeid="editor" changedate="20240306T101500Z"><tuv xml:lang="zh-CN"><seg>{source}</seg></tuv>
<tuv xml:lang="en"><seg>Memory English for this sentence.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>{fuzzy}</seg></tuv>
<tuv xml:lang="en"><seg>A near sentence.</seg></tuv></tu>
</body></tmx>"""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return launch_args(browser_type_launch_args)


def test_insert_a_match_with_the_keyboard(app, sample_doc, page):
    from sqlalchemy import func, select

    from workbench.models import Paragraph, Segment
    from workbench.services import tm

    with app.app_context():
        s = app.extensions["db_session"]()
        seg = s.scalars(
            select(Segment)
            .join(Paragraph)
            .where(Segment.document_id == sample_doc, func.length(Segment.source) > 15)
            .order_by(Paragraph.position, Segment.start)
            .limit(1)
        ).one()
        seg_id, source = seg.id, seg.source
        fuzzy = source[:-2] + "等" + source[-1]
        data = TMX.format(source=source, fuzzy=fuzzy).encode()
        tm.import_tmx(s, io.BytesIO(data), name="last year", origin="official")
        s.commit()
    make_user(app, "kim")
    with serving(app) as base:
        login(page, base, "kim")
        page.goto(f"{base}/documents/{sample_doc}")
        row = page.locator(f"#seg-{seg_id}")
        row.locator("textarea[name=target]").focus()
        page.wait_for_selector(f"#seg-{seg_id} .tm-insert[data-n='1']", timeout=5000)
        box = row.locator(".tm-box")
        assert "100%" in box.inner_text() and "last year" in box.inner_text()
        assert "editor" in box.inner_text() and "2024-03-06" in box.inner_text()
        # the near match shows what differs from this sentence
        assert row.locator(".tm-source ins, .tm-source del").count() > 0
        page.keyboard.press("Control+1")
        assert row.locator("textarea").input_value() == "Memory English for this sentence."
        page.keyboard.press("Control+2")
        assert row.locator("textarea").input_value() == "A near sentence."
        page.keyboard.press("Alt+1")
        page.keyboard.press("Control+Enter")
        page.wait_for_selector(f"#seg-{seg_id}.st-translated", timeout=5000)
    with app.app_context():
        s = app.extensions["db_session"]()
        saved = s.get(Segment, seg_id)
        assert saved.target == "Memory English for this sentence."
