"""Background work (Huey): the pre-translation jobs of workbench/services/mt_jobs.py."""

from __future__ import annotations

from flask import Flask


def start_consumer_in_server(app: Flask) -> None:
    """Start the task consumer thread inside `workbench serve` (unless separate workers run)."""
    from .services.mt_jobs import start_consumer_in_server as start

    start(app)
