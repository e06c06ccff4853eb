"""Real browser: tag a term from a text selection, see it highlighted elsewhere, read it by keyboard."""

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
def other_doc(app) -> int:
    """A second document, in Traditional characters, that mentions the term."""
    from workbench.formats.source import read_source
    from workbench.services.documents import import_document

    with app.app_context():
        s = app.extensions["db_session"]()
        doc = import_document(
            s,
            read_source("other.txt", "全面推行林長制，加強森林保護。\n".encode()),
            user=None,
            title="Other",
        )
        s.commit()
        return doc.id


@pytest.fixture
def live_server(app, sample_doc, other_doc):
    with serving(app) as base:
        yield base


# Select `text` inside one row's Chinese as a reader would (the range may cross inner marks).
SELECT = """([rowId, text]) => {
  const zh = document.querySelector('#' + rowId + ' .zh');
  const walker = document.createTreeWalker(zh, NodeFilter.SHOW_TEXT);
  let offset = 0, start = null, end = null, node;
  const at = zh.textContent.indexOf(text);
  while ((node = walker.nextNode())) {
    const len = node.textContent.length;
    if (start === null && at < offset + len) start = [node, at - offset];
    if (at + text.length <= offset + len) { end = [node, at + text.length - offset]; break; }
    offset += len;
  }
  const range = document.createRange();
  range.setStart(...start);
  range.setEnd(...end);
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  return sel.toString();
}"""


def test_tag_term_from_selection_and_see_it_everywhere(
    app, live_server, sample_doc, other_doc, page
):
    make_user(app, "tess", "editor")  # approving a term is an editor's action
    login(page, live_server, "tess")
    # the two sentences that mention 林长制 are far apart; the search shows both
    page.goto(f"{live_server}/documents/{sample_doc}?q=林长制")
    rows = page.locator("article.seg")
    assert rows.count() == 2
    first, second = (rows.nth(i).get_attribute("id") for i in range(2))
    assert page.evaluate(SELECT, [first, "林长制"]) == "林长制"
    page.locator(f"#{first} .rowmenu summary").click()  # secondary actions are in the row's menu
    page.locator(f"#{first} .tag-term").click()
    form = page.locator(f"#{first} form.tagform")
    form.wait_for(timeout=5000)
    assert form.locator("input[name=source]").input_value() == "林长制"
    assert form.locator("select[name=category]").input_value() == "system"
    form.locator("input[name=target]").fill("forest chief system")
    form.locator("textarea[name=note]").fill("森林资源保护发展责任制")
    form.locator("select[name=term_status]").select_option("approved")
    form.locator("button[type=submit]").click()
    # the row is re-rendered with the highlight at once
    page.wait_for_selector(f"#{first} mark.term", timeout=5000)
    assert page.locator(f"#{first} mark.term").inner_text() == "林长制"
    # the other loaded sentence shows it at once, without a reload ...
    page.wait_for_selector(f"#{second} mark.term", timeout=5000)
    # ... and on the next load
    page.reload()
    assert page.locator(f"#{second} mark.term").inner_text() == "林长制"
    # ... and so does another document, written in Traditional characters
    page.goto(f"{live_server}/documents/{other_doc}")
    mark = page.locator("article.seg mark.term")
    assert mark.inner_text() == "林長制"
    # keyboard: Tab from the segment number reaches the mark, which shows its rendering
    page.locator("article.seg .segnum").first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "MARK"
    tip = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert "forest chief system" in tip and "森林资源保护发展责任制" in tip
    assert "forest chief system" in mark.get_attribute("aria-label")


def test_alt_t_opens_the_form_for_a_focused_term(app, live_server, sample_doc, page):
    make_user(app, "uma", "editor")  # approving a term is an editor's action
    login(page, live_server, "uma")
    page.goto(f"{live_server}/documents/{sample_doc}?q=三重一大")
    row = page.locator("article.seg").first
    row_id = row.get_attribute("id")
    page.evaluate(SELECT, [row_id, "三重一大"])
    row.locator("textarea[name=target]").focus()
    page.keyboard.press("Alt+t")
    form = page.locator(f"#{row_id} form.tagform")
    form.wait_for(timeout=5000)
    assert form.locator("input[name=source]").input_value() == "三重一大"
    assert page.evaluate("document.activeElement.name") == "target"
    page.keyboard.type("the Three Majors and One Large")
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_selector(f"#{row_id} mark.term", timeout=5000)
    # tagging it again opens the existing entry for editing instead of a new one
    page.locator(f"#{row_id} mark.term").focus()
    page.keyboard.press("Alt+t")
    page.locator(f"#{row_id} form.tagform").wait_for(timeout=5000)
    assert "Edit glossary term 三重一大" in page.locator(f"#{row_id} form.tagform h3").inner_text()
    assert (
        page.locator(f"#{row_id} input[name=target]").input_value()
        == "the Three Majors and One Large"
    )
