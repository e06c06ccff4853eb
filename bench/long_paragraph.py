"""Review page cost for one paragraph of many sentences (issue "Hardening", item 2).

Not a test. Imports a document whose body is a single line of N sentences (default 10,000),
then times the first review page, a later page, a single-row re-render (a save) and reports
what the page view wrote to disk (SQLite's temporary sort files; /proc/self/io `wchar`, which
counts every byte the process wrote: a page view writes nothing else) and the response size.

    .venv/bin/python bench/long_paragraph.py [--sentences 10000] [--legacy 2000]

`--legacy N` also runs, on a paragraph of N sentences, the rows query as it was before (the
paragraph's text on every row, sorted), to show what the change saves.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def written() -> int:
    with open("/proc/self/io") as io:
        return int(next(line for line in io if line.startswith("wchar:")).split()[1])


def measure(func, repeat: int = 5) -> tuple[float, int, object]:
    """Median seconds, most bytes written in one run, last result."""
    times, writes, result = [], [], None
    for _ in range(repeat):
        before, start = written(), time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
        writes.append(written() - before)
    return statistics.median(times), max(writes), result


def paragraph(n: int) -> str:
    return "".join(f"第{i}项重点工作稳步推进，全年完成投资{i}亿元。" for i in range(n))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=10_000)
    ap.add_argument("--legacy", type=int, default=0, help="sentences for the old query shape")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="wb-longpara-"))
    os.environ.update(
        WORKBENCH_DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite'}",
        WORKBENCH_SECRET_KEY="bench",
        WORKBENCH_MT_ENGINE="fake",
        WORKBENCH_HUEY_PATH=str(tmp / "huey.sqlite"),
        WORKBENCH_MAX_UPLOAD_MB="50",
    )
    os.environ["SQLITE_TMPDIR"] = str(tmp)
    from sqlalchemy import create_engine, select

    from workbench import create_app
    from workbench.core.usecases import OPERATOR
    from workbench.core.usecases.documents import import_document
    from workbench.models import Paragraph, Segment, User
    from workbench.schema import upgrade

    upgrade(create_engine(os.environ["WORKBENCH_DATABASE_URL"]))
    app = create_app({"TESTING": False})
    text = "关于重点工作的报告\n" + paragraph(args.sentences) + "\n"
    with app.app_context():
        s = app.extensions["db_session"]()
        user = User(username="bench", role="admin")
        user.set_password("benchmark-password")
        s.add(user)
        s.commit()
        start = time.perf_counter()
        doc = import_document(s, OPERATOR, "long.txt", text.encode(), max_bytes=50 * 2**20)
        t_import = time.perf_counter() - start
        doc_id = doc.document.id
        seg_ids = s.scalars(
            select(Segment.id).where(Segment.document_id == doc_id).order_by(Segment.id)
        ).all()
    print(
        f"document: 1 paragraph of {args.sentences:,} sentences ({len(text):,} characters); "
        f"import + QA {t_import:.1f} s"
    )

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post(
        "/login",
        data={"username": "bench", "password": "benchmark-password", "csrf_token": token},
    )

    def get(url: str, htmx: bool = False) -> bytes:
        resp = client.get(url, headers={"HX-Request": "true"} if htmx else {})
        assert resp.status_code == 200, resp.status_code
        return resp.get_data()

    t, w, body = measure(lambda: get(f"/documents/{doc_id}"))
    print(
        f"first page:        {t * 1000:7.0f} ms, wrote {w / 1024:8.0f} KiB, page {len(body) / 1024:6.0f} KiB"
    )
    middle = f"1.{len(text) // 2}"
    t, w, body = measure(lambda: get(f"/documents/{doc_id}?after={middle}", htmx=True))
    print(
        f"a middle page:     {t * 1000:7.0f} ms, wrote {w / 1024:8.0f} KiB, page {len(body) / 1024:6.0f} KiB"
    )
    one = seg_ids[len(seg_ids) // 2]
    t, w, body = measure(lambda: get(f"/segments/{one}/row", htmx=True))
    print(
        f"one row (a save):  {t * 1000:7.0f} ms, wrote {w / 1024:8.0f} KiB, row  {len(body) / 1024:6.0f} KiB"
    )

    if args.legacy:
        with app.app_context():
            s = app.extensions["db_session"]()
            legacy_text = "旧\n" + paragraph(args.legacy) + "\n"
            legacy = import_document(
                s, OPERATOR, "legacy.txt", legacy_text.encode(), max_bytes=50 * 2**20, force=True
            ).document.id
            old = (
                select(Segment, Paragraph)
                .join(Paragraph, Segment.paragraph_id == Paragraph.id)
                .where(Segment.document_id == legacy, Segment.active)
                .order_by(Paragraph.position, Segment.start)
            )

            def old_page():  # the page query before: limit, then the rest of the paragraph
                s.expunge_all()
                rows = s.execute(old.limit(101)).all()
                last_seg, last_para = rows[-1]
                s.execute(
                    old.where(
                        Paragraph.position == last_para.position, Segment.start > last_seg.start
                    )
                ).all()

            t, w, _ = measure(old_page, repeat=3)
            print(
                f"before, {args.legacy:,} sentences: {t * 1000:7.0f} ms, wrote {w / 2**20:8.0f} MiB "
                "(paragraph text on every row, the whole paragraph per page)"
            )


if __name__ == "__main__":
    main()
