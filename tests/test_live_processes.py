"""Live events across web processes: PostgreSQL LISTEN/NOTIFY and Redis pub/sub.

Two apps on one database stand for two web processes: an event committed by one must reach a
stream of the other through the notification, long before the other's safety-net poll.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest
from conftest import make_user
from live_support import next_at_once
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

PG_URL = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
SLOW_POLL = {"TESTING": True, "LIVE_POLL_SECONDS": 60}


@pytest.fixture
def two_apps(monkeypatch, tmp_path):
    """make(url, extra) -> two apps on one database, as two web processes would be."""
    from workbench import create_app

    made = []

    def make(url: str, extra: dict | None = None):
        monkeypatch.setenv("WORKBENCH_DATABASE_URL", url)
        monkeypatch.setenv("WORKBENCH_SECRET_KEY", "test")
        monkeypatch.setenv("WORKBENCH_HUEY_PATH", str(tmp_path / "huey.sqlite"))
        monkeypatch.setenv("WORKBENCH_MT_ENGINE", "fake")
        pair = [create_app({**SLOW_POLL, **(extra or {})}) for _ in range(2)]
        made.extend(pair)
        return pair

    yield make
    for app in made:
        app.extensions["live_hub"].close()
        app.extensions["db_session"].remove()
        app.extensions["db_engine"].dispose()


def _import_sample(app, sample_text) -> int:
    from workbench.formats.source import read_source
    from workbench.services.documents import import_document

    with app.app_context():
        s = app.extensions["db_session"]()
        doc = import_document(s, read_source("r.txt", sample_text.encode()), user=None)
        s.commit()
        return doc.id


def _arrives_across(one, other, doc_id: int) -> float:
    """Seconds from a commit in `one` to the message in a subscription of `other`."""
    from workbench.live.subscribers import wake
    from workbench.services.live import append_event

    sub = other.extensions["live_hub"].subscribe(doc_id)
    try:
        time.sleep(0.5)  # the listener is connected
        start = time.monotonic()
        with Session(one.extensions["db_engine"]) as s:
            append_event(s, doc_id, "segments", {"ids": [1], "client": "", "by": "x"})
            s.commit()
        with one.app_context():
            wake()  # `one` itself (and Redis, when configured)
        message = sub.queue.get(timeout=10)
        assert message.kind == "segments" and message.payload["ids"] == [1]
        return time.monotonic() - start
    finally:
        other.extensions["live_hub"].unsubscribe(sub)


@pytest.fixture
def pg_url():
    if not PG_URL:
        pytest.skip("WORKBENCH_TEST_POSTGRES_URL not set")
    from workbench.schema import upgrade

    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    engine.dispose()
    return PG_URL


@pytest.mark.postgres
def test_postgres_notify_reaches_another_process(pg_url, two_apps, sample_text):
    one, other = two_apps(pg_url)
    doc_id = _import_sample(one, sample_text)
    assert _arrives_across(one, other, doc_id) < 5  # the poll would take 60 s


@pytest.mark.postgres
def test_postgres_next_hands_out_distinct_segments(pg_url, two_apps, sample_text):
    one, _ = two_apps(pg_url)
    doc_id = _import_sample(one, sample_text)
    names = [f"p{i}" for i in range(6)]
    for name in names:
        make_user(one, name)
    got = next_at_once(one.extensions["db_engine"], doc_id, names)
    assert len(got) == len(names) and len(set(got)) == len(names)


@pytest.fixture
def redis_url():
    server = shutil.which("redis-server")
    try:
        import redis
    except ImportError:
        server = None
    if server is None:
        pytest.skip("redis-server or the redis package is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(port=port)
        for _ in range(50):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(5)


def test_redis_pubsub_reaches_another_process(
    redis_url, migrated_db, two_apps, tmp_path, sample_text
):
    db = tmp_path / "shared.sqlite"
    shutil.copy(migrated_db, db)
    one, other = two_apps(f"sqlite:///{db}", {"REDIS_URL": redis_url})
    doc_id = _import_sample(one, sample_text)
    assert _arrives_across(one, other, doc_id) < 5


def test_sqlite_without_redis_still_arrives_by_polling(
    migrated_db, two_apps, tmp_path, sample_text
):
    db = tmp_path / "shared.sqlite"
    shutil.copy(migrated_db, db)
    one, other = two_apps(f"sqlite:///{db}", {"LIVE_POLL_SECONDS": 1})
    doc_id = _import_sample(one, sample_text)
    assert _arrives_across(one, other, doc_id) < 5
