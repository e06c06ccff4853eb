"""The review screen in a real browser (Debian's chromium): nothing typed is lost or
mislabelled, and a day of reviewing is fast (density, keys, live counts)."""

from __future__ import annotations

import pytest
from browsing import launch_args, login, require_chromium, serving
from conftest import PASSWORD, make_user
from sqlalchemy import select

from workbench.models import Segment

pytestmark = pytest.mark.browser

require_chromium()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return launch_args(browser_type_launch_args)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Playwright evaluates wait_for_function() strings with eval, which the page's CSP
    # forbids; the CSP itself is exercised by tests/test_browser.py and test_security.py
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def live_server(app, sample_doc):
    with serving(app) as base:
        yield base


def seg(app, segment_id: int) -> Segment:
    with app.app_context():
        s = app.extensions["db_session"]()
        found = s.get(Segment, segment_id)
        s.expunge(found)
        return found


def open_doc(page, base, doc, name="kim", query=""):
    login(page, base, name)
    page.goto(f"{base}/documents/{doc}{query}")


def row_id(page, index: int) -> str:
    return page.locator("article.seg").nth(index).get_attribute("data-segment")


def focused_segment(page) -> str | None:
    return page.evaluate(
        "(document.activeElement.closest('article.seg') || {dataset: {}}).dataset.segment || null"
    )


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }""",
        selector,
    )


def test_a_failed_save_is_shown_on_its_row_in_view_with_a_retry(app, live_server, sample_doc, page):
    make_user(app, "kim")
    open_doc(page, live_server, sample_doc)
    sid = row_id(page, 40)
    page.route(f"**/segments/{sid}", lambda route: route.abort())  # the server is unreachable
    ta = page.locator(f"#seg-{sid} textarea[name=target]")
    ta.focus()
    page.keyboard.type("The economy grew steadily.")
    page.keyboard.press("Control+Enter")
    alert = page.locator(f"#seg-{sid} .row-alert")
    alert.wait_for(timeout=5000)
    assert "server cannot be reached" in alert.inner_text()
    assert in_viewport(page, f"#seg-{sid} .row-alert")
    assert focused_segment(page) == sid  # the cursor did not move on
    assert seg(app, int(sid)).target == ""
    page.unroute(f"**/segments/{sid}")
    alert.locator("button.retry").click()
    page.wait_for_selector(f"#seg-{sid}.st-translated", timeout=5000)
    assert seg(app, int(sid)).target == "The economy grew steadily."


def test_a_lost_session_keeps_the_text_logs_in_in_place_and_saves(
    app, live_server, sample_doc, page, context
):
    make_user(app, "kim")
    open_doc(page, live_server, sample_doc)
    sid = row_id(page, 12)
    page.locator(f"#seg-{sid} textarea[name=target]").focus()
    page.keyboard.type("Text written before the session ended.")
    context.clear_cookies()  # the session is gone
    page.keyboard.press("Control+Enter")
    dialog = page.locator("#login-dialog")
    dialog.locator("input[name=username]").wait_for(timeout=5000)
    stored = page.evaluate(f"localStorage.getItem('workbench:draft:{sid}')")
    assert "Text written before the session ended." in stored
    assert page.locator("#rows form.login-form").count() == 0  # no login page among the rows
    assert "logged out" in page.locator(f"#seg-{sid} .row-alert").inner_text()
    dialog.locator("input[name=username]").fill("kim")
    dialog.locator("input[name=password]").fill(PASSWORD)
    dialog.locator("input[name=password]").press("Enter")
    page.wait_for_selector(f"#seg-{sid}.st-translated", timeout=5000)
    assert not dialog.is_visible()
    assert seg(app, int(sid)).target == "Text written before the session ended."
    assert page.evaluate(f"localStorage.getItem('workbench:draft:{sid}')") is None
    # the page goes on working with the new session (its CSRF token was renewed)
    other = row_id(page, 13)
    page.locator(f"#seg-{other} textarea[name=target]").fill("And after it.")
    page.locator(f"#seg-{other} textarea[name=target]").press("Control+Enter")
    page.wait_for_selector(f"#seg-{other}.st-translated", timeout=5000)


def test_leaving_with_unsaved_text_warns_and_the_text_comes_back(
    app, live_server, sample_doc, page
):
    make_user(app, "kim")
    open_doc(page, live_server, sample_doc)
    sid = row_id(page, 20)
    page.locator(f"#seg-{sid} textarea[name=target]").focus()
    page.keyboard.type("Not saved yet")
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", accept)
    page.reload()
    assert dialogs == ["beforeunload"]
    # the text was kept in the browser and is back in its editor, marked as unsaved
    assert page.locator(f"#seg-{sid} textarea[name=target]").input_value() == "Not saved yet"
    assert "restored" in page.locator(f"#seg-{sid} .row-status").inner_text()
    assert seg(app, int(sid)).target == ""


def test_a_conflict_keeps_the_cursor_in_the_conflicting_row(app, live_server, sample_doc, browser):
    make_user(app, "lee")
    make_user(app, "max")
    ctx_a, ctx_b = browser.new_context(), browser.new_context()
    a, b = ctx_a.new_page(), ctx_b.new_page()
    for p, name in ((a, "lee"), (b, "max")):
        open_doc(p, live_server, sample_doc, name)
    sid = row_id(a, 11)
    # Max is typing (so live updates leave his row alone) when Lee saves the same row
    b.locator(f"#seg-{sid} textarea").focus()
    b.keyboard.type("Max's version.")
    a.locator(f"#seg-{sid} textarea").fill("Lee's version.")
    a.locator(f"#seg-{sid} textarea").press("Control+Enter")
    a.wait_for_selector(f"#seg-{sid}.st-translated")
    b.keyboard.press("Control+Enter")
    b.wait_for_selector(f"#seg-{sid} .conflict-box", timeout=5000)
    b.wait_for_timeout(200)  # past htmx's settle
    assert focused_segment(b) == sid
    assert b.locator(f"#seg-{sid} textarea").input_value() == "Max's version."
    ctx_a.close()
    ctx_b.close()


def test_confirming_an_empty_editor_is_refused_with_a_message(app, live_server, sample_doc, page):
    make_user(app, "kim")
    open_doc(page, live_server, sample_doc)
    sid = row_id(page, 6)
    page.locator(f"#seg-{sid} textarea[name=target]").focus()
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f"#seg-{sid} .row-alert", timeout=5000)
    assert "the English is empty" in page.locator(f"#seg-{sid} .row-alert").inner_text()
    assert "st-new" in page.locator(f"#seg-{sid}").get_attribute("class")
    assert seg(app, int(sid)).status == "new"
    page.wait_for_timeout(200)
    assert focused_segment(page) == sid


def test_alt_t_after_a_mouse_selection_and_by_keyboard(app, live_server, sample_doc, page):
    make_user(app, "kim")
    open_doc(page, live_server, sample_doc)
    sid = row_id(page, 6)  # 2024年是实施“十四五”规划承上启下的关键之年。
    zh = page.locator(f"#seg-{sid} .zh")
    box = zh.bounding_box()
    # drag over the start of the Chinese with the mouse: the focus stays on the page
    page.mouse.move(box["x"] + 2, box["y"] + 8)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + 8, steps=5)
    page.mouse.up()
    selected = page.evaluate("getSelection().toString()")
    assert selected and selected in "2024年是实施"
    page.keyboard.press("Alt+t")
    form = page.locator(f"#seg-{sid} form.tagform")
    form.wait_for(timeout=5000)
    assert form.locator("input[name=source]").input_value() == selected.strip()
    page.keyboard.press("Escape")
    # keyboard only: Alt+Z goes to the Chinese, Shift+arrows select, Alt+T tags
    other = row_id(page, 7)
    page.locator(f"#seg-{other} textarea[name=target]").focus()
    page.keyboard.press("Alt+z")
    assert page.evaluate("document.activeElement.classList.contains('zh')")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    chosen = page.evaluate("getSelection().toString()")
    assert len(chosen) == 3
    page.keyboard.press("Alt+t")
    form = page.locator(f"#seg-{other} form.tagform")
    form.wait_for(timeout=5000)
    assert form.locator("input[name=source]").input_value() == chosen


def test_approving_with_open_qa_errors_asks_first(app, live_server, sample_doc, page):
    make_user(app, "eve", role="editor")
    open_doc(page, live_server, sample_doc, "eve")
    sid = row_id(page, 6)  # 2024年…: "A." misses the year, an error of the numbers check
    page.locator(f"#seg-{sid} textarea[name=target]").focus()
    page.keyboard.type("A.")
    page.keyboard.press("Control+Shift+Enter")
    prompt = page.locator(f"#seg-{sid} .approve-prompt")
    prompt.wait_for(timeout=5000)
    assert "Numbers" in prompt.inner_text()
    assert seg(app, int(sid)).status == "new"
    page.wait_for_timeout(200)
    assert focused_segment(page) == sid
    page.keyboard.press("Control+Shift+Enter")  # yes, approve anyway
    page.wait_for_selector(f"#seg-{sid}.st-approved", timeout=5000)
    assert seg(app, int(sid)).status == "approved"


def test_a_reviewer_is_refused_approval_on_the_row(app, live_server, sample_doc, page):
    make_user(app, "kim")
    open_doc(page, live_server, sample_doc)
    sid = row_id(page, 3)
    page.locator(f"#seg-{sid} textarea[name=target]").fill("Fellow deputies:")
    page.locator(f"#seg-{sid} textarea[name=target]").press("Control+Shift+Enter")
    page.wait_for_selector(f"#seg-{sid} .row-alert", timeout=5000)
    assert "may approve segments" in page.locator(f"#seg-{sid} .row-alert").inner_text()
    assert seg(app, int(sid)).status == "new"


def test_counts_update_with_the_row_that_changed(app, live_server, sample_doc, page):
    make_user(app, "kim")
    page.set_viewport_size({"width": 1600, "height": 900})
    open_doc(page, live_server, sample_doc)
    empty = page.locator('#qa-counts li[data-check="empty"] .sev-error')
    assert empty.inner_text() == "250"
    sid = row_id(page, 3)
    page.locator(f"#seg-{sid} textarea[name=target]").fill("Fellow deputies:")
    page.locator(f"#seg-{sid} textarea[name=target]").press("Control+Enter")
    page.wait_for_selector(f"#seg-{sid}.st-translated", timeout=5000)
    assert "Translated 1" in page.locator("#doc-progress").inner_text()
    assert empty.inner_text() == "249"
    # after Ctrl+Enter the cursor is in the next segment that still needs work
    assert focused_segment(page) == row_id(page, 4)
    # a split renumbers the rows below it without a reload
    para_rows = page.locator("article.seg")
    last_before = int(para_rows.nth(60).get_attribute("data-number"))
    target = row_id(page, 6)
    page.locator(f"#seg-{target} .rowmenu summary").click()
    page.locator(f"#seg-{target} .split input[name=at]").fill("5")
    page.locator(f"#seg-{target} .split button").click()
    page.wait_for_selector(".para .flash-success", timeout=5000)
    page.wait_for_timeout(200)
    assert int(para_rows.nth(61).get_attribute("data-number")) == last_before + 1
    assert para_rows.nth(61).locator(".segnum").inner_text() == str(last_before + 1)


def _fill_english(app, doc_id):
    """English of a typical length (about three letters per Chinese character) everywhere."""
    words = "the government will continue to promote high quality development and reform "
    with app.app_context():
        s = app.extensions["db_session"]()
        for sg in s.scalars(select(Segment).where(Segment.document_id == doc_id)):
            n = len(sg.source) * 3
            sg.target = (words * (n // len(words) + 1))[:n].strip().capitalize() + "."
            sg.status = "translated"
        s.commit()


VISIBLE = """() => {
  const top = document.querySelector('.topbar').getBoundingClientRect().bottom;
  return Array.from(document.querySelectorAll('article.seg')).filter(r => {
    const b = r.getBoundingClientRect();
    return b.top >= top - 1 && b.bottom <= window.innerHeight + 1;
  }).length;
}"""


@pytest.mark.parametrize(("width", "height", "least"), [(1600, 900, 10), (1024, 768, 5)])
def test_rows_visible_at_once(app, live_server, sample_doc, page, width, height, least):
    _fill_english(app, sample_doc)
    make_user(app, "kim")
    page.set_viewport_size({"width": width, "height": height})
    open_doc(page, live_server, sample_doc)
    # the body of the report (after the front matter), a segment focused as when working
    first = page.locator("article.seg").nth(30)
    first.locator("textarea").focus()
    page.evaluate(
        "(id) => { const r = document.getElementById('seg-' + id); window.scrollBy(0, "
        "r.getBoundingClientRect().top - document.querySelector('.topbar').offsetHeight); }",
        first.get_attribute("data-segment"),
    )
    count = page.evaluate(VISIBLE)
    assert count >= least, f"{count} rows visible at {width}x{height}"
    # the editor shows all of its text: no inner scrollbar
    assert page.evaluate(
        "Array.from(document.querySelectorAll('article.seg textarea')).slice(30, 45)"
        ".every(t => t.scrollHeight <= t.clientHeight + 1)"
    )


def test_small_things_that_slow_a_day_of_reviewing(app, live_server, sample_doc, page):
    make_user(app, "kim")
    page.set_viewport_size({"width": 1600, "height": 900})
    open_doc(page, live_server, sample_doc, query="?q=就业")
    # search hits are highlighted
    assert page.evaluate("CSS.highlights.get('search-hit').size") > 0
    # the skip link: one Tab and Enter reach the first segment that needs work
    page.keyboard.press("Tab")
    assert "Skip to the first segment" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.name === 'target'", timeout=5000)
    assert focused_segment(page) == row_id(page, 0)
    # readable QA badges: the check's name and its message, not a code
    page.goto(f"{live_server}/documents/{sample_doc}")
    sid = row_id(page, 6)
    page.locator(f"#seg-{sid} textarea").fill("In 2023 it was.")
    page.locator(f"#seg-{sid} textarea").press("Control+Enter")
    badge = page.locator(f"#seg-{sid} details.issue summary").first
    badge.wait_for(timeout=5000)
    assert badge.inner_text().startswith("Numbers: ")
    # the history panel is titled with the row number and Esc closes it
    number = page.locator(f"#seg-{sid}").get_attribute("data-number")
    page.locator(f"#seg-{sid} .rowmenu summary").click()
    page.locator(f"#seg-{sid} .rowmenu button", has_text="History").click()
    heading = page.locator(f"#panel-{sid} .history h3")
    heading.wait_for(timeout=5000)
    assert heading.inner_text().startswith(f"History of segment {number} ")
    page.locator(f"#panel-{sid} textarea[name=body]").focus()
    page.keyboard.press("Escape")
    assert page.locator(f"#panel-{sid} .history").count() == 0
    # Esc put the cursor back in the row; the panel follows the focused segment
    assert focused_segment(page) == sid
    page.wait_for_function(
        f"(document.querySelector('#focus-panel h2') || {{}}).textContent?.startsWith('Segment {number} ')",
        timeout=5000,
    )
    assert "v2" in page.locator("#focus-panel h2").inner_text()
    # the keyboard legend is behind "?"
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("?")
    assert page.locator("#keys-dialog").is_visible()
    # a favicon
    assert page.evaluate("document.querySelector('link[rel=icon]').href").endswith("favicon.svg")
    assert page.request.get(f"{live_server}/static/favicon.svg").ok


def test_panel_suggestions_by_key_and_moving_to_the_next_work(app, live_server, sample_doc, page):
    from workbench.models import MTOutput

    make_user(app, "kim")
    with app.app_context():
        s = app.extensions["db_session"]()
        segs = s.scalars(
            select(Segment).where(Segment.document_id == sample_doc).order_by(Segment.id)
        ).all()
        target = segs[8]
        s.add(
            MTOutput(
                segment_id=target.id,
                engine="fake",
                model_version="1",
                source=target.source,
                text="Over the past year we worked hard.",
                alternatives=["We worked hard."],
            )
        )
        for done in segs[9:12]:  # confirmed already: "next untranslated" skips them
            done.target, done.status = "Done.", "translated"
        s.commit()
        target_id, after_done = target.id, segs[12].id
    page.set_viewport_size({"width": 1600, "height": 900})
    open_doc(page, live_server, sample_doc)
    page.locator(f"#seg-{target_id} textarea[name=target]").focus()
    page.wait_for_selector("#focus-panel .suggestion[data-key='2']", timeout=5000)
    page.keyboard.press("Alt+2")
    ta = page.locator(f"#seg-{target_id} textarea[name=target]")
    assert ta.input_value() == "We worked hard."
    page.keyboard.press("Alt+1")
    assert ta.input_value() == "Over the past year we worked hard."
    # Ctrl+Enter saves and goes on to the next segment that still needs work
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(
        f"#seg-{target_id}.st-machine-translated, #seg-{target_id}.st-translated"
    )
    page.wait_for_function(f"document.activeElement.closest('#seg-{after_done}') !== null")
    # Alt+U / Alt+N / Alt+Q from the top of the document
    page.locator(f"#seg-{segs[9].id} textarea[name=target]").focus()
    page.keyboard.press("Alt+n")
    assert focused_segment(page) == str(after_done)


def test_find_and_replace_from_the_page_updates_the_rows(app, live_server, sample_doc, page):
    make_user(app, "kim")
    with app.app_context():
        s = app.extensions["db_session"]()
        segs = s.scalars(
            select(Segment).where(Segment.document_id == sample_doc).order_by(Segment.id)
        ).all()
        for sg in segs[4:7]:
            sg.target, sg.status = "The econmy grew.", "translated"
        s.commit()
        ids = [sg.id for sg in segs[4:7]]
    page.set_viewport_size({"width": 1600, "height": 900})
    open_doc(page, live_server, sample_doc)
    page.locator("details.batch summary").click()
    page.locator(".replace-form input[name=find]").fill("econmy")
    page.locator(".replace-form input[name=replace]").fill("economy")
    page.locator(".replace-form button[type=submit]").click()
    preview = page.locator("#batch-result .batch-preview")
    preview.wait_for(timeout=5000)
    assert "3 segments will change" in preview.inner_text()
    assert preview.locator("tbody tr").count() == 3
    page.locator("#batch-result button.primary").click()
    page.locator("#batch-result .batch-done").wait_for(timeout=5000)
    # the rows on the page show the new English without a reload
    page.wait_for_function(
        f"document.querySelector('#seg-{ids[0]} textarea').value === 'The economy grew.'",
        timeout=5000,
    )
    page.locator("#batch-result .batch-done button", has_text="Undo").click()
    page.wait_for_selector("#batch-result .batch-done:has-text('Undone')", timeout=5000)
    assert seg(app, ids[2]).target == "The econmy grew."
