"""`workbench tm ...`: import, list, remove, export memories; search them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .base import OUTPUT_HELP, with_app, write_output


def register(main: click.Group) -> None:
    main.add_command(tm)


@click.group()
def tm() -> None:
    """Translation memory: the workbench's own and imported TMX files."""


@tm.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--name", help="Memory name (default: the file name without .tmx).")
@click.option(
    "--penalty",
    type=click.IntRange(0, 100),
    default=0,
    show_default=True,
    help="Percentage points taken off every match from this memory.",
)
@click.option(
    "--origin",
    type=click.Choice(["import", "official", "reference"]),
    default="import",
    show_default=True,
    help="official: an edition's own English, first among equals; reference: trusted less.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@with_app
def import_cmd(
    session, path: Path, name: str | None, penalty: int, origin: str, as_json: bool
) -> None:
    """Import a TMX file (1.4; OmegaT, Trados, memoQ, this workbench) as a new memory."""
    from ..core.usecases import OPERATOR
    from ..core.usecases.tm import import_memory

    try:
        size = path.stat().st_size
        with (
            path.open("rb") as raw,
            click.progressbar(length=size, label=f"reading {path.name}", file=sys.stderr) as bar,
        ):
            report = import_memory(
                session,
                OPERATOR,
                raw,
                name=name or path.stem,
                origin=origin,
                penalty=penalty,
                filename=path.name,
                progress=bar.update,
            )
    except OSError as exc:
        raise click.ClickException(f"{path}: {exc.strerror or exc}") from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        click.echo(f"{path}: {report.summary()}")


@tm.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@with_app
def list_cmd(session, as_json: bool) -> None:
    """Memories with their origin, penalty and number of good units."""
    from ..services.tm import list_memories

    memories = list_memories(session)
    if as_json:
        click.echo(json.dumps([m.as_dict() for m in memories], ensure_ascii=False, indent=2))
        return
    for m in memories:
        click.echo(f"{m.name}\t{m.origin}\tpenalty {m.penalty}\t{m.units} units\t{m.filename}")


@tm.command("remove")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@with_app
def remove_cmd(session, name: str, as_json: bool) -> None:
    """Delete an imported memory and its units."""
    from ..core.usecases import OPERATOR
    from ..core.usecases.tm import remove_memory

    count = remove_memory(session, OPERATOR, name)
    if as_json:
        click.echo(json.dumps({"removed": name, "units": count}, ensure_ascii=False))
    else:
        click.echo(f"removed memory {name!r} ({count} units)")


@tm.command("export")
@click.option("-o", "--output", help=OUTPUT_HELP + " Default: NAME.tmx or memory.tmx.")
@click.option("--name", help="Only this memory (default: every memory's good units).")
@with_app
def export_cmd(session, output: str | None, name: str | None) -> None:
    """Write the memory as TMX 1.4."""
    from ..core.errors import NotFound
    from ..services.tm import export_tmx, list_memories

    if name is not None and name not in {m.name for m in list_memories(session)}:
        raise NotFound(f"there is no memory named {name!r}")
    written: list[int] = []
    where = write_output(
        output,
        Path(f"{name or 'memory'}.tmx"),
        lambda out: written.append(export_tmx(session, out, name=name)),
    )
    click.echo(f"wrote {written[0]} units to {where}", err=True)


@tm.command("search")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of result lists.")
@click.option("--limit", type=click.IntRange(1, 200), default=10, show_default=True)
@with_app
def search_cmd(session, text: str, as_json: bool, limit: int) -> None:
    """Matches and concordance for TEXT (Chinese in either script, or English); - reads one
    query per line from standard input."""
    from flask import current_app

    from ..services.tm import search

    queries = [line.rstrip("\n") for line in sys.stdin] if text == "-" else [text]
    threshold = current_app.config["TM_FUZZY_THRESHOLD"]
    answers = [
        [m.as_dict() for m in search(session, q, limit=limit, threshold=threshold)]
        for q in queries
        if q.strip()
    ]
    if as_json:
        click.echo(json.dumps(answers, ensure_ascii=False, indent=2))
        return
    for query, results in zip([q for q in queries if q.strip()], answers):
        click.echo(f"# {query}")
        for r in results:
            shown = f"[{r['fragment']}] " if r["kind"] == "fragment" else ""
            click.echo(
                f"{r['score']:5.1f} {r['kind']:8} {r['memory']}/{r['origin']}\t{shown}"
                f"{r['source']}\t{r['target']}"
            )


@tm.command("consistency")
@click.argument("document_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@with_app
def consistency_cmd(session, document_id: int, as_json: bool) -> None:
    """Same source rendered differently, same English for different sources (document and
    memories)."""
    from dataclasses import asdict

    from ..models import Document
    from ..services.tm import consistency

    if session.get(Document, document_id) is None:
        raise click.ClickException(f"there is no document {document_id}")
    found = consistency(session, document_id)
    if as_json:
        rows = [
            {"kind": i.kind, "key": i.key, "places": [asdict(p) for p in i.places]} for i in found
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for inc in found:
        click.echo(f"{inc.kind}: {inc.key}")
        for p in inc.places:
            where = f"segment {p.number}" if p.segment_id is not None else f"memory {p.memory}"
            shown = p.target if inc.kind == "renderings" else p.source
            click.echo(f"  {where}\t{shown}")


@tm.command("sync")
@with_app
def sync_cmd(session) -> None:
    """Bring the workbench's own memory up to date with every segment (for segments saved
    before the memory existed; later saves keep it up to date by themselves)."""
    from ..core.usecases import OPERATOR
    from ..core.usecases.tm import sync_memory

    count = sync_memory(session, OPERATOR)
    click.echo(f"memory synchronised with {count} segments")
