"""Background work (Huey). The MT feature adds its tasks here; see workbench/mt/jobs.py."""

from __future__ import annotations

from flask import Flask


def start_consumer_in_server(app: Flask) -> None:
    """Start the task consumer thread inside `workbench serve` when the MT jobs are present."""
    try:
        from .mt.jobs import start_consumer_in_server as start
    except ModuleNotFoundError as exc:
        if exc.name != "workbench.mt.jobs":
            raise
        return
    start(app)
