"""Real browser (Debian's chromium through Playwright): a TMX from another tool uploaded on
the exports page, and a download that keeps the Chinese title in its file name."""

from __future__ import annotations

import pytest
from browsing import launch_args, login, require_chromium, serving
from conftest import make_user
from test_export_web import first_segments, omegat_like_tmx

pytestmark = pytest.mark.browser

require_chromium()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return launch_args(browser_type_launch_args)


@pytest.fixture
def live_server(app, sample_doc):
    with serving(app) as base:
        yield base


def test_upload_a_tmx_and_read_the_report(app, live_server, sample_doc, page, tmp_path):
    make_user(app, "eve", "editor")  # applying a bilingual file is an editor's action
    one, two = first_segments(app, sample_doc, 2)
    memory = tmp_path / "project_save.tmx"
    memory.write_bytes(
        omegat_like_tmx([(one.source, "On 28 December 2024"), (two.source, two.source)])
    )
    login(page, live_server, "eve")
    page.goto(f"{live_server}/documents/{sample_doc}/exports")
    form = page.locator("form#import-bilingual")
    assert ".tmx" in form.locator("input[type=file]").get_attribute("accept")
    form.locator("input[type=file]").set_input_files(str(memory))
    form.locator("button[type=submit]").click()
    page.wait_for_selector("h1:has-text('TMX import: project_save.tmx')")
    assert page.locator("#count-changed").inner_text() == "1"
    assert "On 28 December 2024" in page.locator("main").inner_text()


def test_download_keeps_the_chinese_title(app, live_server, sample_doc, page):
    from workbench.models import Document

    with app.app_context():
        session = app.extensions["db_session"]()
        session.get(Document, sample_doc).title = "江源区政府工作报告"
        session.commit()
    make_user(app, "eve", "editor")
    login(page, live_server, "eve")
    page.goto(f"{live_server}/documents/{sample_doc}/exports")
    with page.expect_download() as info:
        page.locator("button[name=format][value=csv]").click()
    assert info.value.suggested_filename == f"江源区政府工作报告-{sample_doc}-csv.csv"
