"""Background work (Huey). The MT feature adds its tasks here; see workbench/services/mt_jobs.py."""

from __future__ import annotations

from flask import Flask


def start_consumer_in_server(app: Flask) -> None:
    """Start the task consumer thread inside `workbench serve` when the MT jobs are present."""
    try:
        from .services.mt_jobs import start_consumer_in_server as start
    except ModuleNotFoundError as exc:
        if exc.name != "workbench.services.mt_jobs":
            raise
        return
    start(app)
