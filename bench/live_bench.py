"""Live-updates benchmark: N reviewers connected over SSE while 2 of them save continuously.

Not a test. Serves the workbench with waitress (`workbench serve`, as users run it) in a
subprocess on loopback, then in one run:
  1. the 2 savers alone for --seconds (no listeners): save latency;
  2. the same with --listeners streams open: save latency, and the time from sending a save to
     the update on every other screen (the changed row received, rendered, over the stream),
     medians and p95;
  3. the server's memory per open connection (RSS before/after opening them).

    .venv/bin/python bench/live_bench.py [--listeners 20] [--seconds 60]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbench" / "demo" / "jiangyuan-2024-government-work-report.zh.txt"
PASSWORD = "bench password 1"
DOC = 1
ROW_VERSION = re.compile(r'data-segment="(\d+)" data-version="(\d+)"')


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] if values else 0


class Client:
    """One logged-in reviewer over plain http.client (a session cookie and its CSRF token)."""

    def __init__(self, port: int, name: str) -> None:
        self.port, self.cookie, self.token = port, "", ""
        page = self.request("GET", "/login")[1]
        self.token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, _ = self.request(
            "POST", "/login", {"username": name, "password": PASSWORD, "csrf_token": self.token}
        )
        assert status == 302, status
        page = self.request("GET", f"/documents/{DOC}")[1]
        self.client_id = re.search(r'data-client="([^"]+)"', page).group(1)
        self.versions = {
            int(a): int(b)
            for a, b in re.findall(r'data-segment="(\d+)" data-version="(\d+)"', page)
        }

    def request(self, method: str, path: str, form: dict | None = None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        body = urllib.parse.urlencode(form) if form is not None else None
        hdrs = {"Cookie": self.cookie, **(headers or {})}
        if body is not None:
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body, hdrs)
        resp = conn.getresponse()
        data = resp.read().decode()
        for key, value in resp.getheaders():
            if key.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        conn.close()
        return resp.status, data

    def save(self, seg: int, text: str) -> tuple[int, str]:
        status, body = self.request(
            "POST",
            f"/segments/{seg}",
            {
                "target": text,
                "status": "draft",
                "action": "save",
                "base_version": self.versions[seg],
            },
            {"HX-Request": "true", "X-CSRFToken": self.token, "X-Client-Id": self.client_id},
        )
        found = re.search(r'data-version="(\d+)"', body)
        if found:
            self.versions[seg] = int(found.group(1))
        return status, body


def listen(client: Client, sent: dict, arrivals: list, stop: threading.Event, ready) -> None:
    """One screen: read the stream, note when each saved row arrives (rendered)."""
    conn = http.client.HTTPConnection("127.0.0.1", client.port, timeout=60)
    conn.request(
        "GET",
        f"/documents/{DOC}/live?client={client.client_id}",
        headers={"Cookie": client.cookie, "Accept": "text/event-stream"},
    )
    resp = conn.getresponse()
    ready.release()
    kind = None
    while not stop.is_set():
        line = resp.fp.readline()
        if not line:
            break
        line = line.decode().rstrip("\n")
        if line.startswith("event: "):
            kind = line[7:]
        elif line.startswith("data: ") and kind == "rows":
            # the changed rows arrive rendered: this is the moment the other screen updates
            for seg, version in ROW_VERSION.findall(line):
                key = (int(seg), int(version))
                if key in sent:
                    arrivals.append(time.perf_counter() - sent[key])
    conn.close()


def saver(client: Client, segs: list[int], sent: dict, latencies: list, until: float) -> None:
    i = 0
    while time.perf_counter() < until:
        seg = segs[i % len(segs)]
        start = time.perf_counter()
        sent[(seg, client.versions[seg] + 1)] = start
        status, _ = client.save(seg, f"Text {i} from {client.client_id[:4]}.")
        latencies.append(time.perf_counter() - start)
        assert status == 200, status
        i += 1


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def run_savers(savers: list[Client], segs: list[list[int]], seconds: float, sent: dict) -> list:
    latencies: list[float] = []
    until = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=saver, args=(c, s, sent, latencies, until))
        for c, s in zip(savers, segs)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--listeners", type=int, default=20, help="reviewers connected")
    ap.add_argument("--seconds", type=float, default=60.0, help="saving time per phase")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="wb-live-bench-"))
    env = {
        **os.environ,
        "WORKBENCH_DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite'}",
        "WORKBENCH_SECRET_KEY": "bench",
        "WORKBENCH_MT_ENGINE": "fake",
        "WORKBENCH_HUEY_PATH": str(tmp / "huey.sqlite"),
        "WORKBENCH_CONSUMER_IN_SERVER": "0",
    }
    wb = [sys.executable, "-m", "workbench"]
    subprocess.run([*wb, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*wb, "import", str(SAMPLE)], env=env, check=True, capture_output=True)
    names = [f"r{i:02d}" for i in range(args.listeners)]
    setup = (
        "import sys; from workbench import create_app; from workbench.models import User\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    s = app.extensions['db_session']()\n"
        "    for n in sys.argv[1:]:\n"
        "        u = User(username=n, role='reviewer'); u.set_password(%r); s.add(u)\n"
        "    s.commit()\n" % PASSWORD
    )
    subprocess.run([sys.executable, "-c", setup, *names], env=env, check=True, cwd=ROOT)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [*wb, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, cwd=ROOT
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        clients = [Client(port, n) for n in names]
        savers = clients[:2]
        segs = sorted(savers[0].versions)
        halves = [segs[10:60], segs[60:110]]
        sent: dict = {}

        quiet = run_savers(savers, halves, args.seconds, sent)

        before = rss_kb(server.pid)
        stop = threading.Event()
        ready = threading.Semaphore(0)
        arrivals: list[float] = []
        threads = [
            threading.Thread(target=listen, args=(c, sent, arrivals, stop, ready), daemon=True)
            for c in clients
        ]
        for t in threads:
            t.start()
        for _ in threads:
            ready.acquire()
        time.sleep(2)
        after = rss_kb(server.pid)
        busy = run_savers(savers, halves, args.seconds, sent)
        time.sleep(2)
        stop.set()

        ms = 1000
        print(f"{args.listeners} reviewers connected, 2 saving, {args.seconds:g} s per phase")
        print(
            f"save latency, no listeners : median {statistics.median(quiet) * ms:.1f} ms, "
            f"p95 {pct(quiet, 95) * ms:.1f} ms ({len(quiet)} saves)"
        )
        print(
            f"save latency, {args.listeners} listeners: median {statistics.median(busy) * ms:.1f} ms, "
            f"p95 {pct(busy, 95) * ms:.1f} ms ({len(busy)} saves) -> ratio of medians "
            f"{statistics.median(busy) / statistics.median(quiet):.2f}x"
        )
        if arrivals:
            print(
                f"save -> update on another screen: median {statistics.median(arrivals) * ms:.0f} ms, "
                f"p95 {pct(arrivals, 95) * ms:.0f} ms ({len(arrivals)} updates)"
            )
        print(
            f"server memory per open connection: {(after - before) / args.listeners:.0f} KiB "
            f"(RSS {before / 1024:.0f} -> {after / 1024:.0f} MiB)"
        )
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
