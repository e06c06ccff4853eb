"""Core benchmark: a 2,500-segment document through import, the review page and HTTP saves.

Not a test. Prints medians and the ratio of one save (HTTP, CSRF, optimistic lock, revision,
QA re-run, row re-render) to a bare SQLite INSERT+COMMIT measured in the same run.

    .venv/bin/python bench/core_bench.py [--saves 200] [--repeat 10]
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "workbench" / "demo" / "jiangyuan-2024-government-work-report.zh.txt"


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--saves", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=10, help="copies of the sample in one document")
    ap.add_argument("--page-renders", type=int, default=7)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="wb-bench-"))
    db_file = tmp / "bench.sqlite"
    os.environ.update(
        WORKBENCH_DATABASE_URL=f"sqlite:///{db_file}",
        WORKBENCH_SECRET_KEY="bench",
        WORKBENCH_MT_ENGINE="fake",
        WORKBENCH_HUEY_PATH=str(tmp / "huey.sqlite"),
        WORKBENCH_MAX_UPLOAD_MB="50",
    )
    from sqlalchemy import create_engine, select

    from workbench import create_app
    from workbench.formats.source import read_source
    from workbench.models import Segment, User
    from workbench.schema import upgrade
    from workbench.services.documents import import_document

    upgrade(create_engine(os.environ["WORKBENCH_DATABASE_URL"]))
    app = create_app({"TESTING": False})
    text = "\n".join([SAMPLE.read_text(encoding="utf-8")] * args.repeat)

    with app.app_context():
        session = app.extensions["db_session"]()
        user = User(username="bench", role="admin")
        user.set_password("benchmark-password")
        session.add(user)
        session.commit()
        t_parse, source = timed(read_source, "big.txt", text.encode(), max_bytes=50 * 2**20)
        t_store, doc = timed(import_document, session, source, user=None, force=True)
        session.flush()
        t_qa, _ = timed(session.commit)  # QA runs as the DocumentImported subscriber
        seg_ids = session.scalars(
            select(Segment.id).where(Segment.document_id == doc.id).order_by(Segment.id)
        ).all()
        doc_id = doc.id

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"username": "bench", "password": "benchmark-password", "csrf_token": token}
    )

    renders, sizes = [], []
    for _ in range(args.page_renders):
        t, resp = timed(client.get, f"/documents/{doc_id}")
        assert resp.status_code == 200
        renders.append(t)
        sizes.append(len(resp.data))
    more = []
    cursor = re.search(r"after=(\d+)", resp.get_data(as_text=True)).group(1)
    for _ in range(args.page_renders):
        t, resp = timed(
            client.get, f"/documents/{doc_id}?after={cursor}", headers={"HX-Request": "true"}
        )
        more.append(t)

    saves = []
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    step = max(1, len(seg_ids) // args.saves)
    for i, seg_id in enumerate(seg_ids[::step][: args.saves]):
        data = {
            "target": f"In 2024 the district grew 5% (sentence {i}).",
            "base_version": "1",
            "action": "confirm",
        }
        t, resp = timed(client.post, f"/segments/{seg_id}", data=data, headers=headers)
        assert resp.status_code == 200, resp.status_code
        saves.append(t)

    # bare SQLite: one INSERT + COMMIT into the same database file, same journal settings
    con = sqlite3.connect(db_file)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE bare (id INTEGER PRIMARY KEY, segment_id INT, target TEXT, at TEXT)")
    inserts = []
    for i in range(args.saves):
        start = time.perf_counter()
        con.execute(
            "INSERT INTO bare (segment_id, target, at) VALUES (?, ?, datetime('now'))",
            (i, "x" * 40),
        )
        con.commit()
        inserts.append(time.perf_counter() - start)
    con.close()

    med = statistics.median
    print(
        f"document: {len(seg_ids)} segments, {len(source.paragraphs)} paragraphs ({len(text):,} characters)"
    )
    print(
        f"import: parse+segment {t_parse * 1000:.0f} ms, store {t_store * 1000:.0f} ms, QA all {t_qa * 1000:.0f} ms"
    )
    print(
        f"review page (first {app.config['PAGE_SIZE']} rows): median {med(renders) * 1000:.1f} ms, {med(sizes) / 1024:.0f} KiB"
    )
    print(f"next rows fragment: median {med(more) * 1000:.1f} ms")
    print(f"save through HTTP: median {med(saves) * 1000:.2f} ms over {len(saves)} saves")
    print(f"bare SQLite insert+commit: median {med(inserts) * 1000:.3f} ms")
    print(f"ratio save / bare insert: {med(saves) / med(inserts):.1f}x")


if __name__ == "__main__":
    main()
