"""What every command needs: an app built from the environment, a session, one-line errors,
and the output conventions shared by all commands.

Refusals are mapped once, in `WorkbenchGroup`: a `core.errors.WorkbenchError` (or any click
error) prints one line on stderr, or one JSON object `{"error": ..., "status": ...}` on
stdout when the command was given `--json`, and exits non-zero (1; 2 for usage errors, as
click does). Kept apart from workbench.cli so the command modules can import it while
workbench.cli is still registering them.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, BinaryIO

import click

from .. import create_app
from ..core.errors import Invalid, TooLarge, WorkbenchError
from ..schema import SchemaOutdated

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class CliError(click.ClickException):
    """One line on stderr, or a JSON object on stdout under --json; exit status 1 (or 2)."""

    def __init__(
        self, message: str, status: int = 400, *, as_json: bool = False, exit_code: int = 1
    ):
        super().__init__(message)
        self.status, self.as_json, self.exit_code = status, as_json, exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        if self.as_json:
            click.echo(
                json.dumps({"error": self.message, "status": self.status}, ensure_ascii=False)
            )
        else:
            click.echo(f"Error: {self.message}", err=True)


def _wants_json(args: list[str]) -> bool:
    return "--json" in args[: args.index("--")] if "--" in args else "--json" in args


class WorkbenchGroup(click.Group):
    """The root group: maps every refusal once (see the module docstring)."""

    def main(self, args=None, *rest, **kwargs):  # type: ignore[override]
        argv = list(sys.argv[1:] if args is None else args)
        kwargs.pop("standalone_mode", None)
        try:
            result = super().main(argv, *rest, standalone_mode=False, **kwargs)
            # ctx.exit(n) comes back as n without standalone mode (`workbench qa` exits 1)
            sys.exit(result if isinstance(result, int) else 0)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except WorkbenchError as exc:
            error = CliError(str(exc), exc.status, as_json=_wants_json(argv))
        except CliError as exc:
            exc.as_json = exc.as_json or _wants_json(argv)
            error = exc
        except click.UsageError as exc:
            if not _wants_json(argv):
                exc.show()
                sys.exit(exc.exit_code)
            error = CliError(exc.format_message(), 400, as_json=True, exit_code=exc.exit_code)
        except click.ClickException as exc:
            error = CliError(exc.format_message(), 400, as_json=_wants_json(argv))
        error.show()
        sys.exit(error.exit_code)


def make_app(check_schema: bool = True):
    try:
        return create_app({"CHECK_SCHEMA": check_schema})
    except SchemaOutdated as exc:
        raise click.ClickException(str(exc)) from None


def with_app(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run the command inside an app context with a session. The use cases commit; whatever
    a command leaves uncommitted is rolled back (commands only read otherwise)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        app = make_app()
        with app.app_context():
            session = app.extensions["db_session"]()
            try:
                return func(session, *args, **kwargs)
            finally:
                session.rollback()

    return wrapper


# --- output: one convention for every command that writes a file -------------------------

OUTPUT_HELP = "Output file, or '-' for standard output."


def write_output(output: str | None, default: Path, write: Callable[[BinaryIO], Any]) -> str:
    """Write through `write(binary_file)` to `output` ('-' = stdout, None = `default`);
    returns where it went. A file is written beside its final name and renamed into place
    only when complete; stdout is buffered, so a failure never leaves half a file."""
    if output == "-":
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as buffer:
            write(buffer)
            buffer.seek(0)
            stdout: BinaryIO = sys.stdout.buffer  # click's CliRunner swaps sys.stdout too
            shutil.copyfileobj(buffer, stdout)
            stdout.flush()
        return "stdout"
    path = (Path(output) if output else default).resolve()
    if path.is_dir():
        raise Invalid(f"{path} is a directory; give a file name with -o")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise Invalid(f"{path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; an export is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return str(path)


def read_input(path: Path, max_bytes: int, what: str) -> bytes:
    """The file's bytes, or one line saying why not (missing, unreadable, over `max_bytes`)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLarge(
                f"{path}: {size / 1048576:.1f} MB is over the {max_bytes / 1048576:g} MB "
                f"limit for {what}"
            )
        return path.read_bytes()
    except OSError as exc:
        raise Invalid(f"{path}: {exc.strerror or exc}") from None
