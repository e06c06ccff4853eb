"""Database operations shared by the web views and the CLI."""
