"""Reading ZIP archives whose headers may lie (pure: no Flask, no database).

A zip's central directory states each member's unpacked size, and a hostile archive states
whatever it likes. Here every byte is counted as it is decompressed, in chunks, against a
budget for the member and for the whole archive, so memory and time stay bounded whatever
the headers claim; `ArchiveRefused` names the member and the limit it passed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

CHUNK = 64 * 1024


class ArchiveRefused(ValueError):
    """The archive is damaged or over a limit; str(e) is one line saying which."""


def megabytes(size: int) -> str:
    """'5 MB' for whole megabytes, else '5.3 MB' (MB = 1024 * 1024 bytes)."""
    value = size / (1024 * 1024)
    return f"{int(value)} MB" if value == int(value) else f"{value:.1f} MB"


@dataclass
class Budget:
    """Unpacked bytes left for the whole archive (shared by every member read)."""

    total: int
    used: int = 0
    members: dict[str, int] = field(default_factory=dict)

    def spend(self, name: str, count: int) -> None:
        self.used += count
        self.members[name] = self.members.get(name, 0) + count
        if self.used > self.total:
            raise ArchiveRefused(
                f"the archive unpacks to more than {megabytes(self.total)} "
                f"(the unpacked-size limit), passed while reading {name}"
            )


class BoundedReader:
    """A file-like view of one member that counts real decompressed bytes.

    Refuses once the member passes `limit` or the archive's `budget` runs out; the zip
    module's CRC check (at the member's end) catches a member whose stated size was a lie.
    """

    def __init__(self, stream: BinaryIO, name: str, limit: int, budget: Budget, what: str):
        self._stream, self.name, self.limit, self.budget, self.what = (
            stream,
            name,
            limit,
            budget,
            what,
        )
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        size = CHUNK if size is None or size < 0 or size > CHUNK else size
        try:
            data = self._stream.read(size)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise ArchiveRefused(f"{self.name} is damaged ({exc})") from None
        self.read_bytes += len(data)
        if self.read_bytes > self.limit:
            raise ArchiveRefused(
                f"{self.name} unpacks to more than {megabytes(self.limit)} ({self.what})"
            )
        self.budget.spend(self.name, len(data))
        return data

    def chunks(self) -> Iterator[bytes]:
        while data := self.read(CHUNK):
            yield data

    def read_all(self) -> bytes:
        return b"".join(self.chunks())

    def drain(self) -> None:
        """Read to the end, keeping nothing (checks size and CRC)."""
        for _ in self.chunks():
            pass

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> BoundedReader:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


class BoundedZip:
    """A zip archive (bytes or path) read only through budgets.

    `max_members` bounds the member count (a directory of a million entries costs memory
    before any member is read); `budget` the unpacked bytes of everything read.
    """

    def __init__(self, source, *, max_unpacked: int, max_members: int = 10_000):
        try:
            self._zip = zipfile.ZipFile(source)
        except zipfile.BadZipFile:
            raise ArchiveRefused("not a ZIP archive") from None
        except (OSError, EOFError, ValueError) as exc:
            raise ArchiveRefused(f"damaged ZIP archive ({exc})") from None
        self.members = self._zip.infolist()
        if len(self.members) > max_members:
            raise ArchiveRefused(
                f"the archive has {len(self.members):,} members, over the limit of {max_members:,}"
            )
        self.budget = Budget(max_unpacked)

    def __enter__(self) -> BoundedZip:
        return self

    def __exit__(self, *_exc) -> None:
        self._zip.close()

    def names(self) -> list[str]:
        return [m.filename for m in self.members]

    def stated_size(self) -> int:
        """What the headers claim (a lie is caught while reading; a large truth right away)."""
        return sum(m.file_size for m in self.members)

    def open(self, name: str, *, limit: int, what: str) -> BoundedReader:
        try:
            stream = self._zip.open(name)  # KeyError (no such member) is the caller's to word
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, ValueError) as exc:
            raise ArchiveRefused(f"{name} cannot be read ({exc})") from None
        return BoundedReader(stream, name, limit, self.budget, what)

    def read(self, name: str, *, limit: int, what: str) -> bytes:
        with self.open(name, limit=limit, what=what) as reader:
            return reader.read_all()

    def extract_all(self, destination, *, limit_each: int, what: str) -> None:
        """Write every member under `destination` (paths already checked by the caller),
        streamed through the budget, so a lying archive cannot fill the disk."""
        from pathlib import Path

        root = Path(destination)
        for member in self.members:
            target = root / member.filename
            if member.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with (
                self.open(member.filename, limit=limit_each, what=what) as reader,
                open(target, "wb") as out,
            ):
                out.writelines(reader.chunks())
