"""The `workbench` command: one group per concern. Errors print one line and exit non-zero
(one JSON object under --json); see commands/base.py."""

from __future__ import annotations

import json
import secrets
from importlib import metadata
from pathlib import Path

import click
from sqlalchemy import select

from .commands import exports as export_commands
from .commands import glossary as glossary_commands
from .commands import mt as mt_commands
from .commands import qa as qa_commands
from .commands.base import CONTEXT_SETTINGS, WorkbenchGroup, make_app, with_app
from .core.usecases import OPERATOR

DEMO_FILE = (
    Path(__file__).resolve().parent / "demo" / "jiangyuan-2024-government-work-report.zh.txt"
)
DEMO_TITLE = "江源区2024年政府工作报告 (Jiangyuan District Government Work Report 2024)"


def _version() -> str:
    """The installed distribution's version (whatever the distribution is called)."""
    for dist in metadata.packages_distributions().get("workbench", []):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return "unknown (not installed)"


@click.group(cls=WorkbenchGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(
    _version(), "--version", "-V", prog_name="workbench", message="%(prog)s %(version)s"
)
def main() -> None:
    """workbench: turn a Chinese government report into a published English edition."""


# --- database -------------------------------------------------------------------------


@main.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the database schema to the current version."""
    from .schema import upgrade

    app = make_app(check_schema=False)
    before, after = upgrade(app.extensions["db_engine"])
    where = app.extensions["db_engine"].url.render_as_string(hide_password=True)
    click.echo(f"database {where}: {before or 'empty'} -> {after}")


@db.command("current")
def db_current() -> None:
    """Print the schema revision of the database and the one the code needs."""
    from .schema import current_revision, head_revision

    app = make_app(check_schema=False)
    click.echo(
        f"database: {current_revision(app.extensions['db_engine']) or 'empty'}; code: {head_revision()}"
    )


# --- users ----------------------------------------------------------------------------


@main.group()
def user() -> None:
    """Reviewer accounts."""


@user.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["reviewer", "editor", "admin"]),
    default="reviewer",
    show_default=True,
)
@click.password_option("--password", help="Asked for (twice) when not given.")
@with_app
def user_add(session, name: str, role: str, password: str) -> None:
    """Create an account."""
    from .core.usecases.users import add_user

    account = add_user(session, OPERATOR, name, role, password)
    click.echo(f"created {account.role} {account.username}")


@user.command("list")
@with_app
def user_list(session) -> None:
    """List accounts."""
    from .core.usecases.users import list_users

    for account in list_users(session, OPERATOR):
        click.echo(
            f"{account.username}\t{account.role}\t{'active' if account.active else 'disabled'}"
        )


# --- import ---------------------------------------------------------------------------


def _import(session, path: Path, *, title: str | None, force: bool, max_bytes: int):
    from .core.errors import Invalid
    from .core.usecases.documents import check_size, import_document

    try:
        check_size(str(path), path.stat().st_size, max_bytes)  # before reading it into memory
        data = path.read_bytes()
    except OSError as exc:
        raise Invalid(f"{path}: {exc.strerror or exc}") from None
    return import_document(
        session,
        OPERATOR,
        path.name,
        data,
        max_bytes=max_bytes,
        title=title,
        force=force,
        where=str(path),
    )


@main.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--title", help="Document title (default: from the file).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--force", is_flag=True, help="Import even if the same text was imported before.")
@with_app
def import_cmd(session, path: Path, title: str | None, as_json: bool, force: bool) -> None:
    """Import a report (.txt/.md in UTF-8 or GB18030, or .docx)."""
    from flask import current_app

    imported = _import(
        session, path, title=title, force=force, max_bytes=current_app.config["MAX_IMPORT_BYTES"]
    )
    info = imported.summary()
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False))
    else:
        click.echo(
            f"imported document {info['id']} “{info['title']}”: {info['paragraphs']} paragraphs "
            f"({info['headings']} headings), {info['segments']} segments, {info['encoding']}"
        )


# --- serving --------------------------------------------------------------------------


def _serve(app, host: str, port: int) -> None:
    from waitress import serve as waitress_serve

    from .tasks import start_consumer_in_server

    start_consumer_in_server(app)
    click.echo(f"workbench serving at http://{host}:{port}/  (Ctrl+C stops)")
    # 8 threads for ordinary requests plus one per live stream (each waits on its queue):
    # a full house of open review pages never starves the saves.
    threads = 8 + app.config["LIVE_MAX_STREAMS"]
    waitress_serve(
        app,
        host=host,
        port=port,
        threads=threads,
        connection_limit=threads + 100,  # waitress's default of 100 would count the streams
        ident="workbench",
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the workbench."""
    _serve(make_app(), host, port)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Prepare the database and account, do not serve.")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Set up the demo (schema, demo report, a local account) and serve it."""
    from .models import Document
    from .schema import upgrade

    app = make_app(check_schema=False)
    upgrade(app.extensions["db_engine"])
    app = make_app()
    with app.app_context():
        from .core.usecases.users import ensure_account
        from .formats.source import read_source

        session = app.extensions["db_session"]()
        # a fresh password each start: printed below, never stored in clear
        password = secrets.token_urlsafe(9)
        ensure_account(session, OPERATOR, "demo", "admin", password)
        source = read_source(DEMO_FILE.name, DEMO_FILE.read_bytes())
        doc = session.scalars(
            select(Document).where(Document.content_hash == source.content_hash)
        ).first()
        if doc is None:
            doc = _import(
                session,
                DEMO_FILE,
                title=DEMO_TITLE,
                force=False,
                max_bytes=app.config["MAX_IMPORT_BYTES"],
            ).document
        click.echo(f"demo document {doc.id}: {doc.title}")
        click.echo(f"log in at http://{host}:{port}/login as  user: demo  password: {password}")
    if not no_serve:
        _serve(app, host, port)


for _commands in (mt_commands, glossary_commands, export_commands, qa_commands):
    _commands.register(main)
