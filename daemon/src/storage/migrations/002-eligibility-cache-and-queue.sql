-- v2: the gateway answers cache and the durable verify-later queue of lookups.

CREATE TABLE eligibility_cache (
  key_hash TEXT PRIMARY KEY,
  answer_json TEXT NOT NULL,
  checked_at TEXT NOT NULL
);
CREATE TABLE verify_queue (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL UNIQUE,
  device_id TEXT NOT NULL,
  desk_id TEXT NOT NULL,
  request_json TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_code TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX verify_queue_due ON verify_queue (next_at);
