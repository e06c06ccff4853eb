"""Model management: install-file, list, remove, refusals, and the package index offline."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from argos_model import BROKEN_KINDS, build_broken_argosmodel, build_tiny_argosmodel

from workbench.mt import NetworkUnavailable, PackageError
from workbench.mt.argos import ArgosEngine
from workbench.mt.engine import MTSettings
from workbench.mt.packages import (
    OFFLINE_MESSAGE,
    argos_package_module,
    find_package,
    install_file,
    install_from_index,
    list_packages,
    remove,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def model_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("models")
    return {
        "1.0": build_tiny_argosmodel(base / "v1"),
        "1.1": build_tiny_argosmodel(base / "v11", version="1.1", eos_bias=5.0),
        "en-zh": build_tiny_argosmodel(base / "enzh", from_code="en", to_code="zh"),
    }


@pytest.fixture(scope="session")
def broken_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("broken")
    return {kind: build_broken_argosmodel(base, kind) for kind in BROKEN_KINDS}


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under `folder` with size and mtime: "left exactly as it was" made testable."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
    }


def test_install_list_remove(tmp_path: Path, model_builds: dict[str, Path]) -> None:
    packages_dir = tmp_path / "packages"
    assert list_packages(packages_dir) == []
    info = install_file(packages_dir, model_builds["1.0"])
    assert (info.from_code, info.to_code, info.version) == ("zh", "en", "1.0")
    assert info.name == "translate-zh_en-1_0" and info.path == packages_dir / info.name
    assert info.size_bytes > 100_000
    assert list_packages(packages_dir) == [info]
    assert info.as_dict()["path"] == str(info.path)
    # argostranslate's own listing accepts the folder we wrote
    listed = argos_package_module().get_installed_packages([packages_dir])
    assert [(p.from_code, p.to_code) for p in listed] == [("zh", "en")]
    # nothing left beside the packages dir either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packages"]

    assert remove(packages_dir, "zh", "en") == [info]
    assert list_packages(packages_dir) == []
    assert list(packages_dir.iterdir()) == []
    assert remove(packages_dir, "zh", "en") == []


def test_same_version_refused_unless_replace(tmp_path: Path, model_builds: dict[str, Path]) -> None:
    packages_dir = tmp_path / "packages"
    install_file(packages_dir, model_builds["1.0"])
    before = snapshot(tmp_path)
    with pytest.raises(PackageError, match="already installed") as caught:
        install_file(packages_dir, model_builds["1.0"])
    assert "\n" not in str(caught.value)
    assert snapshot(tmp_path) == before
    info = install_file(packages_dir, model_builds["1.0"], replace=True)
    assert list_packages(packages_dir) == [info]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packages"]


def test_versions_side_by_side_newest_used(tmp_path: Path, model_builds: dict[str, Path]) -> None:
    packages_dir = tmp_path / "packages"
    install_file(packages_dir, model_builds["1.1"])
    install_file(packages_dir, model_builds["1.0"])
    install_file(packages_dir, model_builds["en-zh"])
    assert [(p.from_code, p.to_code, p.version) for p in list_packages(packages_dir)] == [
        ("en", "zh", "1.0"),
        ("zh", "en", "1.0"),
        ("zh", "en", "1.1"),
    ]
    newest = find_package(packages_dir, "zh", "en")
    assert newest is not None and newest.version == "1.1"
    assert ArgosEngine(MTSettings(packages_dir=packages_dir)).model_version.startswith("1.1 ")
    removed = remove(packages_dir, "zh", "en")
    assert [p.version for p in removed] == ["1.0", "1.1"]
    assert [(p.from_code, p.to_code) for p in list_packages(packages_dir)] == [("en", "zh")]


def test_stray_folder_does_not_break_listing(tmp_path: Path, model_builds: dict[str, Path]) -> None:
    packages_dir = tmp_path / "packages"
    install_file(packages_dir, model_builds["1.0"])
    (packages_dir / "notes").mkdir()
    assert [p.name for p in list_packages(packages_dir)] == ["translate-zh_en-1_0"]


@pytest.mark.parametrize("kind", BROKEN_KINDS)
def test_broken_or_foreign_file_refused(
    tmp_path: Path, kind: str, model_builds: dict[str, Path], broken_builds: dict[str, Path]
) -> None:
    packages_dir = tmp_path / "packages"
    install_file(packages_dir, model_builds["en-zh"])
    before = snapshot(tmp_path)
    with pytest.raises(PackageError) as caught:
        install_file(packages_dir, broken_builds[kind])
    message = str(caught.value)
    assert message and "\n" not in message
    assert snapshot(tmp_path) == before  # no stray folder, nothing half-extracted
    assert len(list_packages(packages_dir)) == 1


def test_missing_file_refused(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="no such file"):
        install_file(tmp_path / "packages", tmp_path / "nope.argosmodel")
    assert not (tmp_path / "packages").exists()


# --- the package index ------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_index_offline_fails_fast_with_one_line(tmp_path: Path) -> None:
    start = time.monotonic()
    with pytest.raises(NetworkUnavailable) as caught:
        install_from_index(
            tmp_path / "packages",
            "zh",
            "en",
            index_url=f"http://127.0.0.1:{closed_port()}/index.json",
        )
    assert time.monotonic() - start < 5
    assert str(caught.value) == OFFLINE_MESSAGE
    assert not (tmp_path / "packages").exists()
    assert list(tmp_path.iterdir()) == []


def test_index_that_never_answers_times_out(tmp_path: Path) -> None:
    # a listening socket nobody serves: connecting works, the answer never comes
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        port = silent.getsockname()[1]
        start = time.monotonic()
        with pytest.raises(NetworkUnavailable, match="no network"):
            install_from_index(
                tmp_path / "packages",
                "zh",
                "en",
                timeout=1,
                index_url=f"http://127.0.0.1:{port}/index.json",
            )
        assert time.monotonic() - start < 5


def test_unknown_host_fails_fast(tmp_path: Path) -> None:
    start = time.monotonic()
    with pytest.raises(NetworkUnavailable):
        install_from_index(
            tmp_path / "packages",
            "zh",
            "en",
            timeout=2,
            index_url="http://argos-index.invalid/index.json",
        )
    assert time.monotonic() - start < 5


@pytest.fixture
def local_index(tmp_path: Path, model_builds: dict[str, Path]) -> Iterator[str]:
    """A package index served from 127.0.0.1, listing the tiny 1.1 model and an en→zh one."""
    served = tmp_path / "served"
    served.mkdir()
    (served / "zh_en.argosmodel").write_bytes(model_builds["1.1"].read_bytes())

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(served), **kwargs)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    index = [
        {
            "type": "translate",
            "from_code": "zh",
            "to_code": "en",
            "package_version": "1.1",
            "links": [f"{base}/missing.argosmodel", f"{base}/zh_en.argosmodel"],
        },
        {
            "type": "translate",
            "from_code": "zh",
            "to_code": "en",
            "package_version": "0.9",
            "links": [f"{base}/old.argosmodel"],
        },
        {"type": "sbd", "from_code": "zh", "package_version": "1.0", "links": []},
    ]
    (served / "index.json").write_text(json.dumps(index), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{base}/index.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_install_from_index(tmp_path: Path, local_index: str) -> None:
    packages_dir = tmp_path / "packages"
    info = install_from_index(packages_dir, "zh", "en", index_url=local_index)
    assert (info.from_code, info.to_code, info.version) == ("zh", "en", "1.1")
    assert list_packages(packages_dir) == [info]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packages", "served"]
    with pytest.raises(PackageError, match="already installed"):
        install_from_index(packages_dir, "zh", "en", index_url=local_index)
    with pytest.raises(PackageError, match="no en→fr model"):
        install_from_index(packages_dir, "en", "fr", index_url=local_index)


def test_argos_import_stays_out_of_home(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ARGOS_"))} | {
        "HOME": str(tmp_path)
    }
    code = (
        "from workbench.mt.packages import argos_package_module as m; "
        "print(m().settings.package_data_dir)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert list(tmp_path.iterdir()) == []
    assert str(tmp_path) not in out.stdout
