-- v3: events and counters know where they happened (facility, station) for the district report;
-- an empty place is filled from the config at start-up (placeUnplaced). Scanner inventory keeps
-- what the report needs beyond a daemon run: last time online, and a technician's override.

ALTER TABLE scan_events ADD COLUMN facility_id TEXT NOT NULL DEFAULT '';
ALTER TABLE scan_events ADD COLUMN station_id TEXT NOT NULL DEFAULT '';
ALTER TABLE scan_events ADD COLUMN error_class TEXT;
CREATE TABLE counters_v3 (
  day TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  station_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  desk_id TEXT NOT NULL,
  scans INTEGER NOT NULL DEFAULT 0,
  searches INTEGER NOT NULL DEFAULT 0,
  successes INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, facility_id, station_id, device_id, desk_id)
);
INSERT INTO counters_v3 (day, facility_id, station_id, device_id, desk_id, scans, searches, successes, errors)
  SELECT day, '', '', device_id, desk_id, scans, searches, successes, errors FROM daily_counters;
DROP TABLE daily_counters;
ALTER TABLE counters_v3 RENAME TO daily_counters;
CREATE TABLE scanner_inventory (
  device_id TEXT PRIMARY KEY,
  desk_id TEXT NOT NULL,
  mode TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_online TEXT,
  override_status TEXT CHECK (override_status IN ('working', 'notWorking')),
  override_reason TEXT,
  override_at TEXT
);
CREATE TABLE hub_push_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  acked_through TEXT,
  last_attempt TEXT,
  last_error TEXT
);
