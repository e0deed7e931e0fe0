-- v12 (the queue): what happened to a registration's ticket in its department's queue. A registration
-- without a row here is waiting; a day's queue is that day's registrations, so the queue restarts
-- with the tickets every day and a restart of the daemon keeps it. queue/queue.ts is the one writer.
--   state: called | inService | done | skipped
--   called_at: the first call (waiting time = called_at - registrations.at); null for a ticket
--   skipped before it was ever called.

CREATE TABLE queue_calls (
  registration_id INTEGER PRIMARY KEY REFERENCES registrations (id),
  state TEXT NOT NULL,
  desk TEXT,
  called_at TEXT,
  last_called_at TEXT,
  calls INTEGER NOT NULL DEFAULT 0,
  served_at TEXT,
  finished_at TEXT,
  updated_at TEXT NOT NULL
);
