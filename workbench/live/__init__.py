"""Live collaboration: presence, rows that update when others save, work handed out.

How a change reaches other screens:

1. A writer commits; the application core publishes its change event after the commit.
2. `services.live.publish` (the subscriber) appends a `LiveEvent` row for the document and
   sends a notification: PostgreSQL `NOTIFY` (delivered at commit, to every web process),
   Redis pub/sub when `WORKBENCH_REDIS_URL` is set, and always a wake-up in this process.
3. Each web process runs one dispatcher thread (`hub.Hub`), woken by the notification (or by
   its own poll, a safety net), that reads the new rows once and fans them out to the open
   Server-Sent-Event streams of that document.

The log is the truth and notifications are only hints, so a lost notification costs at most
one poll interval, and a reconnecting browser catches up from its last event id.
"""
