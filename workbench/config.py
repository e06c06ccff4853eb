"""Settings, read from WORKBENCH_* environment variables with defaults for one local server."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from None


def _secret_key(instance_path: Path) -> str:
    """A stable secret: from the environment, else generated once into the instance folder."""
    if os.environ.get("WORKBENCH_SECRET_KEY"):
        return os.environ["WORKBENCH_SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_config(instance_path: Path) -> dict:
    max_upload_mb = _int("WORKBENCH_MAX_UPLOAD_MB", 5)
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "DATABASE_URL": os.environ.get(
            "WORKBENCH_DATABASE_URL", f"sqlite:///{instance_path / 'workbench.sqlite'}"
        ),
        # Import size limit for one document; the request limit leaves room for the form.
        "MAX_IMPORT_BYTES": max_upload_mb * 1024 * 1024,
        "MAX_CONTENT_LENGTH": max_upload_mb * 1024 * 1024 + 64 * 1024,
        "PAGE_SIZE": _int("WORKBENCH_PAGE_SIZE", 100),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # a reviewer may keep a page open all day
        # Machine translation (see workbench/mt): engine "argos" or "fake".
        "MT_ENGINE": os.environ.get("WORKBENCH_MT_ENGINE", "argos"),
        "MT_PACKAGES_DIR": os.environ.get(
            "WORKBENCH_MT_PACKAGES_DIR", str(instance_path / "argos-packages")
        ),
        "MT_BEAM_SIZE": _int("WORKBENCH_MT_BEAM_SIZE", 2),
        "MT_BATCH_SIZE": _int("WORKBENCH_MT_BATCH_SIZE", 16),
        "MT_INTER_THREADS": _int("WORKBENCH_MT_INTER_THREADS", 2),
        "MT_INTRA_THREADS": _int("WORKBENCH_MT_INTRA_THREADS", 1),
        "MT_COMPUTE_TYPE": os.environ.get("WORKBENCH_MT_COMPUTE_TYPE", "int8"),
        "MT_MAX_DECODING_LENGTH": _int("WORKBENCH_MT_MAX_DECODING_LENGTH", 256),
        # Sentences per translate_batch call of a pre-translation job: large enough for
        # CTranslate2 to batch well, small enough for a live progress bar and a quick cancel.
        "MT_JOB_BATCH": _int("WORKBENCH_MT_JOB_BATCH", 128),
        # A running job without a heartbeat for this long is re-queued (its worker died).
        "MT_STALE_SECONDS": _int("WORKBENCH_MT_STALE_SECONDS", 180),
        "REDIS_URL": os.environ.get("WORKBENCH_REDIS_URL", ""),
        # Live collaboration (Server-Sent Events): each open review page holds one stream, and
        # a stream holds a server thread while it waits, so their number is capped and the
        # server gets that many threads on top of its ordinary ones (see README, "Live").
        "LIVE_MAX_STREAMS": _int("WORKBENCH_LIVE_MAX_STREAMS", 100),
        "LIVE_STREAM_SECONDS": _int("WORKBENCH_LIVE_STREAM_SECONDS", 300),
        "LIVE_HEARTBEAT_SECONDS": _int("WORKBENCH_LIVE_HEARTBEAT_SECONDS", 15),
        "LIVE_POLL_SECONDS": _int("WORKBENCH_LIVE_POLL_SECONDS", 2),
        "LIVE_RETRY_MS": 2000,
        "HUEY_SQLITE_PATH": os.environ.get(
            "WORKBENCH_HUEY_PATH", str(instance_path / "huey.sqlite")
        ),
        # Run the task consumer inside `workbench serve` (off when separate workers run).
        "MT_CONSUMER_IN_SERVER": os.environ.get("WORKBENCH_CONSUMER_IN_SERVER", "1") == "1",
    }
