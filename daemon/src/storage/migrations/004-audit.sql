-- v4: who looked up whom. Every event carries its actor (the audit of scans, searches and camera
-- reads); audit_log holds the other lookups (viewing a stored result). Both keep the keyed hash only.

ALTER TABLE scan_events ADD COLUMN actor TEXT;
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  desk_id TEXT NOT NULL,
  action TEXT NOT NULL,
  event_id INTEGER,
  id_hash TEXT,
  outcome TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX scan_events_at ON scan_events (at);
