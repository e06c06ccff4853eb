"""Feature command groups of the `workbench` CLI (see workbench.cli)."""
