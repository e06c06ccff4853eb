"""`workbench align ZH_FILE EN_FILE`: align a report with its official English translation."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click
from sqlalchemy.orm import Session

from ..services import align as align_service
from .base import with_app


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:  # do not read a huge file into memory just to refuse it
            raise click.ClickException(
                f"{path}: file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:g} MB limit"
            )
        return path.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{path}: {exc.strerror or exc}") from None


@click.command("align")
@click.argument("zh_file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("en_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--title", help="Title of the document made from the Chinese (default: from the file)."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: sentences and links.")
@with_app
def align_cmd(session: Session, zh_file: Path, en_file: Path, title: str | None, as_json: bool):
    """Align a Chinese report with its English (.txt/.md in UTF-8 or GB18030, or .docx).

    The Chinese becomes a workbench document; the alignment is stored as a draft to check
    in the alignment editor.
    """
    from flask import current_app

    max_bytes = current_app.config["MAX_IMPORT_BYTES"]
    try:
        pair = align_service.read_pair(
            zh_file.name,
            _read(zh_file, max_bytes),
            en_file.name,
            _read(en_file, max_bytes),
            max_bytes=max_bytes,
        )
        alignment = align_service.create_alignment(session, pair, user=None, title=title)
    except (align_service.ImportRefused, align_service.AlignRefused) as exc:
        if as_json:  # scripts read one JSON object either way
            click.echo(json.dumps({"error": str(exc)}, ensure_ascii=False))
            click.get_current_context().exit(1)
        raise click.ClickException(str(exc)) from None
    session.commit()
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
