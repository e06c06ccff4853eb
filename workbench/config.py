"""Settings, read from WORKBENCH_* environment variables with defaults for one local server."""

from __future__ import annotations

import os
import secrets
from dataclasses import fields
from pathlib import Path
from typing import Any

from .mt.engine import MTSettings

# Sentences per translate_batch call of a pre-translation job: large enough for CTranslate2 to
# batch well (the job sorts its work by length), small enough for a live progress bar and a
# prompt cancel.
DEFAULT_MT_JOB_BATCH = 128
# A running job without a heartbeat for this long is taken to have lost its worker.
DEFAULT_MT_STALE_SECONDS = 180


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from None


def _typed(name: str, default: Any) -> Any:
    """The environment variable `name` parsed as the type of `default` (default if unset)."""
    if isinstance(default, bool):
        raw = os.environ.get(name, "").strip().lower()
        if raw == "":
            return default
        if raw not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise SystemExit(f"{name} must be 1 or 0, got {raw!r}")
        return raw in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return _int(name, default)
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError:
            raise SystemExit(f"{name} must be a number, got {raw!r}") from None
    return raw


def mt_engine_config() -> dict[str, Any]:
    """MT_<FIELD> for every MTSettings field, from WORKBENCH_MT_<FIELD>.

    The defaults are MTSettings's own: the one place where MT defaults are written (and
    justified). `services.mt.settings_from_config` turns these keys back into MTSettings.
    """
    return {
        f"MT_{field.name.upper()}": _typed(f"WORKBENCH_MT_{field.name.upper()}", field.default)
        for field in fields(MTSettings)
        if field.name != "packages_dir"
    }


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
        **mt_engine_config(),
        "MT_JOB_BATCH": _int("WORKBENCH_MT_JOB_BATCH", DEFAULT_MT_JOB_BATCH),
        "MT_STALE_SECONDS": _int("WORKBENCH_MT_STALE_SECONDS", DEFAULT_MT_STALE_SECONDS),
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
