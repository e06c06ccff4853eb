"""`workbench export`, `import-xliff` and `import-tmx`: files in and out of a document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.errors import Conflict, Invalid, NotFound
from ..core.usecases import OPERATOR, get
from ..core.usecases import exports as cases
from ..formats import EXPORTERS, ExportOptions, export_filename
from ..models import Document, User
from ..services import export as export_service
from ..services.bilingual_import import BilingualImportResult
from .base import OUTPUT_HELP, read_input, with_app, write_output

# Bigger than any report we expect; refuses a wrong file before reading gigabytes of it.
MAX_BILINGUAL_BYTES = 200 * 1024 * 1024


def _document(session: Session, document_id: int) -> Document:
    return get(session, Document, document_id, "document")


def _options(doc: Document, statuses: str | None, chinese: str | None, **flags) -> ExportOptions:
    try:
        return ExportOptions(
            statuses=export_service.parse_statuses([statuses or ""]),
            chinese=chinese or export_service.default_variant(doc),
            **flags,
        )
    except ValueError as exc:
        raise Invalid(str(exc)) from None


@click.command("export")
@click.argument("document_id", type=int)
@click.option(
    "--format",
    "format_name",
    required=True,
    metavar="FORMAT",
    help="One of: " + ", ".join(EXPORTERS) + ".",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help=OUTPUT_HELP + " (text formats only) "
    "Default: a safe name derived from the title, in the current directory.",
)
@click.option(
    "--status",
    "statuses",
    metavar="STATUSES",
    help="Only segments with these statuses (comma list).",
)
@click.option(
    "--chinese",
    metavar="VARIANT",
    help="zh-Hans, zh-Hant-TW or zh-Hant-HK "
    "(default: zh-Hant-TW for a Traditional document, else zh-Hans).",
)
@click.option("--fill-mt", is_flag=True, help="Show MT, marked [MT], where English is missing.")
@click.option(
    "--approved-only", is_flag=True, help="Only approved segments (the edition marks the others)."
)
@click.option(
    "--min-status",
    metavar="STATUS",
    help="TMX: the lowest status of English a memory takes (draft, translated, reviewed, "
    "approved; default translated).",
)
@click.option(
    "--include-unreviewed",
    is_flag=True,
    help="TMX: also MT and English below --min-status, marked as such.",
)
@click.option("--title", metavar="TEXT", help="The edition's title (default: the document's).")
@click.option(
    "--leave-out-mt",
    is_flag=True,
    help="The edition: leave raw MT out (marked) instead of printing it marked [MT].",
)
@click.option("--force", is_flag=True, help="Produce the English edition even with open QA errors.")
@with_app
def export_cmd(
    session: Session,
    document_id: int,
    format_name: str,
    output: str | None,
    statuses: str | None,
    chinese: str | None,
    force: bool,
    **flags,
) -> None:
    """Export a document (TMX, XLIFF, bilingual DOCX/HTML, CSV/XLSX, the English edition)."""
    exporter = cases.exporter_named(format_name)
    doc = _document(session, document_id)
    options = _options(doc, statuses, chinese, **flags)
    if output == "-" and not export_service.is_text_format(exporter):
        raise Invalid(f"{exporter.name} is a binary format; write it to a file with -o PATH")
    # the gate first: a blocked edition writes no file at all
    try:
        cases.check_edition_gate(session, OPERATOR, doc.id, exporter, options, force=force)
    except cases.EditionBlocked as exc:
        raise Conflict(f"{exc}; fix or ignore them, or pass --force") from None
    reports = []

    def write(out: BinaryIO) -> None:
        reports.append(
            cases.export_document(session, OPERATOR, doc.id, exporter, options, out, force=force)
        )

    default = Path.cwd() / export_filename(doc.title, doc.id, exporter, options.chinese)
    where = write_output(output, default, write)
    for line in reports[0].lines:
        click.echo(line, err=True)
    click.echo(f"wrote {where}", err=True)


def _user(session: Session, name: str | None) -> User:
    if not name:
        raise Invalid("say who is importing with --user NAME (the revisions record it)")
    account = session.scalars(select(User).where(User.username == name)).first()
    if account is None:
        raise NotFound(f"there is no user {name!r} (see `workbench user list`)")
    return account


def _print_result(result: BilingualImportResult) -> None:
    counts = result.counts()
    click.echo(
        ", ".join(f"{n} {name}" for name, n in counts.items()) + f" (from {result.filename})"
    )
    for conflict in result.conflicts:
        if conflict.base_version is not None:
            why = (
                f"was edited since the export (version {conflict.base_version} -> "
                f"{conflict.current_version})"
            )
        else:
            why = "has a person's English that the file does not say it replaces"
        click.echo(f"conflict: segment {conflict.segment_id} {why}; kept the workbench's English")
        click.echo(f"  workbench: {conflict.old_target}")
        click.echo(f"  file:      {conflict.new_target}")
    for unknown in result.unknown:
        click.echo(f"unknown: unit {unknown.unit_id}: {unknown.reason}")


def _import_command(kind: str, name: str, what: str) -> click.Command:
    """`import-xliff` and `import-tmx`: the same command for the two bilingual formats."""

    @click.command(
        name,
        help=f"Apply the changed English of {what} filled in another tool as revisions; "
        "conflicts are reported, never applied.",
    )
    @click.argument("document_id", type=int)
    @click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
    @click.option(
        "--user", "username", metavar="NAME", help="Who the revisions are recorded for (required)."
    )
    @click.option(
        "--approve",
        is_flag=True,
        help="Let the file approve segments (an editor's decision); without it a file's "
        "approval is applied as reviewed.",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
    @with_app
    def command(
        session: Session,
        document_id: int,
        path: Path,
        username: str | None,
        approve: bool,
        as_json: bool,
    ) -> None:
        doc = _document(session, document_id)
        account = _user(session, username)
        data = read_input(path, MAX_BILINGUAL_BYTES, f"{kind.lower()} import")
        result = cases.apply_bilingual_file(
            session, OPERATOR, doc.id, path.name, data, author=account, kind=kind, approve=approve
        )
        if as_json:
            click.echo(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            _print_result(result)

    return command


import_xliff_cmd = _import_command("XLIFF", "import-xliff", "an XLIFF (.xlf, .xliff)")
import_tmx_cmd = _import_command("TMX", "import-tmx", "a TMX (e.g. OmegaT's project_save.tmx)")


def register(main: click.Group) -> None:
    main.add_command(export_cmd)
    main.add_command(import_xliff_cmd)
    main.add_command(import_tmx_cmd)
