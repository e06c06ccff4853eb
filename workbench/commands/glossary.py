"""`workbench glossary ...`: export, import, candidates, list."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from ..core.usecases import OPERATOR
from ..core.usecases import glossary as cases
from ..services.glossary import EXPORT_FORMATS
from .base import OUTPUT_HELP, read_input, with_app, write_output

MAX_GLOSSARY_BYTES = 50 * 1024 * 1024


def register(main: click.Group) -> None:
    main.add_command(glossary)


@click.group()
def glossary() -> None:
    """The policy-term glossary shared by all documents."""


@glossary.command("export")
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), required=True)
@click.option(
    "-o", "--output", metavar="PATH", help=OUTPUT_HELP + " Default: glossary.FORMAT here."
)
@with_app
def export_cmd(session, fmt: str, output: str | None) -> None:
    """Write all live terms (sorted by Simplified source) as TBX, CSV or JSON."""
    out = cases.export_glossary(session, OPERATOR, fmt)
    where = write_output(
        output, Path.cwd() / f"glossary.{out.extension}", lambda f: f.write(out.data)
    )
    click.echo(f"wrote {where}", err=True)


@glossary.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@with_app
def import_cmd(session, path: Path, as_json: bool) -> None:
    """Import a .tbx/.csv/.json glossary, all or nothing; conflicts are listed, not applied."""
    data = read_input(path, MAX_GLOSSARY_BYTES, "a glossary file")
    report = cases.import_glossary(session, OPERATOR, str(path), data)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    click.echo(f"{path}: {report.summary()}")
    for conflict in report.conflicts:
        click.echo(f"conflict: {conflict['source']}: {conflict['reason']}")


@glossary.command("candidates")
@click.argument("document_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@with_app
def candidates_cmd(session, document_id: int, as_json: bool) -> None:
    """Likely policy terms of a document that are neither in the glossary nor dismissed."""
    from ..core.usecases import get
    from ..models import Document
    from ..services.glossary import document_candidates

    get(session, Document, document_id, "document")
    found = document_candidates(session, document_id)
    if as_json:
        click.echo(json.dumps([asdict(c) for c in found], ensure_ascii=False, indent=2))
        return
    for c in found:
        click.echo(f"{c.count}\t{c.kind}\t{c.text}\t{c.contexts[0] if c.contexts else ''}")


@glossary.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@with_app
def list_cmd(session, as_json: bool) -> None:
    """All live terms with their occurrence counts over all documents."""
    from ..services.glossary import list_terms, occurrences, record

    terms = list_terms(session)
    counts = occurrences(session).total
    if as_json:
        rows = [dict(asdict(record(t)), id=t.id, occurrences=counts.get(t.id, 0)) for t in terms]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for t in terms:
        click.echo(
            f"{t.id}\t{t.source}\t{t.target or '-'}\t{t.status}\t{t.category}\t{counts.get(t.id, 0)}"
        )
