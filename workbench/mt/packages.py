"""Installed translation models: list, install from a file or the Argos index, remove.

Packages are Argos Translate's `.argosmodel` zips (one top-level folder holding metadata.json,
sentencepiece.model and a CTranslate2 model/). Every function takes the packages directory
explicitly, so the workbench's configured folder is used and never Argos's default one.

argostranslate's own `install_from_path` extracts straight into the packages directory: a
foreign zip then leaves stray files, and one stray folder breaks every later listing. Here a
file is checked, extracted beside the directory, validated (CTranslate2 and SentencePiece must
load it) and only then renamed into place, so a refused file leaves the directory untouched.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import stat
import sys
import tempfile
import threading
import urllib.error
import urllib.request
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from .engine import MTError


class NetworkUnavailable(MTError):
    """The Argos package index (or a download link) cannot be reached."""


class PackageError(MTError):
    """A package file or folder is broken, foreign or conflicts with an installed one."""


OFFLINE_MESSAGE = (
    "no network: cannot reach the Argos package index; install the model from a file with "
    "`workbench mt install-file PATH.argosmodel`"
)
STAGING_PREFIX = ".workbench-mt-"
USER_AGENT = "workbench (argostranslate package index)"
# a zip that unpacks to more than this is not a translation model (Argos's are ~100-300 MB)
MAX_UNPACKED_BYTES = 8 * 1024**3

_install_lock = threading.Lock()
_import_lock = threading.Lock()


# --- argostranslate, imported with its side effects contained ----------------------------


def argos_package_module() -> ModuleType:
    """`argostranslate.package`, imported once with its folders kept out of the user's home.

    argostranslate reads its settings once, at import, and creates ~/.local/share/argos-translate,
    ~/.config/argos-translate and ~/.local/cache/argos-translate plus a packages folder. The
    workbench never uses those (it passes its own packages directory everywhere), so the import
    runs with the XDG folders pointed at a private temporary folder, removed at exit; the
    environment is restored right after. A user's ~/.config/argos-translate/settings.json is
    therefore not read either; ARGOS_PACKAGE_INDEX in the environment still picks the index.
    """
    with _import_lock:
        loaded = sys.modules.get("argostranslate.package")
        if loaded is not None:
            return loaded
        home = Path(tempfile.mkdtemp(prefix="workbench-argos-"))
        atexit.register(shutil.rmtree, home, True)
        contained = {
            "XDG_DATA_HOME": home / "data",
            "XDG_CONFIG_HOME": home / "config",
            "XDG_CACHE_HOME": home / "cache",
            "ARGOS_PACKAGES_DIR": home / "packages",
        }
        saved = {key: os.environ.get(key) for key in contained}
        os.environ.update({key: str(value) for key, value in contained.items()})
        try:
            import argostranslate.package as module
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        return module


# --- listing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageInfo:
    from_code: str
    to_code: str
    version: str
    size_bytes: int
    path: Path
    name: str  # the package folder's name, e.g. translate-zh_en-1_9

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (for `workbench mt list --json`)."""
        data = asdict(self)
        data["path"] = str(self.path)
        return data


def list_packages(packages_dir: Path) -> list[PackageInfo]:
    """Installed translation packages, sorted by pair then version (newest last).

    Folders that are not packages (no readable metadata.json) are skipped rather than fatal.
    """
    packages_dir = Path(packages_dir)
    if not packages_dir.is_dir():
        return []
    found = []
    for folder in sorted(packages_dir.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        try:
            metadata = read_metadata(folder)
        except PackageError:
            continue
        found.append(_info(folder, metadata))
    return sorted(found, key=lambda p: (p.from_code, p.to_code, version_key(p.version), p.name))


def find_package(packages_dir: Path, from_code: str, to_code: str) -> PackageInfo | None:
    """The newest installed package for the pair, if any."""
    matches = [
        p for p in list_packages(packages_dir) if (p.from_code, p.to_code) == (from_code, to_code)
    ]
    return matches[-1] if matches else None


def read_metadata(folder: Path) -> dict[str, Any]:
    """metadata.json of a package folder, checked to name a translation pair."""
    try:
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError(f"{folder.name}: no metadata.json") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"{folder.name}: unreadable metadata.json ({_one_line(exc)})") from None
    if not isinstance(metadata, dict):
        raise PackageError(f"{folder.name}: metadata.json is not a JSON object")
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key]:
            raise PackageError(f"{folder.name}: metadata.json has no {key}")
    # argostranslate treats a missing type as "translate" (older packages omit it)
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise PackageError(f"{folder.name}: a {kind!r} package, not a translation model")
    if not isinstance(metadata.get("package_version", ""), str):
        raise PackageError(f"{folder.name}: package_version in metadata.json is not a string")
    return metadata


def version_key(version: str) -> tuple[int, Any]:
    """Sort key for package versions; unparsable ones sort first."""
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def _info(folder: Path, metadata: dict[str, Any]) -> PackageInfo:
    return PackageInfo(
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        version=metadata.get("package_version", ""),
        size_bytes=_folder_size(folder),
        path=folder,
        name=folder.name,
    )


def _folder_size(folder: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            total += (Path(dirpath) / name).stat().st_size
    return total


# --- installing from a file -------------------------------------------------------------


def install_file(packages_dir: Path, path: Path, *, replace: bool = False) -> PackageInfo:
    """Validate and install an .argosmodel file; PackageError leaves packages_dir as it was.

    An installed package with the same pair and version is kept (PackageError) unless `replace`.
    A different version of the same pair is installed beside it; the engine uses the newest.
    """
    packages_dir, path = Path(packages_dir), Path(path)
    with _install_lock:
        top, unpacked_bytes = _check_zip(path)
        parent = _staging_parent(packages_dir)
        _check_disk_space(parent, unpacked_bytes)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + "install-", dir=parent))
        try:
            with zipfile.ZipFile(path) as archive:
                archive.extractall(staging)
            candidate = staging / top
            metadata = validate_package_dir(candidate)
            return _move_into_place(packages_dir, candidate, metadata, staging, replace)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _check_zip(path: Path) -> tuple[str, int]:
    """The zip's single top-level folder and its unpacked size; PackageError if it is not one."""
    if not path.is_file():
        raise PackageError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise PackageError(f"{path.name} is not an Argos package: not a zip archive")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            damaged = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise PackageError(f"{path.name} is a damaged zip archive ({_one_line(exc)})") from None
    if damaged is not None:
        raise PackageError(f"{path.name} is a damaged zip archive (bad member {damaged})")
    for member in members:
        _check_member(path, member)
    tops = sorted({m.filename.split("/", 1)[0] for m in members})
    if len(tops) != 1:
        shown = ", ".join(tops[:5]) + (" ..." if len(tops) > 5 else "")
        raise PackageError(
            f"{path.name} is not an Argos package: it must hold exactly one top-level folder, "
            f"it holds {len(tops)} entries ({shown or 'none'})"
        )
    top = tops[0]
    if not all(m.filename.startswith(top + "/") for m in members) or top.startswith("."):
        raise PackageError(f"{path.name} is not an Argos package: {top!r} is not a package folder")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise PackageError(f"{path.name} unpacks to {unpacked} bytes: too large for a model")
    return top, unpacked


def _check_member(path: Path, member: zipfile.ZipInfo) -> None:
    name = member.filename
    parts = name.split("/")
    if name.startswith("/") or "\\" in name or ":" in parts[0] or ".." in parts:
        raise PackageError(f"{path.name} is not an Argos package: unsafe member path {name!r}")
    if stat.S_ISLNK(member.external_attr >> 16):
        raise PackageError(f"{path.name} is not an Argos package: symbolic link {name!r}")


def validate_package_dir(folder: Path) -> dict[str, Any]:
    """Check an unpacked package the way the engine will use it; return its metadata."""
    metadata = read_metadata(folder)
    _check_sentencepiece(folder)
    _check_ct2_model(folder)
    try:  # argostranslate must accept it too, or its own tools would choke on the folder
        argos_package_module().Package(folder)
    except Exception as exc:  # noqa: BLE001 - any failure means "argostranslate cannot read it"
        raise PackageError(
            f"{folder.name}: argostranslate cannot read it ({_one_line(exc)})"
        ) from None
    return metadata


def _check_sentencepiece(folder: Path) -> None:
    import sentencepiece as spm

    model = folder / "sentencepiece.model"
    if not model.is_file():
        raise PackageError(f"{folder.name}: no sentencepiece.model")
    try:
        pieces = spm.SentencePieceProcessor(model_file=str(model)).get_piece_size()
    except Exception as exc:  # noqa: BLE001 - sentencepiece raises bare RuntimeError/OSError
        raise PackageError(
            f"{folder.name}: unreadable sentencepiece.model ({_one_line(exc)})"
        ) from None
    if pieces < 3:
        raise PackageError(f"{folder.name}: sentencepiece.model has no vocabulary")


def _check_ct2_model(folder: Path) -> None:
    import ctranslate2

    model_dir = folder / "model"
    if not (model_dir / "model.bin").is_file():
        raise PackageError(f"{folder.name}: no CTranslate2 model (model/model.bin)")
    config = model_dir / "config.json"
    if config.exists():  # models converted by CTranslate2 < 3 have none; CTranslate2 decides
        try:
            json.loads(config.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            raise PackageError(f"{folder.name}: model/config.json is not valid JSON") from None
    try:
        # one thread and the stored weight type: this only proves the model loads
        translator = ctranslate2.Translator(str(model_dir), device="cpu", intra_threads=1)
    except Exception as exc:  # noqa: BLE001 - CTranslate2 raises RuntimeError/ValueError
        raise PackageError(
            f"{folder.name}: CTranslate2 cannot load its model ({_one_line(exc)})"
        ) from None
    del translator


def _staging_parent(packages_dir: Path) -> Path:
    """Where temporary folders go: beside the packages dir, on the same file system, so the
    final rename is atomic; never inside it, where argostranslate would list them."""
    parent = packages_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _check_disk_space(parent: Path, needed: int) -> None:
    free = shutil.disk_usage(parent).free
    if free < needed + 64 * 1024**2:
        raise PackageError(f"not enough disk space in {parent}: {needed} bytes needed, {free} free")


def _move_into_place(
    packages_dir: Path, candidate: Path, metadata: dict[str, Any], staging: Path, replace: bool
) -> PackageInfo:
    target = packages_dir / candidate.name
    clashes = [
        p.path
        for p in list_packages(packages_dir)
        if (p.from_code, p.to_code, p.version)
        == (metadata["from_code"], metadata["to_code"], metadata.get("package_version", ""))
    ]
    if target.exists() and target not in clashes:
        clashes.append(target)
    if clashes and not replace:
        raise PackageError(
            f"{metadata['from_code']}→{metadata['to_code']} {metadata.get('package_version', '')} "
            f"is already installed ({clashes[0].name}); remove it first with "
            f"`workbench mt remove {metadata['from_code']} {metadata['to_code']}`"
        )
    packages_dir.mkdir(parents=True, exist_ok=True)
    # replaced folders are first renamed out (atomic), then the new one renamed in; if that
    # fails the old ones go back, so a failure never leaves the pair uninstalled
    moved: list[tuple[Path, Path]] = []
    try:
        for index, old in enumerate(clashes):
            aside = staging / f"replaced-{index}"
            os.rename(old, aside)
            moved.append((aside, old))
        os.rename(candidate, target)
    except OSError as exc:
        for aside, old in reversed(moved):
            os.rename(aside, old)
        raise PackageError(f"cannot install into {packages_dir}: {_one_line(exc)}") from None
    return _info(target, metadata)


# --- removing -----------------------------------------------------------------------------


def remove(packages_dir: Path, from_code: str, to_code: str) -> list[PackageInfo]:
    """Remove every installed package of the pair; return what was removed (maybe nothing).

    A process that already loaded the model keeps using it until it restarts.
    """
    packages_dir = Path(packages_dir)
    with _install_lock:
        doomed = [
            p
            for p in list_packages(packages_dir)
            if (p.from_code, p.to_code) == (from_code, to_code)
        ]
        if not doomed:
            return []
        trash = Path(
            tempfile.mkdtemp(prefix=STAGING_PREFIX + "remove-", dir=_staging_parent(packages_dir))
        )
        try:
            # renamed out first so the directory never shows a half-deleted package
            for index, package in enumerate(doomed):
                os.rename(package.path, trash / str(index))
        finally:
            shutil.rmtree(trash, ignore_errors=True)
    return doomed


# --- installing from the Argos package index ----------------------------------------------


def default_index_url() -> str:
    """Argos's index (or the mirror named by ARGOS_PACKAGE_INDEX)."""
    return str(argos_package_module().settings.remote_package_index)


def install_from_index(
    packages_dir: Path,
    from_code: str,
    to_code: str,
    *,
    timeout: float = 10,
    index_url: str | None = None,
    replace: bool = False,
) -> PackageInfo:
    """Download the newest package for the pair from the Argos index and install it.

    Offline this fails within `timeout` seconds with NetworkUnavailable(OFFLINE_MESSAGE).
    argostranslate's own update_package_index() is not used: it waits with no timeout and only
    logs failures, and get_available_packages() then recursed until RecursionError.
    """
    url = index_url or default_index_url()
    index = fetch_index(url, timeout=timeout)
    available = _newest_available(index, from_code, to_code)
    version = available.package_version
    for installed in list_packages(Path(packages_dir)):
        if (installed.from_code, installed.to_code, installed.version) == (
            from_code,
            to_code,
            version,
        ) and not replace:
            raise PackageError(
                f"{from_code}→{to_code} {version} is already installed "
                f"({installed.name}): the index has nothing newer"
            )
    parent = _staging_parent(Path(packages_dir))
    with tempfile.TemporaryDirectory(prefix=STAGING_PREFIX + "download-", dir=parent) as tmp:
        download = Path(tmp) / f"translate-{from_code}_{to_code}.argosmodel"
        _download(list(available.links), download, timeout=timeout)
        return install_file(Path(packages_dir), download, replace=replace)


def fetch_index(url: str, *, timeout: float = 10) -> list[dict[str, Any]]:
    """The package index as a list of metadata dicts; NetworkUnavailable if it can't be reached."""
    data = _get_with_deadline(url, timeout)
    try:
        index = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise MTError(f"the Argos package index at {url} is not valid JSON") from None
    if not isinstance(index, list):
        raise MTError(f"the Argos package index at {url} is not a list of packages")
    return [entry for entry in index if isinstance(entry, dict)]


def _get_with_deadline(url: str, timeout: float) -> bytes:
    """GET `url`, giving up after `timeout` seconds whatever hangs (DNS included).

    urlopen's own timeout covers connecting and reading but not name resolution, which can
    stall on a machine with a resolver and no route; the request runs in a daemon thread and
    is abandoned at the deadline.
    """
    outcome: dict[str, Any] = {}

    def fetch() -> None:
        try:
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(request, timeout=timeout) as response:
                outcome["data"] = response.read()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=fetch, name="argos-index-fetch", daemon=True)
    worker.start()
    worker.join(timeout)
    if "data" in outcome:
        return bytes(outcome["data"])
    error = outcome.get("error")
    if isinstance(error, urllib.error.HTTPError):
        raise MTError(f"the Argos package index at {url} answered HTTP {error.code}")
    if error is None or isinstance(error, (OSError, ValueError)):
        # timeout, refused, no route, unknown host (URLError is an OSError), or a bad URL
        raise NetworkUnavailable(OFFLINE_MESSAGE)
    raise MTError(f"cannot read the Argos package index: {_one_line(error)}")


def _newest_available(index: list[dict[str, Any]], from_code: str, to_code: str) -> Any:
    module = argos_package_module()
    candidates = []
    for metadata in index:
        package = module.AvailablePackage(metadata)
        if (package.type, package.from_code, package.to_code) == ("translate", from_code, to_code):
            candidates.append(package)
    if not candidates:
        raise PackageError(f"the Argos package index has no {from_code}→{to_code} model")
    return max(candidates, key=lambda p: version_key(p.package_version))


def _download(links: list[str], destination: Path, *, timeout: float) -> None:
    """Stream the first link that works into `destination`."""
    problems = []
    for link in links:
        if not link.startswith(("https://", "http://")):
            continue
        try:
            request = urllib.request.Request(link, headers={"User-Agent": USER_AGENT})
            with (
                urllib.request.urlopen(request, timeout=timeout) as response,
                open(destination, "wb") as out,
            ):
                shutil.copyfileobj(response, out, 1024 * 1024)
            return
        except (OSError, ValueError) as exc:
            problems.append(_one_line(exc))
    detail = problems[-1] if problems else "the index lists no download link"
    raise NetworkUnavailable(
        f"download failed ({detail}); install the model from a file with "
        "`workbench mt install-file PATH.argosmodel`"
    )


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
