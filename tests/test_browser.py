"""Real browser (Debian's chromium through Playwright): keyboard editing and the conflict view."""

from __future__ import annotations

import pytest
from browsing import launch_args, login, require_chromium, serving
from conftest import make_user

pytestmark = pytest.mark.browser

require_chromium()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return launch_args(browser_type_launch_args)


@pytest.fixture
def live_server(app, sample_doc):
    with serving(app) as base:
        yield base


def test_keyboard_editing(app, live_server, sample_doc, page):
    make_user(app, "kim", "editor")  # Ctrl+Shift+Enter approves: an editor's action
    login(page, live_server, "kim")
    page.goto(f"{live_server}/documents/{sample_doc}")
    rows = page.locator("article.seg")
    seg_id = rows.nth(4).get_attribute("data-segment")
    first = rows.nth(4).locator("textarea[name=target]")
    first.focus()
    page.keyboard.type("Now, on behalf of the district government, I present the report.")
    page.keyboard.press("Control+Enter")
    # the row is re-rendered as translated and the focus moves to the next segment
    page.wait_for_selector(f"#seg-{seg_id}.st-translated", timeout=5000)
    saved_row = page.locator(f"#seg-{seg_id}")
    assert "st-translated" in saved_row.get_attribute("class")
    assert saved_row.locator("textarea").input_value().startswith("Now, on behalf")
    focused = page.evaluate("document.activeElement.closest('article.seg').dataset.segment")
    assert focused == rows.nth(5).get_attribute("data-segment")
    # Alt+Up goes back; Ctrl+Shift+Enter approves
    page.keyboard.press("Alt+ArrowUp")
    page.keyboard.press("Control+Shift+Enter")
    page.wait_for_selector(f"#seg-{seg_id}.st-approved", timeout=5000)
    # reload: the text was stored
    page.reload()
    assert (
        page.locator("article.seg")
        .nth(4)
        .locator("textarea")
        .input_value()
        .startswith("Now, on behalf")
    )


def test_conflict_view_in_second_browser(app, live_server, sample_doc, browser):
    make_user(app, "lee")
    make_user(app, "max")
    ctx_a, ctx_b = browser.new_context(), browser.new_context()
    a, b = ctx_a.new_page(), ctx_b.new_page()
    login(a, live_server, "lee")
    login(b, live_server, "max")
    for p in (a, b):
        p.goto(f"{live_server}/documents/{sample_doc}")
    seg_id = a.locator("article.seg").nth(5).get_attribute("data-segment")
    row_a, row_b = a.locator(f"#seg-{seg_id}"), b.locator(f"#seg-{seg_id}")
    # Max is typing when Lee saves (a row that is not being typed in would simply show Lee's
    # text at once through the live updates, and Max would never meet a conflict)
    row_b.locator("textarea").fill("Max's version.")
    row_a.locator("textarea").fill("Lee's version.")
    row_a.locator("button[type=submit]", has_text="Save").click()
    a.wait_for_selector(f"#seg-{seg_id} .saved")
    row_b.locator("button[type=submit]", has_text="Save").click()
    b.wait_for_selector(f"#seg-{seg_id}.conflict")
    assert "Lee's version." in row_b.locator(".theirs").inner_text()
    assert row_b.locator("textarea").input_value() == "Max's version."
    # Max takes Lee's text, adds to it, saves: accepted now
    row_b.locator(".use-theirs").click()
    row_b.locator("textarea").press("End")
    b.keyboard.type(" Max agrees.")
    row_b.locator("button[type=submit]", has_text="Save").click()
    b.wait_for_selector(f"#seg-{seg_id} .saved")
    assert row_b.locator("textarea").input_value() == "Lee's version. Max agrees."
    ctx_a.close()
    ctx_b.close()
