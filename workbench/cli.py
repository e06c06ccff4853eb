"""The `workbench` command: one group per concern. Errors print one line and exit non-zero."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import click
from sqlalchemy import select

from .commands.base import make_app, with_app

DEMO_FILE = (
    Path(__file__).resolve().parent / "demo" / "jiangyuan-2024-government-work-report.zh.txt"
)
DEMO_TITLE = "江源区2024年政府工作报告 (Jiangyuan District Government Work Report 2024)"


@click.group()
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
    from .models import User

    name = name.strip()
    if not name or len(name) > 80:
        raise click.ClickException("user name must be 1 to 80 characters")
    if len(password) < 8:
        raise click.ClickException("password must have at least 8 characters")
    if session.scalars(select(User).where(User.username == name)).first():
        raise click.ClickException(f"user {name!r} already exists")
    account = User(username=name, role=role)
    account.set_password(password)
    session.add(account)
    click.echo(f"created {role} {name}")


@user.command("list")
@with_app
def user_list(session) -> None:
    """List accounts."""
    from .models import User

    for account in session.scalars(select(User).order_by(User.username)):
        click.echo(
            f"{account.username}\t{account.role}\t{'active' if account.active else 'disabled'}"
        )


# --- import ---------------------------------------------------------------------------


def _import(session, path: Path, *, title: str | None, force: bool, max_bytes: int):
    from .importing import ImportRefused, read_source
    from .services import qa as qa_service
    from .services.documents import DuplicateDocument, import_document

    try:
        size = path.stat().st_size
        if size > max_bytes:
            # do not read a huge file into memory just to refuse it
            raise ImportRefused(
                f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:g} MB limit"
            )
        source = read_source(path.name, path.read_bytes(), max_bytes=max_bytes)
        doc = import_document(session, source, user=None, title=title, force=force)
    except (ImportRefused, DuplicateDocument) as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"{path}: {exc.strerror or exc}") from None
    session.flush()
    qa_service.refresh_document(session, doc.id)
    return doc, source


@main.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--title", help="Document title (default: from the file).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--force", is_flag=True, help="Import even if the same text was imported before.")
@with_app
def import_cmd(session, path: Path, title: str | None, as_json: bool, force: bool) -> None:
    """Import a report (.txt/.md in UTF-8 or GB18030, or .docx)."""
    from flask import current_app

    doc, source = _import(
        session, path, title=title, force=force, max_bytes=current_app.config["MAX_IMPORT_BYTES"]
    )
    session.commit()
    info = {
        "id": doc.id,
        "title": doc.title,
        "paragraphs": len(source.paragraphs),
        "headings": sum(1 for p in source.paragraphs if p.kind == "heading"),
        "segments": sum(len(p.spans) for p in source.paragraphs),
        "encoding": source.encoding,
        "format": source.source_format,
        "script": source.script,
    }
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
    waitress_serve(app, host=host, port=port, threads=8, ident="workbench")


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
    from .models import Document, User
    from .schema import upgrade

    app = make_app(check_schema=False)
    upgrade(app.extensions["db_engine"])
    app = make_app()
    with app.app_context():
        session = app.extensions["db_session"]()
        account = session.scalars(select(User).where(User.username == "demo")).first()
        if account is None:
            account = User(username="demo", role="admin")
            session.add(account)
        password = secrets.token_urlsafe(9)
        account.set_password(
            password
        )  # a fresh password each start: printed below, never stored in clear
        from .importing import read_source

        source = read_source(DEMO_FILE.name, DEMO_FILE.read_bytes())
        doc = session.scalars(
            select(Document).where(Document.content_hash == source.content_hash)
        ).first()
        if doc is None:
            doc, _ = _import(
                session,
                DEMO_FILE,
                title=DEMO_TITLE,
                force=False,
                max_bytes=app.config["MAX_IMPORT_BYTES"],
            )
        session.commit()
        click.echo(f"demo document {doc.id}: {doc.title}")
        click.echo(f"log in at http://{host}:{port}/login as  user: demo  password: {password}")
    if not no_serve:
        _serve(app, host, port)


def _register_feature_commands() -> None:
    """Feature packages (mt, glossary, exports, qa, tm) add their command groups when present."""
    for name in ("mt", "glossary", "exports", "qa", "tm"):
        try:
            module = __import__(f"workbench.commands.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"workbench.commands.{name}":
                raise
            continue
        module.register(main)


_register_feature_commands()
