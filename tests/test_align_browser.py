"""Real browser: upload a report and its English, fix a link by keyboard, undo, confirm."""

from __future__ import annotations

import pytest
from browsing import launch_args, login, require_chromium, serving
from conftest import make_user
from test_align import EN, ZH

pytestmark = pytest.mark.browser

require_chromium()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return launch_args(browser_type_launch_args)


def test_align_fix_by_keyboard_undo_and_confirm(app, page, tmp_path):
    make_user(app, "bob", "editor")
    zh_file = tmp_path / "report.zh.txt"
    en_file = tmp_path / "report.en.txt"
    zh_file.write_text("\n".join("".join(p) for p in ZH), encoding="utf-8")
    en_file.write_text("\n".join(" ".join(p) for p in EN), encoding="utf-8")
    with serving(app) as base:
        login(page, base, "bob")
        page.goto(f"{base}/alignments")
        page.set_input_files("input[name=zh]", str(zh_file))
        page.set_input_files("input[name=en]", str(en_file))
        page.click("button:has-text('Align')")
        page.wait_for_selector("[data-align-editor]")
        rows = page.locator("tr[data-link]")
        # weakest first: the Chinese paragraph without English leads, coloured as weak
        assert "粮食产量" in rows.first.inner_text()
        assert "conf-" in rows.first.get_attribute("class")
        page.goto(f"{base}{page.url.split(base)[1].split('?')[0]}?order=document")
        first = page.locator("tr[data-link='1']")
        first.focus()
        page.keyboard.press("Shift+J")  # join link 2 with link 3
        page.wait_for_selector("text=Joined links 2 and 3")
        assert "城镇新增就业" in page.locator("tr[data-link='1']").inner_text()
        page.keyboard.press("z")  # undo
        page.wait_for_selector("text=Undid: joined links 2 and 3")
        assert "城镇新增就业" not in page.locator("tr[data-link='1']").inner_text()
        page.select_option("select[name=status]", "reviewed")
        page.click("button:has-text('Confirm alignment')")
        page.wait_for_selector("text=segments now carry the official English")
        assert "gross domestic product" in page.content()
