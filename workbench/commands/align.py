"""`workbench align ZH_FILE EN_FILE`: align a report with its official English translation."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click
from sqlalchemy.orm import Session

from ..core.errors import Invalid
from ..core.usecases import OPERATOR
from ..core.usecases import align as align_cases
from ..core.usecases.documents import check_size
from ..services import align as align_service
from .base import with_app


def _read(path: Path, max_bytes: int) -> tuple[str, bytes]:
    try:
        check_size(str(path), path.stat().st_size, max_bytes)  # before reading it into memory
        return path.name, path.read_bytes()
    except OSError as exc:
        raise Invalid(f"{path}: {exc.strerror or exc}") from None


@click.command("align")
@click.argument("zh_file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("en_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--title", help="Title of the document made from the Chinese (default: from it).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: sentences and links.")
@with_app
def align_cmd(session: Session, zh_file: Path, en_file: Path, title: str | None, as_json: bool):
    """Align a Chinese report with its English (.txt/.md in UTF-8 or GB18030, or .docx).

    The Chinese becomes a workbench document; the alignment is stored as a draft to check
    in the alignment editor (Alignments in the browser).
    """
    from flask import current_app

    max_bytes = current_app.config["MAX_IMPORT_BYTES"]
    alignment = align_cases.align_files(
        session,
        OPERATOR,
        _read(zh_file, max_bytes),
        _read(en_file, max_bytes),
        max_bytes=max_bytes,
        title=title,
        where=(str(zh_file), str(en_file)),
    )
    if as_json:
        click.echo(json.dumps(align_service.alignment_json(alignment), ensure_ascii=False))
        return
    kinds = Counter(f"{len(link['zh'])}-{len(link['en'])}" for link in alignment.links)
    weak = sum(1 for link in alignment.links if link["score"] < 0.5)
    click.echo(
        f"aligned document {alignment.document_id} “{alignment.title}” (alignment "
        f"{alignment.id}): {len(alignment.zh_sentences)} Chinese and "
        f"{len(alignment.en_sentences)} English sentences in {len(alignment.links)} links "
        f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); {weak} weak"
    )


def register(main: click.Group) -> None:
    main.add_command(align_cmd)
