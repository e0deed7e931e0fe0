-- v1: every read (scan_events) and the daily counters per device and desk.

CREATE TABLE scan_events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  day TEXT NOT NULL,
  device_id TEXT NOT NULL,
  desk_id TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('scan', 'search', 'camera')),
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'error')),
  error_code TEXT,
  payload_kind TEXT,
  id_hash TEXT,
  identity_json TEXT,
  raw_hex TEXT,
  eligibility_status TEXT,
  eligibility_json TEXT,
  eligibility_at TEXT
);
CREATE INDEX scan_events_day ON scan_events (day, device_id);
CREATE TABLE daily_counters (
  day TEXT NOT NULL,
  device_id TEXT NOT NULL,
  desk_id TEXT NOT NULL,
  scans INTEGER NOT NULL DEFAULT 0,
  searches INTEGER NOT NULL DEFAULT 0,
  successes INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, device_id, desk_id)
);
