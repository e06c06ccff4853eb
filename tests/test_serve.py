"""The README's main job end to end: `workbench demo` sets up and serves the demo report."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

WORKBENCH = shutil.which("workbench", path=str(Path(sys.executable).parent)) or shutil.which(
    "workbench"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(WORKBENCH is None, reason="the workbench console script is not installed")
def test_demo_serves_the_demo_report(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "WORKBENCH_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}",
        "WORKBENCH_SECRET_KEY": "serve-test",
        "WORKBENCH_HUEY_PATH": str(tmp_path / "huey.sqlite"),
        "WORKBENCH_MT_PACKAGES_DIR": str(tmp_path / "models"),
    }
    proc = subprocess.Popen(
        [WORKBENCH, "demo", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        password, lines = None, []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if m := re.search(r"password: (\S+)", line):
                password = m.group(1)
            if "serving at" in line:
                break
        assert password, "".join(lines)
        base = f"http://127.0.0.1:{port}"
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = None
        for _ in range(100):  # the socket opens just after the line is printed
            try:
                page = opener.open(f"{base}/login", timeout=5).read().decode()
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.1)
        assert page, "".join(lines) + (proc.stdout.read() if proc.poll() is not None else "")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode(
            {"username": "demo", "password": password, "csrf_token": token}
        )
        home = opener.open(f"{base}/login", data=form.encode(), timeout=10).read().decode()
        assert "江源区2024年政府工作报告" in home and ">250<" in home
        doc = opener.open(f"{base}/documents/1", timeout=10).read().decode()
        assert "一、2024年工作回顾" in doc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
