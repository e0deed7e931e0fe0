-- v11 (scanners keep their desk): each discovered scanner's identity (USB serial number, else
-- vendor/product and port) with the device id it was given, so a replug on another path is the same
-- device with the same counters, and the desk a technician assigned it, which survives restarts.

CREATE TABLE scanner_registry (
  identity_key TEXT PRIMARY KEY,
  device_id TEXT NOT NULL UNIQUE,
  desk TEXT,
  assigned_by TEXT,
  assigned_at TEXT,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  last_path TEXT NOT NULL
);
