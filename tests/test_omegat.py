"""A real consumer: OmegaT 3.6 (Debian's `omegat`) in console mode on a project made from our
export. Our TMX in tm/auto fills the targets, our TBX in glossary/ loads in OmegaT's own
glossary reader, our OmegaT-flavoured XLIFF is translated and comes back through import, and
OmegaT's own TMX comes back through the TMX import. Skipped where OmegaT or Java is absent.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from test_export_cli import add_user, save, segments

OMEGAT = shutil.which("omegat")
JAVA = shutil.which("java")
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
pytestmark = pytest.mark.skipif(
    not (OMEGAT and JAVA and OMEGAT_JAR.is_file()), reason="OmegaT 3.6 (Debian's omegat) needed"
)
X = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
SAFE = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes><mask>**/.svn/**</mask></source_dir_excludes>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>zh-CN</source_lang>
    <target_lang>en-US</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def omegat(project: Path, *args: str) -> None:
    result = subprocess.run(
        [OMEGAT, str(project), *args, f"--config-dir={project.parent / 'omegat-config'}"],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(project.parent), "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0 and "Finished" in result.stdout, result.stdout + result.stderr


def make_project(cli, doc_id: int, root: Path) -> Path:
    """An OmegaT project from our exports: the XLIFF to translate, the memory, the glossary."""
    project = root / "project"
    for folder in ("source", "target", "tm/auto", "glossary", "omegat", "dictionary"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(PROJECT, encoding="utf-8")
    for args in (
        ["export", str(doc_id), "--format", "xliff-omegat", "-o", str(project / "source/doc.xlf")],
        ["export", str(doc_id), "--format", "tmx", "-o", str(project / "tm/auto/doc.tmx")],
        ["glossary", "export", "--format", "tbx", "-o", str(project / "glossary/terms.tbx")],
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.output
    return project


def pseudo_translation(project: Path) -> Path:
    """OmegaT's own TMX for the project, every target a copy of the Chinese: what a
    translator's project_save.tmx looks like before any work (we then edit a few units)."""
    pseudo = project.parent / "pseudo.tmx"
    omegat(
        project,
        "--mode=console-createpseudotranslatetmx",
        f"--pseudotranslatetmx={pseudo}",
        "--pseudotranslatetype=equal",
    )
    return pseudo


def targets(path: Path) -> dict[int, tuple[str, str]]:
    root = etree.parse(str(path), SAFE).getroot()
    return {
        int(unit.get("id")): (
            unit.findtext("x:source", namespaces=X),
            unit.findtext("x:target", namespaces=X),
        )
        for unit in root.iter(f"{{{X['x']}}}trans-unit")
    }


def test_our_tmx_fills_omegat_targets(cli, app, sample_doc, tmp_path):
    one, two, three, four = segments(app, sample_doc)[:4]
    save(
        app,
        {
            one.id: ("On 28 December 2024", "approved"),
            two.id: ("At the fourth session", "translated"),
            three.id: ("A draft only", "draft"),  # below the memory's bar: not offered
        },
    )
    project = make_project(cli, sample_doc, tmp_path)
    omegat(project, "--mode=console-translate")
    out = targets(project / "target/doc.xlf")
    assert len(out) == 250  # every unit of our file is a segment to OmegaT
    assert out[one.id][1] == "On 28 December 2024"
    assert out[two.id][1] == "At the fourth session"
    # no translation: OmegaT writes the source back, as it does for any untranslated segment
    assert out[three.id][1] == out[three.id][0] and out[four.id][1] == out[four.id][0]
    stats = (project / "omegat/project_stats.txt").read_text(encoding="utf-8")
    assert "Remaining:" in stats and " 248\t" in stats.split("Remaining:")[1].splitlines()[0]


def test_omegat_work_comes_back_through_xliff_and_tmx(cli, app, sample_doc, tmp_path):
    """A translator's work in OmegaT's own TMX (project_save.tmx, made by OmegaT's
    pseudo-translation and then edited), the XLIFF OmegaT writes from it, both imported."""
    add_user(app, "tran")
    one, two, three = segments(app, sample_doc)[:3]
    save(app, {one.id: ("On 28 December 2024", "approved")})
    project = make_project(cli, sample_doc, tmp_path)
    pseudo = pseudo_translation(project)
    # The translator's English for two segments; every other unit keeps OmegaT's copy of the
    # Chinese, which an import must not take for English.
    english = {two.source: "At the fourth session", three.source: "Pan Guoqiang, district mayor"}
    tree = etree.parse(str(pseudo), SAFE)
    for tu in tree.getroot().iter("tu"):
        zh, en = tu.findall("tuv")
        if zh.findtext("seg") in english:
            en.find("seg").text = english[zh.findtext("seg")]
    save_tmx = project / "omegat/project_save.tmx"
    tree.write(str(save_tmx), xml_declaration=True, encoding="UTF-8")
    omegat(project, "--mode=console-translate")
    out = targets(project / "target/doc.xlf")
    assert out[two.id][1] == "At the fourth session"

    xliff = cli(
        "import-xliff", str(sample_doc), str(project / "target/doc.xlf"), "--user", "tran", "--json"
    )
    assert xliff.exit_code == 0, xliff.output
    report = json.loads(xliff.stdout)
    assert sorted(report["changed_segments"]) == sorted([two.id, three.id])
    assert report["unknown"] == 0 and report["conflicts"] == 0
    after = {s.id: s for s in segments(app, sample_doc)}
    assert after[two.id].target == "At the fourth session" and after[two.id].status == "translated"
    assert after[one.id].status == "approved"  # unchanged English keeps its approval
    assert sum(1 for s in after.values() if s.target) == 3  # no Chinese stored as English

    # OmegaT's TMX into the same document: everything it says is already there.
    tmx = cli("import-tmx", str(sample_doc), str(save_tmx), "--user", "tran", "--json")
    assert tmx.exit_code == 0, tmx.output
    again = json.loads(tmx.stdout)
    assert again["changed"] == 0 and again["conflicts"] == 0 and again["unknown"] == 0


def test_omegat_tmx_import_into_a_fresh_document(cli, app, sample_doc, sample_text, tmp_path):
    add_user(app, "tran")
    two = segments(app, sample_doc)[1]
    project = make_project(cli, sample_doc, tmp_path)
    pseudo = pseudo_translation(project)
    text = pseudo.read_text(encoding="utf-8")
    marker = f"<seg>{two.source}</seg>"
    first = text.index(marker)
    second = text.index(marker, first + len(marker))  # the en-US copy follows the zh-CN one
    text = text[:second] + "<seg>At the fourth session</seg>" + text[second + len(marker) :]
    pseudo.write_text(text, encoding="utf-8")
    result = cli("import-tmx", str(sample_doc), str(pseudo), "--user", "tran", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["changed_segments"] == [two.id] and report["format"] == "tmx"
    assert report["unchanged"] == 249  # the rest are OmegaT's copies of the Chinese


def test_omegat_reads_our_tbx_and_shows_forbidden_renderings(cli, tmp_path):
    glossary = tmp_path / "g.csv"
    glossary.write_text(
        "source,target,status,category,note,alternatives,forbidden\n"
        "林长制,forest chief system,approved,system,Forest stewardship,,forest head system\n",
        encoding="utf-8",
    )
    assert cli("glossary", "import", str(glossary)).exit_code == 0
    tbx = tmp_path / "terms.tbx"
    assert cli("glossary", "export", "--format", "tbx", "-o", str(tbx)).exit_code == 0
    check = Path(__file__).parent / "omegat" / "GlossaryCheck.java"
    result = subprocess.run(
        [JAVA, "-cp", str(OMEGAT_JAR), str(check), str(tbx)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    entries = [line.split("\t") for line in result.stdout.splitlines()]
    # What OmegaT's glossary pane lists: both renderings, with the entry's comment...
    assert [(src, loc) for src, loc, _ in entries] == [
        ("林长制", "forest chief system"),
        ("林长制", "forest head system"),
    ]
    # ...which says in words which one must not be used (OmegaT runs the statuses together).
    comment = entries[1][2]
    assert "Forbidden, do not use: forest head system (use: forest chief system)" in comment
    assert "Forest stewardship" in comment
