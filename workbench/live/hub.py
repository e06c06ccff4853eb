"""One dispatcher per web process: reads new live events once, hands them to open streams.

A stream is a `Subscription` (a bounded queue for one document). The dispatcher thread starts
with the first subscription and stops when none has been open for a while, so an app that
never serves a review page (the CLI, most tests) never starts a thread.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from ..models import LiveEvent

log = logging.getLogger(__name__)

CHANNEL = "workbench_live"  # PostgreSQL NOTIFY channel and Redis pub/sub channel


@dataclass(frozen=True)
class Message:
    """A live event as streams see it (a plain value: no ORM object crosses threads)."""

    id: int
    document_id: int
    kind: str
    payload: dict[str, Any]


@dataclass(eq=False)
class Subscription:
    document_id: int
    # A stream that cannot keep up (a stalled browser) is told to reload instead of holding
    # an unbounded backlog in memory.
    queue: queue.Queue = field(default_factory=lambda: queue.Queue(maxsize=500))
    overflowed: bool = False

    def put(self, message: Message) -> None:
        try:
            self.queue.put_nowait(message)
        except queue.Full:
            self.overflowed = True


class Hub:
    """Fan-out of `LiveEvent` rows to the subscriptions of this process."""

    def __init__(
        self,
        engine: Engine,
        *,
        listener: Callable[[Callable[[], None], threading.Event], None] | None = None,
        poll_seconds: float = 2.0,
        idle_seconds: float = 30.0,
        enrich: Callable[[list[Message]], list[Message]] | None = None,
    ) -> None:
        self._engine = engine
        self._listener = listener
        self._poll = poll_seconds
        self._idle = idle_seconds
        self._enrich = enrich
        self._lock = threading.Lock()
        self._subs: dict[int, set[Subscription]] = {}
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._listen_thread: threading.Thread | None = None
        self._last_id = 0

    # -- streams -------------------------------------------------------------------------

    def subscribe(self, document_id: int) -> Subscription:
        sub = Subscription(document_id)
        with self._lock:
            self._subs.setdefault(document_id, set()).add(sub)
            if self._thread is None or not self._thread.is_alive():
                self._start()
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            subs = self._subs.get(sub.document_id)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._subs[sub.document_id]

    def wake(self) -> None:
        """New events may be in the log (called after a local commit or by a listener)."""
        self._wake.set()

    @property
    def connections(self) -> int:
        with self._lock:
            return sum(len(s) for s in self._subs.values())

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        for thread in (self._thread, self._listen_thread):
            if thread is not None:
                thread.join(5)

    # -- the dispatcher --------------------------------------------------------------------

    def _start(self) -> None:
        self._stop.clear()
        self._last_id = self._max_id()
        self._thread = threading.Thread(target=self._run, name="workbench-live", daemon=True)
        self._thread.start()
        if self._listener is not None and (
            self._listen_thread is None or not self._listen_thread.is_alive()
        ):
            self._listen_thread = threading.Thread(
                target=self._listen, name="workbench-live-listen", daemon=True
            )
            self._listen_thread.start()

    def _listen(self) -> None:
        try:
            self._listener(self.wake, self._stop)
        except Exception:
            log.exception("live notifications stopped; falling back to polling")

    def _max_id(self) -> int:
        with self._engine.connect() as conn:
            return conn.scalar(select(func.max(LiveEvent.id))) or 0

    def _run(self) -> None:
        idle_since: float | None = None
        while not self._stop.is_set():
            self._wake.wait(self._poll)
            self._wake.clear()
            with self._lock:
                empty = not self._subs
            if empty:
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since > self._idle:
                    with self._lock:
                        if not self._subs:  # nobody subscribed meanwhile: stop for now
                            self._thread = None
                            self._stop.set()
                            break
                continue
            idle_since = None
            try:
                self._dispatch()
            except Exception:
                log.exception("live dispatch failed; retrying")
                time.sleep(self._poll)

    def _dispatch(self) -> None:
        while True:
            with self._engine.connect() as conn:
                rows = conn.execute(
                    select(LiveEvent.id, LiveEvent.document_id, LiveEvent.kind, LiveEvent.payload)
                    .where(LiveEvent.id > self._last_id)
                    .order_by(LiveEvent.id)
                    .limit(500)
                ).all()
            if not rows:
                return
            messages = [Message(r.id, r.document_id, r.kind, r.payload) for r in rows]
            self._last_id = messages[-1].id
            if self._enrich is not None:
                messages = self._enrich(messages)
            with self._lock:
                targets = {doc: list(subs) for doc, subs in self._subs.items()}
            for message in messages:
                for sub in targets.get(message.document_id, ()):
                    sub.put(message)
            if len(rows) < 500:
                return


# -- cross-process notifications ----------------------------------------------------------


def postgres_listener(url: str) -> Callable[[Callable[[], None], threading.Event], None]:
    """LISTEN on the live channel over a dedicated connection (other web processes NOTIFY)."""

    def listen(wake: Callable[[], None], stop: threading.Event) -> None:
        import psycopg

        while not stop.is_set():
            try:
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    wake()  # anything committed while we were not listening
                    while not stop.is_set():
                        # returns after a second, or at once after the first notification
                        # (stop_after): one wake-up per burst, the dispatcher reads them all
                        if list(conn.notifies(timeout=1.0, stop_after=1)):
                            wake()
            except psycopg.OperationalError:
                if not stop.is_set():
                    log.warning("live: PostgreSQL listener lost its connection; reconnecting")
                    stop.wait(2.0)

    return listen


def redis_listener(url: str) -> Callable[[Callable[[], None], threading.Event], None]:
    """Subscribe to the live channel on Redis (every web process publishes there)."""

    def listen(wake: Callable[[], None], stop: threading.Event) -> None:
        import redis

        while not stop.is_set():
            try:
                with (
                    redis.Redis.from_url(url) as client,
                    client.pubsub(ignore_subscribe_messages=True) as pubsub,
                ):
                    pubsub.subscribe(CHANNEL)
                    wake()
                    while not stop.is_set():
                        if pubsub.get_message(timeout=1.0) is not None:
                            wake()
            except redis.RedisError:
                if not stop.is_set():
                    log.warning("live: Redis listener lost its connection; reconnecting")
                    stop.wait(2.0)

    return listen
