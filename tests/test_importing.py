"""Reading uploaded files: encodings, formats, titles and every refusal."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workbench.chinese import to_variant
from workbench.formats.source import DEFAULT_MAX_BYTES, ImportRefused, SourceDocument, read_source

SHORT = "一、工作回顾\n现在，我代表区人民政府向大会报告工作。请予审议。\n（一）产业发展\n全年增长5.5%。\n"


def refusal(filename: str, data: bytes, **kwargs: int) -> str:
    with pytest.raises(ImportRefused) as caught:
        read_source(filename, data, **kwargs)
    message = str(caught.value)
    assert "\n" not in message and message.strip() == message
    return message


def docx_bytes(build: Callable[[DocxDocument], object]) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- text files ---------------------------------------------------------------------------


def test_sample_utf8(sample_text: str) -> None:
    doc = read_source("jiangyuan-2024-government-work-report.zh.txt", sample_text.encode())
    assert isinstance(doc, SourceDocument)
    assert (doc.source_format, doc.encoding, doc.script) == ("txt", "utf-8", "hans")
    assert len(doc.paragraphs) == 60
    assert sum(p.kind == "heading" for p in doc.paragraphs) == 11
    assert sum(len(p.spans) for p in doc.paragraphs) == 250
    joined = "\n".join(p.text for p in doc.paragraphs)
    assert doc.content_hash == hashlib.sha256(joined.encode()).hexdigest()
    assert doc.title == "jiangyuan 2024 government work report"
    assert doc.filename == "jiangyuan-2024-government-work-report.zh.txt"


def test_gb18030_twin_is_identical(sample_text: str) -> None:
    utf8 = read_source("report.txt", sample_text.encode())
    gb = read_source("report.txt", sample_text.encode("gb18030"))
    assert gb.encoding == "gb18030"
    assert gb.paragraphs == utf8.paragraphs
    assert gb.content_hash == utf8.content_hash
    assert (gb.title, gb.script) == (utf8.title, utf8.script)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_short_gbk_files_are_detected(encoding: str) -> None:
    for text in (SHORT, "各位代表：\n", "中国", "增长5%。"):
        doc = read_source("short.txt", text.encode(encoding))
        assert doc.encoding == "gb18030"
        assert "\n".join(p.text for p in doc.paragraphs) == text.strip()


def test_utf8_with_bom(sample_text: str) -> None:
    plain = read_source("report.txt", sample_text.encode())
    bom = read_source("report.txt", sample_text.encode("utf-8-sig"))
    assert bom.encoding == "utf-8-sig"
    assert bom.paragraphs == plain.paragraphs and bom.content_hash == plain.content_hash


def test_utf16_with_bom() -> None:
    doc = read_source("report.txt", SHORT.encode("utf-16"))
    assert doc.encoding == "utf-16"
    assert doc.content_hash == read_source("report.txt", SHORT.encode()).content_hash


def test_crlf_and_cr_line_breaks_give_the_same_document() -> None:
    unix = read_source("a.txt", SHORT.encode())
    assert (
        read_source("a.txt", SHORT.replace("\n", "\r\n").encode()).content_hash == unix.content_hash
    )
    assert (
        read_source("a.txt", SHORT.replace("\n", "\r").encode()).content_hash == unix.content_hash
    )


def test_traditional_is_detected_and_kept_as_written(sample_text: str) -> None:
    traditional = to_variant(sample_text, "zh-Hant-TW")
    doc = read_source("報告.txt", traditional.encode())
    assert doc.script == "hant"
    assert [p.text for p in doc.paragraphs] == [
        line.strip() for line in traditional.splitlines() if line.strip()
    ]
    assert read_source("report.txt", sample_text.encode()).script == "hans"


def test_traditional_in_gbk_is_accepted() -> None:
    text = "各位代表：\n現在，我代表區人民政府向大會報告工作，請予審議。\n"
    doc = read_source("tw.txt", text.encode("gbk"))
    assert (doc.encoding, doc.script) == ("gb18030", "hant")


def test_title_line_at_the_start_of_a_text_file() -> None:
    text = "江源区2024年政府工作报告\n——2024年12月28日\n各位代表：\n现在报告工作。\n"
    doc = read_source("upload_2024-12.txt", text.encode())
    assert doc.title == "江源区2024年政府工作报告"
    assert doc.paragraphs[0].kind == "front"


def test_title_after_a_photo_caption_or_web_debris() -> None:
    """A caption on line 1 (贵州) must not turn the title, dateline and speaker into body."""
    text = (
        "贵州省\n省长代表省人民政府向大会作政府工作报告。记者 王伟 摄\n2026年贵州省政府工作报告\n"
        "——2026年1月26日在贵州省第十四届人民代表大会第五次会议上\n省长 李炳军\n各位代表：\n"
        "现在，我代表省人民政府向大会报告工作。\n"
    )
    doc = read_source("gz.txt", text.encode())
    assert doc.title == "2026年贵州省政府工作报告"
    assert [p.kind for p in doc.paragraphs] == ["front"] * 6 + ["body"]


def test_title_from_filename_path_and_separators() -> None:
    doc = read_source("C:\\Users\\me\\江源区_政府工作报告.txt", SHORT.encode())
    assert doc.filename == "江源区_政府工作报告.txt"
    assert doc.title == "江源区 政府工作报告"


def test_uppercase_extension_is_accepted() -> None:
    assert read_source("REPORT.TXT", SHORT.encode()).source_format == "txt"


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_headings() -> None:
    text = "# 政府工作报告\n\n各位代表：\n\n## 一、工作回顾\n\n正文第一句。正文第二句。\n\n---\n\n###三级标题 ###\n正文。\n"
    doc = read_source("report.md", text.encode())
    assert doc.source_format == "md"
    assert doc.title == "政府工作报告"
    assert [(p.kind, p.level, p.text) for p in doc.paragraphs] == [
        ("heading", 1, "政府工作报告"),
        ("front", 0, "各位代表："),
        ("heading", 2, "一、工作回顾"),
        ("body", 0, "正文第一句。正文第二句。"),
        ("heading", 3, "三级标题"),
        ("body", 0, "正文。"),
    ]


def test_markdown_without_title_heading_uses_filename() -> None:
    doc = read_source("work_report.md", "正文。\n# 后来的标题\n".encode())
    assert doc.title == "work report"
    assert doc.paragraphs[1].kind == "heading"


# --- DOCX ---------------------------------------------------------------------------------


def _report(document: DocxDocument) -> None:
    document.add_paragraph("江源区政府工作报告", style="Title")
    document.add_paragraph("——2024年12月28日在区人民代表大会上")
    document.add_paragraph("各位代表：")
    document.add_paragraph("现在，我代表区人民政府向大会报告工作。请予审议。")
    document.add_paragraph("")
    document.add_heading("回顾", level=1)
    document.add_paragraph("一、2024年工作回顾")  # Normal style, numbered: still a heading
    document.add_heading("产业发展", level=2)
    document.add_paragraph("全年增长5%。项目建设提速。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "增长5%。"


def test_docx_paragraphs_and_heading_styles() -> None:
    doc = read_source("report.docx", docx_bytes(_report))
    assert (doc.source_format, doc.encoding, doc.script) == ("docx", "docx", "hans")
    assert doc.title == "江源区政府工作报告"
    assert [(p.kind, p.level, p.text) for p in doc.paragraphs] == [
        ("heading", 1, "江源区政府工作报告"),
        ("front", 0, "——2024年12月28日在区人民代表大会上"),
        ("front", 0, "各位代表："),
        ("body", 0, "现在，我代表区人民政府向大会报告工作。请予审议。"),
        ("heading", 1, "回顾"),
        ("heading", 1, "一、2024年工作回顾"),
        ("heading", 2, "产业发展"),
        ("body", 0, "全年增长5%。项目建设提速。"),
        ("body", 0, "指标"),
        ("body", 0, "增长5%。"),
    ]
    assert [len(p.spans) for p in doc.paragraphs][3] == 2


def test_docx_localized_style_names_and_outline_level() -> None:
    def build(document: DocxDocument) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        chinese = document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph("产业发展", style=chinese)
        custom = document.styles.add_style("My Section", WD_STYLE_TYPE.PARAGRAPH)
        custom.base_style = document.styles["Heading 3"]
        document.add_paragraph("重点项目", style=custom)
        outlined = document.add_paragraph("大纲级别标题")
        ppr = outlined._p.get_or_add_pPr()
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), "3")
        ppr.append(level)
        document.add_paragraph("正文。")

    doc = read_source("styles.docx", docx_bytes(build))
    assert [(p.kind, p.level) for p in doc.paragraphs] == [
        ("heading", 2),
        ("heading", 3),
        ("heading", 4),
        ("body", 0),
    ]


def test_docx_soft_line_break_makes_two_paragraphs() -> None:
    def build(document: DocxDocument) -> None:
        paragraph = document.add_paragraph("第一行。")
        paragraph.add_run().add_break()
        paragraph.add_run("第二行。")

    doc = read_source("breaks.docx", docx_bytes(build))
    assert [p.text for p in doc.paragraphs] == ["第一行。", "第二行。"]


def test_docx_traditional_is_kept() -> None:
    doc = read_source(
        "tw.docx", docx_bytes(lambda d: d.add_paragraph("現在，我代表區人民政府向大會報告工作。"))
    )
    assert doc.script == "hant"
    assert doc.paragraphs[0].text == "現在，我代表區人民政府向大會報告工作。"


# --- refusals -----------------------------------------------------------------------------


def test_refuses_empty_file() -> None:
    assert refusal("report.txt", b"") == "report.txt is empty (0 bytes)"
    assert "only whitespace" in refusal("report.txt", " \r\n\t\u3000\n".encode())
    assert "only whitespace" in refusal("report.md", b"\xef\xbb\xbf\n\n")


def test_refuses_unsupported_extension() -> None:
    message = refusal("report.pdf", b"%PDF-1.7")
    assert message == "report.pdf: .pdf files are not supported (accepted: .txt, .md, .docx)"
    assert "save it as .docx" in refusal("report.doc", b"\xd0\xcf\x11\xe0")
    assert "no file extension" in refusal("README", b"text")


def test_refuses_binary_content_in_text_files() -> None:
    message = refusal("data.txt", "正文".encode() + b"\x00\x01\x02")
    assert message.startswith("data.txt looks binary") and "NUL byte at byte offset 6" in message
    message = refusal("data.md", "第一行\n第二\x07行".encode())
    assert "control character U+0007 at line 2, column 3" in message
    assert "PNG image" in refusal("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert "ZIP archive" in refusal("renamed.txt", docx_bytes(lambda d: d.add_paragraph("x")))


def test_refuses_utf8_file_with_a_corrupt_byte(sample_text: str) -> None:
    data = bytearray(sample_text.encode())
    line_start = data.index("现在".encode())
    data[line_start + 3] = 0xFF  # first byte of the second character on line 5
    message = refusal("report.txt", bytes(data))
    assert message == (
        f"report.txt is not valid UTF-8 or GB18030 text: invalid UTF-8 byte 0xFF "
        f"at line 5, column 2 (byte offset {line_start + 3})"
    )


def test_refuses_short_utf8_file_with_a_truncated_character() -> None:
    data = "第一句话。第二".encode()[:-1] + "句话。".encode()
    message = refusal("short.txt", data)
    assert "invalid UTF-8 byte" in message and "line 1" in message


def test_refuses_utf8_with_bom_and_a_corrupt_byte() -> None:
    data = "\ufeff第一行\n第二行".encode() + b"\xc3"
    assert refusal("bom.txt", data).endswith(f"at line 2, column 4 (byte offset {len(data) - 1})")


def test_refuses_gb18030_file_with_a_corrupt_byte(sample_text: str) -> None:
    data = sample_text.encode("gb18030")
    offset = len(data) - 10
    damaged = data[:offset] + b"\x81\x20" + data[offset + 2 :]
    message = refusal("report.txt", damaged)
    assert (
        "invalid GB18030 byte 0x81 at line 60" in message and f"(byte offset {offset})" in message
    )


def test_refuses_bytes_in_no_supported_encoding() -> None:
    latin1 = "Résumé of the café meeting, naïve façade".encode("latin-1")
    message = refusal("notes.txt", latin1)
    assert message.startswith(
        "notes.txt is not valid UTF-8 or GB18030 text: invalid UTF-8 byte 0xE9 at line 1"
    )


def test_refuses_file_over_the_limit() -> None:
    data = ("正文。" * 400_000).encode()  # 3.6 MB
    message = refusal("big.txt", data, max_bytes=2 * 1024 * 1024)
    assert message == f"big.txt is {len(data):,} bytes (3.4 MB), over the 2 MB import limit"
    too_big = b"x" * (DEFAULT_MAX_BYTES + 1)
    assert "over the 5 MB import limit" in refusal("big.txt", too_big)


def test_refuses_fake_docx() -> None:
    assert (
        refusal("fake.docx", "这不是Word文档".encode())
        == "fake.docx is not a valid .docx file (not a ZIP package)"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("hello.txt", "hi")
    assert (
        refusal("fake.docx", buffer.getvalue())
        == "fake.docx is not a valid .docx file (no word/document.xml inside)"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<not-xml")
    assert refusal("broken.docx", buffer.getvalue()).startswith(
        "broken.docx is not a valid .docx file ("
    )
    assert "old-style .doc" in refusal("old.docx", b"\xd0\xcf\x11\xe0" + bytes(100))


def test_refuses_document_without_text() -> None:
    empty_docx = docx_bytes(lambda d: [d.add_paragraph(""), d.add_paragraph("  ")])
    assert refusal("blank.docx", empty_docx) == "blank.docx contains no text"
    assert refusal("rules.md", b"---\n***\n#\n") == "rules.md contains no text"


def test_message_sanitises_the_filename() -> None:
    message = refusal("evil\nname.exe", b"x")
    assert message.startswith("evilname.exe: .exe files are not supported")
