"""Live collaboration in two real browsers (Debian's chromium through Playwright)."""

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
def two(app, sample_doc, browser):
    """Lee and Max on the review page of the sample, each in a browser of their own."""
    app.config.update(LIVE_HEARTBEAT_SECONDS=1, LIVE_STREAM_SECONDS=3)
    make_user(app, "lee")
    make_user(app, "max")
    with serving(app) as base:
        contexts = [browser.new_context(), browser.new_context()]
        pages = [c.new_page() for c in contexts]
        for page, name in zip(pages, ("lee", "max")):
            login(page, base, name)
            page.goto(f"{base}/documents/{sample_doc}")
            page.wait_for_function("document.querySelector('#live') !== null")
        yield pages
        for c in contexts:
            c.close()


def row_id(page, n: int) -> str:
    return page.locator("article.seg").nth(n).get_attribute("data-segment")


def test_presence_and_a_save_appear_on_the_other_screen(two):
    lee, max_ = two
    seg = row_id(lee, 5)
    lee.locator(f"#seg-{seg} textarea").focus()
    # Max sees Lee on the page and on the row Lee edits
    max_.wait_for_selector(f"#seg-{seg} .who-edits", timeout=5000)
    assert max_.locator(f"#seg-{seg} .who-edits").inner_text() == "LE"
    assert "lee" in max_.locator("#presence").inner_text()
    before = max_.locator("#doc-progress").inner_text()
    lee.keyboard.type("The district's GDP grew by 5.2%.")
    lee.keyboard.press("Control+Enter")
    lee.wait_for_selector(f"#seg-{seg}.st-translated")
    # Max's row and counts update without a reload
    max_.wait_for_function(
        f"document.querySelector('#seg-{seg} textarea').value.startsWith(\"The district's GDP\")",
        timeout=5000,
    )
    assert "st-translated" in max_.locator(f"#seg-{seg}").get_attribute("class")
    max_.wait_for_function(
        f"document.querySelector('#doc-progress').innerText !== {before!r}", timeout=5000
    )


def test_typing_is_kept_and_the_change_is_noticed(two):
    lee, max_ = two
    seg = row_id(lee, 6)
    max_.locator(f"#seg-{seg} textarea").fill("Max is still typing")
    lee.locator(f"#seg-{seg} textarea").fill("Lee's saved text.")
    lee.locator(f"#seg-{seg} button[type=submit]", has_text="Save").click()
    lee.wait_for_selector(f"#seg-{seg} .saved")
    notice = max_.locator(f"#seg-{seg} .live-notice.changed")
    notice.wait_for(timeout=5000)
    assert "lee" in notice.inner_text() and "Lee's saved text." in notice.inner_text()
    assert max_.locator(f"#seg-{seg} textarea").input_value() == "Max is still typing"
    # saving now is the last line of defence: both texts, nothing lost
    max_.locator(f"#seg-{seg} button[type=submit]", has_text="Save").click()
    max_.wait_for_selector(f"#seg-{seg}.conflict")
    assert max_.locator(f"#seg-{seg} textarea").input_value() == "Max is still typing"


def test_soft_lock_warns_but_does_not_block(two):
    lee, max_ = two
    seg = row_id(lee, 7)
    lee.locator(f"#seg-{seg} textarea").focus()
    max_.wait_for_selector(f"#seg-{seg} .who-edits", timeout=5000)
    max_.locator(f"#seg-{seg} textarea").focus()
    lock = max_.locator(f"#seg-{seg} .live-notice.lock")
    lock.wait_for(timeout=5000)
    assert "lee is editing this segment" in lock.inner_text()
    max_.keyboard.type("Max may still edit.")
    assert max_.locator(f"#seg-{seg} textarea").input_value() == "Max may still edit."


def test_reconnect_catches_up_on_what_was_missed(two):
    lee, max_ = two
    seg = row_id(lee, 8)
    # Max's network drops: the stream ends (3 s lifetime) and cannot come back
    max_.route("**/live?**", lambda route: route.abort())
    max_.wait_for_timeout(4000)
    lee.locator(f"#seg-{seg} textarea").fill("Saved while Max was offline.")
    lee.locator(f"#seg-{seg} button[type=submit]", has_text="Save").click()
    lee.wait_for_selector(f"#seg-{seg} .saved")
    max_.wait_for_timeout(500)
    assert max_.locator(f"#seg-{seg} textarea").input_value() == ""
    max_.unroute("**/live?**")
    max_.wait_for_function(
        f"document.querySelector('#seg-{seg} textarea').value === 'Saved while Max was offline.'",
        timeout=15000,
    )


def test_next_to_do_hands_each_reviewer_another_segment(two):
    lee, max_ = two
    lee.locator(".next-todo").click()
    lee.wait_for_function("document.activeElement.matches('textarea[name=target]')")
    mine = lee.evaluate("document.activeElement.closest('article.seg').dataset.segment")
    max_.keyboard.press("Alt+J")
    max_.wait_for_function("document.activeElement.matches('textarea[name=target]')")
    theirs = max_.evaluate("document.activeElement.closest('article.seg').dataset.segment")
    assert mine != theirs
