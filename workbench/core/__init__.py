"""The application core: one use case per user action, change events, one error base, one
permission table.

- `core.errors`: the error base every refusal uses (status 422/403/404/409/413);
- `core.events`: change events published after commit (QA, TM, live updates subscribe);
- `core.permissions`: the role table;
- `core.usecases`: one function per user action; each takes the acting user, checks the
  permission, owns its transaction (commit or rollback) and returns a typed result. Views,
  CLI commands and background tasks only parse input, call one and render its result.

The leaves (errors, events, permissions) import nothing of the workbench, so every layer
may use them.
"""
