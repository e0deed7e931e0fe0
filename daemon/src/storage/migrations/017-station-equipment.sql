-- v17 (desk equipment, #29 item 3, seed 002: "máy tính, máy in, máy quét, kết nối mạng Internet"):
-- the computers and printers of each station, as a technician counts them on /tech: working, not
-- working (with the reason), and still needed. Scanners come from scanner_inventory and the internet
-- link from the gateway exchanges; only these two kinds have no telemetry. A station without a row
-- has never been counted (the report shows zeros with "not counted yet", not a count).
-- Written only by storage/equipment-repo.ts.

CREATE TABLE station_equipment (
  station_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('computers', 'printers')),
  working INTEGER NOT NULL DEFAULT 0,
  not_working INTEGER NOT NULL DEFAULT 0,
  needed INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (station_id, kind)
);
