"""`workbench glossary ...`: export, import, candidates, list."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from .base import with_app


def register(main: click.Group) -> None:
    main.add_command(glossary)


@click.group()
def glossary() -> None:
    """The policy-term glossary shared by all documents."""


@glossary.command("export")
@click.option("--format", "fmt", type=click.Choice(["tbx", "csv", "json"]), required=True)
@click.option("-o", "--output", required=True, help="File to write, or - for standard output.")
@with_app
def export_cmd(session, fmt: str, output: str) -> None:
    """Write all live terms (sorted by Simplified source) as TBX, CSV or JSON."""
    from ..services.glossary import export_glossary

    data = export_glossary(session, fmt)
    if output == "-":
        click.echo(data, nl=False)  # bytes go to the binary stream, unchanged
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"{output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {output}", err=True)


@glossary.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@with_app
def import_cmd(session, path: Path, as_json: bool) -> None:
    """Import a .tbx/.csv/.json glossary, all or nothing; conflicts are listed, not applied."""
    from ..glossary.formats import GlossaryFormatError
    from ..services.glossary import import_glossary

    try:
        report = import_glossary(session, path.name, path.read_bytes(), user=None)
    except GlossaryFormatError as exc:
        raise click.ClickException(f"{path}: {exc}; nothing imported") from None
    except OSError as exc:
        raise click.ClickException(f"{path}: {exc.strerror or exc}") from None
    session.commit()
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
    from ..models import Document
    from ..services.glossary import document_candidates

    if session.get(Document, document_id) is None:
        raise click.ClickException(f"there is no document {document_id}")
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
